"""Positioned text → lines (`ingest.layout`), on boxes laid out by hand: the page width's wraps
joined, column regions kept apart, and where a region ends."""

from __future__ import annotations

from ingest.layout import UNREAD, Box, lines_from_boxes, runs_on

LEFT, RIGHT, HEIGHT, PITCH = 85.0, 530.0, 14.0, 18.0


def flow(*lines: tuple[str, float], x0: float = LEFT, top: float = 100.0) -> list[Box]:
    """One box per (text, right end) line, one line pitch apart."""
    return [
        Box(text, x0, x1, top + n * PITCH, top + n * PITCH + HEIGHT) for n, (text, x1) in enumerate(lines)
    ]


def test_a_paragraph_wrapped_by_the_page_width_is_one_line_again():
    boxes = flow(
        ("- Diện tích sản xuất nông nghiệp ứng dụng công nghệ cao đạt 800", RIGHT),
        ("ha trở lên, giá trị sản xuất trên 1 ha đất trồng trọt đạt 200", RIGHT - 1),
        ("triệu đồng.", 150),
        ("- Có ít nhất 35 sản phẩm OCOP đạt từ 3 sao trở lên.", 400),
    )
    assert lines_from_boxes(boxes) == [
        "- Diện tích sản xuất nông nghiệp ứng dụng công nghệ cao đạt 800 ha trở lên, giá trị sản xuất"
        " trên 1 ha đất trồng trọt đạt 200 triệu đồng.",
        "- Có ít nhất 35 sản phẩm OCOP đạt từ 3 sao trở lên.",
    ]


def test_lines_that_ended_by_choice_stay_apart():
    boxes = flow(
        ("1. Mục tiêu đến năm 2025", 250),  # short: the next word would have fitted
        ("Giá trị sản xuất trên 1 ha đất trồng trọt đạt trên 150 triệu đồng.", RIGHT),  # sentence end
        ("- Thu hút không dưới 5 doanh nghiệp đầu tư vào lĩnh vực nông nghiệp trong", RIGHT),
        ("II. MỤC TIÊU, CHỈ TIÊU", 300),  # a heading, not a continuation
        ("Trang chủ | Tin tức - Sự kiện | Xây dựng Đảng | Chính quyền | Liên hệ", RIGHT - 30),
        ("Huyện ủy Thủy Nguyên sơ kết công tác xây dựng Đảng", 400),  # a capital after a ragged line
    )
    assert len(lines_from_boxes(boxes)) == 6


def test_a_range_broken_at_its_dash_is_no_list_item():
    boxes = flow(
        ("tỷ lệ hộ nghèo giảm bình quân mỗi năm 0,3", RIGHT),
        ("- 0,5%; 100% xã đạt chuẩn nông thôn mới.", 300),
    )
    assert lines_from_boxes(boxes) == [
        "tỷ lệ hộ nghèo giảm bình quân mỗi năm 0,3 - 0,5%; 100% xã đạt chuẩn nông thôn mới."
    ]


def test_lines_far_apart_are_not_joined():
    boxes = flow(("Văn bản điện tử - lưu hành nội bộ của Huyện ủy Thọ Xuân về công tác", RIGHT))
    boxes += flow(("xây dựng Đảng năm 2023.", 200), top=100 + 3 * PITCH)
    assert len(lines_from_boxes(boxes)) == 2


def header(top: float = 60.0) -> list[Box]:
    rows = [
        ("ĐẢNG BỘ TỈNH THANH HÓA", 105, 255, "ĐẢNG CỘNG SẢN VIỆT NAM", 317, 497),
        ("HUYỆN ỦY THỌ XUÂN", 110, 250, "Thọ Xuân, ngày 25 tháng 8 năm 2023", 293, 520),
        ("Số 08-NQ/HU", 140, 221, "", 0, 0),
    ]
    boxes = []
    for n, (left, l0, l1, right, r0, r1) in enumerate(rows):
        y = top + n * PITCH
        boxes.append(Box(left, l0, l1, y, y + HEIGHT))
        if right:
            boxes.append(Box(right, r0, r1, y, y + HEIGHT))
    return boxes


def test_a_title_centred_on_the_page_ends_the_header_region():
    centre = (LEFT + RIGHT) / 2
    title = Box("NGHỊ QUYẾT", centre - 45, centre + 45, 60 + 3 * PITCH + 6, 60 + 3 * PITCH + 6 + HEIGHT)
    body = flow(("Căn cứ Điều lệ Đảng và Quy chế làm việc của Ban Chấp hành Đảng bộ huyện;", RIGHT), top=150)
    assert lines_from_boxes([*header(), title, *body]) == [
        "ĐẢNG BỘ TỈNH THANH HÓA",
        "HUYỆN ỦY THỌ XUÂN",
        "Số 08-NQ/HU",
        "",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Thọ Xuân, ngày 25 tháng 8 năm 2023",
        "",
        "NGHỊ QUYẾT",
        "Căn cứ Điều lệ Đảng và Quy chế làm việc của Ban Chấp hành Đảng bộ huyện;",
    ]


