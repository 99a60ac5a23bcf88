"""Unit names that capitalize only their first syllable end where the name ends (issue 9, items 3 and 8)."""

from __future__ import annotations

from extract.units import Places, ResolvedUnit, establish_places, find_mentions, resolve


def names(text: str, places: Places | None = None) -> dict[str, ResolvedUnit]:
    ms = find_mentions(text)
    pl = places or establish_places(ms, text)
    return {u.name: u for u in resolve(ms, pl)}


def test_party_organization_of_an_armed_force_is_read_whole() -> None:
    got = names("Đảng bộ Bộ đội Biên phòng tỉnh Cà Mau tổ chức hội nghị; Đảng ủy Công an tỉnh Cà Mau dự.")
    assert "Đảng bộ Bộ đội Biên phòng tỉnh Cà Mau" in got
    assert "Đảng ủy Công an tỉnh Cà Mau" in got
    assert not any(n in got for n in ("Đảng bộ Bộ", "Đảng ủy Công"))


def test_party_cell_of_an_institution_is_not_cut() -> None:
    got = names("Chi bộ Bệnh viện đa khoa huyện Bù Đăng kết nạp hai đảng viên.")
    assert "Chi bộ Bệnh viện Đa khoa huyện Bù Đăng" in got


def test_institutions_take_their_proper_name() -> None:
    got = names("Trường Tiểu học Lê Lợi và Công ty TNHH Thép An Khánh đã ký kết; HTX nông nghiệp Phước Lộc tham gia.")
    assert {"Trường Tiểu học Lê Lợi", "Công ty TNHH Thép An Khánh", "Hợp tác xã nông nghiệp Phước Lộc"} <= set(got)


def test_institution_form_without_a_name_is_no_unit() -> None:
    got = names("Toàn tỉnh có 120 HTX hoạt động; Hợp tác xã số 5 được hỗ trợ.")
    assert got == {}


def test_abbreviated_council_expands() -> None:
    got = names("Hội đồng NVQS huyện Bù Đăng giao quân đúng chỉ tiêu.")
    assert "Hội đồng nghĩa vụ quân sự huyện Bù Đăng" in got


def test_body_over_a_central_body() -> None:
    got = names("Văn phòng Quốc hội và Đoàn đại biểu Quốc hội tỉnh Cà Mau phối hợp.")
    assert set(got) == {"Văn phòng Quốc hội", "Đoàn đại biểu Quốc hội tỉnh Cà Mau"}


def test_youth_union_central_committee_is_read_whole() -> None:
    got = names("Ban Chấp hành Trung ương Đoàn ban hành hướng dẫn.")
    assert set(got) == {"Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"}


def test_place_bound_body_without_its_place_is_generic() -> None:
    got = names("Các xã đã vận hành Trung tâm Phục vụ hành chính công; người dân tham gia Bảo hiểm xã hội tự nguyện.")
    assert got == {}


def test_a_heading_word_after_a_head_is_no_place() -> None:
    got = names("Thanh tra Mới nhất\nThanh tra tỉnh Cà Mau công bố kết luận.")
    assert set(got) == {"Thanh tra tỉnh Cà Mau"}


def test_the_armed_force_itself_is_no_body() -> None:
    got = names("Thanh niên thực hiện nghĩa vụ Công an nhân dân năm nay.")
    assert got == {}


def test_no_unit_inside_a_document_symbol() -> None:
    got = names("Số hiệu: 215/QĐ-UBND Loại văn bản: Quyết định")
    assert got == {}


def test_a_list_of_levels_is_no_unit() -> None:
    got = names("Lãnh đạo UBND phường, xã và người lao động cùng tham gia.")
    assert got == {}


def test_city_abbreviation_glued_to_the_name() -> None:
    got = names("Đảng bộ TP.Bảo Lộc giao chỉ tiêu.")
    assert "Đảng bộ thành phố Bảo Lộc" in got


def test_position_before_standing_committee_leaves_the_body() -> None:
    got = names("Ông B, Phó Chủ tịch Thường trực Ủy ban MTTQ Việt Nam tỉnh Cà Mau phát biểu.")
    assert set(got) == {"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Cà Mau"}


