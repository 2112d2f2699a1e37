"""The bundled examples: the sample article and a small dated two-source corpus."""

from __future__ import annotations

from importlib import resources


def sample_path() -> str:
    """The bundled sample: a Tasnim wire story (Shamkhani meets al-Fayyadh)."""
    return str(resources.files("analysis.data").joinpath("sample_article.txt"))


def examples_path() -> str:
    """The bundled example corpus: six invented wire stories with dates and two sources."""
    return str(resources.files("analysis.data").joinpath("examples/nordhaven.jsonl"))


def default_inputs() -> list[str]:
    """What corpus notebooks read when no input is given: the sample article and the example corpus."""
    return [sample_path(), examples_path()]
