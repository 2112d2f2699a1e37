"""`analysis.analyze` and `presswork analyze`: one record per input, counts and exit status."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import analysis
from analysis.documents.parsing import parse_text
from analysis.documents.readers import read_documents
from analysis.errors import Rejected
from analysis.pipeline import analyze_documents
from analysis.settings import Settings
from tests.support.reading import ARBITRARY_TEXT

RECORD_KEYS = {"id", "path", "text", "headline", "dateline", "published", "source", "actors", "quotes", "themes"}
ACTOR_KEYS = {"id", "name", "type", "aliases", "roles", "mentions"}
QUOTE_KEYS = {"text", "start", "end", "kind", "speaker", "speaker_id", "speaker_text", "speaker_start",
              "speaker_end", "cue", "cue_start", "cue_end"}


def run_cli(*args, stdin: bytes | None = None):
    """`presswork ARGS` in this process (the session's model is already loaded), as a finished process."""
    from click.testing import CliRunner

    from analysis.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout_bytes, result.stderr_bytes)


def test_analyze_sample_record_shape():
    record = analysis.analyze(analysis.sample_path())
    assert RECORD_KEYS <= set(record)
    assert record["headline"].startswith("Shamkhani: Eviction")
    assert record["dateline"]["location"] == "TEHRAN" and record["dateline"]["agency"] == "Tasnim"
    text = record["text"]
    assert len(record["actors"]) >= 5 and len(record["quotes"]) >= 3  # the loops below check something
    for actor in record["actors"]:
        assert ACTOR_KEYS <= set(actor)
        for s, e in actor["mentions"]:
            assert 0 <= s < e <= len(text)
            assert not (record["dateline"]["start"] <= s < record["dateline"]["end"])  # never in the dateline
    for q in record["quotes"]:
        assert QUOTE_KEYS <= set(q)
        assert text[q["start"] : q["end"]] == q["text"]
    assert record["themes"] == sorted(record["themes"], key=lambda t: -t["score"])


def test_analyze_accepts_text():
    record = analysis.analyze("Talks resume\nWASHINGTON (AP) — Senator John Smith said talks would resume.")
    assert record["dateline"]["agency"] == "AP" and record["headline"] == "Talks resume"