def test_body_fused_into_a_position() -> None:
    got = names("Ông C, Phó Chánh văn phòng UBND tỉnh Cà Mau; ông D, Trưởng ban Quản lý KKT Năm Căn.")
    assert {"Văn phòng Ủy ban nhân dân tỉnh Cà Mau", "Ban Quản lý Khu kinh tế Năm Căn"} <= set(got)


def test_bracketed_abbreviation_between_head_and_level() -> None:
    got = names("Ủy ban nhân dân (UBND) tỉnh Cà Mau ban hành kế hoạch.")
    assert "Ủy ban nhân dân tỉnh Cà Mau" in got


def test_provincial_youth_union_is_the_tinh_doan() -> None:
    got = names("Đoàn TNCS Hồ Chí Minh tỉnh Cà Mau và Tỉnh đoàn Cà Mau.")
    assert set(got) == {"Tỉnh đoàn Cà Mau"}


def test_a_district_in_the_body_does_not_establish_the_province() -> None:
    text = "Đảng bộ huyện Bù Đăng đạt chỉ tiêu; Ban Thường vụ Tỉnh ủy khen thưởng."
    got = names(text)
    assert "Ban Thường vụ Tỉnh ủy" in got
    assert got["Đảng bộ huyện Bù Đăng"].locality["province"] == "Bình Phước"


def test_the_issuer_district_establishes_its_province() -> None:
    header = "ỦY BAN NHÂN DÂN\nHUYỆN BÙ ĐĂNG"
    prefer = establish_places(find_mentions(header), header)
    text = header + "\nThực hiện chỉ đạo của UBND tỉnh về chuyển đổi số, huyện triển khai."
    ms = find_mentions(text)
    got = {u.name for u in resolve(ms, establish_places(ms, text, None, prefer))}
    assert "Ủy ban nhân dân tỉnh Bình Phước" in got


def test_steering_committee_named_after_its_task_is_read_whole() -> None:
    got = names("Phó Thủ tướng, Trưởng Ban Chỉ đạo cải cách hành chính (CCHC)\ncủa Chính phủ đã chủ trì phiên họp.")
    assert set(got) == {"Ban Chỉ đạo cải cách hành chính của Chính phủ"}


def test_task_body_abbreviation_expands_and_level_closes_it() -> None:
    got = names("Ban Chỉ huy PCTT và TKCN huyện Bù Đăng triển khai phương án.")
    assert "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn huyện Bù Đăng" in got


def test_task_body_at_every_level_is_no_unit() -> None:
    got = names("Trưởng Ban Chỉ đạo CCHC cấp tỉnh dự họp; Ban Chỉ đạo, các đại biểu thống nhất.")
    assert got == {}


def test_task_body_ends_before_a_preposition() -> None:
    got = names("Thành lập Tổ công tác hỗ trợ xây dựng nông thôn mới trên địa bàn xã (sau đây gọi là Tổ công tác).")
    assert set(got) == {"Tổ công tác hỗ trợ xây dựng nông thôn mới"}


def test_a_name_after_tinh_is_a_place_only_if_it_is_one() -> None:
    got = names("Ủy ban nhân dân tỉnh Trần Văn Bình ký quyết định.")
    assert "Ủy ban nhân dân tỉnh Trần Văn Bình" not in got


def test_a_place_name_ends_where_the_gazetteer_place_ends() -> None:
    got = names("ỦY BAN NHÂN DÂN TỈNH CÀ MAU - THÔNG BÁO\nĐẢNG ỦY XÃ HẠ HÒA TRIỂN KHAI NHIỆM VỤ")
    assert {"Ủy ban nhân dân tỉnh Cà Mau", "Đảng ủy xã Hạ Hòa"} <= set(got)


def test_named_list_gives_one_unit_each() -> None:
    got = names("Đề nghị UBND các tỉnh: Cà Mau, Bạc Liêu và Kiên Giang báo cáo; UBND các tỉnh, thành phố phối hợp.")
    assert set(got) == {"Ủy ban nhân dân tỉnh Cà Mau", "Ủy ban nhân dân tỉnh Bạc Liêu", "Ủy ban nhân dân tỉnh Kiên Giang"}


