"""Hand-built analysis records for the view, chart and report tests (no spaCy needed)."""

from __future__ import annotations


def record(doc: str, published: str | None, source: str, actors: list[tuple[str, str, int]],
           quotes: list[tuple[str, str, list[str], float]], themes: list[tuple[str, str, float]],
           tone: float = 0.0, text: str = "Some text.") -> dict:
    """actors: (name, type, n_mentions); quotes: (speaker, kind, themes, tone); themes: (id, label, score)."""
    ids = {name: f"a{i}" for i, (name, _, _) in enumerate(actors)}
    return {
        "id": doc, "path": f"{doc}.txt", "text": text, "headline": f"Headline {doc}", "published": published,
        "source": source, "publisher": None, "url": f"https://example.org/{doc}", "word_count": 100,
        "dateline": None,
        "actors": [{"id": ids[n], "name": n, "type": t, "aliases": [n], "roles": ["minister"] if t == "PERSON" else [],
                    "mentions": [[0, 1]] * m} for n, t, m in actors],
        "quotes": [{"text": f"quote by {s}", "start": i, "end": i + 1, "kind": k, "speaker": s,
                    "speaker_id": ids.get(s), "speaker_text": s, "cue": "said", "via": None, "themes": th, "tone": to}
                   for i, (s, k, th, to) in enumerate(quotes)],
        "themes": [{"theme": i, "label": lab, "score": sc, "count": 1, "evidence": []} for i, lab, sc in themes],
        "tone": {"compound": tone}, "cooccurrence": [],
    }


def small_corpus() -> list[dict]:
    """Four articles, two sources, two months: Ann Lee (PERSON) is the most quoted speaker."""
    eco, sec = ("ECO", "Economy"), ("SEC", "Security")
    return [
        record("d1", "2024-01-05", "Post", [("Ann Lee", "PERSON", 3), ("Trade Ministry", "ORG", 1)],
               [("Ann Lee", "direct", ["ECO"], 0.5), ("Ann Lee", "indirect", ["ECO"], 0.3),
                ("Trade Ministry", "indirect", ["SEC"], -0.2)], [(*eco, 2.0), (*sec, 1.0)], tone=0.4),
        record("d2", "2024-01-20", "Wire", [("Ann Lee", "PERSON", 1), ("Bo Park", "PERSON", 2)],
               [("Bo Park", "direct", ["SEC"], -0.6), ("Ann Lee", "indirect", [], 0.1)], [(*sec, 3.0)], tone=-0.5),
        record("d3", "2024-03-02", "Post", [("Bo Park", "PERSON", 1), ("Harbour Union", "ORG", 2)],
               [("Harbour Union", "indirect", ["ECO"], 0.0)], [(*eco, 1.0)], tone=0.0),
        record("d4", None, "Wire", [("Ann Lee", "PERSON", 1)], [("Ann Lee", "headline", ["SEC"], 0.2)],
               [(*sec, 1.0)], tone=0.2),
    ]
