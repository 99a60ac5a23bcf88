"""HTML: the document body and its header stay, the site around them goes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from ingest import load_bytes, load_path
from ingest.legacy import encode
from ingest.normalize import normalize_text
from ingest.tables import is_layout, table_lines

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VBPL = SHARED / "real" / "vbpl"

PARAGRAPH = (
    "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tiếp tục rà soát nguồn kết nạp, bồi dưỡng nhận thức về "
    "Đảng cho quần chúng ưu tú trong các doanh nghiệp ngoài khu vực nhà nước trên địa bàn tỉnh."
)

NEWS = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Cổng thông tin | Tin tức</title></head><body>
<header><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li>
<li><a href="/tt">Tin tức - Sự kiện</a></li><li><a href="/lh">Liên hệ</a></li></ul></header>
<nav class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tt">Tin tức - Sự kiện</a></nav>
<div class="toolbar"><span>Tin tức - Sự kiện</span></div>
<article><h1>Tỉnh ủy chỉ đạo đẩy mạnh phát triển đảng viên</h1>
<p class="date">Thứ Hai, 04/03/2024</p>
<p>{PARAGRAPH}</p>
<p>Mục tiêu đến năm 2025, mỗi năm kết nạp mới ít nhất 3% tổng số đảng viên; 100% tổ chức cơ sở đảng
có kế hoạch tạo nguồn cụ thể, rà soát định kỳ sáu tháng một lần và báo cáo kết quả về Ban Tổ chức.</p>
<p>Các huyện ủy, thành ủy chủ động phối hợp với Liên đoàn Lao động tỉnh giới thiệu công nhân ưu tú để
các chi bộ xem xét, bồi dưỡng, kết nạp theo đúng quy định của Điều lệ Đảng.</p></article>
<div class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Hội nghị sơ kết công tác xây dựng Đảng quý I</a></li>
<li><a href="/b">Trao Huy hiệu Đảng cho đảng viên lão thành</a></li></ul></div>
<footer><p>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Địa chỉ: số 1 đường Trần Phú.</p></footer>
</body></html>"""


def test_an_article_header_is_kept_and_a_page_wide_form_is_not_navigation():
    page = f"""<html><body><form id="aspnetForm" method="post"><nav><a href="/">Trang chủ</a></nav>
    <article><header><h1>Hội nghị sơ kết công tác dân vận</h1><p>Thứ Tư, 10/07/2024</p></header>
    <p>{PARAGRAPH}</p><p>{PARAGRAPH.replace("Tỉnh ủy", "Huyện ủy")}</p></article></form></body></html>"""
    lines = load_bytes(page.encode()).text.split("\n")
    assert lines[:2] == ["Hội nghị sơ kết công tác dân vận", "Thứ Tư, 10/07/2024"]
    assert PARAGRAPH in lines
    assert "Trang chủ" not in lines


def test_news_page_keeps_title_date_and_body_and_drops_the_site():
    doc = load_bytes(NEWS.encode(), "tin.html")
    lines = doc.text.split("\n")
    assert doc.media_type == "text/html"
    assert lines[0] == "Tỉnh ủy chỉ đạo đẩy mạnh phát triển đảng viên"
    assert "Thứ Hai, 04/03/2024" in lines[:3]
    assert PARAGRAPH in doc.text
    assert "mỗi năm kết nạp mới ít nhất 3% tổng số đảng viên" in doc.text
    for site in ("Trang chủ", "Giới thiệu", "Liên hệ", "Tin tức - Sự kiện", "Bản quyền", "Huy hiệu"):
        assert site not in doc.text, site
    assert doc.source_title == "Tỉnh ủy chỉ đạo đẩy mạnh phát triển đảng viên"


LEGAL = f"""<html><head><meta charset="utf-8"></head><body>
<nav><a href="/">Trang chủ</a></nav>
<div class="content">
<div class="wrap"><table>
<tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH BÌNH DƯƠNG</p></td>
<td><p>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p></td></tr>
<tr><td>Số: 15/QĐ-UBND</td><td><em>Bình Dương, ngày 28 tháng 7 năm 2023</em></td></tr>
</table></div>
<div class="body">
<p>QUYẾT ĐỊNH</p><p>Về việc giao chỉ tiêu phát triển đảng viên năm 2024</p>
<p>Điều 1. {PARAGRAPH}</p>
<p>Điều 2. Quyết định này có hiệu lực kể từ ngày ký; các cơ quan, đơn vị có liên quan chịu trách
nhiệm thi hành Quyết định này.</p>
<table><tr><td>STT</td><td>Đơn vị</td><td>Chỉ tiêu</td></tr>
<tr><td>1</td><td>Huyện Dầu Tiếng</td><td>120</td></tr>
<tr><td>2</td><td>Huyện Bàu Bàng</td><td>95</td></tr></table>
</div></div></body></html>"""


