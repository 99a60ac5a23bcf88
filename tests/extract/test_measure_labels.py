"""Measure labels of targets and figures (extract.labels), one mechanism per test. Sentences written for these tests."""

from __future__ import annotations

NEWS = "Tin tức\n\nHội nghị sơ kết công tác\n\n"


def _labels(rec) -> dict[float, str | None]:
    return {q.value: q.measure for q in [*rec.targets, *rec.figures]}


def test_rate_of_completion_against_a_plan(extract_text):
    rec = extract_text(NEWS + "Từ đầu năm đến nay, Đảng bộ huyện Quỳ Hợp kết nạp được 96 đảng viên, đạt 41,7% kế hoạch năm.\n")
    assert _labels(rec)[41.7] == "tỷ lệ đạt so với kế hoạch năm"


def test_rate_against_a_year_is_no_completion_rate(extract_text):
    rec = extract_text(NEWS + "Giá trị sản xuất công nghiệp tăng 9,2% so với năm 2024.\n")
    assert "tỷ lệ đạt" not in (_labels(rec)[9.2] or "")


def test_share_exceeding_a_plan_keeps_what_exceeds(extract_text):
    rec = extract_text(NEWS + "Thu ngân sách trên địa bàn vượt 14% dự toán tỉnh giao.\n")
    assert "thu ngân sách" in (_labels(rec)[14.0] or "").lower()


def test_is_after_the_counted_noun_says_which_ones(extract_text):
    rec = extract_text(NEWS + "Năm 2025, Đảng bộ huyện phấn đấu kết nạp 320 đảng viên, trong đó 60 đảng viên là "
                              "người dân tộc thiểu số và 35 đảng viên là công nhân lao động.\n")
    got = _labels(rec)
    assert (got[60.0] or "").startswith("đảng viên là người dân tộc thiểu số")
    assert (got[35.0] or "").startswith("đảng viên là công nhân lao động")


def test_elliptic_items_of_places_in_any_case(extract_text):
    rec = extract_text(NEWS + "Tỷ lệ hộ nghèo năm 2024 của tỉnh Nghệ An là 3,1%, Thành phố Vinh là 0,8%, "
                              "tỉnh Bà Rịa - Vũng Tàu 0,4%, tỉnh Hà Tĩnh 2,6%.\n")
    got = {k: (v or "").lower() for k, v in _labels(rec).items()}
    assert got[0.8].startswith("tỷ lệ hộ nghèo")
    assert got[0.4].startswith("tỷ lệ hộ nghèo") and got[0.4].endswith("bà rịa - vũng tàu")
    assert "vinh" not in got[2.6] and got[2.6].endswith("tỉnh hà tĩnh")


def test_aside_after_the_count_and_a_lead_adverbial(extract_text):
    rec = extract_text(NEWS + "Qua rà soát, có 148 hồ sơ (120 hồ sơ trực tuyến, 28 hồ sơ trực tiếp) thuộc thẩm quyền "
                              "giải quyết của Ủy ban nhân dân xã.\n")
    got = (_labels(rec)[148.0] or "").lower()
    assert "thuộc thẩm quyền" in got and "rà soát" not in got


def test_phan_dau_and_a_recurrence_name_nothing_counted(extract_text):
    rec = extract_text(NEWS + "Phấn đấu hằng năm có từ 85% chi bộ đạt chất lượng sinh hoạt tốt trở lên.\n")
    got = (_labels(rec)[85.0] or "").lower()
    assert "chi bộ đạt chất lượng sinh hoạt tốt" in got and "phấn đấu" not in got


def test_members_of_the_body_the_sentence_is_about(extract_text):
    rec = extract_text(NEWS + "Sau sắp xếp, Đảng bộ xã Nghĩa Đàn hiện có 47 chi bộ với 1.912 đảng viên.\n")
    assert (_labels(rec)[1912.0] or "").startswith("đảng viên của Đảng bộ xã Nghĩa Đàn")


def test_headline_item_takes_the_bodys_headed_label(extract_text):
    rec = extract_text("Quỳ Hợp kết nạp đảng viên mới đạt 41,7%\n\nTừ đầu năm đến nay, Đảng bộ huyện Quỳ Hợp kết nạp "
                       "được 96 đảng viên, đạt 41,7% kế hoạch năm.\n")
    items = [q for q in [*rec.targets, *rec.figures] if q.value == 41.7]
    assert len(items) == 1 and items[0].measure == "tỷ lệ đạt so với kế hoạch năm"


def test_who_sets_the_aim_is_not_what_it_counts(extract_text):
    rec = extract_text(NEWS + "Năm 2026, Ủy ban Kiểm tra Huyện ủy Thanh Chương phấn đấu giám sát ít nhất 40% chi bộ trực thuộc.\n")
    got = (_labels(rec)[40.0] or "")
    assert "Ủy ban Kiểm tra" not in got and "phấn đấu" not in got


def test_a_time_before_the_words_that_name_the_thing(extract_text):
    rec = extract_text(NEWS + "Phấn đấu đến năm 2027 có 90% chi bộ khu dân cư đạt chất lượng sinh hoạt tốt.\n")
    got = (_labels(rec)[90.0] or "")
    assert "2027" not in got and "chi bộ" in got


def test_a_share_of_what_follows_by_what_precedes(extract_text):
    rec = extract_text(NEWS + "Các chi bộ được giao chỉ tiêu kết nạp 4,5% đảng viên mới trên tổng số đảng viên.\n")
    got = (_labels(rec)[4.5] or "")
    assert "đảng viên mới trên tổng số đảng viên" in got and "kết nạp" in got


def test_dong_chi_stands_in_for_the_person_noun_before(extract_text):
    rec = extract_text(NEWS + "Năm 2025, Ủy ban Kiểm tra đã thi hành kỷ luật 7 đảng viên, trong đó khiển trách 5 đồng chí, "
                              "cảnh cáo 2 đồng chí.\n")
    got = _labels(rec)
    assert (got[5.0] or "").startswith("đảng viên") and (got[2.0] or "").startswith("đảng viên")
    assert all(q.unit_of_measure == "đồng chí" for q in rec.figures if q.value in (5.0, 2.0))


def test_a_conjunction_after_the_count_belongs_to_the_next_item(extract_text):
    rec = extract_text(NEWS + "Dịp này, Huyện ủy khen thưởng 6 tập thể và 11 cá nhân có thành tích xuất sắc.\n")
    assert not (_labels(rec)[6.0] or "").split()[-1:] == ["và"]


def test_rate_named_by_the_words_after_it(extract_text):
    rec = extract_text(NEWS + "Năm 2025, phấn đấu 98% người dân tham gia bảo hiểm y tế.\n")
    assert (_labels(rec)[98.0] or "").startswith("tỷ lệ người dân tham gia bảo hiểm y tế")


def test_an_abbreviation_in_brackets_belongs_to_the_name(extract_text):
    rec = extract_text(NEWS + "Chỉ số hài lòng của người dân (SIPAS) năm 2025 của tỉnh Nghệ An đạt 86,2%.\n")
    got = _labels(rec)[86.2] or ""
    assert got.startswith("Chỉ số") and "người dân" in got  # the clause is not cut at '(SIPAS)'
