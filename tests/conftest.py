"""Shared fixtures: the spaCy model (loaded once per test session) and the ../shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.documents.samples import sample_path
from analysis.nlp.model import load_model

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TEHRAN_TIMES = SHARED / "corpora" / "tehran-times.tar.gz"


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
    """Read chosen members of the Tehran Times archive by name: {name: Article}."""
    import tarfile

    from analysis.documents.parsing import parse_text

    archive = require_shared(TEHRAN_TIMES)
    cache: dict[str, object] = {}

    def get(*names: str) -> dict:
        wanted = [n for n in names if n not in cache]
        if wanted:
            with tarfile.open(archive, "r:gz") as tf:
                for n in wanted:
                    member = tf.getmember(f"data/{n}")
                    text = tf.extractfile(member).read().decode("utf-8")
                    cache[n] = parse_text(text, f"{archive}!data/{n}")
        return {n: cache[n] for n in names}

    return get


# ---------------------------------------------------------------- the store tests' corpus (module-scoped)

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from tests.support.store_corpus import make_corpus

    folder = tmp_path_factory.mktemp("store") / "corpus"
    make_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory, nlp) -> tuple[Path, object]:
    """One uninterrupted single-process ingest that the other engines and resumed runs must equal."""
    from tests.support.store_corpus import run_ingest

    store = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    counts = run_ingest(corpus, store, batch_size=4)
    return store, counts
