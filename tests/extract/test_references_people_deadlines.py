def test_formal_and_informal_references(extract_text):
    rec = extract_text(
        "Thực hiện Chỉ thị số 33 ngày 18/3/2019 của Ban Bí thư và Nghị quyết 28 của BTV Thành ủy; "
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; Kế hoạch số 18-KH/TU. Nghị quyết 28 tiếp tục."
    )
    got = [(r.kind, r.number, r.issued_on) for r in rec.references]
    assert got == [("directive", "33", "2019-03-18"), ("resolution", "28", None), ("law", "72/2025/QH15", None),
                   ("plan", "18-KH/TU", None)]
    assert rec.references[0].issuer == "Ban Bí thư"


def test_citation_without_number_is_not_a_reference(extract_text):
    rec = extract_text("Nhằm cụ thể hóa Nghị quyết Đại hội Đảng các cấp nhiệm kỳ 2020 - 2025.")
    assert rec.references == []


def test_people_with_all_positions(extract_text):
    rec = extract_text("Đồng chí Nguyễn Văn Va, Ủy viên Ban TVTU, Trưởng Ban Tổ chức Tỉnh ủy tới dự.")
    assert [(p.name, p.positions) for p in rec.people] == [
        ("Nguyễn Văn Va", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"])]


def test_deadlines(extract_text):
    rec = extract_text(
        "ĐẢNG CỘNG SẢN VIỆT NAM\nSố 12-KH/HU\nVinh, ngày 12 tháng 4 năm 2024\n\nKẾ HOẠCH\nphát triển đảng viên\n-----\n"
        "Các chi bộ hoàn thành trước ngày 30/6; báo cáo chậm nhất ngày 15/12/2024.\n"
        "Định kỳ hằng năm trước ngày 15/12 báo cáo Ban Thường vụ.\nPhấn đấu đến năm 2025 hoàn thành chỉ tiêu.\n"
        "So với giai đoạn 2016 - 2020 tăng mạnh.\n"
    )
    got = [(d.due, d.recurrence) for d in rec.deadlines]
    assert ("2024-06-30", None) in got and ("2024-12-15", None) in got and ("2025", None) in got
    assert (None, "yearly") in got
    assert not any(d.due == "2020" for d in rec.deadlines)


def test_responsible_unit_is_the_clause_subject(extract_text):
    rec = extract_text(
        "ĐẢNG CỘNG SẢN VIỆT NAM\nSố 12-KH/HU\nVinh, ngày 12 tháng 4 năm 2024\n\nKẾ HOẠCH\nphát triển đảng viên\n-----\n"
        "1. Ban Tổ chức Huyện ủy chủ trì, theo dõi; tham mưu Ban Thường vụ Huyện ủy sơ kết, báo cáo trước ngày 30/11/2024.\n"
        "2. Phấn đấu hằng năm kết nạp ít nhất 50 đảng viên, trong đó có các đơn vị trực thuộc trước ngày 15/12/2024.\n"
    )
    by_due = {d.due: d.unit for d in rec.deadlines}
    assert by_due["2024-11-30"] == "Ban Tổ chức Huyện ủy"
    assert by_due["2024-12-15"] is None
