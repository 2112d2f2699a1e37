"""`actors.resolve` name steps (`_resolve_short`, `_release_short_aliases`, `_join_full_names`): names are
looked up, not compared pair by pair, in time linear in the mentions, with the answers of the all-pairs
comparisons they replaced."""

from __future__ import annotations

import bisect
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from analysis.actors import resolve
from analysis.actors.entities import EntityMention
from analysis.actors.names import name_parts, same_given, same_surname, similar_names
from analysis.documents.parsing import parse_text
from analysis.documents.samples import sample_path
from tests.conftest import TEHRAN_TIMES, require_shared


def all_pairs_resolve_short(doc, ms, uf, parts, full, short) -> None:
    """The implementation before the index (every bare surname compared with every full name): the reference."""
    sent_starts = [s.start_char for s in doc.sents] if short else []

    def sentence(pos: int) -> int:
        return max(bisect.bisect_right(sent_starts, pos) - 1, 0)

    by_root: dict[int, list[int]] = defaultdict(list)
    for j in full:
        by_root[uf.find(j)].append(j)
    resolved: Counter = Counter()
    unresolved: dict[str, int] = {}
    for i in sorted(short, key=lambda k: ms[k].start):
        if ms[i].gazetteer_id:
            continue
        word = parts[i].surname
        cands = {r: js for r, js in by_root.items() if any(same_surname(parts[j].surname, word) for j in js)}
        if not cands:
            cands = {r: js for r, js in by_root.items() if any(same_given(parts[j].given[0], word) for j in js)}
        if len(cands) > 1:
            cands = resolve._narrow(doc, ms, i, cands, parts, sentence, resolved)
        if len(cands) == 1:
            root = next(iter(cands))
            uf.join(i, root)
            resolved[root] += 1
            continue
        key = f"{ms[i].label}:{word}"
        if key in unresolved:
            uf.join(unresolved[key], i)
        else:
            unresolved[key] = i


def all_pairs_release_short_aliases(ms, parts, full, short) -> None:
    """The all-pairs version of `_release_short_aliases`: the reference."""
    for i in short:
        gid = ms[i].gazetteer_id
        if gid and any(same_surname(parts[j].surname, parts[i].surname) and ms[j].gazetteer_id != gid
                       for j in full):
            ms[i].gazetteer_id = None


def all_pairs_join_full_names(uf, firsts, parts) -> None:
    """The all-pairs version of `_join_full_names`: the reference."""
    compat = {i: {j for j in firsts if j != i and similar_names(parts[i], parts[j])} for i in firsts}
    for i in firsts:
        for j in compat[i]:
            if j > i and compat[i] - {j} <= compat[j] | {j} and compat[j] - {i} <= compat[i] | {i}:
                uf.join(i, j)


ALL_PAIRS = {"_resolve_short": all_pairs_resolve_short, "_release_short_aliases": all_pairs_release_short_aliases,
             "_join_full_names": all_pairs_join_full_names}


AMBIGUOUS = ("Falih al-Fayyadh met Faleh al-Fayad and George W. Bush, George H.W. Bush and George Bush. "
             "Bill Clinton met Hillary Clinton in Tehran. Clinton said talks would resume. Mrs. Clinton "
             "disagreed, and she left. Jake Sullivan and Jacob Sullivan spoke; Sullivan said more. Mohammad "
             "Javad Zarif and Javad Zarif met Ghasemi's deputy Bahram Qassemi. Qasemi added that Zarif agreed. "
             "Jake left early. Hillary said nothing, and Bill said everything.\n")


def actors_with(all_pairs: bool, doc, article):
    """The article's actors, with the lookups or with the all-pairs reference versions of the name steps
    (each over its own copy of the one parse)."""
    originals = {name: getattr(resolve, name) for name in ALL_PAIRS}
    if all_pairs:
        for name, function in ALL_PAIRS.items():
            setattr(resolve, name, function)
    try:
        return [a.to_dict() for a in resolve.resolve_actors(doc.copy(), article).actors]
    finally:
        for name, function in originals.items():
            setattr(resolve, name, function)


