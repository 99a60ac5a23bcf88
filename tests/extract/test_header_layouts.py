"""Official headers as legal portals print them: cells flattened to lines, wrapped mottos and dates,
a bare issuer whose locality line was lost, the portal's metadata table."""

from extract.header import analyze
from extract.header.metadata import read

CELLS = """Kế hoạch 21/KH-UBND năm 2024 về chuyển đổi số do tỉnh Nam Định ban hành
| Số hiệu | 21/KH-UBND |
| Ngày ban hành | 05/03/2024 |
| Loại văn bản | Kế hoạch |
| Cơ quan ban hành | Tỉnh Nam Định |
| Người ký | Đỗ Thị Mai |
ỦY BAN NHÂN DÂN |
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM |
Số: 21/KH-UBND |
Nam Định, ngày 05 tháng 3 năm 2024 |
KẾ HOẠCH
CHUYỂN ĐỔI SỐ NĂM 2024
Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau:
"""

WRAPPED = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 310/QĐ-UBND
|
Lạng Sơn, ngày 14
tháng 2 năm 2023
|
QUYẾT ĐỊNH
VỀ VIỆC PHÊ DUYỆT ĐỀ ÁN
Căn cứ Luật Tổ chức chính quyền địa phương;
"""

PAIRS = """Số hiệu: 77/QĐ-UBND Loại văn bản: Quyết định
Nơi ban hành: Tỉnh Hà Giang Người ký: Nguyễn Văn Sơn
Ngày ban hành: 02/01/2022 Ngày hiệu lực: Đã biết
"""


def test_metadata_rows_cells_and_pairs() -> None:
    cells = {k: v.text for k, v in read(CELLS).fields.items()}
    assert cells == {"number": "21/KH-UBND", "issued_on": "05/03/2024", "kind": "Kế hoạch", "issuer": "Tỉnh Nam Định",
                     "signer": "Đỗ Thị Mai"}
    pairs = {k: v.text for k, v in read(PAIRS).fields.items()}
    assert pairs == {"number": "77/QĐ-UBND", "kind": "Quyết định", "issuer": "Tỉnh Hà Giang", "signer": "Nguyễn Văn Sơn",
                     "issued_on": "02/01/2022"}


def test_motto_wrapped_in_cells_never_joins_the_issuer() -> None:
    h = analyze(CELLS)
    assert h.family == "state"
    assert (h.kind, h.number, h.issued_on, h.place) == ("plan", "21/KH-UBND", "2024-03-05", "Nam Định")
    # the locality line is missing: the date line's province completes the bare issuer
    assert h.issuer == "Ủy ban nhân dân tỉnh Nam Định"
    # no signature block printed: the portal's signer row names the signer
    assert h.signer_name == "Đỗ Thị Mai"


def test_date_wrapped_over_lines_and_motto_over_lines() -> None:
    h = analyze(WRAPPED)
    assert h.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert (h.issued_on, h.place, h.number, h.kind) == ("2023-02-14", "Lạng Sơn", "310/QĐ-UBND", "decision")


def test_bare_issuer_stays_bare_when_the_place_is_no_province() -> None:
    text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 5/KH-UBND | Ngọc Lặc, ngày 02 tháng 3 năm 2024 |\n"
    assert analyze(text).issuer == "Ủy ban nhân dân"


def test_issuer_column_and_date_column_run_together() -> None:
    text = ("ĐẢNG BỘ TỈNH AN GIANG ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY XÃ MỸ HÒA HƯNG Mỹ Hòa Hưng, ngày 02 tháng 3 năm 2025\n"
            "*\nSố 07-NQ/ĐU\n\nNGHỊ QUYẾT\nvề phát triển du lịch\n-----\nNội dung.\n")
    h = analyze(text)
    assert h.issuer == "Đảng ủy xã Mỹ Hòa Hưng"
    assert h.place == "Mỹ Hòa Hưng"


def test_site_name_in_running_case_is_no_motto() -> None:
    text = ("Logo báo điện tử Đảng Cộng sản Việt Nam\n\nHà Tĩnh giao chỉ tiêu tuyển quân năm 2024 cho các huyện\n\n"
            "Thứ Hai, 08/01/2024 09:10 (GMT+7)\n\nNội dung bài viết dài.\n")
    h = analyze(text)
    assert h.family == "news"
    assert h.title == "Hà Tĩnh giao chỉ tiêu tuyển quân năm 2024 cho các huyện"
    assert h.published_on == "2024-01-08"


def test_organ_line_and_organization_line_in_either_order() -> None:
    youth = ("BAN CHẤP HÀNH TRUNG ƯƠNG |\nĐOÀN TNCS HỒ CHÍ MINH |\nSố: 15-KH/TWĐTN-VP |\nHà Nội, ngày 02 tháng 3 năm 2022 |\n"
             "KẾ HOẠCH\nTHÁNG THANH NIÊN NĂM 2022\nNội dung.\n")
    h = analyze(youth)
    assert h.issuer == "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    assert h.place == "Hà Nội"  # the seat of a central organization places nothing in its name


def test_news_headline_without_dateline_is_the_last_short_line_before_the_body() -> None:
    text = ("Danh mục\nThời sự\n\nChào mừng kỷ niệm ngày thành lập ngành\n\n"
            "Huyện Mường Tè phấn đấu giảm tỷ lệ hộ nghèo còn 20%\n\nTHU HÀ\n"
            "(LC) - Sáng 3-4, huyện Mường Tè tổ chức hội nghị triển khai nhiệm vụ giảm nghèo bền vững năm nay, với sự tham dự "
            "của lãnh đạo các xã, thị trấn và các phòng ban chuyên môn của huyện.\n")
    h = analyze(text)
    assert (h.kind, h.title) == ("news", "Huyện Mường Tè phấn đấu giảm tỷ lệ hộ nghèo còn 20%")


def test_headline_ending_with_a_stop_above_its_dateline() -> None:
    text = "Kết quả tuyển sinh đầu cấp năm học 2023 của huyện Yên Thế.\n\nĐăng ngày 12 - 08 - 2023\n\nNội dung bài viết.\n"
    h = analyze(text)
    assert (h.title, h.published_on) == ("Kết quả tuyển sinh đầu cấp năm học 2023 của huyện Yên Thế", "2023-08-12")


def test_news_page_carrying_a_document_takes_the_documents_header() -> None:
    text = ("Đề cương tuyên truyền kết quả Đại hội Hội Nông dân tỉnh Sơn La lần thứ X\n\n"
            "Thứ hai - 12/09/2022 08:30\n\n"
            "HỘI NÔNG DÂN SƠN LA\n   BAN THƯỜNG VỤ\nSơn La, ngày 09 tháng 9 năm 2022\n\n"
            "ĐỀ CƯƠNG TUYÊN TRUYỀN\n      KẾT QUẢ ĐẠI HỘI ĐẠI BIỂU HỘI NÔNG DÂN TỈNH LẦN THỨ X\n   NHIỆM KỲ 2022-2027\n_____\n\n"
            "Đại hội được tổ chức trong hai ngày tại thành phố Sơn La.\n")
    h = analyze(text)
    assert (h.kind, h.issued_on, h.place, h.published_on) == ("other", "2022-09-09", "Sơn La", None)
    assert h.issuer == "Ban Thường vụ Hội Nông dân tỉnh Sơn La"
    assert h.title == "Đề cương tuyên truyền kết quả đại hội đại biểu hội nông dân tỉnh lần thứ X nhiệm kỳ 2022-2027"


def test_type_word_opening_a_capital_line_and_a_subject_without_type_word() -> None:
    text = ("ỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 9/KH-UBND |\nTuyên Quang, ngày 02 tháng 3 năm 2023 |\n"
            "PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG NĂM 2023\nThực hiện chỉ đạo của tỉnh, Ủy ban nhân dân tỉnh ban hành kế hoạch.\n")
    h = analyze(text)
    assert (h.kind, h.title) == ("plan", "Phát triển du lịch cộng đồng năm 2023")
    program = ("ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY SƠN LA\nSố 05-CTr/TU\nSơn La, ngày 02 tháng 3 năm 2021\n\n"
               "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội\n-----\nNội dung.\n")
    assert analyze(program).title == "Chương trình hành động thực hiện Nghị quyết Đại hội"


def test_portal_heading_gives_the_subject() -> None:
    text = ("Công văn 120/UBND-VX năm 2023 về tăng cường phòng chống dịch do tỉnh Hà Nam ban hành\n"
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 120/UBND-VX | Hà Nam, ngày 02 tháng 3 năm 2023 |\n"
            "Kính gửi: Các sở, ngành.\nNội dung.\n")
    assert analyze(text).title == "Về tăng cường phòng chống dịch"


def test_titles_in_capitals_keep_their_proper_names() -> None:
    from extract.header import lower_keep_names

    assert lower_keep_names("NÂNG CAO CHẤT LƯỢNG GIÁO DỤC TỈNH QUẢNG NAM, GIAI ĐOẠN 2021-2025") == (
        "nâng cao chất lượng giáo dục tỉnh Quảng Nam, giai đoạn 2021-2025")
    assert lower_keep_names("ĐẠI HỘI ĐOÀN TNCS HỒ CHÍ MINH LẦN THỨ XII") == "đại hội đoàn TNCS Hồ Chí Minh lần thứ XII"


def test_news_page_printing_a_document_in_full_is_that_document() -> None:
    text = ("Thứ Hai, 19/10/2020, 08:00 (GMT+7)\n\nNghị quyết Đại hội đại biểu Đảng bộ tỉnh Hậu Giang lần thứ XIV\n\n"
            "Báo điện tử trân trọng đăng toàn văn Nghị quyết Đại hội đã được đại biểu thông qua tại phiên bế mạc "
            "vào chiều ngày 17-10.\n\nQUYẾT NGHỊ\n")
    h = analyze(text)
    assert (h.kind, h.issued_on, h.published_on) == ("resolution", "2020-10-17", None)
    assert h.issuer == "Đảng bộ tỉnh Hậu Giang"
    plain = "Thứ Hai, 19/10/2020, 08:00 (GMT+7)\n\nNghị quyết Đại hội đi vào cuộc sống ở huyện Châu Thành\n\nNội dung bài.\n"
    assert (analyze(plain).kind, analyze(plain).published_on) == ("news", "2020-10-19")


def test_number_and_place_wrapped_in_cells_and_an_annex_after_the_signature() -> None:
    text = ("ỦY\nBAN NHÂN DÂN\nTỈNH BẾN TRE\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
            "---------\n|\nSố:\n12/2015/QĐ-UBND\n|\nMỏ\nCày, ngày 04 tháng 5 năm 2015\n|\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ LÀM VIỆC\n"
            "Căn cứ Luật Tổ chức;\nĐiều 1. Ban hành.\n|\nTM.\nỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Hai\n|\n"
            "QUY CHẾ\nQUẢN LÝ\n")
    h = analyze(text)
    assert (h.number, h.kind, h.issued_on) == ("12/2015/QĐ-UBND", "decision", "2015-05-04")
    assert h.place == "Mỏ Cày"
    assert h.signer_name == "Lê Văn Hai"


def test_subject_without_type_word_before_the_issuer_repeated() -> None:
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 8/2020/QĐ-UBND | Hà Nam, ngày 02 tháng 3 năm 2020 |\n"
            "BAN HÀNH QUY CHẾ PHỐI HỢP TRÊN ĐỊA BÀN TỈNH HÀ NAM\nỦY BAN NHÂN DÂN TỈNH HÀ NAM\nCăn cứ Luật Tổ chức;\n")
    assert analyze(text).title == "Ban hành quy chế phối hợp trên địa bàn tỉnh Hà Nam"


def test_photo_caption_after_the_headline_is_no_headline() -> None:
    text = ("Trang chủ\n\nHuyện Bảo Lâm ra quân tổng vệ sinh môi trường đầu năm\n\nẢnh minh họa: người dân dọn vệ sinh đường làng\n\n"
            "Sáng 6/1, huyện Bảo Lâm tổ chức lễ ra quân tổng vệ sinh môi trường tại các xã, thị trấn trên địa bàn với sự tham gia "
            "của hàng nghìn đoàn viên, hội viên và nhân dân.\n")
    assert analyze(text).title == "Huyện Bảo Lâm ra quân tổng vệ sinh môi trường đầu năm"


def test_motto_in_running_case_alone_on_its_line_and_a_menu_item_that_is_no_header() -> None:
    text = ("Ủy ban nhân dân | Cộng hòa xã hội chủ nghĩa Việt Nam |\nTỉnh Cà Mau | Độc lập - Tự do - Hạnh phúc |\n"
            "Số: 15/KH-UBND | Cà Mau, ngày 02 tháng 3 năm 2023 |\nKẾ HOẠCH\nPHÁT TRIỂN DU LỊCH\nNội dung.\n")
    h = analyze(text)
    assert (h.family, h.number, h.kind, h.issued_on) == ("state", "15/KH-UBND", "plan", "2023-03-02")
    menu = ("Trang chủ\nĐảng Cộng sản Việt Nam\nChính trị\n\nTỉnh Cà Mau ra quân trồng cây đầu xuân năm 2024\n\n"
            "Thứ Hai, 12/02/2024 08:00\n\nNội dung bài.\n")
    h = analyze(menu)
    assert (h.family, h.kind, h.published_on) == ("news", "news", "2024-02-12")
    assert h.title == "Tỉnh Cà Mau ra quân trồng cây đầu xuân năm 2024"


def test_a_subject_line_opening_with_chuong_trinh_continues_the_subject() -> None:
    text = ("ĐẢNG BỘ TỈNH LẠNG SƠN\nHUYỆN ỦY VĂN LÃNG\n*\nSố 21-TB/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\nVăn Lãng, ngày 02 tháng 3 năm 2023\n\n"
            "THÔNG BÁO\nkết luận về tiến độ thực hiện\nChương trình mục tiêu quốc gia giảm nghèo bền vững\n-----\n\nNội dung.\n")
    assert analyze(text).title == ("Thông báo kết luận về tiến độ thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững")


def test_portal_issuer_field_naming_the_body_and_its_province() -> None:
    text = ("| Số ký hiệu | 4/KH-UBND | Ngày ban hành | 02/03/2020 |\n| Cơ quan ban hành | UBND tỉnh Hà Giang | Người ký | Lò Văn Sáng |\n"
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 4/KH-UBND | ngày 02 tháng 3 năm 2020 |\nKẾ HOẠCH\nVỀ DU LỊCH\nNội dung.\n")
    h = analyze(text)
    assert (h.issuer, h.signer_name, h.issued_on) == ("Ủy ban nhân dân tỉnh Hà Giang", "Lò Văn Sáng", "2020-03-02")
