"""Shared fixtures: the spaCy model (loaded once per test session) and the ../shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

import analysis.reports  # noqa: F401 -- before any test module imports nbformat: see analysis/reports/__init__.py
from analysis.documents.samples import sample_path
from analysis.nlp.model import load_model

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TEHRAN_TIMES = SHARED / "corpora" / "tehran-times.tar.gz"


def pytest_collection_modifyitems(config, items):
    """The files with the most slow tests run first. `make test` gives each file to one worker
    (`-n WORKERS --dist loadfile`) in this order: a long file handed out last kept one core busy for half a
    minute after the other had finished."""
    slow: dict[str, int] = {}
    for item in items:
        if item.get_closest_marker("slow"):
            slow[item.nodeid.split("::")[0]] = slow.get(item.nodeid.split("::")[0], 0) + 1
    items.sort(key=lambda item: -slow.get(item.nodeid.split("::")[0], 0))  # stable: the order within a file


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def sample_text() -> str:
    return Path(sample_path()).read_text(encoding="utf-8")


def require_shared(path: Path) -> Path:
    """Skip (with the reason) where ../shared is not beside the checkout, as on a user's fresh clone."""
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def tehran_times_members():
    """Read chosen members of the Tehran Times archive by name: {name: Article}.

    Every member that the hand-made annotations in tests/data name is read in one pass over the 33 MB
    archive on first use (a pass per test module or per case cost seconds each)."""
    import re
    import tarfile

    from analysis.documents.parsing import parse_text

    archive = require_shared(TEHRAN_TIMES)
    data = Path(__file__).resolve().parent / "data"
    annotated = {n for f in data.glob("*.yaml") for n in re.findall(r"_news_\d+_[^\s\"':]+\.txt", f.read_text())}
    cache: dict[str, object] = {}

    def get(*names: str) -> dict:
        if any(n not in cache for n in names):
            wanted = {n for n in (*names, *annotated) if n not in cache}
            with tarfile.open(archive, "r:gz") as tf:
                for member in tf:  # one sequential pass: members are found in archive order
                    name = member.name.rsplit("/", 1)[-1]
                    if name in wanted:
                        cache[name] = parse_text(tf.extractfile(member).read().decode("utf-8"),
                                                 f"{archive}!data/{name}")
                        wanted.discard(name)
                        if not wanted:
                            break
            missing = [n for n in names if n not in cache]
            if missing:
                raise KeyError(f"not in {archive}: {missing}")
        return {n: cache[n] for n in names}

    return get


# ---------------------------------------------------------------- the store tests' corpus (built once)
# Session-scoped: tests/corpus/test_store.py and test_reliability.py share one corpus and one reference
# ingest. Tests that change the corpus copy it first; the reference store is only read.

@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from tests.support.store_corpus import make_corpus

    folder = tmp_path_factory.mktemp("store") / "corpus"
    make_corpus(folder)
    return folder


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory, nlp) -> tuple[Path, object]:
    """One uninterrupted single-process ingest that the other engines and resumed runs must equal."""
    from tests.support.store_corpus import run_ingest

    store = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    counts = run_ingest(corpus, store, batch_size=4)
    return store, counts


@pytest.fixture(scope="module")
def jupyter():
    """JupyterLab on loopback with a random token, serving the repository; stopped after the module
    (the browser and live-control tests share it)."""
    from tests.support.jupyter import start_jupyter, stop

    proc, base, token = start_jupyter()
    try:
        yield base, token
    finally:
        stop(proc)
