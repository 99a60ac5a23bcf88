"""The unit tree: stated parents, inferred parents, roll-up in filters, any ingestion order."""

from __future__ import annotations

import pytest

from ingest.errors import NotFound


def _unit(name, kind, level, province=None, district=None, parent=None):
    locality = {"province": province, "district": district, "commune": None} if province else None
    return {"name": name, "kind": kind, "level": level, "locality": locality, "parent": parent,
            "mentions": [{"start": 0, "end": 1, "text": name[:1]}]}

TINH_UY = _unit("Tỉnh ủy Bình Dương", "party_committee", "province", "Bình Dương")
BTV = _unit("Ban Thường vụ Tỉnh ủy Bình Dương", "committee_body", "province", "Bình Dương", parent="Tỉnh ủy Bình Dương")
HUYEN_UY = _unit("Huyện ủy Dầu Tiếng", "party_committee", "district", "Bình Dương", "Dầu Tiếng")
LDLD_TINH = _unit("Liên đoàn Lao động tỉnh Bình Dương", "mass_organization", "province", "Bình Dương")
LDLD_HUYEN = _unit("Liên đoàn Lao động huyện Dầu Tiếng", "mass_organization", "district", "Bình Dương", "Dầu Tiếng")
OTHER_PROVINCE = _unit("Huyện ủy Tiên Lãng", "party_committee", "district", "Hải Phòng", "Tiên Lãng")


def _ids(result):
    return {hit["id"] for hit in result["hits"]}


@pytest.mark.parametrize("order", ["top_down", "bottom_up"])
def test_a_committee_includes_its_bodies_and_the_committees_below(store, order, make_record):
    records = [
        make_record("Tỉnh ủy chỉ đạo.", units=[TINH_UY]),
        make_record("Ban Thường vụ Tỉnh ủy kết luận.", units=[BTV]),
        make_record("Huyện ủy triển khai.", units=[HUYEN_UY]),
        make_record("Huyện ủy Tiên Lãng triển khai.", units=[OTHER_PROVINCE]),
    ]
    if order == "bottom_up":
        records.reverse()
    ids = {r.text: store.add(r)[0] for r in records}
    province = store.search(unit="Tỉnh ủy Bình Dương")
    assert _ids(province) == {ids["Tỉnh ủy chỉ đạo."], ids["Ban Thường vụ Tỉnh ủy kết luận."], ids["Huyện ủy triển khai."]}
    assert _ids(store.search(unit="Huyện ủy Dầu Tiếng")) == {ids["Huyện ủy triển khai."]}
    assert _ids(store.search(unit="huyen uy dau tieng")) == {ids["Huyện ủy triển khai."]}


def test_a_stated_parent_that_no_record_describes_is_created(store, make_record):
    store.add(make_record("Ban Thường vụ kết luận.", units=[BTV]))
    tree = store.units_tree()
    assert [n["name"] for n in tree] == ["Tỉnh ủy Bình Dương"]
    assert tree[0]["kind"] == "party_committee"
    assert [c["name"] for c in tree[0]["children"]] == ["Ban Thường vụ Tỉnh ủy Bình Dương"]


def test_mass_organizations_nest_by_their_own_kind(store, make_record):
    store.add(make_record("Công đoàn.", units=[LDLD_HUYEN, TINH_UY, HUYEN_UY]))
    store.add(make_record("Liên đoàn tỉnh.", units=[LDLD_TINH]))
    tree = {n["name"]: n for n in store.units_tree()}
    assert [c["name"] for c in tree["Liên đoàn Lao động tỉnh Bình Dương"]["children"]] == [
        "Liên đoàn Lao động huyện Dầu Tiếng"
    ]
    assert [c["name"] for c in tree["Tỉnh ủy Bình Dương"]["children"]] == ["Huyện ủy Dầu Tiếng"]


