"""The responsible unit of targets, figures and deadlines (extract.item_units), one mechanism per test.

Sentences written for these tests."""

from __future__ import annotations


def _units(rec) -> dict[float | str | None, str | None]:
    out: dict[float | str | None, str | None] = {}
    for q in [*rec.targets, *rec.figures]:
        out[q.value] = q.unit
    for d in rec.deadlines:
        out[d.due] = d.unit
    return out


NEWS = "Tin tức\n\nHội nghị sơ kết công tác\n\n"


def test_subject_after_time_without_comma(extract_text):
    rec = extract_text(NEWS + "Theo đồng chí Bí thư Huyện ủy Yên Thành, năm 2025 Huyện ủy giao chỉ tiêu kết nạp 210 đảng viên.\n")
    assert _units(rec)[210.0] == "Huyện ủy Yên Thành"


def test_attribution_is_no_subject(extract_text):
    rec = extract_text(NEWS + "Theo Ban Tổ chức Huyện ủy Yên Thành, từ đầu năm đến nay, Đảng bộ huyện "
                              "đã kết nạp được 64 đảng viên.\n")
    assert _units(rec)[64.0] == "Đảng bộ huyện Yên Thành"


def test_subject_after_comma_adverbials(extract_text):
    rec = extract_text(NEWS + "Với quyết tâm cao, nhiệm kỳ tới, Đảng bộ xã Quỳnh Lâm phấn đấu thu nhập "
                              "bình quân đầu người đạt 95 triệu đồng.\n")
    assert _units(rec)[95_000_000.0] == "Đảng bộ xã Quỳnh Lâm"


def test_units_listed_before_a_verb_are_no_new_subject(extract_text):
    rec = extract_text(NEWS + "Huyện ủy Yên Thành yêu cầu phối hợp với Công an huyện, Huyện đoàn triển khai "
                              "cho 300 thanh niên.\n")
    assert _units(rec)[300.0] != "Huyện đoàn Yên Thành"


def test_short_form_names_the_association_again(extract_text):
    rec = extract_text(NEWS + "Hội Cựu chiến binh huyện Quỳnh Lưu tổ chức tổng kết năm 2024. Năm 2025, Hội phấn đấu "
                              "giúp 40 hộ hội viên thoát nghèo. Hội nghị cũng khen thưởng 12 tập thể.\n")
    got = _units(rec)
    assert got["2025"] == "Hội Cựu chiến binh huyện Quỳnh Lưu"
    assert got.get(12.0) != "Hội Cựu chiến binh huyện Quỳnh Lưu"  # 'Hội nghị' is no association


def test_short_form_of_a_committee_body(extract_text):
    rec = extract_text(NEWS + "Ủy ban Kiểm tra Đảng ủy xã Diễn Hồng họp phiên thường kỳ. Năm 2026, Ủy ban Kiểm tra "
                              "phấn đấu kiểm tra ít nhất 25% chi bộ trực thuộc.\n")
    assert _units(rec)[25.0] == "Ủy ban Kiểm tra Đảng ủy xã Diễn Hồng"


def test_congress_speaks_for_its_party_organization(extract_text):
    rec = extract_text(NEWS + "Sáng 5/8, Đảng bộ xã Nghi Phong tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.\n\n"
                              "Đại hội đặt mục tiêu đến năm 2030 tỷ lệ hộ nghèo còn dưới 1,5%.\n")
    assert _units(rec)[1.5] == "Đảng bộ xã Nghi Phong"


def test_assigned_unit_takes_the_work(extract_text):
    rec = extract_text(NEWS + "Huyện ủy Nghi Lộc giao Ban Tổ chức Huyện ủy hướng dẫn các chi bộ hoàn thành "
                              "việc rà soát trước ngày 30/9/2025.\n")
    assert _units(rec)["2025-09-30"] == "Ban Tổ chức Huyện ủy Nghi Lộc"


def test_unit_named_at_the_number(extract_text):
    rec = extract_text(NEWS + "Dự hội nghị có 120 đại biểu, đại diện cho 815 đảng viên trong toàn Đảng bộ xã Hưng Đông.\n"
                              "Đảng bộ phường Vinh Tân có chỉ tiêu cao nhất với 45 đảng viên, thấp nhất là "
                              "Đảng bộ xã Hưng Lộc 12 đảng viên.\n")
    got = _units(rec)
    assert got[815.0] == "Đảng bộ xã Hưng Đông"
    assert got[12.0] == "Đảng bộ xã Hưng Lộc"
    assert got[45.0] == "Đảng bộ phường Vinh Tân"


def test_sentence_does_not_start_inside_a_unit_name(extract_text):
    rec = extract_text(NEWS + "Đảng bộ TP. Vinh được giao chỉ tiêu kết nạp 380 đảng viên mới.\n")
    assert _units(rec)[380.0] == "Đảng bộ thành phố Vinh"


