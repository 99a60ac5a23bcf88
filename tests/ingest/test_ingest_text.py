"""Plain text in every encoding Vietnamese files come in, and the clean-up every text gets."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from ingest import Limits, load_bytes, load_path
from ingest.errors import TooLarge, UnreadableFile, UnsupportedFile
from ingest.legacy import encode

# No capital letter with a tone mark: TCVN3 has none, so every encoding can carry this exactly.
SAMPLE = (
    "Đảng ủy xã Tân Phước tổ chức hội nghị sơ kết công tác phát triển đảng viên năm 2023.\n"
    "Ban Thường vụ Huyện ủy giao chỉ tiêu kết nạp ít nhất 25 đảng viên mới, trong đó 60% là "
    "đoàn viên thanh niên; thời hạn hoàn thành trước ngày 15/12/2024.\n"
    "Nghiêng, khuya, người, thuở, quyết, giữ gìn, hòa bình, thủy lợi, khỏe mạnh, Ưu tiên, Ơn nghĩa.\n"
)

_TONES = set("\u0300\u0301\u0303\u0309\u0323")


def _cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows wrote it: base letter, then a combining tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


ENCODINGS = {
    "utf-8": SAMPLE.encode("utf-8"),
    "utf-8 with BOM": SAMPLE.encode("utf-8-sig"),
    "utf-16 with BOM": SAMPLE.encode("utf-16"),
    "utf-16-le without BOM": SAMPLE.encode("utf-16-le"),
    "utf-16-be without BOM": SAMPLE.encode("utf-16-be"),
    "windows-1258": _cp1258(SAMPLE),
    "tcvn3": encode(SAMPLE, "tcvn3").encode("cp1252"),
    "vni": encode(SAMPLE, "vni").encode("cp1252"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_encoding_reads_back_the_same_text(encoding):
    data = ENCODINGS[encoding]
    doc = load_bytes(data, "bao-cao.txt")
    assert doc.text == SAMPLE.strip()
    assert doc.media_type == "text/plain"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.filename == "bao-cao.txt"


def test_legacy_samples_really_are_mojibake_without_conversion():
    # the test above would prove nothing if the legacy bytes happened to be readable as is
    assert ENCODINGS["tcvn3"].decode("cp1252").startswith("§¶ng ñy")
    assert "Ñaûng" in ENCODINGS["vni"].decode("cp1252")


def test_legacy_text_saved_as_utf8_is_converted_too():
    mojibake = encode(SAMPLE, "vni")
    assert load_bytes(mojibake.encode("utf-8")).text == SAMPLE.strip()


def test_nfd_input_comes_out_nfc():
    doc = load_bytes(unicodedata.normalize("NFD", SAMPLE).encode("utf-8"))
    assert doc.text == SAMPLE.strip()
    assert unicodedata.is_normalized("NFC", doc.text)


def test_new_style_tone_placement_is_made_traditional():
    doc = load_bytes("Uỷ ban nhân dân; hoà bình; thuỷ lợi; khoẻ mạnh; quý; hoàn thành.".encode())
    assert doc.text == "Ủy ban nhân dân; hòa bình; thủy lợi; khỏe mạnh; quý; hoàn thành."


def test_hyphenated_line_breaks_are_joined():
    doc = load_bytes("Kế hoạch phát tri-\nển đảng viên trong doanh nghi-\n  ệp ngoài nhà nước.".encode())
    assert doc.text == "Kế hoạch phát triển đảng viên trong doanh nghiệp ngoài nhà nước."


def test_blank_lines_and_odd_spaces_are_tidied():
    doc = load_bytes("\n\nDòng một\u00a0\u00a0 \n\n\n\n \u00a0\nDòng hai\t\n\n".encode())
    assert doc.text == "Dòng một\n\nDòng hai"


def test_windows_1258_file_warns_which_encoding_was_used():
    doc = load_bytes(ENCODINGS["windows-1258"], "cu.txt")
    assert doc.warnings == ["cu.txt: decoded as windows-1258"]


def test_size_cap_raises_too_large():
    with pytest.raises(TooLarge, match="ke-hoach.txt"):
        load_bytes(b"x" * 101, "ke-hoach.txt", limits=Limits(max_bytes=100))


def test_size_cap_is_checked_before_a_path_is_read(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(TooLarge) as caught:
        load_path(path, limits=Limits(max_bytes=1000))
    assert caught.value.code == "too_large"


def test_load_path_reads_a_file(tmp_path):
    path = tmp_path / "thong-bao.txt"
    path.write_bytes(ENCODINGS["vni"])
    doc = load_path(path)
    assert doc.filename == "thong-bao.txt"
    assert doc.text == SAMPLE.strip()


def test_missing_path_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        load_path(tmp_path / "khong-co.txt")


def test_empty_file_is_unreadable():
    with pytest.raises(UnreadableFile, match="trong.txt"):
        load_bytes(b"  \n", "trong.txt")


def test_random_bytes_are_unsupported_and_the_message_says_what_was_seen():
    noise = bytes((i * 197 + 13) % 256 for i in range(4096))
    with pytest.raises(UnsupportedFile) as caught:
        load_bytes(noise, "tep-la.bin")
    assert "tep-la.bin" in caught.value.message
    assert "looks like" in caught.value.message
    assert caught.value.code == "unsupported_file"


def test_binary_bytes_that_decode_as_utf16_are_refused():
    import pytest

    from ingest import load_bytes
    from ingest.errors import UnsupportedFile

    with pytest.raises(UnsupportedFile, match="binary data"):
        load_bytes(b"\x00\x01\x02\x03\xff\xfe" * 10, "x.bin")