def test_law_titles_and_deputies_name_no_body() -> None:
    got = names("Căn cứ Luật Tổ chức Chính phủ; cử tri bầu đại biểu Quốc hội và đại biểu HĐND các cấp.")
    assert got == {}


def test_institution_with_level_but_no_name_takes_the_document_district() -> None:
    text = "Chi bộ Bệnh viện đa khoa huyện, Đảng bộ Công an huyện thuộc Đảng bộ huyện Bù Đăng."
    got = names(text)
    assert "Chi bộ Bệnh viện Đa khoa huyện Bù Đăng" in got


def test_a_name_wrapped_over_a_line_break_is_read() -> None:
    got = names("theo đề nghị của Bộ trưởng, Chủ nhiệm Văn\nphòng Chính phủ và Ủy ban nhân\ndân tỉnh Cà Mau.")
    assert {"Văn phòng Chính phủ", "Ủy ban nhân dân tỉnh Cà Mau"} <= set(got)


def test_header_body_line_under_its_organization() -> None:
    got = names("HỘI NÔNG DÂN TỈNH CÀ MAU        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n      BAN THƯỜNG VỤ\nSố: 12-KH/HND")
    assert "Ban Thường vụ Hội Nông dân tỉnh Cà Mau" in got


def test_a_wrapped_title_line_is_no_header_body() -> None:
    got = names("Kế hoạch của Trung ương Đoàn\nBAN CHẤP\nHÀNH TRUNG ƯƠNG\nĐOÀN TNCS HỒ CHÍ MINH")
    assert not any(n.startswith("Ban Chấp hành Ban Chấp hành") for n in got)


def test_party_host_in_lower_case_and_no_term_after_a_name() -> None:
    got = names("Đảng bộ quân sự tỉnh Cà Mau họp; Đảng ủy Trường Đại học Bạc Liêu nhiệm kỳ 2020-2025 bị khiển trách.")
    assert {"Đảng bộ Quân sự tỉnh Cà Mau", "Đảng ủy Trường Đại học Bạc Liêu"} <= set(got)


def test_a_union_of_a_company_and_the_company() -> None:
    got = names("Công đoàn cơ sở Công ty TNHH May Hòa Bình tổ chức Tết Sum vầy.")
    assert {"Công đoàn cơ sở Công ty TNHH May Hòa Bình", "Công ty TNHH May Hòa Bình"} <= set(got)


def test_a_name_a_lower_case_syllable_continues_is_never_cut() -> None:
    got = names("Công đoàn Giáo dục tỉnh và Đảng bộ Bộ phận văn phòng họp.")
    assert not any(n in got for n in ("Công đoàn Giáo", "Đảng bộ Bộ"))


def test_a_district_the_gazetteer_does_not_confirm_stays_unplaced() -> None:
    got = names("Huyện ủy Sông Xanh họp.", Places(province="Cà Mau"))
    unit = next(u for n, u in got.items() if n.startswith("Huyện ủy"))
    assert unit.locality is not None and unit.locality["province"] is None


def test_a_head_shared_by_places_of_one_level() -> None:
    got = names("Ủy ban nhân dân huyện Bù Đăng, huyện Bù Đốp phối hợp; Đảng bộ xã Phước Lộc, huyện Tuy Phước.")
    assert {"Ủy ban nhân dân huyện Bù Đăng", "Ủy ban nhân dân huyện Bù Đốp", "Đảng bộ xã Phước Lộc"} <= set(got)
    assert "Đảng bộ huyện Tuy Phước" not in got


def test_a_bare_party_committee_is_not_guessed() -> None:
    got = names("Đảng ủy Khối các cơ quan tỉnh Cà Mau họp; ông E, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy, Phó Giám đốc.")
    assert "Ủy ban Kiểm tra Đảng ủy" in got
    assert not any(n.startswith("Ủy ban Kiểm tra Đảng ủy Khối") for n in got)


def test_a_bare_party_committee_of_the_document_commune() -> None:
    text = "ĐẢNG ỦY XÃ PHƯỚC LỘC\nVăn phòng Đảng ủy tham mưu; Đảng ủy xã Phước Lộc chỉ đạo."
    got = names(text)
    assert "Văn phòng Đảng ủy xã Phước Lộc" in got