def same_both_ways(nlp, article) -> bool:
    doc = nlp(article.masked_text())
    return actors_with(False, doc, article) == actors_with(True, doc, article)


def articles_to_compare():
    texts = [Path(sample_path()).read_text(encoding="utf-8"), "Talks\n" + AMBIGUOUS, "Talks\n" + AMBIGUOUS * 3]
    return [parse_text(t, f"{k}.txt") for k, t in enumerate(texts)]


def test_the_index_gives_the_answers_of_the_all_pairs_comparison(nlp):
    for article in articles_to_compare():
        assert same_both_ways(nlp, article)


@pytest.mark.shared
@pytest.mark.slow
def test_the_index_gives_the_same_actors_on_tehran_times(nlp):
    require_shared(TEHRAN_TIMES)
    compared = 0
    with tarfile.open(TEHRAN_TIMES, "r:gz") as tf:
        for member in tf:
            if compared == 25:
                break
            if member.isfile() and member.name.endswith(".txt"):
                article = parse_text(tf.extractfile(member).read().decode("utf-8", "replace"), member.name)
                assert same_both_ways(nlp, article), member.name
                compared += 1


class Sentences:
    """A parsed document as `_resolve_short` sees it when no bare name needs its context: sentences only."""

    sents = ()


def people_named(n: int) -> list[str]:
    """`n` full names whose surnames are `n` different names, not near spellings of each other either."""
    import itertools

    from analysis.actors.names import consonant_key

    given = ["Ali", "Reza", "Sara", "Omid", "Nima", "Leila"]
    syllables = [c + "a" for c in "bdfklmnprstvz"]
    names, keys = [], set()
    for k, (a, b, c, d) in enumerate(itertools.product(syllables, repeat=4)):
        surname = f"{a}{b}{c}{d}".capitalize()
        if consonant_key(surname) not in keys:
            keys.add(consonant_key(surname))
            names.append(f"{given[k % 6]} {surname}")
        if len(names) == n:
            return names
    raise AssertionError("not enough distinct surnames")


def test_name_comparisons_grow_linearly_with_the_people_named(monkeypatch):
    calls = Counter()
    for name in ("same_surname", "same_given", "translit"):
        real = getattr(resolve, name, None)
        if real is not None:
            def counted(*args, _real=real, _name=name, **kw):
                calls[_name] += 1
                return _real(*args, **kw)
            monkeypatch.setattr(resolve, name, counted)

    def comparisons(people: int) -> int:
        calls.clear()
        names = people_named(people)
        calls.clear()
        ms, pos = [], 0
        for text in names + [n.split()[1] for n in names]:  # every full name, then each bare surname
            ms.append(EntityMention(pos, pos + len(text), 0, 0, text, "PERSON"))
            pos += len(text) + 2
        parts = {i: name_parts(m.text) for i, m in enumerate(ms)}
        uf = resolve._Union(len(ms))
        resolve._resolve_short(Sentences(), ms, uf, parts, list(range(people)), list(range(people, 2 * people)))
        assert all(uf.find(people + k) == uf.find(k) for k in range(people))  # each found its person
        return sum(calls.values())

    small, large = comparisons(200), comparisons(2000)
    assert large <= 12 * small, (small, large)  # all pairs: 100 x for 10 x the people


def test_full_names_are_compared_only_with_names_of_a_similar_surname(monkeypatch):
    calls = Counter()
    real = resolve.similar_names

    def counted(a, b):
        calls["similar_names"] += 1
        return real(a, b)

    monkeypatch.setattr(resolve, "similar_names", counted)

    def comparisons(people: int) -> int:
        calls.clear()
        parts = {i: name_parts(name) for i, name in enumerate(people_named(people))}
        resolve._join_full_names(resolve._Union(people), list(range(people)), parts)
        return calls["similar_names"]

    small, large = comparisons(200), comparisons(2000)
    assert large <= 12 * small, (small, large)  # all pairs: 100 x for 10 x the people
