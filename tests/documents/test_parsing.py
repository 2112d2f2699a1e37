"""Wire-text parsing: headlines, datelines in every dash style, paragraphs, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from analysis.documents.article import Article
from analysis.documents.parsing import (
    find_dateline,
    headline_from_filename,
    load_boilerplate,
    parse_text,
    split_paragraphs,
)
from tests.support.reading import ARBITRARY_TEXT


def test_seed_article(sample_text):
    a = parse_text(sample_text, "tasnim-shamkhani-fayyadh.txt")
    assert a.text == sample_text  # never rewritten
    assert a.headline == "Shamkhani: Eviction of Foreign Forces from Iraq to Boost Regional Stability"
    assert a.headline_span == (0, len(a.headline))
    assert a.dateline.location == "TEHRAN" and a.dateline.agency == "Tasnim"
    assert a.source == "Tasnim"
    assert a.text[a.dateline.start : a.dateline.end].startswith("TEHRAN (Tasnim) –")
    assert len(a.paragraphs) == 8
    first = a.text[a.paragraphs[0][0] : a.paragraphs[0][1]]
    assert first.startswith("Secretary of Iran’s Supreme National Security Council Ali Shamkhani")
    assert a.text[slice(*a.paragraphs[-1])].endswith("in Baghdad.")
    # the dateline is excluded from analysis but kept in the text
    assert (a.dateline.start, a.dateline.end, "dateline") in a.excluded
    masked = a.masked_text()
    assert len(masked) == len(a.text) and "Tasnim" not in masked and "Shamkhani" in masked


@pytest.mark.parametrize(
    "line, location, agency",
    [
        ("TEHRAN (Tasnim) – Body text here.", "TEHRAN", "Tasnim"),
        ("TEHRAN – Body text here.", "TEHRAN", None),
        ("TEHRAN - Body text here.", "TEHRAN", None),
        ("WASHINGTON (AP) — Body text here.", "WASHINGTON", "AP"),
        ("BEIRUT, Lebanon (Reuters) - Body text here.", "BEIRUT, Lebanon", "Reuters"),
        ("NEW YORK (Reuters) -- Body text here.", "NEW YORK", "Reuters"),
        ("TEHRAN, Jan. 5 (MNA) – Body text here.", "TEHRAN", "MNA"),
        ("UNITED NATIONS ― Body text here.", "UNITED NATIONS", None),
    ],
)
def test_dateline_forms(line, location, agency):
    d = find_dateline(line, (0, len(line)))
    assert d is not None, line
    assert (d.location, d.agency) == (location, agency)
    assert line[d.end :] == "Body text here."


@pytest.mark.parametrize("line", ["The US - led coalition said.", "Iran's foreign minister said on Monday.",
                                  "A - b", "Tehran - the capital - said"])
def test_not_a_dateline(line):
    assert find_dateline(line, (0, len(line))) is None


def test_headline_from_slugged_filename():
    name = "_news_443789_Iraqi-Parliament-votes-to-expel-U-S-troops-from-Iraq.txt"
    assert headline_from_filename(name) == "Iraqi Parliament votes to expel U S troops from Iraq"
    assert headline_from_filename("data/" + name) == "Iraqi Parliament votes to expel U S troops from Iraq"
    assert headline_from_filename("plain-name.txt") is None


def test_slugged_file_without_headline_line():
    text = ("TEHRAN - Iraqi lawmakers voted on Sunday.  The session came two days after the strike. "
            "It lasted hours.\n All Content by Mehr News Agency is licensed under a Creative Commons "
            "Attribution 4.0 International License.")
    a = parse_text(text, "_news_1_Iraqi-Parliament-votes.txt")
    assert a.headline == "Iraqi Parliament votes" and a.headline_span is None
    assert a.dateline.location == "TEHRAN" and a.dateline.agency is None
    assert [a.text[s:e] for s, e in a.paragraphs] == [
        "Iraqi lawmakers voted on Sunday.", "The session came two days after the strike. It lasted hours."]
    assert any(r == "footer" for *_, r in a.excluded)


def test_boilerplate_footer_desk_initials_and_repeats():
    text = ("Headline here\nTEHRAN – First paragraph of the story is here.\n"
            "Second paragraph says something else entirely.\n"
            "First paragraph of the story is here.\n"
            "Last paragraph ends the story. NA/PA\n"
            "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License.")
    a = parse_text(text, "x.txt")
    paras = [a.text[s:e] for s, e in a.paragraphs]
    assert paras == ["First paragraph of the story is here.", "Second paragraph says something else entirely.",
                     "Last paragraph ends the story."]
    reasons = [r for *_, r in a.excluded]
    assert reasons.count("repeated") == 1 and "trailing" in reasons and "footer" in reasons
    assert a.text == text
    for s, e, _ in a.excluded:  # excluded spans never overlap what is analysed
        assert not any(ps < e and s < pe for ps, pe in a.paragraphs)


def test_user_boilerplate_rules(tmp_path):
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("footers: ['Subscribe to our newsletter.*']\ntrailing: []\n")
    rules = load_boilerplate(str(rules_file))
    a = parse_text("Title line\nBody sentence one. Subscribe to our newsletter today!", "x.txt", rules=rules)
    assert [a.text[s:e] for s, e in a.paragraphs] == ["Body sentence one."]


def test_run_together_paragraphs_split_on_double_space_and_nbsp():
    text = "One sentence ends.  Another begins. Still two.\u00a0 Third here."
    assert [text[s:e] for s, e in split_paragraphs(text)] == [
        "One sentence ends.", "Another begins. Still two.", "Third here."]


def test_single_line_document_has_no_headline():
    a = parse_text("Just one line of text that is an article.", "x.txt")
    assert a.headline is None and len(a.paragraphs) == 1


def test_mixed_line_endings_keep_offsets():
    text = "Headline\r\nTEHRAN - First line.\rSecond paragraph here.\nThird one.\r\n"
    a = parse_text(text, "x.txt")
    assert [text[s:e] for s, e in a.paragraphs] == ["First line.", "Second paragraph here.", "Third one."]


@given(text=ARBITRARY_TEXT)
@settings(max_examples=200, deadline=None)
def test_parse_text_never_raises_and_offsets_are_valid(text):
    a = parse_text(text, "x.txt")
    assert a.text == text
    for s, e in a.paragraphs + [x[:2] for x in a.excluded] + ([a.headline_span] if a.headline_span else []):
        assert 0 <= s <= e <= len(text)
    starts = [s for s, _ in a.paragraphs]
    assert starts == sorted(starts)
    for (s1, e1), (s2, e2) in zip(a.paragraphs, a.paragraphs[1:]):
        assert e1 <= s2  # paragraphs never overlap
    assert len(a.masked_text()) == len(text)


def test_article_is_a_plain_record():
    a = parse_text("Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said it.\n", "x.txt")
    assert isinstance(a, Article) and a.to_dict()["headline"] == "Talks resume"


def test_inline_link_cards_are_cut_from_the_analysed_text_only():
    text = ("Keystone vote\n"
            "Sen. Tom Carper Thomas (Tom) Richard CarperInstead of raising the gas tax, stop wasting money Overnight "
            "Energy: Trump tweets | Move comes as Trump visits state MORE (Del.) has yet to decide. "
            "Hillary Clinton Hillary Diane Rodham Clinton2020 Democrats make play for veterans' votes MORE’s email "
            "problems grew.\n"
            "More Democrats are expected to vote. MORE will follow.")
    a = parse_text(text, "hill.txt")
    inline = [(s, e) for s, e, why in a.excluded if why == "inline"]
    assert [text[s:e].split()[0] for s, e in inline] == ["Thomas", "Hillary"]
    assert a.paragraph_texts() == [
        "Sen. Tom Carper (Del.) has yet to decide. Hillary Clinton’s email problems grew.",
        "More Democrats are expected to vote. MORE will follow."]
    masked = a.masked_text()
    assert len(masked) == len(text) and "Overnight" not in masked and "Sen. Tom Carper" in masked
    assert a.text == text  # the text itself is never rewritten


def test_a_photo_gallery_caption_line_is_boilerplate():
    # "Slideshow (3 Images)" lines (Reuters pages in AllSides) were read as a person, "Slideshow", in 44 articles
    article = parse_text("Headline\n\nSlideshow (3 Images)\n\nThe minister said the plan would work. The "
                         "Slideshow (2 Images) feature stays when it is part of a sentence.\n", path="x.txt")
    masked = article.masked_text()
    assert "Slideshow (3 Images)" not in masked and "The minister said" in masked
    assert "Slideshow (2 Images) feature" in masked