def test_more_place_bound_bodies_and_media() -> None:
    got = names("Báo Cà Mau đưa tin: Hội Người cao tuổi tỉnh Cà Mau và Ban Tiếp công dân tỉnh Cà Mau phối hợp.")
    assert {"Báo Cà Mau", "Hội Người cao tuổi tỉnh Cà Mau", "Ban Tiếp công dân tỉnh Cà Mau"} <= set(got)


def test_a_report_heading_is_no_newspaper_and_deputies_in_capitals() -> None:
    got = names("BÁO CÁO\nĐại biểu Quốc hội tỉnh tiếp xúc cử tri.")
    assert got == {}


def test_city_abbreviation_hcm() -> None:
    got = names("Ban Thường vụ Hội Nông dân TP.HCM phê duyệt.")
    assert "Ban Thường vụ Hội Nông dân thành phố Hồ Chí Minh" in got


def test_steering_committee_header_in_capitals() -> None:
    got = names("BAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG, TIÊU CỰC TỈNH CÀ MAU\nSố 12-KH/BCĐ")
    assert "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh Cà Mau" in got


def test_an_association_central_committee_in_a_header() -> None:
    got = names("HỘI NÔNG DÂN VIỆT NAM\nBAN CHẤP HÀNH TRUNG ƯƠNG\nSố 5-KH/HNDTW")
    assert "Ban Chấp hành Trung ương Hội Nông dân Việt Nam" in got
    assert "Ban Chấp hành Trung ương" not in got


def test_a_named_office_that_starts_like_a_body() -> None:
    text = "UBND huyện Bù Đăng giao Văn phòng Điều phối nông thôn mới huyện theo dõi; gửi Văn phòng Điều phối NTM tỉnh."
    got = names(text, Places(province="Bình Phước", district="Bù Đăng", district_admin="huyện"))
    assert {"Văn phòng Điều phối nông thôn mới huyện Bù Đăng", "Văn phòng Điều phối nông thôn mới tỉnh Bình Phước"} <= set(got)


def test_a_person_after_a_head_is_no_place() -> None:
    got = names("Bí thư Huyện ủy Nguyễn Văn Hùng, Chủ tịch UBND huyện Trần Văn Nam và Chủ tịch Hội Nông dân Lê Thị Hoa dự.")
    assert not any("Nguyễn" in n or "Trần" in n or "Lê Thị" in n for n in got)


def test_a_ward_named_after_a_person_is_a_place() -> None:
    got = names("Đảng ủy phường Hoàng Văn Thụ tổ chức hội nghị.")
    assert "Đảng ủy phường Hoàng Văn Thụ" in got


def test_a_law_title_ends_before_a_function_word() -> None:
    got = names("Luật Quy hoạch do Bộ Kế hoạch và Đầu tư chủ trì soạn thảo.")
    assert "Bộ Kế hoạch và Đầu tư" in got


def test_an_unnamed_lower_level_body_the_document_does_not_place_is_generic() -> None:
    got = names("Công an xã phối hợp với Ủy ban MTTQ xã tuyên truyền pháp luật.")
    assert got == {}


def test_an_unnamed_lower_level_body_takes_the_one_commune_the_text_names() -> None:
    got = names("Tại phường Phú Hòa, thị xã Bến Cát, Đảng ủy phường chọn chi bộ làm điểm.")
    assert "Đảng ủy phường Phú Hòa" in got


def test_regulation_wording_names_no_project_board_and_no_ministry() -> None:
    got = names("Ban Quản lý dự án phải lập báo cáo gửi Bộ Trưởng.\nBỘ TRƯỞNG BỘ TÀI CHÍNH QUY ĐỊNH CHI TIẾT")
    assert set(got) == {"Bộ Tài chính"}


def test_project_board_closed_by_its_level_and_agency_abbreviation_in_capitals() -> None:
    got = names("Gửi Ban Quản lý dự án đầu tư xây dựng tỉnh Cà Mau.\nSỞ VHTTDL TỈNH CÀ MAU")
    assert {"Ban Quản lý dự án đầu tư xây dựng tỉnh Cà Mau", "Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau"} <= set(got)


def test_an_institution_name_may_end_in_a_lower_case_syllable() -> None:
    got = names("Cờ thi đua của Đại học Quốc gia\nCông ty TNHH An Phát sản xuất giày.")
    assert {"Đại học Quốc gia", "Công ty TNHH An Phát"} <= set(got)


