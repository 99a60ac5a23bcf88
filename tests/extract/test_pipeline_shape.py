"""The pipeline's shape: registered pipes, data files checked at initialize(), typed Doc data."""

import json

import pytest

from extract import datafiles
from extract.docdata import data
from extract.pipeline import COMPONENTS, get_nlp


def test_every_component_is_a_registered_pipe_with_match_and_set_annotations():
    nlp = get_nlp()
    assert nlp.pipe_names == list(COMPONENTS)
    for _name, pipe in nlp.pipeline:
        assert callable(pipe.match) and callable(pipe.set_annotations)
        assert pipe.initialized


def test_every_data_file_names_its_source_and_fits_its_schema():
    for name in datafiles.all_names():
        assert datafiles.validated(name)


def test_a_malformed_data_file_is_refused_at_initialize(tmp_path, monkeypatch):
    (tmp_path / "signals.json").write_text(json.dumps({"_source": "test", "target_before": "not a list"}), encoding="utf-8")
    monkeypatch.setattr(datafiles, "DATA", tmp_path)
    import extract.lexicon as lexicon

    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.load.cache_clear()
    datafiles.validated.cache_clear()
    try:
        with pytest.raises(datafiles.DataFileError, match="signals.json"):
            datafiles.validated("signals")
    finally:
        lexicon.load.cache_clear()
        datafiles.validated.cache_clear()


def test_components_leave_typed_data_on_the_doc():
    nlp = get_nlp()
    doc = nlp("Năm 2026, Đảng bộ huyện phấn đấu kết nạp 210 đảng viên.")
    st = data(doc)
    assert st.header is not None
    assert [q.role for q in st.quantities] == ["target"]
    assert [sp.text.rstrip(".") for sp in doc.spans["targets"]] == ["210 đảng viên"]
