"""OCR's mark confusions repaired with the syllable model (ingest/repair.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import repair
from ingest.repair import repair_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Ban Thường vụ Tịnh ủy Thanh Hóa", "Ban Thường vụ Tỉnh ủy Thanh Hóa"),
        ("Ban Chấp hành đăng bộ huyện", "Ban Chấp hành đảng bộ huyện"),
        ("các chỉ bộ trực thuộc", "các chi bộ trực thuộc"),
        ("tổ chức hội nghỉ sơ kết", "tổ chức hội nghị sơ kết"),
        ("Thường trực HOND tỉnh", "Thường trực HĐND tỉnh"),
        ("II. MỤC TIỂU", "II. MỤC TIÊU"),
        ("ĐĂNG BỘ TỈNH THANH HÓA", "ĐẢNG BỘ TỈNH THANH HÓA"),
        ("kết nạp 25 đẳng viên mới", "kết nạp 25 đảng viên mới"),
    ],
)
def test_confused_marks_are_repaired(read, meant):
    assert repair_text(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Đồng chí Nguyễn Văn Tịnh, Bí thư Chi bộ",  # a name stays a name
        "chỉ đạo các chi bộ hoàn thành chỉ tiêu năm 2024",
        "phường Nam Sơn, xã đã tiếp nhận 386 hồ sơ",
    ],
)
def test_right_text_is_left_alone(text):
    assert repair_text(text) == text


def test_repair_keeps_every_length():
    text = "Ban Thường vụ Tịnh ủy đề nghị các chỉ bộ.\nHội nghỉ HOND, đăng bộ xã."
    repaired = repair_text(text)
    assert repaired != text and len(repaired) == len(text)
    assert [len(line) for line in repaired.split("\n")] == [len(line) for line in text.split("\n")]


def test_clean_text_the_model_has_not_seen_is_barely_touched():
    """Half the samples held out of the model: repair changes almost none of their words."""
    from ingest.normalize import normalize_text

    samples = sorted(p for p in (ROOT / "corpus" / "samples").glob("*.txt") if "noisy" not in p.stem)
    held_out = samples[::2]
    model = repair.build(
        ROOT / "corpus" / "samples",
        sorted((ROOT / "extract" / "data").glob("*.json")),
        exclude=[p.stem for p in held_out],
    )
    changed = total = 0
    for path in held_out:
        text = normalize_text(path.read_text(encoding="utf-8"))
        words, repaired = text.split(), repair_text(text, model).split()
        total += len(words)
        changed += sum(a != b for a, b in zip(words, repaired, strict=True))
    assert total > 10_000
    assert changed / total < 0.002, changed


def test_the_shipped_model_loads_with_texts_and_names():
    """ingest/data/syllables.tsv.gz, rebuilt by `python -m ingest.repair` when samples change."""
    shipped = repair.load()
    assert shipped.words["tỉnh"] > 100 and shipped.pairs["tỉnh", "ủy"] > 50
    assert shipped.names["bình"] > 10 and "hđnd" in shipped.words


@pytest.mark.parametrize(
    ("word", "apart"),
    [("HUYỆNỦYTHỌXUÂN", "HUYỆN ỦY THỌ XUÂN"), ("đoànviên", "đoàn viên"), ("nghiêng", None), ("EIIUMINSUY", None)],
)
def test_syllables_run_together_are_split(word, apart):
    assert repair.split_run_on(word) == apart
