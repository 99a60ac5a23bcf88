"""Citations resolve to stored documents, in whichever order the documents arrive."""

from __future__ import annotations

from corpus.references import number_key, number_lead


def _unit(province):
    return {"name": f"Tỉnh ủy {province}", "kind": "party_committee", "level": "province",
            "locality": {"province": province}}


def _citing(make_record, number, province="Hải Phòng", **ref):
    return make_record(f"Thực hiện văn bản số {number} ({province}, {sorted(ref.items())}).", title="Văn bản trích dẫn",
                       kind="plan", number="5-KH/HU", units=[_unit(province)] if province else [],
                       references=[{"kind": ref.pop("kind", "resolution"), "number": number, **ref}])


def _cited(make_record, number, kind="resolution", province="Hải Phòng", **kwargs):
    return make_record(f"Văn bản {number} ({province}, {sorted(kwargs.items())}).", title=f"Văn bản {number}",
                       kind=kind, number=number, units=[_unit(province)] if province else [], **kwargs)


def test_number_keys():
    assert number_key("Số 28-NQ/TU") == "28-nq/tu"
    assert number_key("03-ĐA/TU") == "03-da/tu"
    assert number_lead("03-ĐA/TU") == "3"
    assert number_lead("249/2025/NĐ-CP") == "249"
    assert number_lead(None) is None


def test_a_citation_resolves_to_a_document_stored_before(store, make_record):
    cited, _ = store.add(_cited(make_record, "28-NQ/TU"))
    citing, _ = store.add(_citing(make_record, "28-NQ/TU"))
    assert store.get(citing)["links"]["references"] == [cited]
    assert store.get(cited)["links"]["cited_by"] == [citing]


def test_a_citation_resolves_when_the_cited_document_arrives_later(store, make_record):
    citing, _ = store.add(_citing(make_record, "28-NQ/TU"))
    assert store.get(citing)["links"]["references"] == [None]
    cited, _ = store.add(_cited(make_record, "28-NQ/TU"))
    assert store.get(citing)["links"]["references"] == [cited]


def test_kind_must_agree(store, make_record):
    store.add(_cited(make_record, "28-NQ/TU", kind="plan"))
    citing, _ = store.add(_citing(make_record, "28-NQ/TU"))
    assert store.get(citing)["links"]["references"] == [None]


def test_a_bare_number_needs_the_issuer_or_the_date(store, make_record):
    cited, _ = store.add(_cited(make_record, "28-NQ/TU", issuer="Ban Thường vụ Thành ủy Hải Phòng", issued_on="2021-09-01"))
    bare, _ = store.add(_citing(make_record, "28", province=None))
    with_issuer, _ = store.add(_citing(make_record, "28", issuer="Ban Thường vụ Thành ủy Hải Phòng"))
    with_date, _ = store.add(_citing(make_record, "28", issued_on="2021-09-01"))
    assert store.get(bare)["links"]["references"] == [None]
    assert store.get(with_issuer)["links"]["references"] == [cited]
    assert store.get(with_date)["links"]["references"] == [cited]


def test_two_candidates_and_nothing_to_choose_gives_no_link(store, make_record):
    store.add(_cited(make_record, "28-NQ/TU", issuer="Ban Thường vụ Tỉnh ủy Bình Dương", province=None))
    store.add(_cited(make_record, "28-NQ/TU", issuer="Ban Thường vụ Thành ủy Hải Phòng", province=None))
    vague, _ = store.add(_citing(make_record, "28-NQ/TU", province=None))
    assert store.get(vague)["links"]["references"] == [None]
    precise, _ = store.add(_citing(make_record, "28-NQ/TU", issuer="Ban Thường vụ Thành ủy Hải Phòng"))
    (target,) = store.get(precise)["links"]["references"]
    assert store.get(target)["document"]["issuer"] == "Ban Thường vụ Thành ủy Hải Phòng"


def test_a_document_does_not_cite_itself(store, make_record):
    doc, _ = store.add(make_record("Nghị quyết 28-NQ/TU.", number="28-NQ/TU",
                                   references=[{"kind": "resolution", "number": "28-NQ/TU"}]))
    assert store.get(doc)["links"]["references"] == [None]


def test_a_symbol_of_another_province_is_not_linked(store, make_record):
    """Every province has a 09-NQ/TU: a Quảng Ninh citation never links to Hà Tĩnh's."""
    ha_tinh, _ = store.add(_cited(make_record, "09-NQ/TU", province="Hà Tĩnh",
                                  issuer="Ban Thường vụ Tỉnh ủy Hà Tĩnh"))
    bare, _ = store.add(_citing(make_record, "09-NQ/TU", province="Quảng Ninh"))
    unqualified, _ = store.add(_citing(make_record, "09-NQ/TU", province="Quảng Ninh",
                                       issuer="Ban Thường vụ Tỉnh ủy"))
    assert store.get(bare)["links"]["references"] == [None]
    assert store.get(unqualified)["links"]["references"] == [None]
    quang_ninh, _ = store.add(_cited(make_record, "09-NQ/TU", province="Quảng Ninh",
                                     issuer="Ban Thường vụ Tỉnh ủy Quảng Ninh"))
    assert store.get(bare)["links"]["references"] == [quang_ninh]
    assert store.get(unqualified)["links"]["references"] == [quang_ninh]
    hatinh_citing, _ = store.add(_citing(make_record, "09-NQ/TU", province="Hà Tĩnh"))
    assert store.get(hatinh_citing)["links"]["references"] == [ha_tinh]


def test_no_place_known_gives_no_link_but_a_central_symbol_needs_none(store, make_record):
    local, _ = store.add(_cited(make_record, "28-NQ/TU", province=None))
    central, _ = store.add(_cited(make_record, "33-CT/TW", kind="directive", province=None, issuer="Ban Bí thư"))
    vague, _ = store.add(_citing(make_record, "28-NQ/TU", province=None))
    to_central, _ = store.add(_citing(make_record, "33-CT/TW", kind="directive", province="Quảng Ninh"))
    assert store.get(vague)["links"]["references"] == [None]
    assert store.get(to_central)["links"]["references"] == [central]
    assert local != central


def test_a_date_in_the_citation_must_be_the_documents(store, make_record):
    store.add(_cited(make_record, "28-NQ/TU", issued_on="2021-09-01"))
    wrong, _ = store.add(_citing(make_record, "28-NQ/TU", issued_on="2022-01-05"))
    right, _ = store.add(_citing(make_record, "28-NQ/TU", issued_on="2021-09-01"))
    assert store.get(wrong)["links"]["references"] == [None]
    assert store.get(right)["links"]["references"] != [None]
