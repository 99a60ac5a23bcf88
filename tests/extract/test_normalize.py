import unicodedata

from ingest.normalize import fix_tone_placement, fold, normalize_text


def test_new_style_tone_placement_becomes_traditional():
    assert fix_tone_placement("Huyện uỷ, hoà bình, khoẻ, thuỷ lợi, Uỷ ban") == "Huyện ủy, hòa bình, khỏe, thủy lợi, Ủy ban"


def test_tone_placement_keeps_words_with_final_consonant_and_qu():
    assert fix_tone_placement("hoàn thành, quý, thuý") == "hoàn thành, quý, thúy"


def test_length_is_preserved():
    s = "Ban Thường vụ Thành uỷ hoà"
    assert len(fix_tone_placement(s)) == len(s)


def test_nfd_nbsp_and_eth_are_normalized():
    raw = unicodedata.normalize("NFD", "Đảng\u00a0ủy") + " \u00d0oàn"
    assert normalize_text(raw) == "Đảng ủy Đoàn"


def test_fold_removes_marks_and_d():
    assert fold("Phát triển Đảng viên") == "phat trien dang vien"
