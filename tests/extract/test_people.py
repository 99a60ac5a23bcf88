"""People: a name right after its title, names listed under one honorific, places that look like names."""

from extract.header import analyze
from extract.people import find_people


def _names(text: str) -> list[str]:
    return [p.name for p in find_people(text)]


def test_name_right_after_a_title() -> None:
    assert _names("Chiều 5/3, Thủ tướng Phạm Minh Chính chủ trì hội nghị.") == ["Phạm Minh Chính"]
    hit = next(p for p in find_people("Tổng Bí thư Nguyễn Phú Trọng phát biểu.") if p.name == "Nguyễn Phú Trọng")
    assert hit.positions == ["Tổng Bí thư"]


def test_a_place_after_its_administrative_word_names_no_one() -> None:
    text = "kỷ luật ông Lê Văn Tám, Chủ tịch UBND huyện Thạch Thành, nguyên Phó Giám đốc Sở Tài chính."
    assert _names(text) == ["Lê Văn Tám"]
    assert "Lâm Đồng" not in _names("Phó Chủ tịch Lâm Đồng phát biểu.")


def test_names_listed_under_one_honorific() -> None:
    text = "các đồng chí Hà Thị Nga, Vũ Văn Hải và Lò Văn Pành được bầu giữ chức Phó Bí thư Huyện ủy."
    assert _names(text) == ["Hà Thị Nga", "Vũ Văn Hải", "Lò Văn Pành"]


def test_signer_in_table_cells_and_run_into_the_recipients() -> None:
    cells = ("ĐẢNG CỘNG SẢN VIỆT NAM\nHUYỆN ỦY NAM ĐÀN\nSố 12-KL/HU\nNam Đàn, ngày 02 tháng 3 năm 2024\n\nKẾT LUẬN\nvề nông thôn mới\n"
             "-----\nNội dung.\n| Nơi nhận: | T/M BAN THƯỜNG VỤ |\n| - Ban Thường vụ Tỉnh ủy, | PHÓ BÍ THƯ |\n"
             "| - Lưu VP. | (đã ký) |\n| | Ma Văn Tư |\n")
    assert analyze(cells).signer_name == "Ma Văn Tư"
    run_in = ("ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY XÃ AN BÌNH\nSố 3-NQ/ĐU\nAn Bình, ngày 02 tháng 3 năm 2025\n\nNGHỊ QUYẾT\nvề du lịch\n"
              "-----\nNội dung.\nNơi nhận: T/M BAN CHẤP HÀNH\n- Ban Thường vụ Huyện ủy (báo cáo), BÍ THƯ\n- Các chi bộ,\n"
              "- Lưu Văn phòng Đảng ủy. Trần Văn Bảy\n")
    assert analyze(run_in).signer_name == "Trần Văn Bảy"


def test_name_read_as_the_place_of_the_unit_before_it() -> None:
    hit = find_people("Chủ tịch UBND tỉnh Đặng Văn Thành cho biết kế hoạch.")
    assert [(p.name, p.positions) for p in hit] == [("Đặng Văn Thành", ["Chủ tịch UBND tỉnh"])]
