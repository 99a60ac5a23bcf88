"""The `vanban` command line, through click's CliRunner, on a temporary store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import extract.evaluate
from api.cli import main


@pytest.fixture
def docs(tmp_path, doc_a, doc_b):
    folder = tmp_path / "docs"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text(doc_a, encoding="utf-8")
    (folder / "nested" / "b.txt").write_text(doc_b, encoding="utf-8")
    (folder / ".hidden.txt").write_text("ẩn", encoding="utf-8")
    return folder


@pytest.fixture
def run(tmp_path, fake_extractor, monkeypatch):
    monkeypatch.delenv("VANBAN_DB", raising=False)
    db = tmp_path / "store" / "cli.db"

    def invoke(*args: str, **kwargs):
        return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False, **kwargs)

    return invoke


def test_extract_prints_json_lines_in_input_order(run, docs, tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\x03")
    result = run("extract", str(docs / "a.txt"), str(bad), str(docs / "nested" / "b.txt"), str(tmp_path / "none.txt"))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["filename"] for r in records] == ["a.txt", "bad.bin", "b.txt", "none.txt"]
    assert records[0]["document"]["number"] == "28-NQ/TU" and records[0]["text"]
    assert records[1] == {
        "schema_version": 1, "source": {"filename": "bad.bin"},
        "error": {"code": "unsupported_file", "message": records[1]["error"]["message"]},
    }
    assert records[3]["error"]["code"] == "not_found"
    assert not (tmp_path / "store").exists()  # extract touches no store


def test_extract_no_text_and_exit_zero(run, docs):
    result = run("extract", "--no-text", "--locality", "Hải Phòng", str(docs / "a.txt"))
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert "text" not in record and record["document"]["place"] == "Hải Phòng"


def test_ingest_is_recursive_and_idempotent(run, docs):
    first = run("ingest", str(docs))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "ingested 2 new, 0 already stored, 0 failed"
    again = run("ingest", str(docs), str(docs / "a.txt"))
    assert again.stdout.strip() == "ingested 0 new, 3 already stored, 0 failed"


def test_ingest_lists_failures_at_the_end(run, docs, tmp_path):
    (docs / "bad.bin").write_bytes(b"\x00\x01\x02\x03")
    result = run("ingest", str(docs), str(tmp_path / "missing.pdf"))
    assert result.exit_code == 1
    assert result.stdout.strip() == "ingested 2 new, 0 already stored, 2 failed"
    assert "bad.bin: unsupported_file" in result.stderr
    assert "missing.pdf: not_found" in result.stderr


def test_ingest_with_worker_processes(run, docs):
    for i in range(4):
        (docs / f"extra{i}.txt").write_text(f"Tin số {i}\nPhấn đấu kết nạp {i + 1} đảng viên.", encoding="utf-8")
    result = run("ingest", "--workers", "2", str(docs))
    assert result.stdout.strip() == "ingested 6 new, 0 already stored, 0 failed"
    rows = json.loads(run("export", "targets", "--format", "json").stdout)
    assert sorted(r["value"] for r in rows) == [1, 2, 3, 4, 500]


def test_search_text_and_json(run, docs):
    run("ingest", str(docs))
    text = run("search", "phat trien dang vien")
    assert text.exit_code == 0
    assert text.stdout.startswith("1 document, 1–1")
    assert "[phát triển đảng viên]" in text.stdout
    data = json.loads(run("search", "dân vận", "--json").stdout)
    assert data["total"] == 1 and data["hits"][0]["title"] == "Tin tức công tác dân vận"
    assert json.loads(run("search", "--kind", "resolution", "--json").stdout)["total"] == 1


def test_search_bad_query_is_a_clean_error(run, docs):
    run("ingest", str(docs))
    result = run("search", "*")
    assert result.exit_code == 1
    assert "bad_query" in result.stderr
    assert run("search", "x", "--from", "2023-99").exit_code == 1


def test_export_csv_to_a_file(run, docs, tmp_path):
    run("ingest", str(docs))
    out = tmp_path / "out" / "targets.csv"
    result = run("export", "targets", "-o", str(out), "--unit", "Huyện ủy Tiên Lãng")
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "đảng viên".encode() in data
    ndjson = run("export", "deadlines", "--format", "ndjson", "--since", "2000-01-01")
    assert ndjson.exit_code == 0 and ndjson.stdout == ""


def test_the_store_comes_from_vanban_db(tmp_path, fake_extractor, monkeypatch, docs):
    db = tmp_path / "env.db"
    monkeypatch.setenv("VANBAN_DB", str(db))
    result = CliRunner().invoke(main, ["ingest", str(docs / "a.txt")])
    assert result.exit_code == 0 and db.exists()


def test_schema_prints_the_record_schema(run):
    schema = json.loads(run("schema").stdout)
    assert {"source", "document", "targets", "figures", "deadlines"} <= set(schema["properties"])


def test_eval_prints_the_report(run, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(extract.evaluate, "evaluate_dirs", lambda gold, docs: calls.append((gold, docs)) or "REPORT")
    monkeypatch.setattr(extract.evaluate, "format_report", lambda report: f"formatted {report}")
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs").mkdir()
    result = run("eval", str(tmp_path / "gold"), "--docs", str(tmp_path / "docs"))
    assert result.exit_code == 0
    assert result.stdout.strip() == "formatted REPORT"
    assert calls == [(tmp_path / "gold", tmp_path / "docs")]


def test_serve_runs_the_app_on_the_given_address(run, monkeypatch, tmp_path):
    import uvicorn

    import api.cli

    served = {}
    monkeypatch.setattr(api.cli, "_warm_up", lambda app=None: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: served.update(app=app, host=host, port=port))
    result = run("serve", "--port", "8123", "--db", str(tmp_path / "served.db"))
    assert result.exit_code == 0
    assert served["host"] == "127.0.0.1" and served["port"] == 8123
    assert served["app"].state.settings.db == str(tmp_path / "served.db")


def test_migrate_store_moves_the_store_and_its_files_to_postgresql(run, docs, tmp_path, empty_postgres):
    kept = tmp_path / "store" / "files"
    assert run("ingest", str(docs)).exit_code == 0
    assert len(list(kept.glob("??/??/*"))) == 2  # the originals, beside the SQLite file
    shared = tmp_path / "shared-files"
    result = run("migrate-store", "--to", empty_postgres, "--files-to", str(shared))
    assert result.exit_code == 0, result.output
    assert "documents: 2" in result.output and "counts match" in result.output
    assert "original files copied: 2" in result.output
    moved = CliRunner().invoke(main, ["--db", empty_postgres, "search", "phat trien dang vien", "--json"])
    assert json.loads(moved.stdout)["total"] == 1
    again = run("migrate-store", "--to", empty_postgres)
    assert again.exit_code == 1 and "target_not_empty" in again.output



def test_ingest_summary_says_which_files_are_incomplete(run, docs, monkeypatch):
    """A file stored with pages missing (here a scanned page skipped, OCR off) is counted and
    its missing pages listed, so that nobody takes its record for the whole document."""
    from reportlab.pdfgen import canvas

    monkeypatch.setenv("VANBAN_OCR", "false")
    pdf = canvas.Canvas(str(docs / "c.pdf"))
    pdf.drawString(72, 720, "Nghi quyet ve phat trien dang vien, trang mot co lop chu.")
    pdf.showPage()
    pdf.rect(72, 72, 400, 600, fill=1)  # a page with no text: a scan, as far as the reader knows
    pdf.showPage()
    pdf.save()
    result = run("ingest", str(docs))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ingested 3 new, 0 already stored, 0 failed, 1 incomplete (pages missing)"
    assert "incomplete:" in result.stderr and "c.pdf: Trang 2:" in result.stderr
