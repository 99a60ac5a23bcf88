import pytest

from extract.dates import find_dates
from extract.numbers import parse_numeric, parse_words


@pytest.mark.parametrize("s,v", [("11.117", 11117), ("62,8", 62.8), ("1.200,5", 1200.5), ("5.966", 5966), ("1,5", 1.5), ("700", 700)])
def test_parse_numeric(s, v):
    assert parse_numeric(s) == pytest.approx(v)


@pytest.mark.parametrize("s,v", [("hai", 2), ("mười lăm", 15), ("hai mươi mốt", 21), ("một trăm linh năm", 105),
                                 ("ba nghìn", 3000), ("hai mươi tư", 24), ("mười", 10)])
def test_parse_words(s, v):
    assert parse_words(s) == v


def test_parse_words_rejects_non_numbers():
    assert parse_words("chi bộ") is None


def kinds(text, doc_date=None):
    return [(d.kind, d.value, d.range_start) for d in find_dates(text, doc_date)]


def test_full_dates_in_every_form():
    text = "ngày 28/7/2023, 28-7-2023, 28.7.2023 và ngày 05 tháng 02 năm 2024"
    assert [v for _, v, _ in kinds(text)] == ["2023-07-28", "2023-07-28", "2023-07-28", "2024-02-05"]


def test_day_without_year_takes_document_year():
    assert kinds("Sáng 20/9, hội nghị", "2022-03-01") == [("day_no_year", "2022-09-20", None)]


def test_quarters_halves_ranges_and_since():
    got = kinds("quý III/2023; 6 tháng đầu năm 2024; giai đoạn 2021 – 2025; Từ năm 2020 đến nay")
    assert got == [("quarter", "2023-09", "2023-07"), ("half", "2024-06", "2024-01"), ("range", "2025", "2021"),
                   ("since", None, "2020")]


def test_context_word_before_a_date():
    d = find_dates("báo cáo chậm nhất ngày 15/12/2023")[0]
    assert d.context.startswith("chậm nhất") and d.value == "2023-12-15"


def test_impossible_dates_are_not_dates():
    assert kinds("17/19 tiêu chí") == []
