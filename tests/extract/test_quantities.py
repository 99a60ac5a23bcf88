import pytest


def items(rec, cat):
    return [(q.value, q.value_max, q.comparator, q.unit_of_measure) for q in getattr(rec, cat)]


def test_targets_and_figures_by_meaning(extract_text):
    rec = extract_text(
        "Năm 2023, toàn huyện đã kết nạp được 5.966 đảng viên, đạt 62,8% so với Nghị quyết. "
        "Phấn đấu năm 2024 kết nạp ít nhất 300 đảng viên; tỷ lệ kết nạp hằng năm đạt từ 3-4% trong tổng số đảng viên."
    )
    assert items(rec, "figures") == [(5966, None, "eq", "đảng viên"), (62.8, None, "eq", "%")]
    assert items(rec, "targets") == [(300, None, "gte", "đảng viên"), (3, 4, "range", "%")]
    assert rec.targets[1].period.recurrence == "yearly"


def test_money_with_multipliers(extract_text):
    rec = extract_text("Tổng vốn đã giải ngân 1,5 tỷ đồng và 200 triệu đồng hỗ trợ.")
    assert [f.value for f in rec.figures] == [1_500_000_000, 200_000_000]
    assert {f.unit_of_measure for f in rec.figures} == {"đồng"}


def test_number_words_next_to_a_counted_noun(extract_text):
    rec = extract_text("Đã tổ chức hai lớp bồi dưỡng cho mười lăm chi bộ; năm nay có một số khó khăn.")
    assert [(f.value, f.unit_of_measure) for f in rec.figures] == [(2, "lớp"), (15, "chi bộ")]


@pytest.mark.parametrize("text", [
    "Ngày 28/7/2023 Ban Thường vụ ban hành Công văn số 1000-CV/TU.",
    "Sau 2 năm thực hiện, qua 9 tháng triển khai.",
    "Hội nghị Trung ương 4 khóa XII; đợt 3; lớp 12; Chi bộ 4.",
    "Đoàn viên dưới 30 tuổi; liên hệ số 0262 3521 468.",
    "Phòng chống Covid-19 theo mức độ 2.",
])
def test_things_that_are_not_quantities(extract_text, text):
    rec = extract_text(text)
    assert rec.targets == [] and rec.figures == []


def test_fraction_is_a_figure_of_its_first_number(extract_text):
    rec = extract_text("Đến nay đã có 17/19 tiêu chí đạt chuẩn.")
    assert [(f.value, f.value_max) for f in rec.figures] == [(17, None)]


def test_comparators(extract_text):
    rec = extract_text("Đã bồi dưỡng cho hơn 700 quần chúng, khoảng 20 lớp, gần 50% doanh nghiệp.")
    assert [f.comparator for f in rec.figures] == ["gt", "approx", "approx"]


def test_a_number_right_after_a_year_and_its_comma(extract_text):
    """'Đến năm 2030, 95% …': the comma ends the time adverbial, it does not join two numbers;
    a list of years ('2021, 2022, 2023') or a decimal split by a space stays no quantity."""
    rec = extract_text("Phấn đấu đến năm 2030, 95% thôn có nhà văn hóa đạt chuẩn. Giai đoạn 2021-2025, 12 xã đạt chuẩn.")
    assert [(t.value, t.unit_of_measure) for t in rec.targets] == [(95, "%")]
    assert [(f.value, f.unit_of_measure) for f in rec.figures] == [(12, "xã")]
    assert extract_text("Các năm 2021, 2022, 2023 đều tăng trưởng.").figures == []
    assert extract_text("Chỉ số đạt 2, 5 điểm.").figures == []
