"""Topic discovery: recurring topics in a corpus, to find what the theme taxonomy misses.

TF-IDF over article bodies (raw text, no spaCy: fast enough for tens of thousands of articles) and
non-negative matrix factorisation (scikit-learn NMF). Each topic gets its top terms, its example
headlines, the taxonomy themes whose phrases its top terms hit, the place in the IPTC Media Topics tree
where it belongs (the IPTC topic of the themes that cover it, else the IPTC topic whose label and definition
share most words with its terms), and a draft theme, placed under that topic, that a user can edit into their
own themes file (``presswork themes discover CORPUS --out draft.yaml``).

>>> topics = discover_topics(read_documents(["corpus.tar.gz"]), n_topics=20)   # doctest: +SKIP
>>> print(format_topics(topics))                                               # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import yaml
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from analysis.documents.article import Article
from analysis.documents.readers import Document
from analysis.themes.iptc import mediatopics

# Words frequent in any wire story that say nothing about its topic (added to scikit-learn's list).
NEWS_STOP_WORDS = frozenset([
    "said", "says", "say", "told", "added", "noted", "stated", "stressed", "pointed", "according",
    "also", "would", "could", "one", "two", "three", "first", "new", "year", "years", "month", "months",
    "day", "days", "week", "weeks", "time", "today", "yesterday", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "percent", "mr", "ms", "dr",
    "including", "well", "since", "still", "many", "much", "even", "last", "next", "part", "way",
    "made", "make", "us", "u", "s", "news", "agency", "reported", "report", "reports", "statement",
    "meeting", "people", "country", "countries",
])

# Only the opening of very long documents is read: a topic shows in the first few thousand characters,
# and the corpus holds a few megabyte-size outliers.
MAX_CHARS = 8000


@dataclass
class Topic:
    id: str
    terms: list[str]
    weights: list[float]
    size: int  # articles whose strongest topic this is
    examples: list[str]  # headlines (or ids) of the articles most about this topic
    covered_by: dict[str, int] = field(default_factory=dict)  # theme id -> top terms it includes
    iptc: str | None = None  # proposed IPTC parent (QCode)
    iptc_why: str = ""  # how the proposal was found


def body_text(article: Article, max_chars: int = MAX_CHARS) -> str:
    """The analysable text (headline + body paragraphs), capped at `max_chars`."""
    parts = [article.headline or ""] + article.paragraph_texts()
    return " ".join(p for p in parts if p)[:max_chars]


def collect(documents: Iterable[Document], max_chars: int = MAX_CHARS) -> tuple[list[str], list[str]]:
    """Texts and headlines of the readable documents (rejected ones are skipped)."""
    texts, titles = [], []
    for d in documents:
        if isinstance(d, Article):
            text = body_text(d, max_chars)
            if text.strip():
                texts.append(text)
                titles.append(d.headline or d.id)
    return texts, titles


def vectorize(texts: list[str], max_features: int = 20_000, min_df: int = 5, max_df: float = 0.4):
    """TF-IDF over unigrams and bigrams of letters-only words, stop words removed."""
    # float32 halves memory on a big corpus; small ones use float64, where NMF's nndsvda start is
    # otherwise prone to rounding warnings.
    vectorizer = TfidfVectorizer(
        lowercase=True, stop_words=sorted(ENGLISH_STOP_WORDS | NEWS_STOP_WORDS),
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_'’-]+\b", ngram_range=(1, 2), min_df=min_df, max_df=max_df,
        max_features=max_features, sublinear_tf=True, dtype=np.float32 if len(texts) > 5000 else np.float64)
    matrix = vectorizer.fit_transform(texts)
    return vectorizer, matrix


def _stem(w: str) -> str:  # policies -> policy, taxes -> tax, prices -> price, oil -> oil, press -> press
    w = w.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if re.search(r"(?:s|x|z|ch|sh)es$", w):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def taxonomy_coverage(terms: list[str], taxonomy: list[dict]) -> dict[str, int]:
    """Theme id -> how many of `terms` one of its include or weak phrases covers (crude singular/plural match)."""
    coverage = {}
    for theme in taxonomy:
        phrases = {" ".join(_stem(w) for w in p.split()) for p in theme["include"] + theme.get("weak", [])}
        hits = sum(1 for t in terms if " ".join(_stem(w) for w in t.split()) in phrases)
        if hits:
            coverage[theme["id"]] = hits
    return dict(sorted(coverage.items(), key=lambda kv: -kv[1]))


def propose_place(terms: list[str], covered_by: dict[str, int], taxonomy: list[dict]) -> tuple[str | None, str]:
    """Where in the IPTC tree a topic belongs: (QCode, why).

    Covered topics go under the level-2 IPTC topic that the covering themes' hits point to most; a topic no
    theme covers goes under the level-2 or level-3 IPTC topic whose label and definition share most words
    with its terms (ties: the higher topic). None when nothing is shared.
    """
    vocab = mediatopics()
    themes = {t["id"]: t for t in taxonomy}
    votes: dict[str, int] = {}
    for tid, hits in covered_by.items():
        code = themes.get(tid, {}).get("qcode")
        if code:
            code = vocab.at_level(code, 2)
            votes[code] = votes.get(code, 0) + hits
    if votes:
        best = max(votes, key=lambda q: (votes[q], -vocab.level(q)))
        return best, f"the themes covering its terms ({', '.join(covered_by)}) lie under it"
    words = {_stem(w) for t in terms for w in re.findall(r"[a-z]+", t.lower()) if w not in ENGLISH_STOP_WORDS}
    best, best_score = None, 0.0
    for q, topic in vocab.topics.items():
        level = vocab.level(q)
        if level < 2:
            continue
        label = {_stem(w) for w in re.findall(r"[a-z]+", topic.label.lower()) if w not in ENGLISH_STOP_WORDS}
        text = {_stem(w) for w in re.findall(r"[a-z]+", topic.definition.lower()) if w not in ENGLISH_STOP_WORDS}
        score = 2 * len(words & label) + len(words & text)  # a word of the label says more than one of the definition
        if score > best_score or (score == best_score and best is not None and level < vocab.level(best)):
            best, best_score = q, score
    if best is None:
        return None, "no IPTC topic shares its words"
    return best, f"its terms share {int(best_score)} weighted words with the IPTC label and definition"


def discover_topics(documents: Iterable[Document], n_topics: int = 20, n_terms: int = 12, n_examples: int = 5,
                    taxonomy: list[dict] | None = None, max_features: int = 20_000,
                    random_state: int = 0) -> list[Topic]:
    """Fit TF-IDF + NMF on the documents and describe each topic.

    Topics come back largest first. `taxonomy` (a list of theme dicts, see
    :func:`analysis.themes.matcher.load_taxonomy`) fills each topic's ``covered_by``.
    """
    texts, titles = collect(documents)
    if len(texts) < n_topics:
        raise ValueError(f"{len(texts)} readable documents are too few for {n_topics} topics")
    min_df = 5 if len(texts) >= 500 else 1
    vectorizer, matrix = vectorize(texts, max_features=max_features, min_df=min_df,
                                   max_df=0.4 if len(texts) >= 50 else 1.0)
    nmf = NMF(n_components=n_topics, init="nndsvda", max_iter=300, random_state=random_state)
    weights = nmf.fit_transform(matrix)  # documents x topics
    vocab = vectorizer.get_feature_names_out()
    strongest = weights.argmax(axis=1)
    topics = []
    for k, row in enumerate(nmf.components_):
        top = row.argsort()[::-1][:n_terms]
        terms = [str(vocab[i]) for i in top]
        examples = [titles[i] for i in weights[:, k].argsort()[::-1][:n_examples]]
        covered = taxonomy_coverage(terms, taxonomy or [])
        iptc, why = propose_place(terms, covered, taxonomy or [])
        topics.append(Topic(id="", terms=terms, weights=[round(float(row[i]), 4) for i in top],
                            size=int((strongest == k).sum()), examples=examples, covered_by=covered,
                            iptc=iptc, iptc_why=why))
    topics.sort(key=lambda t: -t.size)
    for i, t in enumerate(topics, 1):
        t.id = f"TOPIC_{i:02d}_" + re.sub(r"\W+", "_", t.terms[0]).upper()
    return topics


def format_topics(topics: list[Topic]) -> str:
    """A readable listing: per topic its size, top terms, covering themes and example headlines."""
    lines = []
    vocab = mediatopics()
    for t in topics:
        covered = ", ".join(f"{k} ({v})" for k, v in t.covered_by.items()) or "NOT COVERED by the taxonomy"
        lines.append(f"{t.id}  [{t.size} articles]  {', '.join(t.terms)}")
        lines.append(f"    themes: {covered}")
        if t.iptc:
            path = " > ".join(vocab.label(q) for q in vocab.path(t.iptc))
            lines.append(f"    IPTC: {t.iptc} {path}  ({t.iptc_why})")
        lines.extend(f"    - {title}" for title in t.examples)
    return "\n".join(lines)


def draft_yaml(topics: list[Topic], n_include: int = 8) -> str:
    """A themes file the user can edit: one draft theme per topic, loadable with ``--themes``."""
    themes = []
    for t in topics:
        themes.append({
            "id": t.id,
            "label": " / ".join(t.terms[:3]),
            "description": f"Discovered topic ({t.size} articles). Covered by: "
                           f"{', '.join(t.covered_by) or 'nothing yet'}. Examples: " + " | ".join(t.examples[:3]),
            **({"parent": t.iptc} if t.iptc else {}),
            "include": t.terms[:n_include],
            "exclude": [],
        })
    header = ("# Draft themes discovered by `presswork themes discover` (TF-IDF + NMF).\n"
              "# Each is placed under the IPTC Media Topic proposed for it (`parent:`); check it with\n"
              "# `presswork themes list --tree --themes THIS_FILE`.\n"
              "# Edit labels and phrases, delete topics you do not want, then use: --themes THIS_FILE\n")
    return header + yaml.safe_dump({"themes": themes}, sort_keys=False, allow_unicode=True, width=110)