def test_unit_detail_has_documents_and_items(store, make_record):
    doc_id, _ = store.add(
        make_record(
            "Huyện ủy phấn đấu kết nạp 50 đảng viên.",
            units=[HUYEN_UY],
            targets=[{"measure": "kết nạp đảng viên", "value": 50, "unit_of_measure": "đảng viên",
                      "unit": "Huyện ủy Dầu Tiếng", "evidence": "kết nạp 50 đảng viên", "start": 9, "end": 38}],
        )
    )
    store.add(make_record("Tỉnh ủy.", units=[TINH_UY]))
    huyen = store.search(unit="Huyện ủy Dầu Tiếng")["hits"][0]["id"]
    assert huyen == doc_id
    tree = store.units_tree()
    province_id = tree[0]["id"]
    detail = store.unit(province_id)
    assert detail["name"] == "Tỉnh ủy Bình Dương"
    assert detail["documents_total"] == 2
    assert [c["name"] for c in detail["children"]] == ["Huyện ủy Dầu Tiếng"]
    assert [t["value"] for t in detail["targets"]] == [50]
    child = store.unit(detail["children"][0]["id"])
    assert child["parent"] == {"id": province_id, "name": "Tỉnh ủy Bình Dương"}
    assert child["locality"] == {"province": "Bình Dương", "district": "Dầu Tiếng", "commune": None}


def test_the_issuer_is_a_linked_unit(store, make_record):
    doc_id, _ = store.add(make_record("Kế hoạch.", issuer="Ủy ban nhân dân tỉnh Bình Dương"))
    assert _ids(store.search(unit="Ủy ban nhân dân tỉnh Bình Dương")) == {doc_id}
    assert store.units_tree()[0]["kind"] == "state_body"


def test_unknown_unit_filter_finds_nothing_and_unknown_unit_id_is_not_found(store, make_record):
    store.add(make_record("Tỉnh ủy.", units=[TINH_UY]))
    assert store.search(unit="Thành ủy Hà Nội")["total"] == 0
    with pytest.raises(NotFound):
        store.unit(999)


def test_units_are_shared_between_documents_and_completed(store, make_record):
    bare = {"name": "Huyện ủy Dầu Tiếng", "kind": "party_committee", "level": None, "locality": None, "parent": None}
    store.add(make_record("Một.", units=[bare]))
    store.add(make_record("Hai.", units=[HUYEN_UY, TINH_UY]))
    nodes = {n["name"]: n for n in store.units_tree()}
    assert set(nodes) == {"Tỉnh ủy Bình Dương"}
    child = nodes["Tỉnh ủy Bình Dương"]["children"][0]
    assert child["name"] == "Huyện ủy Dầu Tiếng" and child["documents"] == 2 and child["level"] == "district"


def test_a_party_organization_sits_under_the_committee_that_leads_it(store, make_record):
    dang_bo = _unit("Đảng bộ tỉnh Bình Dương", "party_organization", "province", "Bình Dương")
    dang_bo_huyen = _unit("Đảng bộ huyện Dầu Tiếng", "party_organization", "district", "Bình Dương", "Dầu Tiếng")
    store.add(make_record("Đảng bộ.", units=[dang_bo, dang_bo_huyen]))
    store.add(make_record("Tỉnh ủy và huyện ủy.", units=[TINH_UY, HUYEN_UY]))
    (root,) = store.units_tree()
    assert root["name"] == "Tỉnh ủy Bình Dương"
    children = {c["name"]: c for c in root["children"]}
    assert set(children) == {"Đảng bộ tỉnh Bình Dương", "Huyện ủy Dầu Tiếng"}
    assert [c["name"] for c in children["Huyện ủy Dầu Tiếng"]["children"]] == ["Đảng bộ huyện Dầu Tiếng"]


VINH = _unit("Thành ủy Vinh", "party_committee", "district", "Nghệ An", "Vinh")
VINH_YEN = _unit("Thành ủy Vĩnh Yên", "party_committee", "district", "Vĩnh Phúc", "Vĩnh Yên")
VI_XUYEN = _unit("Huyện ủy Vị Xuyên", "party_committee", "district", "Hà Giang", "Vị Xuyên")
THANH_MIEN = _unit("Huyện ủy Thanh Miện", "party_committee", "district", "Hải Dương", "Thanh Miện")


