"""Citation forms of real documents: qualifiers, lower-case type words, bare symbols, long dates."""

from extract.references import find_references


def _got(text: str) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.number, r.issued_on) for r in find_references(text)]


def test_skipped_long_phrase_does_not_hide_a_later_citation() -> None:
    text = "Kế hoạch hành động của Sở về việc triển khai Chỉ thị số 05-CT/HU, ngày 3/2/2022 của Huyện ủy."
    assert _got(text) == [("directive", "05-CT/HU", "2022-02-03")]


def test_qualifier_between_type_word_and_number_when_the_code_agrees() -> None:
    assert _got("Thực hiện Chương trình hành động số 07-CTr/HU ngày 15/5/2023.") == [
        ("program", "07-CTr/HU", "2023-05-15")]
    # the code names another kind: the words before 'số' are no qualifier of this type word
    assert _got("Báo cáo tình hình số 12/QĐ-UBND") == [("decision", "12/QĐ-UBND", None)]


def test_lower_case_type_word_with_a_full_symbol() -> None:
    text = "Theo báo cáo số 31/BC-STC ngày 02/4/2021 và tờ\ntrình số 88/TTr-SNV."
    assert _got(text) == [("report", "31/BC-STC", "2021-04-02"), ("submission", "88/TTr-SNV", None)]
    assert _got("báo cáo số liệu 5 tháng") == []


def test_bare_symbol_after_so_takes_the_kind_of_its_code() -> None:
    text = "Căn cứ các Thông tư của Bộ Y tế: số 03/2019/TT-BYT ngày 28/3/2019; số 04/2019/TT-BYT; ý kiến tại văn bản số\n45/TB-UBND ngày 2/1/2020."
    got = _got(text)
    assert ("circular", "03/2019/TT-BYT", "2019-03-28") in got
    assert ("circular", "04/2019/TT-BYT", None) in got
    assert ("notice", "45/TB-UBND", "2020-01-02") in got


def test_long_date_over_lines() -> None:
    text = "Căn cứ Nghị định số 15/2021/NĐ-CP ngày\n03 tháng 3 năm 2021 của Chính phủ."
    assert _got(text) == [("decree", "15/2021/NĐ-CP", "2021-03-03")]
    assert _got("Nghị quyết số 09-NQ/TU, ngày 24 tháng 3 năm 2014 của Tỉnh ủy") == [
        ("resolution", "09-NQ/TU", "2014-03-24")]


def test_two_documents_sharing_a_number_are_two_citations() -> None:
    text = ("Căn cứ Quyết định số 12/QĐ-TTg ngày 3/1/2020 của Thủ tướng Chính phủ và Quyết định số 12/QĐ-UBND "
            "ngày 5/1/2020 của UBND tỉnh; Nghị quyết 28 của Tỉnh ủy và Nghị quyết số 28-NQ/TU.")
    assert [(r.kind, r.number) for r in find_references(text)] == [
        ("decision", "12/QĐ-TTg"), ("decision", "12/QĐ-UBND"), ("resolution", "28-NQ/TU")]


def test_a_bare_number_counting_months_is_no_citation() -> None:
    assert _got("Báo cáo 6 tháng gửi về huyện; kết quả thực hiện Chương trình\n9 tháng đạt khá.") == []
    assert _got("Thực hiện Kế hoạch 45 của Huyện ủy.") == [("plan", "45", None)]
