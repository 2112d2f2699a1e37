"""Open role descriptors resolved from the corpus at that date (issue 23, analysis.corpus.role_holders)."""

from __future__ import annotations

from datetime import date

from analysis.corpus.role_holders import Where, resolve_role_quotes


def where(day: str | None, outlet: str = "Guardian", country: str | None = None) -> Where:
    return Where(outlet, country, date.fromisoformat(day) if day else None)


HOLDERS = [  # (doc, actor key, name, role, country, where)
    ("d1", "k:blair", "Tony Blair", "Prime Minister", "GB", where("2005-01-10")),
    ("d2", "k:blair", "Tony Blair", "Prime Minister", "GB", where("2005-02-10")),
    ("d3", "k:prescott", "John Prescott", "Deputy Prime Minister", "GB", where("2005-02-11")),
    ("d4", "k:brown", "Gordon Brown", "Prime Minister", "GB", where("2008-02-11")),
    ("d5", "k:brown", "Gordon Brown", "Prime Minister", "GB", where("2008-03-11")),
    ("d6", "k:letwin", "Oliver Letwin", "shadow chancellor", "GB", where("2005-02-01")),
    ("d7", "k:letwin", "Oliver Letwin", "shadow chancellor", "GB", where("2005-02-02")),
]


def answers(descriptor: str, at: Where):
    return {a.name for a in resolve_role_quotes([("q", 0, descriptor, at)], HOLDERS)}


def test_the_holder_at_that_date_and_outlet():
    assert answers("the prime minister", where("2005-02-20")) == {"Tony Blair"}
    assert answers("the prime minister", where("2008-03-01")) == {"Gordon Brown"}   # not a timeless list


def test_no_answer_out_of_the_window_or_elsewhere():
    assert answers("the prime minister", where("2012-01-01")) == set()
    assert answers("the prime minister", where("2005-02-20", outlet="Fox News")) == set()


def test_shadow_and_deputy_are_other_offices():
    assert answers("the chancellor", where("2005-02-05")) == set()      # only a shadow chancellor near
    assert answers("the shadow chancellor", where("2005-02-05")) == {"Oliver Letwin"}
    assert answers("the deputy prime minister", where("2005-02-20")) == set()   # one article is too few


def test_offices_without_one_holder_are_left_open():
    assert answers("the spokesman", where("2005-02-20")) == set()
