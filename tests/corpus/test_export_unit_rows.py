"""Rows of a unit: its own items (wherever they are) and the unit-less items of its documents,
the same with and without a limit (the limited query picks rows before reading documents)."""

from __future__ import annotations


def _target(value: float, unit: str | None, start: int) -> dict:
    return {"measure": "kết nạp", "comparator": "gte", "value": value, "unit_of_measure": "đảng viên",
            "unit": unit, "evidence": "x", "start": start, "end": start + 1}


def test_unit_rows_with_and_without_a_limit(store, make_record, unit):
    tl = unit("Huyện ủy Tiên Lãng", "party_committee", "district", "Hải Phòng", "Tiên Lãng")
    other = unit("Huyện ủy Vĩnh Bảo", "party_committee", "district", "Hải Phòng", "Vĩnh Bảo")
    store.add(make_record("Văn bản một của Tiên Lãng.", units=[tl],
                          targets=[_target(1, None, 0), _target(2, "Huyện ủy Tiên Lãng", 2)]))
    store.add(make_record("Văn bản hai của Vĩnh Bảo.", units=[other],
                          targets=[_target(3, None, 0), _target(4, "Huyện ủy Vĩnh Bảo", 2)]))
    # a document not linked to Tiên Lãng whose target names it (the unit exists already)
    store.add(make_record("Văn bản ba.", units=[other], targets=[_target(5, "Huyện ủy Tiên Lãng", 4),
                                                                  _target(6, None, 6)]))
    unit_id = store.db.execute("SELECT id FROM units WHERE name = 'Huyện ủy Tiên Lãng'").fetchone()[0]
    rows = store.rows("targets", unit=str(unit_id))
    assert [r["value"] for r in rows] == [1, 2, 5]
    for limit in (1, 2, 3, 10):
        assert store.rows("targets", unit=str(unit_id), limit=limit) == rows[:limit]
    assert [r["value"] for r in store.rows("targets", unit="Huyện ủy Tiên Lãng", doc_kind="resolution", limit=2)] == [1, 2]
    # the unit's page: its own rows only; document one names Tiên Lãng but was not issued by it, so its
    # unit-less target is not Tiên Lãng's (issue 15)
    assert store.unit(unit_id)["targets"] == [r for r in rows if r["unit"] == "Huyện ủy Tiên Lãng"]
