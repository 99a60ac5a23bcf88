from extract.units import Places, establish_places, find_mentions, resolve


def names(text, places=None):
    ms = find_mentions(text)
    pl = places or establish_places(ms, text)
    return {u.name: u for u in resolve(ms, pl)}


def test_body_over_committee_with_locality_from_gazetteer():
    got = names("Thường trực Huyện ủy Tiên Lãng tổ chức hội nghị; Liên đoàn lao động huyện tham dự.")
    assert "Thường trực Huyện ủy Tiên Lãng" in got
    assert got["Thường trực Huyện ủy Tiên Lãng"].parent == "Huyện ủy Tiên Lãng"
    assert got["Thường trực Huyện ủy Tiên Lãng"].locality["province"] == "Hải Phòng"
    assert "Liên đoàn Lao động huyện Tiên Lãng" in got


def test_abbreviations_are_expanded():
    got = names("Đồng chí A, Ủy viên Ban TVTU; UBND tỉnh Bình Định; HĐND tỉnh Bình Định")
    assert {"Ban Thường vụ Tỉnh ủy Bình Định", "Ủy ban nhân dân tỉnh Bình Định", "Hội đồng nhân dân tỉnh Bình Định"} <= set(got)


def test_generic_plurals_are_not_units():
    got = names("Bí thư Đảng ủy các xã, thị trấn và các huyện ủy, các cấp ủy tham dự.")
    assert got == {}


def test_ambiguous_ward_is_not_placed_in_a_province():
    got = names("Lễ kết nạp tại Chi bộ 4, Đảng bộ phường Quyết Thắng.")
    unit = got["Đảng bộ phường Quyết Thắng"]
    assert unit.locality["province"] is None and unit.locality["commune"] == "Quyết Thắng"


def test_unqualified_mention_takes_the_document_province():
    got = names("Ban Thường vụ Tỉnh ủy chỉ đạo trên địa bàn tỉnh Bình Dương.")
    assert "Ban Thường vụ Tỉnh ủy Bình Dương" in got


def test_two_provinces_leave_unqualified_names_alone():
    got = names("Tỉnh ủy Nghệ An và Tỉnh ủy Hà Tĩnh ký kết; Ban Thường vụ Tỉnh ủy giao nhiệm vụ.")
    assert "Ban Thường vụ Tỉnh ủy" in got


def test_upper_case_header_lines_are_read():
    got = names("ĐẢNG BỘ TỈNH NGHỆ AN\nTHÀNH ỦY VINH\n*\nSố 245-KH/TU")
    assert "Thành ủy Vinh" in got and "Đảng bộ tỉnh Nghệ An" in got


def test_mentions_are_gathered_under_one_entry():
    got = names("Quận ủy Lê Chân họp. Quận ủy Lê Chân báo cáo.", Places(province="Hải Phòng"))
    assert len(got["Quận ủy Lê Chân"].mentions) == 2


def test_hcm_city_committee_name():
    got = names("Thành ủy Thành phố Hồ Chí Minh ban hành kế hoạch.")
    assert "Thành ủy Thành phố Hồ Chí Minh" in got


def test_committee_member_title_is_not_the_committee():
    got = names("Các đồng chí Thành ủy viên, Tỉnh ủy viên dự họp.")
    assert got == {}