def test_mixed_folder_counts_and_exit_status(tmp_path):
    good = Path(analysis.sample_path()).read_text(encoding="utf-8")
    (tmp_path / "good.txt").write_text(good, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as zf:
        zf.writestr("inner.txt", good)
        zf.writestr("../escape.txt", good)
    (tmp_path / "rows.jsonl").write_text('{"text": "Body one of a story."}\n{broken\n')
    result = run_cli("analyze", tmp_path, "--quiet")
    assert result.returncode == 3, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    errors = [r for r in records if "error" in r]
    analysed = [r for r in records if "error" not in r]
    assert len(records) == 7 and len(analysed) == 3 and len(errors) == 4
    assert sorted(r["error"]["code"] for r in errors) == ["bad_json", "binary", "empty", "unsafe_member"]
    assert "read 7 = analysed 3 + rejected 4" in result.stderr.decode()


def test_cli_exit_zero_formats_and_output_file(tmp_path):
    out = tmp_path / "out.json"
    result = run_cli("analyze", analysis.sample_path(), "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    [record] = json.loads(out.read_text())
    assert record["source"] == "Tasnim"
    table = run_cli("analyze", analysis.sample_path(), "--format", "table")
    assert table.returncode == 0 and b"Shamkhani: Eviction" in table.stdout and b"actors:" in table.stdout


def test_cli_stdin_and_usage_error():
    result = run_cli("analyze", "-", stdin=b"Title\nTEHRAN - Officials met on Sunday.\n")
    assert result.returncode == 0 and json.loads(result.stdout)["path"] == "<stdin>"
    assert run_cli("analyze").returncode == 2
    assert run_cli("analyze", "x.txt", "--format", "xml").returncode == 2


def test_analysis_failure_is_recorded_not_raised(monkeypatch):
    from analysis import pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(pipeline, "analyze_doc", boom)
    docs = list(read_documents([analysis.sample_path()]))
    [result] = list(analyze_documents(docs))
    assert result.error.code == "analysis_failed" and "kaboom" in result.error.message


def test_long_documents_are_parsed_in_pieces_with_the_same_result(nlp):
    """A long Doc is parsed in pieces (bounded parser memory); the record must not change."""
    from analysis import pipeline
    from analysis.documents.parsing import parse_text

    article = parse_text(Path(analysis.sample_path()).read_text(encoding="utf-8"), "sample.txt")
    text = article.masked_text()
    bounds = pipeline.chunk_bounds(text, 600)
    assert len(bounds) > 2 and "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 600 for s, e in bounds)
    components = pipeline.Components.build(Settings(), nlp)
    whole = pipeline.analyze_doc(next(pipeline.parse_texts(nlp, [text], 8)), article, components)
    pieces = pipeline.analyze_doc(next(pipeline.parse_texts(nlp, [text], 8, limit=600)), article, components)
    assert pieces.to_record() == whole.to_record()


def test_chunk_bounds_cut_at_breaks_and_never_lose_text():
    from analysis.pipeline import chunk_bounds

    text = "word " * 50 + "\n" + "x" * 300
    bounds = chunk_bounds(text, 100)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 100 for s, e in bounds)
    assert text[bounds[0][1] - 1] == " "  # cut after whitespace, not inside a word


@given(text=ARBITRARY_TEXT)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_analysis_never_raises_and_offsets_stay_in_the_body(nlp, text):
    if not text.strip():
        return
    article = parse_text(text, "x.txt")
    [result] = list(analyze_documents([article], nlp=nlp))
    assert not isinstance(result, Rejected), result.error
    record = result.to_record()
    allowed = article.analysable_spans()
    for actor in record["actors"]:
        for s, e in actor["mentions"]:
            assert any(a <= s and e <= b for a, b in allowed), (text, actor)
    for q in record["quotes"]:
        assert 0 <= q["start"] <= q["end"] <= len(text)
        assert text[q["start"] : q["end"]] == q["text"]
        spans = article.paragraphs if q["kind"] != "headline" else [article.headline_span]
        assert any(a <= q["start"] and q["end"] <= b for a, b in spans), (text, q)
        for key in ("speaker", "cue"):
            s, e = q.get(f"{key}_start"), q.get(f"{key}_end")
            if s is not None:
                assert 0 <= s <= e <= len(text)
    for t in record["themes"]:
        for s, e in t["evidence"]:
            assert 0 <= s <= e <= len(text)


def test_the_components_built_from_the_settings_are_the_ones_every_article_uses(tmp_path, nlp):
    """The user's gazetteer and themes file, named in `Settings`, reach the analysis of each article, and the
    article steps use the components handed to them (a gazetteer object no path names), not a lookup by path."""
    from dataclasses import replace

    from analysis.actors.gazetteer import load_gazetteer
    from analysis.pipeline import Components, analyze_doc

    gazetteer, themes = tmp_path / "gaz.yaml", tmp_path / "themes.yaml"
    gazetteer.write_text("ORG:\n  - {name: Zorblax Collective, aliases: [ZBX Group]}\n", encoding="utf-8")
    themes.write_text("themes:\n- {id: WATER, label: Water, include: [dam, reservoir]}\n", encoding="utf-8")
    text = "Dam talks\n\nThe ZBX Group said the dam and the reservoir would be finished in May."
    article = parse_text(text, "zbx.txt")
    [result] = analyze_documents([article], Settings(gazetteer_file=str(gazetteer), themes_file=str(themes)), nlp=nlp)
    assert "Zorblax Collective" in {a.gazetteer_id for a in result.actors}
    assert "WATER" in {t["theme"] for t in result.to_record()["themes"]}

    plain = Components.build(Settings(), nlp)
    assert plain.gazetteer.lookup("ZBX Group") is None and "WATER" not in plain.themes.taxonomy
    handed = replace(plain, gazetteer=load_gazetteer(str(gazetteer)))
    doc = next(iter(nlp.pipe([article.masked_text()])))
    assert "Zorblax Collective" in {a.gazetteer_id for a in analyze_doc(doc, article, handed).actors}
    assert "Zorblax Collective" not in {a.gazetteer_id for a in analyze_doc(doc, article, plain).actors}


def test_a_bad_data_file_stops_a_library_ingest_before_any_document(tmp_path):
    """`ingest` called from Python (a notebook, no command line) checks the gazetteer, themes and identity
    files first: a bad one is one DataFileError before any store is written (a bad identity file used to
    pass until the actor merge, after every document was analysed)."""
    import pytest

    from analysis.errors import DataFileError
    from analysis.ingest.run import ingest

    (tmp_path / "a.txt").write_text("Headline\n\nThe minister said the budget was fair.\n", encoding="utf-8")
    bad = tmp_path / "people.yaml"
    bad.write_text("same: [[Only One]]\n", encoding="utf-8")
    for field in ("identity_file", "gazetteer_file", "themes_file"):
        if field != "identity_file":
            bad.write_text("- [not, a, mapping\n", encoding="utf-8")
        store = tmp_path / f"{field}.duckdb"
        with pytest.raises(DataFileError):
            ingest([str(tmp_path / "a.txt")], str(store), settings=Settings(**{field: str(bad)}))
        assert not store.exists(), field
