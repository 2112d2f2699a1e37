"""analysis.settings: every value a PRESSWORK_* variable or option may hold is checked when the settings are
made -- what passes the check is what DuckDB and the model loader accept, so a run never fails later with
a traceback on a setting."""

from __future__ import annotations

import duckdb
import pytest

from analysis.settings import Settings, SettingsError, limit_hint, memory_size, setting_names
from tests.support.cli import run, usage_error


@pytest.mark.parametrize("value", ["1B", "2MB", "100KB", "0GB", "\u0665\u0661\u0662MB", "99999999999999999999999TB",
                                   "2000TB", "512 XB", "", "1e9B"])
def test_store_memory_values_duckdb_would_reject_are_refused(value):
    with pytest.raises(SettingsError, match="PRESSWORK_STORE_MEMORY"):
        Settings.from_env({"PRESSWORK_STORE_MEMORY": value} if value else {}, store_memory=value or "x")


@pytest.mark.parametrize("value", ["128MB", "512MB", "2 GB", "1.5GB", "512MiB", "1TB", "300mb"])
def test_store_memory_values_that_pass_are_accepted_by_duckdb_while_it_writes(tmp_path, value):
    size = memory_size(value)
    with duckdb.connect(str(tmp_path / "s.duckdb")) as con:
        con.execute(f"SET memory_limit = '{size}'")
        con.execute("CREATE TABLE t AS SELECT range AS i, repeat('x', 100) AS s FROM range(200000)")
        assert con.execute("SELECT count(*) FROM t").fetchone() == (200000,)


def test_an_unknown_blas_choice_is_refused_with_the_settings_not_when_the_model_loads():
    with pytest.raises(SettingsError, match="PRESSWORK_BLAS='evil': use one of auto, numpy, blis"):
        Settings.from_env({"PRESSWORK_BLAS": "evil"})
    assert Settings.from_env({"PRESSWORK_BLAS": "NumPy"}).blas == "NumPy"


def test_the_quote_mode_is_checked_and_decides_the_analysis_fingerprint():
    with pytest.raises(SettingsError, match=r"--quotes \(PRESSWORK_QUOTES\)='tagger': use one of hybrid, rules, encoder"):
        Settings.from_env({"PRESSWORK_QUOTES": "tagger"})
    assert Settings().quotes == "hybrid"
    assert Settings.from_env({"PRESSWORK_QUOTES": "rules"}).quotes == "rules"
    from analysis.ingest.jobs import analysis_fingerprint

    # a store analysed with one mode is analysed again with the other, not skipped as unchanged
    assert analysis_fingerprint(Settings(quotes="rules")) != analysis_fingerprint(Settings(quotes="hybrid"))


def test_the_quote_convention_is_checked_and_only_a_chosen_one_changes_the_fingerprint():
    with pytest.raises(SettingsError, match=r"--quote-convention \(PRESSWORK_QUOTE_CONVENTION\)='polnear': use one"):
        Settings.from_env({"PRESSWORK_QUOTE_CONVENTION": "polnear"})
    assert Settings().quote_convention == "statements"
    attributions = Settings.from_env({"PRESSWORK_QUOTE_CONVENTION": "attributions"})
    from analysis.ingest.jobs import analysis_fingerprint

    assert analysis_fingerprint(attributions) != analysis_fingerprint(Settings())  # analysed again, not skipped
    # the default leaves the fingerprint as it was before the setting existed: stores are not analysed again
    import hashlib
    import json

    from analysis.about import __version__
    from analysis.ingest.jobs import model_description

    s = Settings()
    old = {"model": model_description(s), "presswork": __version__, "themes": None, "gazetteer": None,
           "sentences": False, "quotes": "hybrid"}
    assert analysis_fingerprint(s) == hashlib.sha256(json.dumps(old, sort_keys=True).encode()).hexdigest()[:16]


def test_the_quote_convention_decides_what_counts_as_a_quote(tmp_path):
    """Statements (the default): a denial without a clause is no quote; attributions (PolNeAR's): it is, and so is
    what a lawyer urged."""
    article = tmp_path / "a.txt"
    article.write_text("Senator denies charges\n\nSenator John Smith denied any wrongdoing on Monday. His lawyer "
                       "urged the court to dismiss the case.\n", encoding="utf-8")
    statements = run("quotes", article, "--jsonl")
    attributions = run("quotes", article, "--jsonl", "--quote-convention", "attributions")
    assert statements.returncode == attributions.returncode == 0, statements.stderr + attributions.stderr
    assert "any wrongdoing" not in statements.stdout
    assert "any wrongdoing" in attributions.stdout and "the court to dismiss the case" in attributions.stdout


def test_settings_errors_are_one_message_on_the_command_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks resume\nAli Shamkhani said that talks will resume.\n", encoding="utf-8")
    usage_error(run("analyze", article, env={"PRESSWORK_BLAS": "evil"}), "PRESSWORK_BLAS")
    usage_error(run("ingest", article, "--store", tmp_path / "s.duckdb", env={"PRESSWORK_STORE_MEMORY": "2MB"}),
                "PRESSWORK_STORE_MEMORY", "128MB to 1TB")
    assert not (tmp_path / "s.duckdb").exists()


def test_limit_messages_name_only_options_and_variables_that_exist(tmp_path):
    for name in ("max_document_bytes", "max_archive_bytes", "max_documents"):
        option = "--" + name.replace("_", "-")
        assert limit_hint(name) == f"raise it with {option} or the PRESSWORK_{name.upper()} environment variable"
    assert setting_names("identity_file") == "--identity"
    assert setting_names("store_memory") == "PRESSWORK_STORE_MEMORY"
    for n in (1, 2):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\nAli Shamkhani said talks will resume.\n", encoding="utf-8")
    result = run("analyze", tmp_path, "--max-documents", "1")  # the option the message names exists
    assert result.returncode == 3 and "too_many_documents" in result.stdout and "--max-documents" in result.stdout
    usage_error(run("analyze", tmp_path, "--max-documents", "0"), "--max-documents (PRESSWORK_MAX_DOCUMENTS)")
