"""The IPTC Media Topics vocabulary: which topic lies under which, and what each is called. No spaCy.

Newsrooms and news APIs classify with IPTC Media Topics (17 top-level subjects such as politics,
``medtop:11000000``). presswork's themes hang in that tree: each theme names the IPTC topic it refines, so
every theme found carries ``medtop`` (the QCode of its nearest IPTC topic) and ``medtop_top`` (the QCode of
that topic's top-level ancestor), and charts can roll themes up to level 2 and to the top level.

The vocabulary (levels 1-3, CC BY 4.0, IPTC) is ``analysis/data/iptc_mediatopics.yaml``; its header says
where it came from.

>>> vocab = mediatopics()
>>> vocab.top("medtop:20000574"), vocab.label("medtop:11000000")
('medtop:11000000', 'politics')
>>> vocab.at_level("medtop:20000579", 2)  # national elections -> election
'medtop:20000574'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.errors import PressworkError
from analysis.yamldata import load_bundled

QCODE_PREFIX = "medtop:"


@dataclass(frozen=True)
class Topic:
    qcode: str
    label: str
    parent: str | None
    definition: str = ""


class MediaTopics:
    """The IPTC tree: parents, levels and labels of QCodes."""

    def __init__(self, topics: list[Topic]):
        self.topics = {t.qcode: t for t in topics}
        for t in topics:
            if t.parent is not None and t.parent not in self.topics:
                raise PressworkError(f"IPTC vocabulary: {t.qcode} names an unknown parent {t.parent}")

    def __contains__(self, qcode: str) -> bool:
        return qcode in self.topics

    def label(self, qcode: str) -> str:
        t = self.topics.get(qcode)
        return t.label if t else qcode

    def path(self, qcode: str) -> list[str]:
        """QCodes from the top level down to `qcode` (empty for an unknown code)."""
        out = []
        while qcode in self.topics and qcode not in out:
            out.append(qcode)
            qcode = self.topics[qcode].parent
        return out[::-1]

    def level(self, qcode: str) -> int:
        return len(self.path(qcode))

    def top(self, qcode: str) -> str | None:
        path = self.path(qcode)
        return path[0] if path else None

    def at_level(self, qcode: str, level: int) -> str | None:
        """The ancestor of `qcode` at `level` (1 = top); `qcode` itself when it lies higher up."""
        path = self.path(qcode)
        if not path:
            return None
        return path[min(level, len(path)) - 1]

    def tops(self) -> list[str]:
        return [q for q, t in self.topics.items() if t.parent is None]

    def children(self, qcode: str) -> list[str]:
        return [q for q, t in self.topics.items() if t.parent == qcode]


@lru_cache(maxsize=1)
def mediatopics() -> MediaTopics:
    """The bundled vocabulary, read once per process."""
    data = load_bundled("iptc_mediatopics.yaml") or {}
    return MediaTopics([Topic(str(t["qcode"]), str(t["label"]), t.get("parent"), str(t.get("definition") or ""))
                        for t in data.get("topics", [])])


def rollup(themes, level: int = 1, vocab: MediaTopics | None = None) -> list[tuple[str, float]]:
    """An article's themes summed up the IPTC tree: (QCode at `level`, summed score), largest first.

    `themes` are theme records (dicts with `medtop` and `score`, as in an analysis record) or ThemeScores.
    A theme whose topic lies above `level` counts for that higher topic; themes without a topic are left out.
    """
    vocab = vocab or mediatopics()
    total: dict[str, float] = {}
    for t in themes:
        medtop = t.get("medtop") if isinstance(t, dict) else t.medtop
        score = t.get("score") if isinstance(t, dict) else t.score
        code = vocab.at_level(medtop, level) if medtop else None
        if code:
            total[code] = total.get(code, 0.0) + float(score or 0.0)
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
