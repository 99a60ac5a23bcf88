"""DOCX made with python-docx at test time: header table, body order, legacy fonts, limits."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest
from docx.shared import Pt

from ingest import Limits, load_bytes
from ingest.errors import TooLarge, UnreadableFile, UnsupportedFile
from ingest.legacy import encode

BODY = (
    "Thực hiện Kế hoạch số 18-KH/TU của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy đề nghị các chi "
    "bộ, đảng bộ cơ sở phấn đấu kết nạp ít nhất 2 đảng viên mới trong năm 2023."
)


def _header_table(document):
    table = document.add_table(rows=3, cols=2)
    left = ["ĐẢNG BỘ TỈNH BÌNH DƯƠNG", "HUYỆN ỦY DẦU TIẾNG\n*", "Số 1000-CV/HU"]
    right = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Dầu Tiếng, ngày 28 tháng 7 năm 2023"]
    for row, (l_text, r_text) in zip(table.rows, zip(left, right, strict=True), strict=True):
        row.cells[0].text = l_text
        row.cells[1].text = r_text


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def letter() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Công văn về phát triển đảng viên"
    document.sections[0].header.paragraphs[0].text = "Văn phòng Huyện ủy Dầu Tiếng"
    document.sections[0].footer.paragraphs[0].text = "Lưu hành nội bộ"
    _header_table(document)
    document.add_paragraph("V/v đẩy mạnh công tác phát triển đảng viên")
    document.add_paragraph(BODY)
    data = document.add_table(rows=3, cols=3)
    for row, values in zip(
        data.rows,
        [("STT", "Đơn vị", "Chỉ tiêu"), ("1", "Xã Định An", "5"), ("2", "Xã Long Hòa", "4")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Ghi chú chung cho cả hai cột"
    merged.cell(1, 0).text = "Trái"
    merged.cell(1, 1).text = "Phải"
    tcvn3 = document.add_paragraph().add_run(
        encode("Ủy ban kiểm tra huyện ủy giám sát việc thực hiện.", "tcvn3")
    )
    tcvn3.font.name = ".VnTime"
    heading = document.add_paragraph().add_run(encode("kết luận của thường trực", "tcvn3"))
    heading.font.name = ".VnTimeH"
    heading.font.size = Pt(14)
    vni = document.add_paragraph().add_run(encode("Đồng chí Bí thư chủ trì hội nghị.", "vni"))
    vni.font.name = "VNI-Times"
    document.add_paragraph("Nơi nhận:\n- Như trên,\n- Lưu Văn phòng Huyện ủy.")
    return _save(document)


def test_media_type_and_title(letter):
    doc = load_bytes(letter, "cong-van.docx")
    assert doc.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert doc.source_title == "Công văn về phát triển đảng viên"


def test_header_table_left_block_then_right_block(letter):
    text = load_bytes(letter).text
    expected = (
        "ĐẢNG BỘ TỈNH BÌNH DƯƠNG\nHUYỆN ỦY DẦU TIẾNG\n*\nSố 1000-CV/HU\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nDầu Tiếng, ngày 28 tháng 7 năm 2023\n"
    )
    assert expected in text


def test_body_in_document_order(letter):
    text = load_bytes(letter).text
    order = [
        "Văn phòng Huyện ủy Dầu Tiếng",
        "Số 1000-CV/HU",
        "V/v đẩy mạnh",
        BODY,
        "STT | Đơn vị | Chỉ tiêu",
        "Ghi chú chung",
        "ủy ban kiểm tra",
        "Nơi nhận:",
        "Lưu hành nội bộ",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "2 | Xã Long Hòa | 4" in text
    assert text.count("Ghi chú chung cho cả hai cột") == 1  # a merged cell is read once


def test_legacy_font_runs_are_converted(letter):
    doc = load_bytes(letter)
    assert "ủy ban kiểm tra huyện ủy giám sát việc thực hiện." in doc.text  # TCVN3 has no toned capitals
    assert "KẾT LUẬN CỦA THƯỜNG TRỰC" in doc.text  # .VnTimeH draws capitals
    assert "Đồng chí Bí thư chủ trì hội nghị." in doc.text
    assert any("legacy fonts" in warning for warning in doc.warnings)


def test_zip_bomb_is_refused_before_inflating(letter):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(letter)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("word/media/padding.bin", b"\0" * 3_000_000)
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(TooLarge, match="unpacks to"):
        load_bytes(buffer.getvalue(), "bom.docx", limits=Limits(max_docx_uncompressed=1_000_000))


def test_damaged_docx_is_unreadable(letter):
    with pytest.raises(UnreadableFile):
        load_bytes(letter[: len(letter) // 2], "hong.docx")


OLE_WORD = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512
)


def test_legacy_doc_without_a_converter_is_unsupported(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedFile, match="antiword nor LibreOffice"):
        load_bytes(OLE_WORD, "cu.doc")


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_legacy_doc_that_antiword_rejects_is_unreadable():
    with pytest.raises(UnreadableFile, match="antiword"):
        load_bytes(OLE_WORD, "hong.doc")


def test_content_controls_are_read_and_deleted_text_is_not():
    from docx.oxml import OxmlElement

    document = docx.Document()
    wrapped = document.add_paragraph("Nội dung trong ô điều khiển của mẫu văn bản.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped._p)
    edited = document.add_paragraph("Giữ lại câu này.")
    deletion = OxmlElement("w:del")
    gone = edited.add_run(" Câu đã xóa.")._r
    gone.addprevious(deletion)
    deletion.append(gone)
    text = load_bytes(_save(document)).text
    assert text == "Nội dung trong ô điều khiển của mẫu văn bản.\nGiữ lại câu này."
