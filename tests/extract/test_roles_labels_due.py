"""Mechanisms found on real pages (issue 9), each shown on sentences written for the test."""

from extract.evaluate import label_f1


def test_short_list_after_a_counted_quantity_gives_one_target_per_unit(extract_text):
    rec = extract_text(
        "Năm 2025, Ban Thường vụ giao chỉ tiêu kết nạp đảng viên: Đảng bộ phường Bắc chỉ tiêu kết nạp 40 đảng viên mới; "
        "Nam Sơn 35; Đông Hà 28; Lực lượng vũ trang 6 và Đảng bộ Khối cơ quan chỉ tiêu kết nạp 31 đảng viên mới."
    )
    values = [t.value for t in rec.targets]
    assert values == [40, 35, 28, 6, 31]
    assert {t.unit_of_measure for t in rec.targets} == {"đảng viên"}
    assert all(t.due == "2025" for t in rec.targets)
    assert all(label_f1("kết nạp đảng viên mới", t.measure) >= 0.5 for t in rec.targets)


def test_a_lone_name_and_number_is_no_list(extract_text):
    rec = extract_text("Toàn huyện kết nạp 120 đảng viên; Điều 5 quy định rõ trách nhiệm.")
    assert [f.value for f in rec.figures] == [120]


def test_same_value_three_times_gives_three_targets(extract_text):
    rec = extract_text(
        "Phấn đấu đến năm 2026: 100% chi bộ có nghị quyết chuyên đề; 100% đảng viên được học tập nghị quyết; "
        "100% xã có trạm y tế đạt chuẩn."
    )
    assert [t.value for t in rec.targets] == [100, 100, 100]


def test_share_of_a_plan_and_a_fraction_report_figures(extract_text):
    rec = extract_text(
        "Kế hoạch phát triển kinh tế năm 2026.\n"
        "Năm 2025, các hợp tác xã thu hút 3.120 thành viên, đạt 104,2% kế hoạch; thu ngân sách 812/750 tỷ đồng."
    )
    assert sorted(f.value for f in rec.figures) == [104.2, 3120, 812_000_000_000]


def test_breakdown_sentence_continues_the_target_before_it(extract_text):
    rec = extract_text(
        "Năm 2026, Đảng bộ huyện phấn đấu kết nạp 210 đảng viên. Trong đó, 40 đảng viên là đoàn viên thanh niên "
        "và 12 đảng viên là người dân tộc thiểu số."
    )
    assert [t.value for t in rec.targets] == [210, 40, 12]
    assert all(t.due == "2026" for t in rec.targets)


def test_due_from_the_clause_year(extract_text):
    rec = extract_text(
        "Tỉnh được giao tỷ lệ bao phủ bảo hiểm y tế năm 2026 là 93,1%, năm 2027 là 94,0%."
    )
    assert [(t.value, t.due) for t in rec.targets] == [(93.1, "2026"), (94.0, "2027")]
    assert all(label_f1("tỷ lệ bao phủ bảo hiểm y tế", t.measure) >= 0.5 for t in rec.targets)


def test_labels_name_what_is_counted(extract_text):
    rec = extract_text(
        "Năm 2025, vốn đầu tư toàn xã hội đạt 1.204 tỷ đồng; thu nhập bình quân đầu người đạt 62,5 triệu đồng."
    )
    labels = [f.measure for f in rec.figures]
    assert label_f1("vốn đầu tư toàn xã hội", labels[0]) >= 0.8
    assert label_f1("thu nhập bình quân đầu người", labels[1]) >= 0.8


def test_money_is_exact_and_tinh_is_no_multiplier(extract_text):
    rec = extract_text("Năm 2024 tổng thu ngân sách đạt 4.319,847 tỷ đồng; toàn quốc có 3 tỉnh hoàn thành sớm.")
    values = [f.value for f in rec.figures]
    assert 4_319_847_000_000 in values
    assert 3 in values


def test_impossible_day_is_no_date():
    from extract.dates import iso

    assert iso(2024, 4, 31) is None
    assert iso(2023, 2, 29) is None
    assert iso(2024, 2, 29) == "2024-02-29"


def test_a_number_after_its_noun(extract_text):
    rec = extract_text("Tính đến nay, tổng số đảng viên 48.215; kỷ luật khiển trách 4 đảng viên, cảnh cáo 2 đảng viên.")
    assert (48215, "đảng viên") in [(f.value, f.unit_of_measure) for f in rec.figures]


def test_ages_and_days_after_a_noun_are_no_counts(extract_text):
    rec = extract_text("Có những đoàn viên mới 19, 20 tuổi; tháng cao điểm vì người nghèo 17/10.")
    assert rec.figures == [] and rec.targets == []


def test_a_national_target_programme_is_a_name_not_a_target(extract_text):
    rec = extract_text(
        "Báo cáo kết quả năm 2025.\nNăm 2025, vốn Chương trình mục tiêu quốc gia giảm nghèo bền vững giải ngân 18,4 tỷ đồng."
    )
    assert [f.value for f in rec.figures] == [18_400_000_000]
    assert rec.targets == []


def test_a_long_rate_label_keeps_its_head(extract_text):
    rec = extract_text(
        "Phấn đấu bảo đảm tỉ lệ kết nạp đảng viên mới hằng năm trong toàn Đảng bộ thành phố giai đoạn 2026 - 2030 "
        "đạt từ 3% - 4%."
    )
    assert rec.targets[0].measure.startswith("tỉ lệ")


def test_a_heading_in_capitals_governs_the_numbered_items_under_it(extract_text):
    rec = extract_text(
        "Đảng bộ xã An Phú bước vào nhiệm kỳ mới\n"
        "CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025 - 2030\n"
        "I. Về kinh tế (6 chỉ tiêu)\n"
        "1. Tốc độ tăng trưởng kinh tế bình quân hằng năm 9,5%.\n"
        "2. Thu nhập bình quân đầu người: 85 triệu đồng.\n"
    )
    assert sorted(t.value for t in rec.targets) == [9.5, 85_000_000]
