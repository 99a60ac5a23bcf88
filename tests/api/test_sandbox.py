"""The sandbox: a file's reading runs in a child process that a time limit and a memory ceiling stop."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from api.sandbox import Sandbox, SandboxLimits
from ingest.errors import MemoryLimit, TimeLimit, UnreadableFile, UnsupportedFile
from service.ingest import extract_bytes
from tests.api import sandbox_targets as targets

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "samples" / "001_kh_nghean_2024.txt"


@pytest.fixture(scope="module")
def box():
    return Sandbox(SandboxLimits(timeout_s=3, memory_mb=768, workers=2))


def test_a_file_is_extracted_in_the_child(box):
    data = SAMPLE.read_bytes()
    record = box.run("a.txt", extract_bytes, data, "a.txt")
    assert record.model_dump() == extract_bytes(data, "a.txt").model_dump()


def test_a_named_error_comes_back_as_it_is(box):
    with pytest.raises(UnsupportedFile):
        box.run("x.bin", extract_bytes, b"\x00\x01\x02\x03" * 100, "x.bin")


def test_the_time_limit_stops_the_child(box):
    t0 = time.monotonic()
    with pytest.raises(TimeLimit, match="time limit of 3 s"):
        box.run("slow", targets.spin, 60)
    assert time.monotonic() - t0 < 6
    assert box.run("after", targets.spin, 0) == "done"  # the next file is read as usual


def test_the_memory_ceiling_stops_the_child(box):
    with pytest.raises(MemoryLimit, match="768 MB"):
        box.run("big", targets.hog, 2000)


def test_a_dying_child_and_an_internal_error_name_no_internals(box):
    with pytest.raises(MemoryLimit):
        box.run("segv", targets.crash)
    with pytest.raises(UnreadableFile) as caught:
        box.run("bug", targets.fail)
    assert "internal detail" not in caught.value.message and "KeyError" not in caught.value.message