def test_header_table_is_read_column_by_column_and_data_tables_row_by_row():
    text = load_bytes(LEGAL.encode()).text
    header = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH DƯƠNG\nSố: 15/QĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    assert header in text
    assert "Độc lập - Tự do - Hạnh phúc\nBình Dương, ngày 28 tháng 7 năm 2023" in text
    assert text.index("Số: 15/QĐ-UBND") < text.index("QUYẾT ĐỊNH") < text.index("Điều 1.")
    assert "1 | Huyện Dầu Tiếng | 120" in text
    assert "Trang chủ" not in text


def test_table_kinds():
    header = [[["BỘ NỘI VỤ"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], [["Số: 26/2025/TT-BNV"], ["-------"]]]
    assert is_layout(header)
    assert table_lines(header) == [
        "BỘ NỘI VỤ",
        "Số: 26/2025/TT-BNV",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "-------",
    ]
    figures = [[["Năm"], ["Số đảng viên"]], [["2022"], ["198"]], [["2023"], ["215"]]]
    assert not is_layout(figures)
    assert table_lines(figures) == ["Năm | Số đảng viên", "2022 | 198", "2023 | 215"]


def test_legacy_font_text_in_html_is_converted():
    vni = encode("Đảng bộ huyện tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023.", "vni")
    page = f'<html><head><meta charset="windows-1252"></head><body><p><font face="VNI-Times">{vni}</font></p></body></html>'
    doc = load_bytes(page.encode("cp1252"))
    assert doc.text == "Đảng bộ huyện tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023."


def test_declared_charset_is_used():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-16"></head><body><p>Thông báo kết luận của Thường trực Huyện ủy</p></body></html>'
    assert load_bytes(page.encode("utf-16")).text == "Thông báo kết luận của Thường trực Huyện ủy"


def _vbpl_pages():
    return sorted(VBPL.glob("*.html")) if VBPL.is_dir() else []


def _labels() -> dict[str, dict]:
    path = VBPL / "labels.jsonl"
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["file"]: row for row in rows}


TYPE_TITLES = {
    "circular": "THÔNG TƯ",
    "decree": "NGHỊ ĐỊNH",
    "decision": "QUYẾT ĐỊNH",
    "law": "LUẬT",
    "resolution": "NGHỊ QUYẾT",
}
SITE_MENUS = {
    "Trang chủ",
    ">",
    "Thuộc tính",
    "Lược đồ",
    "Văn bản gốc",
    "Tải về",
    "Mục lục",
    "Văn bản quy phạm pháp luật Trung ương",
    "Hiển thị chi tiết cập nhật",
}


@pytest.mark.parametrize("page", _vbpl_pages(), ids=lambda p: p.stem)
def test_vbpl_page(page):
    """What the page's document holds (read straight from the markup) must come through."""
    label = _labels().get(page.name, {})
    doc = load_path(page)
    everything = normalize_text(lxml.html.fromstring(page.read_bytes()).text_content())
    lines = doc.text.split("\n")

    if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    if "Điều 1." in everything:
        assert any(line.startswith("Điều 1.") for line in lines)
    number = label.get("number")
    if number and re.search(r"Số\s*:\s*" + re.escape(number), everything):
        assert re.search(r"(?m)^(?:\w+ )?[Ss]ố\s*:\s*" + re.escape(number), doc.text)
    title = TYPE_TITLES.get(label.get("kind"))
    if title and re.search(r"(?<![\w ])" + title + r"(?![\w ])", everything):
        assert any(line.startswith(title) for line in lines)
    assert not SITE_MENUS & {line.strip() for line in lines}


def test_vbpl_pages_are_present_here():
    if not VBPL.is_dir():
        pytest.skip("../shared/real/vbpl is not present in this checkout")
    pages = _vbpl_pages()
    assert len(pages) == 100
    with_header = sum("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in load_path(page).text for page in pages[:20])
    assert with_header >= 10  # the checks above are not vacuous