def test_the_longer_organization_name_wins_at_one_position() -> None:
    got = names("Công đoàn các Khu công nghiệp Đồng Nai và Phòng giao dịch NHCSXH huyện Bù Đăng phối hợp; Công đoàn các cấp tham gia.")
    assert set(got) == {"Công đoàn các Khu công nghiệp Đồng Nai",
                        "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Bù Đăng"}


def test_standing_bodies_abbreviated_in_a_recipients_list() -> None:
    got = names("Nơi nhận:\n- TT.TU, TTHĐND tỉnh Cà Mau (b/c);")
    assert {"Thường trực Tỉnh ủy Cà Mau", "Thường trực Hội đồng nhân dân tỉnh Cà Mau"} <= set(got)


def test_an_industrial_zone_board_named_by_its_city() -> None:
    got = names("Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ phấn đấu; ông A, Trưởng ban tổ chức hội thi.")
    assert set(got) == {"Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ"}


def test_party_organizations_of_agencies_and_blocs() -> None:
    got = names("Đảng ủy Khối cơ quan - doanh nghiệp huyện Bù Đăng và Đảng bộ Ủy ban nhân dân huyện Bù Đăng họp.")
    assert set(got) == {"Đảng ủy Khối cơ quan - doanh nghiệp huyện Bù Đăng", "Đảng bộ Ủy ban nhân dân huyện Bù Đăng"}


def test_a_party_cell_name_closed_by_a_function_word_and_never_cut() -> None:
    got = names("Chi bộ Chi cục Thủy lợi và Chi bộ Trung tâm Trợ giúp pháp lý khẩn trương khắc phục; Chi bộ 4 họp.")
    assert set(got) == {"Chi bộ Chi cục Thủy lợi", "Chi bộ 4"}


def test_hyphenated_abbreviated_forms_and_parsing_anywhere_never_fails() -> None:
    got = names("Trung tâm GDNN-GDTX huyện Bù Đăng khai giảng.")
    assert "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Bù Đăng" in got
    from extract.units import parse_at
    text = "Hội đồng NVQS\nhuyện Gò Dầu; trường thpt; ban chỉ đạo"
    for i in range(len(text)):
        parse_at(text, i)  # people and header parse at any offset


def test_a_board_type_in_a_regulation_is_no_unit() -> None:
    got = names("Ban Quản lý khu kinh tế có nhiệm vụ sau: cấp giấy chứng nhận đầu tư.")
    assert got == {}


def test_central_agencies_read_whole() -> None:
    got = names("Thanh tra Chính phủ kết luận; Ban Cơ yếu Chính phủ và Thông tấn xã Việt Nam phối hợp.")
    assert set(got) == {"Thanh tra Chính phủ", "Ban Cơ yếu Chính phủ", "Thông tấn xã Việt Nam"}


def test_abbreviated_levels_of_the_press() -> None:
    got = names("UBND H.Bù Đăng và UBND TX. Bình Long phối hợp.")
    assert {"Ủy ban nhân dân huyện Bù Đăng", "Ủy ban nhân dân thị xã Bình Long"} <= set(got)


def test_a_recipients_list() -> None:
    text = "Nơi nhận:\n- Bộ LĐTBXH;\n- TT Tỉnh ủy, TT HĐND tỉnh;\n- Các Sở, ban, ngành tỉnh;\n- UBND các huyện, thị xã;\n- Đài PT-TH Cà Mau;\n- Lưu: VT."
    got = names(text)
    assert set(got) == {"Bộ Lao động - Thương binh và Xã hội", "Thường trực Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh",
                        "Đài Phát thanh - Truyền hình Cà Mau"}


def test_tphcm_run_together_names_ho_chi_minh_city():
    from extract import units as U

    text = "Ban Thường vụ Thành ủy TPHCM vừa ban hành kế hoạch; UBND TPHCM đã giao chỉ tiêu."
    mentions = U.find_mentions(text)
    names = [u.name for u in U.resolve(mentions, U.establish_places(mentions, text))]
    assert "Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh" in names
    assert "Ủy ban nhân dân thành phố Hồ Chí Minh" in names