def test_unit_closing_the_sentence_as_its_doer(extract_text):
    rec = extract_text(NEWS + "Tháng 4: Mở 2 lớp bồi dưỡng lý luận chính trị; Ban Tuyên giáo Huyện ủy Anh Sơn chủ trì.\n")
    assert _units(rec)[2.0] == "Ban Tuyên giáo Huyện ủy Anh Sơn"


def test_list_items_hang_from_a_heading_naming_a_unit(extract_text):
    rec = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 15/UBND-VX\nNghệ An, ngày 3 tháng 3 năm 2025\n\n"
        "Kính gửi: Các sở, ngành\n\nỦy ban nhân dân tỉnh yêu cầu:\n\n1. Sở Giáo dục và Đào tạo\n"
        "- Bảo đảm 100% trường học có nhà vệ sinh đạt chuẩn; hoàn thành trước ngày 30/6/2025.\n"
        "2. Sở Tài chính\n- Bố trí kinh phí, báo cáo trước ngày 15/5/2025.\n"
    )
    got = _units(rec)
    assert got["2025-06-30"] == "Sở Giáo dục và Đào tạo tỉnh Nghệ An"
    assert got["2025-05-15"] == "Sở Tài chính tỉnh Nghệ An"


def test_list_items_hang_from_an_intro_naming_a_subject(extract_text):
    rec = extract_text(NEWS + "Kết luận hội nghị, đồng chí Bí thư đề nghị Ban Thường vụ Huyện ủy Tân Kỳ thời gian tới cần:\n"
                              "- Bảo đảm kết nạp đủ 160 đảng viên theo kế hoạch;\n- Hoàn thành đại hội chi bộ trước ngày 15/7/2025.\n")
    got = _units(rec)
    assert got[160.0] == "Ban Thường vụ Huyện ủy Tân Kỳ"


def test_a_place_as_subject_speaks_through_its_party_organization(extract_text):
    rec = extract_text(NEWS + "Xã Hưng Nguyên Nam phấn đấu đến năm 2030 tỷ lệ hộ nghèo còn dưới 0,5%.\n\n"
                              "Sáng 12/8, Đảng bộ xã Hưng Nguyên Nam tổ chức Đại hội đại biểu lần thứ I.\n")
    assert _units(rec)[0.5] == "Đảng bộ xã Hưng Nguyên Nam"


def test_list_items_naming_only_a_place_share_the_first_units_head(extract_text):
    rec = extract_text(NEWS + "Cụ thể: Đảng bộ huyện Diễn Châu chỉ tiêu kết nạp 260 đảng viên; Quỳnh Lưu 240; "
                              "Thái Hòa 70; Bến Thủy 9.\n")
    got = _units(rec)
    assert got[260.0] == "Đảng bộ huyện Diễn Châu"
    assert got[240.0] == "Đảng bộ huyện Quỳnh Lưu"
    assert got[70.0] == "Đảng bộ thị xã Thái Hòa"  # the gazetteer's word for the town
    assert got[9.0] is None  # an item naming a place the reader cannot name carries no subject


def test_owner_of_a_cited_plan(extract_text):
    rec = extract_text(NEWS + "Theo kế hoạch của Ban Thường vụ Đảng ủy xã Nghi Xuân, đến hết quý III/2026 sẽ "
                              "hoàn thành số hóa hồ sơ đảng viên.\n"
                              "Theo Kế hoạch của Huyện ủy Nam Đàn, Ủy ban nhân dân huyện Nam Đàn phấn đấu "
                              "năm 2026 có 100% xã đạt chuẩn.\n")
    got = _units(rec)
    assert got["2026-09"] == "Ban Thường vụ Đảng ủy xã Nghi Xuân"
    assert got[100.0] == "Ủy ban nhân dân huyện Nam Đàn"  # the clause's own subject wins


def test_subject_after_phan_dau_and_a_time(extract_text):
    rec = extract_text(NEWS + "Đảng bộ xã Diễn Kỷ tổ chức Đại hội lần thứ I.\n\n"
                              "Phấn đấu đến năm 2030 xã Diễn Kỷ đạt chuẩn nông thôn mới kiểu mẫu.\n")
    assert _units(rec)["2030"] == "Đảng bộ xã Diễn Kỷ"


def test_owner_yields_to_the_unit_given_the_work(extract_text):
    rec = extract_text(NEWS + "Đồng chí Bí thư đề nghị Đảng ủy xã Nghi Lộc tiếp tục thực hiện Kết luận số 12-KL/TU "
                              "của Ban Thường vụ Tỉnh ủy Nghệ An; phấn đấu đến năm 2026 kết nạp 45 đảng viên.\n"
                              "Tổng nguồn vốn do Hội Nông dân huyện Nghi Lộc trực tiếp quản lý là 7,2 tỷ đồng.\n")
    got = _units(rec)
    assert got[45.0] == "Đảng ủy xã Nghi Lộc"
    assert got[7_200_000_000.0] == "Hội Nông dân huyện Nghi Lộc"


