"""Imported once by the sandbox's fork server: what every read needs, loaded before the forks."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import ingest.docx  # noqa: E402,F401
import ingest.html  # noqa: E402,F401
import ingest.ocr  # noqa: E402,F401
import ingest.pdf  # noqa: E402,F401
import ingest.text  # noqa: E402,F401
from extract.pipeline import get_nlp  # noqa: E402
from service import ingest as pipeline  # noqa: E402

get_nlp()

# One small document read end to end, so that the word lists, the gazetteer and the patterns that
# load on first use are loaded here once and not in every child.
_WARM = """ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY BÌNH DƯƠNG
Số 12-KH/TU                                   Bình Dương, ngày 5 tháng 3 năm 2024

KẾ HOẠCH
thực hiện Nghị quyết số 21-NQ/TW ngày 16/6/2022 của Bộ Chính trị

Phấn đấu đến năm 2025 kết nạp 500 đảng viên mới; năm 2023 đã kết nạp được 5.966 đảng viên, đạt 98%.
Ban Tổ chức Tỉnh ủy, Ủy ban nhân dân tỉnh báo cáo kết quả trước ngày 15/12/2024.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Nguyễn Văn An
"""
pipeline.extract_bytes(_WARM.encode("utf-8"), "warm.txt")
