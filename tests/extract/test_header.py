from extract.header import analyze

PARTY = """ĐẢNG BỘ TỈNH BÌNH DƯƠNG
HUYỆN ỦY DẦU TIẾNG
*
Số 1000-CV/HU
V/v đẩy mạnh phát triển đảng viên
trong doanh nghiệp

ĐẢNG CỘNG SẢN VIỆT NAM
Dầu Tiếng, ngày 28 tháng 7 năm 2023

Kính gửi: Các chi bộ, đảng bộ trực thuộc.
Nội dung.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
(đã ký)
Nguyễn Văn Bình
"""

STATE_SIDE_BY_SIDE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BÌNH ĐỊNH                          Độc lập - Tự do - Hạnh phúc
Số: 15/2024/QĐ-UBND                 Quy Nhơn, ngày 05 tháng 02 năm 2024

QUYẾT ĐỊNH
Ban hành quy chế phối hợp
-----
Điều 1. Ban hành kèm theo.
                                          TM. ỦY BAN NHÂN DÂN
                                          KT. CHỦ TỊCH
                                          PHÓ CHỦ TỊCH
                                          (đã ký)
                                          Trần Thị Lan
"""


def test_party_letter_header():
    h = analyze(PARTY)
    assert (h.family, h.kind, h.number, h.issued_on, h.place) == ("party", "official_letter", "1000-CV/HU", "2023-07-28", "Dầu Tiếng")
    assert h.issuer == "Huyện ủy Dầu Tiếng"
    assert h.title == "đẩy mạnh phát triển đảng viên trong doanh nghiệp"
    assert h.signer_name == "Nguyễn Văn Bình" and h.signer_position == "Phó Bí thư"


def test_state_header_side_by_side():
    h = analyze(STATE_SIDE_BY_SIDE)
    assert (h.family, h.kind, h.number, h.issued_on, h.place) == ("state", "decision", "15/2024/QĐ-UBND", "2024-02-05", "Quy Nhơn")
    assert h.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert h.signer_name == "Trần Thị Lan"


def test_symbol_variants():
    for line, number, kind in [("Số 119- KH/TU", "119-KH/TU", "plan"), ("Số: 08/KH-UBND", "08/KH-UBND", "plan"),
                               ("Số: 1234/UBND-VX", "1234/UBND-VX", "official_letter"), ("Số 28-NQ/TU", "28-NQ/TU", "resolution"),
                               ("Số: 202/2025/QH15", "202/2025/QH15", None)]:
        h = analyze(f"ĐẢNG CỘNG SẢN VIỆT NAM\n{line}\nHà Nội, ngày 01 tháng 02 năm 2025\n")
        assert h.number == number
        if kind:
            assert h.kind == kind


def test_news_title_and_dateline():
    h = analyze("CỔNG THÔNG TIN ĐIỆN TỬ\nTrang chủ | Tin tức | Văn bản\nHuyện ủy tổ chức hội nghị sơ kết\nThứ Hai, 12/06/2023 08:15\n\nNội dung bài.")
    assert (h.kind, h.title, h.published_on, h.issued_on) == ("news", "Huyện ủy tổ chức hội nghị sơ kết", "2023-06-12", "2023-06-12")


def test_news_without_dateline_has_no_date():
    h = analyze("Tiếp tục đẩy mạnh công tác\n\nNgày 28/7/2023, Ban Thường vụ ban hành công văn.")
    assert h.published_on is None and h.kind == "news"
