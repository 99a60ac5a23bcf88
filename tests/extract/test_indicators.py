"""The indicator catalogue and the mapper that gives targets and figures an indicator."""

from __future__ import annotations

import pytest

from extract import datafiles, indicators


def _map(text: str, number: str, uom: str | None):
    start = text.index(number)
    return indicators.map_quantity(text, start, start + len(number), uom)


def test_catalogue_names_its_sources_and_every_indicator_has_phrasings():
    data = datafiles.validated("indicators")
    cat = indicators.catalogue()
    assert len(cat) >= 30
    assert set(data["sources"]) >= {"national_statistics", "party_building"}
    assert "Luật Thống kê" in data["sources"]["national_statistics"]
    for ind in cat.values():
        assert ind.phrasings and ind.name and ind.unit and ind.source
    assert {"XD.KNDV", "XD.CBTSVM", "KT.GRDP", "KT.THUNS", "KT.TNBQ", "XH.HONGHEO", "XH.BHYT", "XH.NTM",
            "XH.DVCTT"} <= set(cat)


@pytest.mark.parametrize(
    ("text", "number", "uom", "code"),
    [
        ("Các đảng bộ đã tổ chức 115 lớp nhận thức về Đảng.", "115 lớp", "lớp", "XD.LNT"),
        ("đã kết nạp được 5.966 đảng viên, đạt 62,8% so với Nghị quyết.", "5.966 đảng viên", "đảng viên", "XD.KNDV"),
        # a share stated against a plan measures the count it follows
        ("đã kết nạp được 5.966 đảng viên, đạt 62,8% so với Nghị quyết.", "62,8%", "%", "XD.KNDV"),
        ("Tỷ lệ kết nạp đảng viên mới hằng năm đạt 3 - 4%.", "3 - 4%", "%", "XD.KNDV_TL"),
        ("Tốc độ tăng trưởng kinh tế (GRDP) bình quân đạt 8,5%/năm.", "8,5%", "%", "KT.GRDP"),
        ("Tỷ lệ hộ nghèo giảm còn dưới 3%.", "3%", "%", "XH.HONGHEO"),
        ("Phấn đấu có thêm 25 xã đạt chuẩn nông thôn mới.", "25 xã", "xã", "XH.NTM"),
        ("Đến năm 2025, có 60% số xã đạt chuẩn nông thôn mới.", "60%", "%", "XH.NTM"),
        ("Thu ngân sách nhà nước trên địa bàn đạt 19.000 tỷ đồng.", "19.000 tỷ đồng", "đồng", "KT.THUNS"),
    ],
)
def test_maps_by_the_words_around_the_number(text, number, uom, code):
    found = _map(text, number, uom)
    assert found is not None and found["code"] == code
    assert 0.5 <= found["confidence"] <= 1


def test_unit_of_measure_must_agree_and_nothing_fitting_stays_unmapped():
    # a growth rate of revenue is not the revenue (money); a count of officials names no indicator
    assert _map("Thu ngân sách tăng 12%.", "12%", "%") is None
    assert _map("Hiện nay, có 129 cán bộ được tuyển chọn.", "129 cán bộ", "cán bộ") is None
    # a breakdown ("trong đó") is not the indicator its total measures
    text = "kết nạp 429 đảng viên, trong đó có 22 đảng viên là chủ doanh nghiệp"
    assert _map(text, "429 đảng viên", "đảng viên")["code"] == "XD.KNDV"
    assert _map(text, "22 đảng viên", "đảng viên") is None


def test_extract_sets_indicator_on_targets_and_figures():
    from extract import extract_document
    from ingest import load_bytes

    text = ("NGHỊ QUYẾT\nvề công tác xây dựng Đảng\n\nPhấn đấu hằng năm kết nạp từ 150 đảng viên trở lên.\n"
            "Năm 2022, toàn Đảng bộ kết nạp 162 đảng viên.\n")
    record = extract_document(load_bytes(text.encode("utf-8"), "nq.txt"))
    assert [t.indicator.code for t in record.targets if t.indicator] == ["XD.KNDV"]
    assert [f.indicator.code for f in record.figures if f.indicator] == ["XD.KNDV"]
    dumped = record.model_dump(mode="json")
    assert dumped["targets"][0]["indicator"]["name"] == "Số đảng viên mới được kết nạp"
    assert dumped["figures"][0]["target"] is None and dumped["figures"][0]["progress"] is None
