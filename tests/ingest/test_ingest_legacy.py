"""TCVN3 and VNI tables: every letter round-trips, and real Unicode is never 'repaired'."""

from __future__ import annotations

import pytest

from ingest.legacy import (
    convert,
    encode,
    is_heading_font,
    repair,
    restore_capitals,
    restore_tcvn3,
    scheme_for_font,
)
from ingest.syllables import is_syllable

VOWELS = "aăâeêioôơuưy"
TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
LOWER = VOWELS + TONED + "đ"


def test_vni_round_trips_the_whole_alphabet_in_both_cases():
    for letters in (LOWER, LOWER.upper()):
        legacy = encode(letters, "vni")
        assert legacy != letters
        assert convert(legacy, "vni") == letters


def test_tcvn3_round_trips_lower_case_and_base_capitals():
    letters = LOWER + "ĂÂÊÔƠƯĐ"
    legacy = encode(letters, "tcvn3")
    assert all(ord(c) < 256 for c in legacy)
    assert convert(legacy, "tcvn3") == letters


def test_tcvn3_heading_fonts_are_upper_cased():
    legacy = encode("ủy ban nhân dân tỉnh", "tcvn3")
    assert convert(legacy, "tcvn3", upper=True) == "ỦY BAN NHÂN DÂN TỈNH"


@pytest.mark.parametrize(
    ("legacy", "expected", "scheme"),
    [
        ("§¶ng céng s¶n ViÖt Nam", "Đảng cộng sản Việt Nam", "tcvn3"),
        ("Ñaûng coäng saûn Vieät Nam", "Đảng cộng sản Việt Nam", "vni"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "vni"),
    ],
)
def test_repair_detects_the_scheme(legacy, expected, scheme):
    assert repair(legacy) == (expected, scheme)


@pytest.mark.parametrize(
    "text",
    [
        "Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập, tự do, hạnh phúc",
        "Hội nghị với ông Müller và bà Søren tại Đà Nẵng",
        "Số: 15/QĐ-UBND ngày 28/7/2023",
    ],
)
def test_repair_leaves_unicode_alone(text):
    assert repair(text) == (text, None)


def test_font_names_choose_the_scheme():
    assert scheme_for_font(".VnTime") == "tcvn3"
    assert scheme_for_font(".VnTimeH") == "tcvn3"
    assert scheme_for_font("VNI-Times") == "vni"
    assert scheme_for_font("Times New Roman") is None
    assert scheme_for_font(None) is None
    assert is_heading_font(".VnTimeH") and not is_heading_font(".VnTime")


@pytest.mark.parametrize("word", ["Việt", "NGHIÊNG", "quốc", "giờ", "khuya", "người", "Ủy", "hoà"])
def test_well_formed_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["ViÖt", "Vieät", "tàt", "chaøo", "xyz", "hóàn"])
def test_malformed_syllables(word):
    assert not is_syllable(word)


def test_repair_converts_only_the_legacy_lines_of_a_mixed_text():
    unicode_part = "Chi bộ Công ty Cao su đã mở lớp cảm tình Đảng trong tháng 6."
    legacy_part = "Đảng ủy xã Định Hiệp đã kiện toàn cấp ủy trong tháng 1."
    mixed = "\n".join([encode("Số 45-BC/HU", "tcvn3"), encode(legacy_part, "tcvn3"), unicode_part])
    text, scheme = repair(mixed)
    assert scheme == "tcvn3"
    assert text.split("\n") == ["Số 45-BC/HU", legacy_part, unicode_part]


@pytest.mark.parametrize(
    "text",
    [
        "ĐẢNG BỘ TỈNH THANH HÓA                   ĐẢNG CỘNG SẢN VIỆT NAM",
        "HUYỆN ỦY THỌ XUÂN",
        "SỞ NỘI VỤ                            Độc lập - Tự do - Hạnh phúc",
        "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN",
        "Ủy ban nhân dân huyện. Ở đây, đề nghị Ủy ban Mặt trận Tổ quốc tham gia.",
    ],
)
def test_tcvn3_capitals_lost_in_a_plain_text_copy_are_restored(text):
    legacy = encode(text, "tcvn3")
    assert convert(legacy, "tcvn3") != text  # toned capitals do not survive TCVN3
    assert restore_capitals(convert(legacy, "tcvn3")) == text
    assert repair(legacy) == (text, "tcvn3")


def test_restoring_capitals_leaves_words_in_lower_case_alone():
    unchanged = "Số: 15/QĐ-UBND ngày 28/7/2023 của Bộ Nội vụ"
    assert restore_capitals(unchanged) == unchanged
    # only the first letter of the line: "30 ủy viên" stays in lower case
    assert restore_capitals("ủy viên Ban Thường vụ, 30 ủy viên") == "Ủy viên Ban Thường vụ, 30 ủy viên"


def test_the_range_sign_that_tcvn3_shares_with_u_horn_tilde_is_restored():
    text = "Giá trị sản xuất tăng bình quân 3÷4%/năm; giữ vững 100% xã"
    assert repair(encode(text, "tcvn3")) == (text, "tcvn3")
    assert restore_tcvn3("giữ 3ữ4%") == "giữ 3÷4%"


def test_a_header_in_lower_case_gets_its_capitals_back():
    from ingest.legacy import restore_header_capitals

    text = (
        "hội đồng nhân dân                   cộng hòa xã hội chủ nghĩa việt nam\n"
        "tỉnh long an                             độc lập - tự do - hạnh phúc\n"
        "Số: 43/NQ-HĐND                      Long An, ngày 09 tháng 12 năm 2022\n\n"
        "nghị quyết\nvề nhiệm vụ phát triển kinh tế - xã hội năm 2023\n"
    )
    restored = restore_header_capitals(text)
    assert restored.split("\n")[:2] == [
        "HỘI ĐỒNG NHÂN DÂN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH LONG AN                             Độc lập - Tự do - Hạnh phúc",
    ]
    assert "NGHỊ QUYẾT\nvề nhiệm vụ phát triển" in restored and len(restored) == len(text)
    prose = "Tin tức\n\nsở Nội vụ cho biết, đảng bộ xã đã kết nạp 12 đảng viên."
    assert restore_header_capitals("Hội nghị\n" + "\n".join(["dòng"] * 12) + "\nđảng bộ xã") == (
        "Hội nghị\n" + "\n".join(["dòng"] * 12) + "\nđảng bộ xã"
    )
    assert restore_header_capitals(prose).endswith("đảng bộ xã đã kết nạp 12 đảng viên.")