def test_schedule_line_names_its_doer(extract_text):
    rec = extract_text("ĐẢNG BỘ TỈNH NGHỆ AN\nHUYỆN ỦY ĐÔ LƯƠNG\nSố 05-CTr/HU\nĐô Lương, ngày 5 tháng 1 năm 2026\n\n"
                       "CHƯƠNG TRÌNH\ncông tác năm 2026\n\nQUÝ II\nTháng 5: Tổng kết công tác tuyên truyền; Ban Tuyên giáo Huyện ủy Đô Lương "
                              "ban hành hướng dẫn.\nTháng 6: Hội nghị sơ kết 6 tháng đầu năm 2026. Văn phòng Huyện ủy "
                              "Đô Lương chuẩn bị.\n")
    by_task = {d.task[:10]: d.unit for d in rec.deadlines}
    assert "Ban Tuyên giáo Huyện ủy Đô Lương" in by_task.values()
    assert "Văn phòng Huyện ủy Đô Lương" in by_task.values()


def test_giao_opening_a_sentence_of_a_plan(extract_text):
    rec = extract_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN NAM ĐÀN\nSố: 40/KH-UBND\nNam Đàn, ngày 2 tháng 2 năm 2025\n\nKẾ HOẠCH\n"
        "chuyển đổi số năm 2025\n\nIV. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Phòng Văn hóa và Thông tin huyện chủ trì, hoàn thành trước ngày 30/6/2025.\n"
    )
    assert {d.due: d.unit for d in rec.deadlines}["2025-06-30"] == "Phòng Văn hóa và Thông tin huyện Nam Đàn"


def test_toan_before_the_subject(extract_text):
    rec = extract_text(NEWS + "Năm 2023, toàn Đảng bộ huyện Yên Thành kết nạp được 150 đảng viên.\n")
    assert _units(rec)[150.0] == "Đảng bộ huyện Yên Thành"


def test_clause_in_the_words_of_a_speaker(extract_text):
    rec = extract_text(NEWS + "Bà Hồ Thị Lan, Chủ tịch Hội Liên hiệp Phụ nữ huyện Con Cuông, cho biết: năm nay "
                              "đã tổ chức 45 lớp tập huấn cho phụ nữ.\n")
    assert _units(rec)[45.0] == "Hội Liên hiệp Phụ nữ huyện Con Cuông"


def test_sentence_without_subject_goes_on_about_the_one_before(extract_text):
    rec = extract_text(NEWS + "Năm 2025, Đảng bộ xã Thanh Liên phấn đấu kết nạp 30 đảng viên. Trong đó, kết nạp "
                              "12 đảng viên là đoàn viên thanh niên.\n\nDự hội nghị có 85 đại biểu.\n")
    got = _units(rec)
    assert got[12.0] == "Đảng bộ xã Thanh Liên"
    assert got[85.0] is None  # another paragraph


def test_topic_of_doi_voi(extract_text):
    rec = extract_text(NEWS + "Đối với Ủy ban nhân dân xã Hưng Lợi, phấn đấu đến năm 2026 có 100% hồ sơ được giải quyết trực tuyến.\n")
    assert _units(rec)[100.0] == "Ủy ban nhân dân xã Hưng Lợi"


def test_heading_naming_the_body_whose_tasks_follow(extract_text):
    rec = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 12/QĐ-UBND\nHà Tĩnh, ngày 4 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Về việc thành lập Ban Chỉ đạo chuyển đổi số tỉnh Hà Tĩnh\n\n"
        "Điều 1. Thành lập Ban Chỉ đạo chuyển đổi số tỉnh Hà Tĩnh.\n"
        "Điều 2. Nhiệm vụ của Ban Chỉ đạo\n1. Chỉ đạo hoàn thành trước ngày 30/9/2025 việc số hóa 100% hồ sơ.\n"
    )
    assert {d.due: d.unit for d in rec.deadlines}.get("2025-09-30") == "Ban Chỉ đạo chuyển đổi số tỉnh Hà Tĩnh"


def test_conference_speaks_for_the_body_that_holds_it(extract_text):
    rec = extract_text(NEWS + "Chiều 8/1, Đảng ủy xã Tam Thái tổ chức hội nghị tổng kết công tác năm 2025.\n\n"
                              "Hội nghị thống nhất năm 2026 phấn đấu kết nạp 35 đảng viên.\n")
    assert _units(rec)[35.0] == "Đảng ủy xã Tam Thái"


def test_a_capitalized_measure_after_a_semicolon_is_no_list_item(extract_text):
    rec = extract_text(NEWS + "Năm 2025, Đảng bộ huyện Nghĩa Đàn phấn đấu kết nạp 120 đảng viên; Thu ngân sách 450 tỷ đồng.\n")
    assert _units(rec)[450_000_000_000.0] == "Đảng bộ huyện Nghĩa Đàn"


def test_the_bare_level_word_as_subject_names_the_places_speaker(extract_text):
    rec = extract_text(NEWS + "Đảng bộ huyện Tương Dương tổ chức tổng kết năm 2025. Huyện phấn đấu năm 2026 giảm "
                              "tỷ lệ hộ nghèo xuống dưới 9%.\n")
    assert _units(rec)[9.0] == "Đảng bộ huyện Tương Dương"
