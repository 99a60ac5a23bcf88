"""`vanban worker` with the tests' stand-in extractor (no spaCy), for the queue tests.

A file whose text holds 'CHẬM' is slow the first time it is extracted: the extractor writes the
file named by VANBAN_TEST_STARTED and sleeps, so that a test can kill the worker mid-task. A file
whose text holds 'BỘ NHỚ' asks for 3 GB.
Usage: python tests/service/run_worker.py [vanban worker options]; settings from VANBAN_*.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import extract  # noqa: E402
from api.cli import main  # noqa: E402
from tests.api.conftest import fake_extract  # noqa: E402


def slow_once(document, *, locality_hint=None):
    if "BỘ NHỚ" in document.text:  # a file whose extraction would take 3 GB
        bytearray(3 * 1024**3)
    marker = os.environ.get("VANBAN_TEST_STARTED")
    if "CHẬM" in document.text and marker and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        time.sleep(120)
    return fake_extract(document, locality_hint=locality_hint)


extract.extract_document = slow_once

if __name__ == "__main__":
    main(["worker", *sys.argv[1:]], prog_name="vanban")