def test_a_signature_block_keeps_long_items_and_wrapped_ones_on_the_left():
    rows = [
        ("Nơi nhận:", 150, "T/M HUYỆN ỦY", 388, 485),
        ("- Ban Thường vụ Tỉnh ủy,", 243, "BÍ THƯ", 414, 461),
        ("- Các đồng chí Ủy viên BCH Đảng bộ", 300, "(đã ký)", 416, 457),  # past the first split
        ("Khối,", 120, "", 0, 0),
        ("- Ủy ban Thường vụ Quốc", 250, "Lê Quang Hưng", 389, 484),
        ("hội;", 110, "", 0, 0),
        ("- Lưu Văn phòng Huyện ủy.", 256, "", 0, 0),
    ]
    boxes = []
    for n, (left, l1, right, r0, r1) in enumerate(rows):
        y = 500 + n * PITCH
        boxes.append(Box(left, 92, l1, y, y + HEIGHT))
        if right:
            boxes.append(Box(right, r0, r1, y, y + HEIGHT))
    assert lines_from_boxes(boxes) == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy,",
        "- Các đồng chí Ủy viên BCH Đảng bộ Khối,",
        "- Ủy ban Thường vụ Quốc hội;",
        "- Lưu Văn phòng Huyện ủy.",
        "",
        "T/M HUYỆN ỦY",
        "BÍ THƯ",
        "(đã ký)",
        "Lê Quang Hưng",
        "",
    ]


def test_runs_of_one_word_in_two_fonts_join_without_a_space():
    boxes = [Box("Đảng", 60, 92, 100, 112), Box("bộ xã", 92.5, 127, 100, 112)]
    assert lines_from_boxes(boxes) == ["Đảngbộ xã"]


def test_a_paragraph_runs_on_to_the_next_page():
    assert runs_on(
        ["Ban Tuyên giáo Thành ủy chủ trì theo dõi, đôn đốc; định kỳ báo cáo Ban"], ["Thường vụ Thành ủy."]
    )
    assert runs_on(["huyện đã tích tụ được 1.250,5 ha đất nông nghiệp; hình"], ["thành 17 vùng sản xuất."])
    assert not runs_on(["Nghị quyết này được phổ biến đến chi bộ./."], ["Nơi nhận:"])
    assert not runs_on(["Căn cứ Luật Tổ chức chính quyền địa phương;"], ["Căn cứ Nghị định số 30/2020/NĐ-CP"])
    assert not runs_on(["1. Mục tiêu đến năm 2025"], ["Giá trị sản xuất đạt 150 triệu đồng."])
    assert not runs_on(["Lê Quang Hưng", ""], ["Phụ lục kèm theo"])  # a column region ended the page
    assert not runs_on(["STT | Đơn vị | Chỉ tiêu"], ["1 | Xã Định An | 120"])


def test_a_word_ocr_could_not_read_keeps_its_place_but_not_its_text():
    y = 100.0
    boxes = [
        Box("giá trị sản xuất trên 1 ha đất", LEFT, 300, y, y + HEIGHT),
        Box(UNREAD, 305, 360, y, y + HEIGHT),  # "trồng", read as noise
        Box("trọt đạt 200 triệu đồng.", 365, RIGHT, y, y + HEIGHT),
    ]
    assert lines_from_boxes(boxes) == ["giá trị sản xuất trên 1 ha đất trọt đạt 200 triệu đồng."]


def test_an_empty_lines_worth_of_space_is_kept_as_an_empty_line():
    boxes = flow(("NGHỊ QUYẾT", 350), ("Về nhiệm vụ phát triển kinh tế - xã hội năm 2023", 420))
    boxes += flow(("HỘI ĐỒNG NHÂN DÂN TỈNH LONG AN", 380), top=100 + 2 * PITCH + HEIGHT)
    boxes += flow(("KHÓA X, KỲ HỌP THỨ 9", 300), top=100 + 3 * PITCH + HEIGHT)
    assert lines_from_boxes(boxes) == [
        "NGHỊ QUYẾT",
        "Về nhiệm vụ phát triển kinh tế - xã hội năm 2023",
        "",
        "HỘI ĐỒNG NHÂN DÂN TỈNH LONG AN",
        "KHÓA X, KỲ HỌP THỨ 9",
    ]


def test_a_row_under_a_full_line_is_no_continuation():
    boxes = flow(
        ("Huyện ủy Thủy Nguyên sơ kết công tác xây dựng Đảng 6 tháng đầu năm", RIGHT - 4),
        ("20/07/2022 | 10:30", 200),
    )
    assert len(lines_from_boxes(boxes)) == 2


def test_ocr_words_that_touch_keep_a_space():
    """Tesseract's words are whole words: set tight in capitals, their boxes touch, and still
    they are words apart (a PDF's runs that touch are one word in two fonts)."""
    from ingest.layout import Box, lines_from_boxes

    boxes = [Box("HUYỆN", 0, 100, 0, 20), Box("ỦY", 100, 140, 0, 20), Box("THỌ", 141, 200, 0, 20)]
    assert lines_from_boxes(boxes, words=True) == ["HUYỆN ỦY THỌ"]
    assert lines_from_boxes(boxes) == ["HUYỆNỦYTHỌ"]  # within a tenth of a line height
