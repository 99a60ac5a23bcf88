import json

from extract.models import Extraction, json_schema

CONTRACT_KEYS = {"schema_version", "source", "text", "document", "units", "people", "references", "targets", "figures", "deadlines"}


def test_schema_has_every_contract_field():
    schema = json_schema()
    assert CONTRACT_KEYS <= set(schema["properties"])
    target = schema["$defs"]["Target"]["properties"]
    assert {"measure", "comparator", "value", "value_max", "unit_of_measure", "period", "due", "unit", "evidence", "start", "end"} <= set(target)


def test_every_field_present_and_offsets_point_into_text(extract_text):
    rec = extract_text("Đồng chí Trần Thu Hương, Bí thư Quận ủy Lê Chân báo cáo: đã thành lập 12 tổ chức đảng.")
    data = json.loads(rec.model_dump_json())
    assert CONTRACT_KEYS <= set(data)
    assert set(data["document"]) >= {"kind", "number", "title", "issuer", "issued_on", "published_on", "place", "signer", "topics"}
    for unit in rec.units:
        for m in unit.mentions:
            assert rec.text[m.start:m.end] == m.text
    for f in rec.figures:
        assert f.evidence and rec.text[f.start:f.end] in f.evidence


def test_page_furniture_is_never_extracted(extract_text):
    rec = extract_text("Tin bài\nLượt xem: 16717\nHiển thị : 10 / 313 kết quả\nHôm nay : 183\nTháng 07 : 3.911\n")
    assert rec.figures == [] and rec.targets == []


def test_roundtrip_validates():
    assert Extraction.model_validate({"document": {"kind": "plan"}}).document.kind == "plan"
