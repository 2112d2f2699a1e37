"""The analysis records (analysis.records): their dicts are what `dataclasses.asdict` makes of them."""

from __future__ import annotations

from dataclasses import asdict, fields

from analysis.records import Actor, Quote, ThemeScore


def _filled(cls, **given):
    """A record with every field set to a value unlike its default (lists non-empty)."""
    values = {}
    for f in fields(cls):
        if f.name in given:
            values[f.name] = given[f.name]
        elif f.type.startswith("list"):
            values[f.name] = [f"{f.name}-1", f"{f.name}-2"]
        elif f.type.startswith("int"):
            values[f.name] = len(f.name)
        elif f.type.startswith("float"):
            values[f.name] = 0.25
        else:
            values[f.name] = f"{f.name}!"
    return cls(**values)


def test_record_dicts_are_asdict_with_lists_copied():
    actor = _filled(Actor, mentions=[(0, 4), (10, 14)])
    quote = _filled(Quote)
    theme = _filled(ThemeScore, evidence=[(3, 9)])
    expected = {id(actor): {**asdict(actor), "mentions": [[0, 4], [10, 14]]},
                id(quote): asdict(quote), id(theme): {**asdict(theme), "evidence": [[3, 9]]}}
    for record in (actor, quote, theme):
        d = record.to_dict()
        assert d == expected[id(record)]
        assert list(d) == list(expected[id(record)])  # the same keys in the same order (JSON records)
        for name, value in d.items():  # a list in the dict is a copy: changing it leaves the record alone
            if isinstance(value, list):
                assert value is not getattr(record, name)
    plain = Actor("a0", "X", "PERSON")  # not kept apart by the identity file: no apart_from key
    assert plain.to_dict() == {k: v for k, v in asdict(plain).items() if k != "apart_from"}