def test_unit_filters_match_an_id_a_name_or_a_place_never_part_of_a_name(store, make_record):
    ids = {
        r.text: store.add(r)[0]
        for r in [
            make_record("Vinh.", units=[VINH]),
            make_record("Vĩnh Yên.", units=[VINH_YEN]),
            make_record("Vị Xuyên.", units=[VI_XUYEN]),
            make_record("Tiên Lãng.", units=[OTHER_PROVINCE]),
            make_record("Thanh Miện.", units=[THANH_MIEN]),
        ]
    }
    assert _ids(store.search(unit="Vinh")) == {ids["Vinh."]}  # not Vĩnh Yên: no substring
    assert _ids(store.search(unit="Thành ủy")) == set()  # part of names: nothing
    # no Tỉnh ủy Hà Giang is stored; the province still filters to the units located there
    assert _ids(store.search(unit="Hà Giang")) == {ids["Vị Xuyên."]}
    assert _ids(store.search(unit="tỉnh Hà Giang")) == {ids["Vị Xuyên."]}
    assert _ids(store.search(unit="ha giang")) == {ids["Vị Xuyên."]}
    assert _ids(store.search(unit="Tiên Lãng")) == {ids["Tiên Lãng."]}  # a district
    # Hải Dương merged into Hải Phòng on 1 July 2025: the new province covers the old one
    assert _ids(store.search(unit="Hải Phòng")) == {ids["Tiên Lãng."], ids["Thanh Miện."]}
    assert _ids(store.search(unit="Hải Dương")) == {ids["Thanh Miện."]}
    vinh_id = store.resolve_units("Thành ủy Vinh")
    assert len(vinh_id) == 1 and _ids(store.search(unit=str(vinh_id[0]))) == {ids["Vinh."]}
    assert store.resolve_units("không có") == []


def test_unit_facets_roll_up_the_tree(store, make_record):
    store.add(make_record("Một.", units=[TINH_UY]))
    store.add(make_record("Hai.", units=[BTV]))
    store.add(make_record("Ba.", units=[HUYEN_UY]))
    store.add(make_record("Bốn.", units=[HUYEN_UY, TINH_UY]))
    facets = store.search()["facets"]["unit"]
    assert facets["Tỉnh ủy Bình Dương"] == 4  # its own two, its body's and its district's, each once
    assert facets["Huyện ủy Dầu Tiếng"] == 2
    assert facets["Ban Thường vụ Tỉnh ủy Bình Dương"] == 1
    assert list(facets)[0] == "Tỉnh ủy Bình Dương"


BCT = _unit("Bộ Chính trị", "committee_body", "central")


def test_issue_15_a_unit_page_separates_what_it_issued_from_mere_mentions(store, make_record):
    own, _ = store.add(make_record(
        "Bộ Chính trị kết luận: phấn đấu kết nạp 50 đảng viên.", units=[BCT], issuer="Bộ Chính trị",
        targets=[{"measure": "kết nạp đảng viên", "value": 50, "unit_of_measure": "đảng viên",
                  "evidence": "kết nạp 50 đảng viên", "start": 29, "end": 49}]))
    mention, _ = store.add(make_record(
        "Thực hiện Kết luận của Bộ Chính trị, Tỉnh ủy phấn đấu kết nạp 900 đảng viên.", units=[BCT, TINH_UY],
        issuer="Tỉnh ủy Bình Dương",
        targets=[{"measure": "kết nạp đảng viên", "value": 900, "unit_of_measure": "đảng viên",
                  "evidence": "kết nạp 900 đảng viên", "start": 55, "end": 76}]))
    (bct_id,) = store.resolve_units("Bộ Chính trị")
    page = store.unit(bct_id)
    assert [d["id"] for d in page["issued"]] == [own] and page["issued_total"] == 1
    assert [d["id"] for d in page["mentioned"]] == [mention] and page["mentioned_total"] == 1
    assert [t["value"] for t in page["targets"]] == [50]  # not the province's 900
    (tinh_id,) = store.resolve_units("Tỉnh ủy Bình Dương")
    province = store.unit(tinh_id)
    assert [d["id"] for d in province["issued"]] == [mention]
    assert [t["value"] for t in province["targets"]] == [900]


def test_issue_15_the_unit_tree_is_cached_until_a_write(tmp_path, make_record):
    from corpus.store import Store

    db = tmp_path / "tree.db"
    with Store(db) as store, Store(db) as other:
        store.add(make_record("Tỉnh ủy.", units=[TINH_UY]))
        first = store.units_tree()
        assert store.units_tree() is first  # no write since: the same tree
        store.add(make_record("Huyện ủy.", units=[HUYEN_UY]))
        second = store.units_tree()
        assert second is not first and second[0]["children"][0]["name"] == "Huyện ủy Dầu Tiếng"
        other.add(make_record("Tiên Lãng.", units=[OTHER_PROVINCE]))  # another connection writes
        assert "Huyện ủy Tiên Lãng" in {node["name"] for node in store.units_tree()}
