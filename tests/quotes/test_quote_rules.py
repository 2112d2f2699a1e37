"""The rule fixes of issue 22: quotation marks paired paragraph-aware, non-speech cues, mixed quotes whole,
'accused X of Y', no fragment duplicates, speakers from the right clause, clean `via` names.

Each case failed on the rules before the fix (checked by hand against the previous commit). The rules are
run alone (mode="rules"): the tagger has its own tests and figures."""

from __future__ import annotations

import pytest

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.quotes import extract_quotes
from analysis.quotes.content import quote_mark_spans
from analysis.quotes.cue import convention_lexicon, load_lexicon


def body_quotes(nlp, body: str, mode: str = "rules"):
    """The body quotes of an article with a plain headline and `body`, found in `mode`."""
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    return [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode=mode)
            if q.kind != "headline"]


def rules(nlp, body: str):
    return body_quotes(nlp, body)


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")])
def test_quotation_reopened_after_a_joined_paragraph_is_paired_in_step(nlp, open_, close):
    body = (f"LONDON - {open_}We will cut taxes for every family in the country. {open_}And we will do it in the "
            f"first year,{close} Michael Howard said. Later Tony Blair spoke in Leeds. {open_}The economy is strong "
            f"and growing,{close} he said.")
    quotes = rules(nlp, body)
    got = [(q.text, q.kind, q.speaker) for q in quotes]
    assert got == [("We will cut taxes for every family in the country", "direct", "Michael Howard"),
                   ("And we will do it in the first year", "direct", "Michael Howard"),
                   ("The economy is strong and growing", "direct", "Tony Blair")]


def test_unbalanced_mark_fails_alone():
    text = 'He said "the plan is dead. Then the vote came. "Nobody will stop us now," she said.'
    spans = quote_mark_spans(text, [(0, len(text))])
    assert [text[s.start:s.end] for s in spans] == ["the plan is dead. Then the vote came", "Nobody will stop us now"]
    assert [s.closed for s in spans] == [False, True]


@pytest.mark.parametrize("sentence", [
    "The chancellor is expected to announce that taxes will rise.",
    "Brown is likely to defend the budget on Monday.",
    "He will answer questions in parliament on Tuesday.",
    "Blair proposed a new law on asylum on Tuesday.",
])
def test_non_speech_cues_give_no_quote(nlp, sentence):
    assert rules(nlp, "LONDON - " + sentence) == []


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
@pytest.mark.parametrize("sentence, content", [
    ("Michael Howard accused Tony Blair of misleading the country over the war.",
     "misleading the country over the war"),
    # the parser hangs 'of breaking ...' on the object; the hybrid's tagger learnt PolNeAR's 'X of Y' (session 10)
    ("Michael Howard accused government forces of breaking a ceasefire in their bid to recapture the city.",
     "breaking a ceasefire in their bid to recapture the city"),
])
def test_accused_x_of_y_gives_y(nlp, mode, sentence, content):
    (q,) = body_quotes(nlp, "LONDON - " + sentence, mode)
    assert q.text == content
    assert q.speaker and "Howard" in q.speaker


def test_the_reporters_aside_after_an_inverted_cue_is_not_the_content(nlp):
    # 'X, Kirby said, after peace talks were halted ...' (Reuters): the content is X, before the cue
    body = ("WASHINGTON - Kerry will press Iran to use its influence to end the war, Kirby said, after peace talks in "
            "Geneva were halted by the opposition, which accused government forces of breaking a ceasefire.")
    quotes = rules(nlp, body)
    assert (quotes[0].text, quotes[0].speaker) == ("Kerry will press Iran to use its influence to end the war", "Kirby")
    assert all("peace talks" not in q.text for q in quotes)


def test_mixed_quote_spans_the_reported_content_once(nlp):
    quotes = rules(nlp, 'LONDON - Gordon Brown dismissed the Tory budget as "vote now, pay later for years to come" '
                        "on Monday.")
    assert [(q.text, q.kind) for q in quotes] == [('the Tory budget as "vote now, pay later for years to come', "mixed")]


def test_via_is_the_channel_not_the_next_person(nlp):
    (q,) = rules(nlp, "LONDON - Mr Blair said the war was legal, the Sunday Times Mr Brown reported on Sunday.")
    assert q.via == "Sunday Times"


def test_reader_comment_pages_give_no_quotes(nlp):
    body = ("Readers react to the budget.\nI think the chancellor said nothing new about pensions.\nJohn Smith, Leeds\n"
            "He claimed taxes would fall, but they never do.\nMary Jones, Bristol\n"
            "The minister said it was fair. It is not.\nAlan Brown, Glasgow")
    article = parse_text("Budget: your comments\n" + body, "comments.txt")
    doc = nlp(article.masked_text())
    assert extract_quotes(doc, article, resolve_actors(doc, article)) == []
    signed_only = parse_text("Budget reaction\n" + body, "comments.txt")  # no title phrase: the signatures
    doc = nlp(signed_only.masked_text())
    assert extract_quotes(doc, signed_only, resolve_actors(doc, signed_only)) == []


# The news-quote convention (issue 22, precision on outlets not tuned on): what was denied, wanted, urged or
# decided is no statement. Sentences written for these tests, modelled on the false quotes of our own gold.
@pytest.mark.parametrize("sentence", [
    "Najib denied any wrongdoing over the money transferred into his account.",
    "Britain urged the European Union on Monday to lift the embargo.",
    "Pelosi wants to cancel the new tax cuts that benefit the wealthiest Americans.",
    "India welcomed the decision on its territory.",
    "The United States voiced concern about the media crackdown.",
    "The court decided Bush v. Gore in 2000.",
    "The source declined to say if the meeting was a success.",
    "The email describes a meeting between the president and his advisers.",
    "The operation aimed to push the army out of France.",
    # what was added, reported, spoken about or rejected as a thing, not as a statement (40 random AllSides
    # quotes, session 7: figures, case counts, a topic and a bill came out as "quotes")
    "Restaurants and bars added 38,000 jobs last month.",
    "The agency is now reporting both confirmed and probable cases.",
    "The senator spoke at length about the remarks he made at a private dinner.",
    "The lawmakers rejected a bill aimed at curbing violence as the mayor begged residents to stay calm.",
    # what is planned is not what was said (40 random Reuters quotes, session 7)
    "The government plans to admit 300,000 immigrants this year.",
    "The minister did not elaborate on where the army planned to set up the safety zones.",
    # a cue inside an 'if' clause reports nothing: the main clause is the writer's
    "If the witness does not testify, it seems certain the nominee will be confirmed.",
])
def test_what_was_denied_wanted_or_urged_is_no_quote(nlp, sentence):
    assert rules(nlp, "LONDON - " + sentence) == []


@pytest.mark.parametrize("sentence, content", [
    ("Najib denied that he had taken any money for himself.", "he had taken any money for himself"),
    ("Murphy expressed concern over the possibility that weapons could fall into the wrong hands.",
     "the possibility that weapons could fall into the wrong hands"),
    ('The FBI expressed "grave concerns" about the memo.', 'grave concerns" about the memo'),
    ("Putin promised lower taxes.", "lower taxes"),
    ("The minister added that the talks would continue.", "the talks would continue"),
    ("The agency reported that 500 people had been infected.", "500 people had been infected"),
])
def test_a_stated_clause_quoted_words_or_a_promise_still_quote(nlp, sentence, content):
    (q,) = rules(nlp, "LONDON - " + sentence)
    assert content in q.text


def test_polnear_attribution_convention_keeps_what_was_denied(nlp):
    article = parse_text("A headline\nLONDON - Najib denied any wrongdoing over the money.", "case.txt")
    doc = nlp(article.masked_text())
    lexicon = load_lexicon().for_attributions()
    (q,) = extract_quotes(doc, article, resolve_actors(doc, article), lexicon=lexicon)
    assert q.text == "any wrongdoing over the money"


@pytest.mark.parametrize("sentence, content", [
    (("Ecuador's government acknowledged it had restricted his Internet access, arousing speculation it had "
      "been pressured."), "it had restricted his Internet access"),
    ("The team said it is dropping the name it has used for 87 years, bowing to pressure from sponsors.",
     "it is dropping the name it has used for 87 years"),
])
def test_the_reporters_trailing_aside_is_not_the_speakers(nlp, sentence, content):
    (q,) = rules(nlp, "LONDON - " + sentence)
    assert q.text == content


def test_inline_name_card_gives_no_junk_speaker_or_content(nlp):
    body = ("Senate Majority Leader Mitch McConnell Addison (Mitch) Mitchell McConnellSchumer: Trump remarks among "
            "'most disturbing things' yet Embracing Pence might be GOP's best play MORE (R-Ky.) said the vote would "
            "pass on Thursday.")
    (q,) = rules(nlp, body)
    assert q.text == "the vote would pass on Thursday"
    assert q.speaker == "Mitch McConnell" and q.speaker_text.endswith("Leader Mitch McConnell")


def test_a_quotation_ending_the_reported_clause_is_part_of_it_not_a_fragment(nlp):
    body = ("WASHINGTON - “Many users face charges for their postings,” he added, saying Malaysian officials have "
            "spoken about legal amendments “that would further restrict online space.”")
    quotes = rules(nlp, body)
    assert [q.kind for q in quotes] == ["direct", "mixed"]
    assert quotes[1].text.startswith("Malaysian officials") and quotes[1].text.endswith("online space")


# --- the attribution's source phrase and speakers named without a verb (issue 22, third round) ---------------

@pytest.mark.parametrize("body, mention, source", [
    (("WASHINGTON - “This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the Congressional "
     "Black Caucus."), "Butterfield", "Rep. G.K. Butterfield (D-N.C.), head of the Congressional Black Caucus"),
    (("WASHINGTON - Trump, speaking to a veterans group in Virginia, said he would order a review of the "
     "defences."), "Trump", "Trump"),
    ("WASHINGTON - The bill was written by Jim Smith, who said it would pass the Senate.", "who", "who"),
])
def test_source_phrase_is_the_whole_noun_phrase_beside_the_mention(nlp, body, mention, source):
    (q,) = rules(nlp, body)
    text = "A headline\n" + body
    assert mention in q.speaker_text  # the mention the store links stays the name
    assert text[q.source_start:q.source_end] == source  # PolNeAR's bounds: titles, appositions, no aside


def test_transcript_labels_name_the_speaker_of_their_paragraph(nlp):
    body = ('Partial transcript as follows:\n"PENCE: Well, look, the debate is about the economy and jobs.\n'
            '"WALLACE: Do you really see those two as equivalent?\nUPDATE: This story was changed on Monday.')
    got = [(q.text, q.speaker_text, q.cue) for q in rules(nlp, body)]
    assert got == [("Well, look, the debate is about the economy and jobs.", "PENCE", ":"),
                   ("Do you really see those two as equivalent?", "WALLACE", ":")]


def test_a_quotation_signed_with_a_dash_takes_the_signer(nlp):
    body = ("“He cannot even answer a question without scaring people about something else first.” ― Esther Tapia\n"
            "“The most unqualified child to ever run for president.”― Francisco Herrero.")
    got = [(q.speaker_text, q.cue) for q in rules(nlp, body)]
    # the second dash is glued to the closing mark: one token, so the cue is the token '”―'
    assert got == [("Esther Tapia", "―"), ("Francisco Herrero", "”―")]


def test_a_name_labelling_a_quotation_is_its_speaker(nlp):
    # a digest's convention: a heading, a dash, the name and a colon before the quotation; the name wins over a
    # cue the rules find in the heading ('agree')
    body = ("But the polls did predict the caucus - Pollster Weekly: “Most polls had the Democrats close, and they "
            "were close.”\n"
            "BLAME FOR THE POLLS - Mark Blumenthal and Jon Cohen: “The polls were not wrong, just too early.”\n"
            "Related: “Voters Sour On The Race”")
    got = [(q.speaker_text, q.cue) for q in rules(nlp, body)]
    assert got[:2] == [("Pollster Weekly", ":"), ("Mark Blumenthal and Jon Cohen", ":")]
    assert all(speaker != "Related" for speaker, _ in got)


@pytest.mark.parametrize("body, speaker, convention", [
    # a feeling is a cue under PolNeAR's attribution convention only (`not_statements`)
    (("WASHINGTON - The dissolution of the Soviet Union also left many E.U. nations feeling that they faced no "
      "obvious military threat."), "many E.U. nations", "attributions"),
    ("WASHINGTON - The long campaign left Republicans insisting that the nominee would win.", "Republicans", "statements"),
    ("WASHINGTON - The video caught Trump saying that he could do anything.", "Trump", "statements"),
    ("WASHINGTON - The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead?”", "Hillary Clinton",
     "statements"),
])
def test_a_participle_right_after_its_verbs_object_is_the_objects(nlp, body, speaker, convention):
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    (q,) = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode="rules",
                                      lexicon=convention_lexicon(convention)) if q.kind != "headline"]
    assert q.speaker_text == speaker


def test_a_verb_misread_as_a_clause_on_the_name_before_it_is_that_names(nlp):
    # the parser hangs 'tweeted' on 'Donald Trump' as a clause (the name is its root): the name still says it
    (q,) = rules(nlp, "WASHINGTON - Donald Trump, who is vying to be the next president, tweeted\u00a0on Friday to "
                      "say he had never suggested the U.S. should use a database to track Muslims.")
    assert q.cue == "say" and q.speaker_text == "Donald Trump"


def test_a_comma_set_relative_clause_ending_the_content_is_the_reporters(nlp):
    (q,) = rules(nlp, "WASHINGTON - Graham said the climate is changing fast, which makes him an outlier among "
                      "Republican lawmakers.")
    assert q.text == "the climate is changing fast"


def test_a_quotation_with_its_lead_in_is_one_mixed_quote(nlp):
    (q,) = rules(nlp, "WASHINGTON - He told reporters on Monday that “terrorism is never the answer to anything.”")
    assert q.kind == "mixed" and q.text.startswith("that “terrorism is never")


def test_a_reporting_relative_clause_is_not_part_of_the_source(nlp):
    body = "WASHINGTON - “It will not work,” said Mr. Kamin, who emphasized that the plan was far too simple."
    text = "A headline\n" + body
    said = next(q for q in rules(nlp, body) if q.cue == "said")
    assert text[said.source_start:said.source_end] == "Mr. Kamin"  # 'who emphasized ...' is its own attribution


@pytest.mark.parametrize("body, speaker", [
    (("WASHINGTON - “He would be a great senator. Not good, great. One of the brightest members of the entire "
     "Congress,” Rep. Elijah Cummings said in a phone interview."), "Elijah Cummings"),
    ("MIAMI - “The campaign is in panic mode. Full panic mode,” said Leslie Wimes, a Florida party official.",
     "Leslie Wimes"),
])
def test_words_inside_the_quotation_are_never_its_speaker(nlp, body, speaker):
    # the parser can make a quotation's last noun phrase a second subject of the cue after it
    said = next(q for q in rules(nlp, body) if q.cue == "said")
    assert said.speaker == speaker


@pytest.mark.parametrize("body, cue", [
    (("WASHINGTON - Sen. David Perdue said he did not believe those characterizations hurt Romney in 2012, "
     "arguing that it was divisions in the party that were a bigger hurdle."), "arguing"),
    (("WASHINGTON - Foreign policy analysts said geopolitical factors have contributed to the appeal, adding that "
     "the nation borders China."), "adding"),
])
def test_a_comma_set_participle_after_a_report_is_the_reporters(nlp, body, cue):
    participle = next(q for q in rules(nlp, body) if q.cue == cue)
    assert participle.speaker_text in ("David Perdue", "Sen. David Perdue", "analysts", "Foreign policy analysts")
    assert participle.speaker_text not in ("he", "geopolitical factors")


def test_a_which_clause_on_a_noun_inside_the_source_is_not_part_of_it(nlp):
    body = ("NEW YORK - “We will protect our schools,” said Michael Mulgrew, president of the United Federation of "
            "Teachers, which represents New York City educators.")
    text = "A headline\n" + body
    (q,) = rules(nlp, body)
    assert text[q.source_start:q.source_end] == "Michael Mulgrew, president of the United Federation of Teachers"


@pytest.mark.parametrize("body, cue, speaker", [
    (("NEW YORK - The Security Council issued a statement calling the nuclear test a clear violation of its "
     "resolutions."), "calling", "The Security Council"),
    (("NEW YORK - Earlier this month, lawyers for the couple filed legal papers arguing that the records should "
      "stay sealed."), "arguing", "lawyers for the couple"),
])
def test_a_participle_on_a_message_is_said_by_its_issuer(nlp, body, cue, speaker):
    q = next(q for q in rules(nlp, body) if q.cue == cue)
    assert q.speaker_text == speaker


@pytest.mark.parametrize("body, content, speaker", [
    ("WASHINGTON - President Obama, dedicating the museum on Saturday, said it would tell an American story.",
     "it would tell an American story", "President Obama"),
    ("RICHMOND - Back in Virginia, Mr. Clarke said, he decided to take aim at the coal industry.",
     "he decided to take aim at the coal industry", "Mr. Clarke"),
])
def test_two_cues_in_each_others_content_keep_the_report(nlp, body, content, speaker):
    # the inner verb's parse can take the attribution ('President Obama, ..., said') as its content: before,
    # each cue dropped the other and the sentence gave no quote at all
    got = [(q.text, q.speaker_text) for q in rules(nlp, body)]
    assert got == [(content, speaker)]


def test_a_participle_after_a_closing_quotation_mark_is_the_reporters(nlp):
    body = ("MIAMI - Speaking earlier in Florida, Trump insisted that he has “expanded the Republican party,” claiming "
            "that he is responsible for higher voter turnout.")
    claiming = next(q for q in rules(nlp, body) if q.cue == "claiming")
    assert claiming.speaker == "Trump" and claiming.speaker_text == "Trump"



def test_words_of_a_quotation_opened_after_the_cue_are_not_its_speaker(nlp):
    # the parser made the quoted show title the subject of 'said'
    body = ("WASHINGTON - “There's a severe disconnect between this White House and our military,” Flynn, a top "
            "Trump surrogate, said Thursday morning on Fox News’s “Fox and Friends.”")
    said = next(q for q in rules(nlp, body) if q.cue == "said")
    assert said.speaker_text not in ("Fox", "Fox and Friends")


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_a_name_inside_a_quotation_never_takes_over_the_pronoun_after_it(nlp, mode):
    """'“…,” she said' after a quotation whose sentence has another person as subject is still the quoted
    woman: a subject inside someone's quotation is not who the narrative turns to (a Reuters story credited
    the DNC chair's quote to the man her quote named)."""
    body = ("“The only one to gain from this is Donald Trump,” party chair Donna Brazile said in a statement. “Not "
            "only has Trump praised Putin, he invited more spying to help his campaign,” she said.\n")
    quotes = [q for q in body_quotes(nlp, body, mode) if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Donna Brazile", "Donna Brazile"]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_the_subject_of_a_reported_clause_never_takes_over_the_pronoun_after_it(nlp, mode):
    """'X said Clinton may be ... And, he said, ...': the person X reported about is not who the narrative turns
    to (40 random AllSides quotes: a pollster's second remark was credited to Hillary Clinton)."""
    quotes = body_quotes(nlp, "Hillary Clinton announced her plan on Monday. Fellow pollster David Winston said "
                              "Clinton may be placating her base now. And, he said, the piecemeal approach undermines "
                              "her effort.\n", mode)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Clinton may be placating her base now", "David Winston"),
        ("the piecemeal approach undermines her effort", "David Winston")]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
@pytest.mark.parametrize("attribution", ["Modly said", "said Modly"])
def test_a_surname_the_parser_reads_as_an_adverb_still_speaks(nlp, mode, attribution):
    """The small model tags 'Modly' as an adverb (its '-ly'): the quotation and the one after it had no speaker
    (40 random AllSides quotes, session 7)."""
    body = (f"Navy Secretary Thomas Modly toured the ship. “There are 20 doors left to fix,” {attribution}. “The "
            f"elevators are the biggest problem.”\n")
    quotes = [q for q in body_quotes(nlp, body, mode) if q.kind == "direct"]
    assert [(q.speaker_text, q.speaker) for q in quotes] == [("Modly", "Thomas Modly")] * 2


def test_a_participle_before_the_cue_read_as_its_clause_is_not_the_content(nlp):
    # Reuters wire copy: in a long paragraph the parser hangs the fronted participle ('published') on 'said' as a
    # clausal complement, beside the reported clause; the parse is set so here (in a short text it reads it right)
    body = ("WASHINGTON - In an interview with the Boston Globe published on Oct. 4, Baker said he was weighing a run "
            "for the Senate.")
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    published = next(t for t in doc if t.text == "published")
    said = next(t for t in doc if t.text == "said")
    published.head, published.dep_ = said, "ccomp"
    quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode="rules") if q.kind != "headline"]
    assert [(q.text, q.speaker) for q in quotes] == [("he was weighing a run for the Senate", "Baker")]


@pytest.mark.parametrize("body, speaker", [
    ("WASHINGTON - Johnson released letters from lawyers declaring him innocent of all charges.", "lawyers"),
    ("WASHINGTON - Both candidates have released notes from their doctors declaring them healthy enough for the job.",
     "their doctors"),
])
def test_a_participle_on_a_message_from_its_author_is_the_authors(nlp, body, speaker):
    # the one who releases a message is not who it quotes: the doctors' notes declare it (Reuters reading)
    (q,) = rules(nlp, body)
    assert (q.cue, q.speaker_text) == ("declaring", speaker)


@pytest.mark.parametrize("caption", [
    'Play Video 1:05 Jane Smith: "Nobody in this city wants the library closed" – video',
    "Play Video 0:58 Mayor Jane Smith says the city will never close the library – video",
    "Facebook Twitter Pinterest Jane Smith said the library would stay open. Photograph: John Doe/AP",
])
def test_a_caption_line_gives_no_quote(nlp, caption):
    # a video or photo caption as news sites' extractors keep it (The Guardian on AllSides): not the article's words
    body = f"LONDON - The library reopened on Monday.\n{caption}\nIt had been closed for a year."
    assert rules(nlp, body) == []


@pytest.mark.parametrize("body", [
    "WASHINGTON - In a poll taken after the debate, 58 percent of voters felt the senator had won it.",
    "WASHINGTON - After the vote, she decided she had to resign from the committee.",
    "WASHINGTON - The governor learned that the bill had failed in the Senate.",
    # nor is a cue or a quotation inside it
    "WASHINGTON - The senator felt the need to clarify his remarks on Monday.",
    "WASHINGTON - The justices decided that the search had violated her “right to be left alone at home.”",
])
def test_a_decision_or_a_feeling_is_no_statement(nlp, body):
    # the news-quote convention (statements: what was said or written; 40 random Reuters and AllSides quotes);
    # PolNeAR's attribution convention annotates them, and keeps them
    assert rules(nlp, body) == []
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    attributed = extract_quotes(doc, article, resolve_actors(doc, article), lexicon=convention_lexicon("attributions"),
                                mode="rules")
    assert len([q for q in attributed if q.kind != "headline"]) == 1


def test_a_reported_decision_is_the_speakers_statement(nlp):
    # a guard, not a fix: the decision is no cue of its own, but said it is (it passed before too)
    (q,) = rules(nlp, "WASHINGTON - Senator Jane Miller said she decided to leave the party in March.")
    assert (q.text, q.speaker_text, q.cue) == ("she decided to leave the party in March", "Senator Jane Miller", "said")


def test_a_quotation_a_decision_holds_is_no_quote_of_its_own(nlp):
    # 'failed to decide whether ... “...”': an open question (no content) whose quotation is no statement either
    body = ("WASHINGTON - In 2012 the court failed to decide whether the long search violated a driver’s “reasonable "
            "expectation of privacy.”")
    assert rules(nlp, body) == []


def test_a_comma_set_participle_on_a_message_continues_the_sentence(nlp):
    # the parser may hang the participle on the message noun (Tehran Times): set off by a comma, it is still the
    # subject's, not the message author's
    body = "TEHRAN - The foreign minister has denounced the board's resolution against Iran, calling it unfair."
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    calling = next(t for t in doc if t.text == "calling")
    calling.head, calling.dep_ = next(t for t in doc if t.text == "resolution"), "acl"
    quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode="rules") if q.kind != "headline"]
    assert [(q.cue, q.speaker_text) for q in quotes] == [("calling", "The foreign minister")]


@pytest.mark.parametrize("sentence", [
    # a plural noun the parser reads as a verb, with a relative clause it reads as the content (issue 22)
    "Labour must hold Ohio, Iowa and Nevada, all states that the party lost by a wide margin in 2016.",
    # 'write' with a noun-phrase object: what was written about, no statement
    "Mrs. Hale wrote an essay for the Guardian last spring, urging readers to visit the museum.",
    # a feeling, a vote, a refusal: no statement under the news-quote convention
    "Millions of ordinary voters love cricket and the county championship.",
    "Many of the farmers who voted for him are hoping for lower fuel duty.",
    "He got up from the pavement and refused to let the paramedics examine his arm.",
    "The company declined to let reporters see the documents about the merger.",
    # an impersonal passive with expletive 'it': the reporter's own narration
    "Taxation, it should be noted, is higher in Denmark than in any other country.",
    "It was reported that the minister had resigned before the vote.",
    "It is worth noting that the contract expired in May.",
    # a negated cue with a question as content: nothing was stated
    "He did not say why his position on the tax had changed since the spring.",
    "The minister would not explain how the money had been spent by the council.",
    # the cue inside an impersonal passive: negated, or with a relative pronoun as its object
    "Hale resigned in March after it was revealed he did not disclose the meetings to the committee.",
    "The fleet sailed to the Spratly Islands, a region that China claims as its own territory.",
    "The fleet sailed into the South China Sea, a hotly contested region that China claims as its own.",
    # 'post' and 'confirm' with a noun-phrase or infinitive object (session 10's reading of AllSides copy)
    "It appears he was wearing gloves at the time he posted the packages.",
    "The other parcel was intercepted near the airport and was later confirmed to contain a bomb.",
])
def test_what_states_nothing_gives_no_quote(nlp, sentence):
    assert [(q.cue, q.text) for q in rules(nlp, "LONDON - " + sentence)] == []


@pytest.mark.parametrize("sentence, cue, content", [
    ("The report states that taxes will rise in April.", "states", "that taxes will rise in April"),
    ("Mrs. Hale wrote in the Guardian that the tax was unfair to families.", "wrote",
     "that the tax was unfair to families"),
    ("Mrs. Hale wrote: “The tax is unfair to every family in the country.”", "wrote",
     "The tax is unfair to every family in the country"),
    ("He did not say the plan was dead, but he conceded it was in trouble.", "conceded", "it was in trouble"),
    # an impersonal passive is no cue, the cue inside it still is
    ("It is understood that Hale insisted the talks should continue through the summer.", "insisted",
     "the talks should continue through the summer"),
])
def test_statements_next_to_what_states_nothing_stay_quotes(nlp, sentence, cue, content):
    quotes = rules(nlp, "LONDON - " + sentence)
    assert (cue, content) in [(q.cue, q.text) for q in quotes]


LISTING = ("(Reuters) - Leaders reacted on Friday to the court's ruling on the trade pact. Following are reactions: "
           "“The ruling is a grave mistake for our farmers and our workers.” - Canadian Prime Minister Justin "
           "Trudeau, in a statement “Trade keeps jobs at home.  I believe the court got this wrong. We will appeal "
           "it.” - Former U.S. Senator Tom Daschle, who led the Senate in 2001, in a statement “This is a good day "
           "for American workers.” - U.S. Commerce Secretary Wilbur Ross on Twitter")


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_a_listing_entry_takes_the_name_after_its_dash(nlp, mode):
    # a wire factbox of reactions run on in one paragraph: each quotation is signed after it ('- Name, ...,
    # in a statement'), and the cue before a quotation ('in a statement “...') is the previous entry's; the
    # unquoted 'I believe ...' inside Daschle's entry (a double space splits it off) is his
    text = "A headline\n" + LISTING
    entries = [(text.index("“The ruling"), "Justin Trudeau"), (text.index("“Trade keeps"), "Tom Daschle"),
               (text.index("“This is a good"), "Wilbur Ross")]
    quotes = [q for q in body_quotes(nlp, LISTING, mode) if q.start > entries[0][0]]
    got = [(q.text[:12], q.speaker) for q in quotes]
    want = [(q.text[:12], max((e for e in entries if e[0] <= q.start), key=lambda e: e[0])[1]) for q in quotes]
    assert got == want
    assert {speaker for _, speaker in got} == {"Justin Trudeau", "Tom Daschle", "Wilbur Ross"}
    assert any(q.speaker_text == "I" for q in quotes)  # the 'I believe' inside the entry is a quote of Daschle's


TRANSCRIPT = ("AMY GOODMAN: Welcome back. What went wrong in the city?\n\n"
              "JOHN ALVAREZ: The pension funds were raided for years. So I think it’s fair to say that the banks ran "
              "the city.\n\n"
              "And the council has to choose now. I believe the state must pay its share of the debt.\n\n"
              "LIEUTENANT GOVERNOR ELECT MARY JONES: I think the state will pay what it owes to the city.\n\n"
              "AMY GOODMAN: Thank you for joining us.")


def test_a_first_person_speaker_inside_a_transcript_turn_is_the_turns_speaker(nlp):
    # 'I think ...' inside JOHN ALVAREZ's turn is his, and so is 'I believe ...' in the paragraph his turn
    # runs on to (no label of its own)
    quotes = body_quotes(nlp, TRANSCRIPT, "hybrid")
    first_person = [(q.text[:12], q.speaker) for q in quotes if q.speaker_text == "I"]
    # the actor the label names, as running text prints the name (analysis.actors.names.printed_name)
    assert first_person[:2] == [("it’s fair to", "John Alvarez"), ("the state mu", "John Alvarez")]
    # his turn ends at the next label, even one too long to be read as a speaker's
    assert all(speaker != "John Alvarez" for _, speaker in first_person[2:])


def test_a_signature_naming_an_outlet_or_no_one_credits_no_speaker(nlp):
    # a collection of one politician's lines: the signature says where they were said, not who said them, and
    # the second line is not the first's signer's either
    body = ("Here are some of her lines.\n\n"
            "“I do not think there will be a woman prime minister in my lifetime.” — BBC, March 5, 1975\n\n"
            "“Young people are inhaling what they think is harmless.” — editorial, St. Louis Post-Dispatch\n\n"
            "“Vaping is harmful, but banning it may lead millions back to cigarettes.” — Raymond March, The Hill")
    got = [(q.text[:10], q.speaker) for q in rules(nlp, body) if q.kind == "direct"]
    assert got == [("I do not t", None), ("Young peop", None), ("Vaping is ", "Raymond March")]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_what_someone_was_asked_is_not_their_statement(nlp, mode):
    # session 10's reading of Reuters copy: 'said when asked about whether ...' quoted the question, cue 'asked'
    body = ("WASHINGTON - “We will not condone the violence of any group,” Secretary Jane Hale said when asked "
            "about whether it was right to compare the two groups of protesters.")
    quotes = body_quotes(nlp, body, mode)
    assert [(q.cue, q.speaker) for q in quotes] == [("said", "Jane Hale")]
    assert "whether" not in quotes[0].text


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_a_quotation_someone_was_asked_is_not_credited_to_them(nlp, mode):
    # Tehran Times: 'when he was asked whether “all options still on the table” against Iran' (the hybrid gave
    # it to Pompeo with the cue 'was')
    body = ("WASHINGTON - Senator Mark Reed visited Boston on Monday. He made the remarks in an interview when he "
            "was asked whether “all options are still on the table” against Iran.")
    assert all(q.speaker != "Mark Reed" and q.cue not in ("was", "asked") for q in body_quotes(nlp, body, mode))


def test_a_hyphenated_descriptor_is_the_whole_speaker(nlp):
    # 'The 53-year-old said' gave the speaker 'old' (session 10's reading)
    body = "WASHINGTON - Novins was given the drug in March. The 53-year-old said her doctors had called her critical."
    (q,) = rules(nlp, body)
    assert q.speaker_text == "The 53-year-old" and q.speaker != "old"


def test_a_name_the_resolver_linked_is_not_read_as_a_role(nlp):
    # 'Clearview AI, the company, said' went to Tor Ekeland, whose role is "Clearview AI's attorney", where the
    # parser left the name without an entity (session 10's reading of AllSides copy)
    body = ("WASHINGTON - Clearview AI, the controversial company working with police, said someone stole its client "
            "list. Tor Ekeland, Clearview AI's attorney, confirmed the breach in a statement.")
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    first = article.text.index("Clearview")
    doc.ents = [e for e in doc.ents if e.start_char != first]
    quotes = [q for q in extract_quotes(doc, article, actors, mode="rules") if q.kind != "headline"]
    assert quotes[0].text.startswith("someone stole") and quotes[0].speaker == "Clearview AI"


def test_a_role_goes_to_its_holder_mentioned_last(nlp):
    # 'The congressman suggested ...' right after Pallone went to McCollum, quoted more often (session 10's reading)
    body = ("WASHINGTON - Rep. Betty McCollum questioned the budget. “It is reckless,” McCollum said. “It is "
            "irresponsible,” McCollum said.\nRep. Frank Pallone said he wanted yes or no answers. The congressman "
            "suggested the administrator was not taking responsibility.")
    quotes = rules(nlp, body)
    assert quotes[-1].text.startswith("the administrator") and quotes[-1].speaker == "Frank Pallone"


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_the_quotation_before_said_when_someone_asked_is_the_sayers(nlp, mode):
    # '“…,” Pruitt said when Rep. Tony Cárdenas asked about it' gave Cárdenas the quotation (session 10's reading)
    body = ("WASHINGTON - “I did have a phone call that came in, of a sensitive nature,” Pruitt said when Rep. Tony "
            "Cárdenas asked about it.")
    quotes = body_quotes(nlp, body, mode)
    assert [(q.text, q.cue, q.speaker_text) for q in quotes] == [
        ("I did have a phone call that came in, of a sensitive nature", "said", "Pruitt")]


def test_as_stated_by_still_reports_the_main_clause(nlp):
    # the guard of the fix above: 'as' opens a report of the main clause, not a time (Tehran Times)
    (q,) = rules(nlp, "TEHRAN - As stated by the traffic police chief, Taqi Mehri, road accidents have claimed "
                      "280,000 lives over the past 10 years in the country.")
    assert (q.cue, q.speaker) == ("stated", "Taqi Mehri") and q.text.startswith("road accidents have claimed")


def test_a_linked_name_the_tagger_read_as_a_noun_keeps_its_actor(nlp, monkeypatch):
    # 'Trump clarified ...' with 'Trump' tagged a noun went to Ted Cruz, whose role in that article mentioned
    # Trump (session 10's reading): the role lookup is made to answer Cruz, as it did there
    body = "WASHINGTON - Ted Cruz spoke first. Donald Trump spoke next. Trump clarified he was only talking about Syria."
    article = parse_text("A headline\n" + body, "case.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    trump = next(t for t in doc if t.text == "Trump" and t.nbor(1).text == "clarified")
    trump.pos_, trump.tag_ = "NOUN", "NN"
    cruz = next(a for a in actors.actors if a.name == "Ted Cruz")
    monkeypatch.setattr(type(actors), "actor_for_role", lambda self, text, before=None: cruz)
    quotes = [q for q in extract_quotes(doc, article, actors, mode="rules") if q.kind != "headline"]
    assert [(q.cue, q.speaker) for q in quotes] == [("clarified", "Donald Trump")]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_a_text_ending_in_accused_x_of_does_not_fail(nlp, mode):
    # the object's 'of' is the last token: there is no '-ing' after it to look at
    assert all(q.start < q.end for q in body_quotes(nlp, "LONDON - The opposition accused government forces of", mode))


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_as_opposed_to_is_no_cue(nlp, mode):
    # 'three days, as opposed to the initial two' read 'opposed' as a cue (session 10's reading of AllSides copy)
    body = ("WASHINGTON - The first change gives House managers and Trump’s legal team three days, as opposed to the "
            "initial two days, to make their opening arguments. Senator Jane Hale opposed the change.")
    assert all(q.cue != "opposed" or q.speaker == "Jane Hale" for q in body_quotes(nlp, body, mode))
    assert not any("three days" in q.text for q in body_quotes(nlp, body, mode))


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_a_passive_cue_with_no_speaker_reports_nothing_before_it(nlp, mode):
    # 'Any leak that ... — as this one did — should be praised, not scorned' made the leak a quote with no speaker
    # (session 10's reading of an AllSides op-ed): an inverted cue ('X, a source said') needs its own speaker
    body = ("WASHINGTON - Any leak that results in the exposure of high-level wrongdoing — as this one did — should "
            "be praised, not scorned and punished.")
    assert body_quotes(nlp, body, mode) == []


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_an_inverted_cue_with_its_speaker_still_reports_the_clause_before_it(nlp, mode):
    # the guard of the fix above
    body = "WASHINGTON - The talks will resume in Geneva next week, a senior State Department official said."
    quotes = body_quotes(nlp, body, mode)
    assert [(q.text, q.cue) for q in quotes] == [("The talks will resume in Geneva next week", "said")]


def test_a_typographic_opening_closed_by_a_straight_mark_pairs_in_step():
    # '“This is a completely false allegation ...," Kavanaugh said ... "Because ..."' ran over the narrative into
    # the next quotation and went to the previous speaker (session 11's reading of AllSides copy)
    text = ('“This is a completely false allegation," Kavanaugh said in a statement. "Because this never happened, '
            'I had no idea." He visited the White House.')
    spans = quote_mark_spans(text, [(0, len(text))])
    assert [text[s.start:s.end] for s in spans] == ["This is a completely false allegation",
                                                    "Because this never happened, I had no idea"]
    # a straight quotation inside a typographic one that closes typographically stays inside it
    nested = '“He said "no" to the plan,” she said.'
    assert [nested[s.start:s.end] for s in quote_mark_spans(nested, [(0, len(nested))])] == ['He said "no" to the plan']


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_quoted_as_saying_credits_the_one_quoted_and_the_outlet_as_channel(nlp, mode):
    # 'The South China Morning Post ... published a story quoting Snowden as saying ...' went to the newspaper
    # (session 11's reading); 'Reuters quoted the minister as saying' to Reuters
    quotes = body_quotes(nlp, "LONDON - Reuters quoted Ali Shamkhani as saying that the talks had failed.", mode)
    assert [(q.text, q.speaker_text, q.via) for q in quotes] == [("that the talks had failed", "Ali Shamkhani", "Reuters")]
    quotes = body_quotes(nlp, "LONDON - The newspaper published a story quoting Snowden as saying he took the job "
                              "to gather evidence.", mode)
    assert [q.speaker_text for q in quotes] == ["Snowden"]
    # the passive keeps its subject
    quotes = body_quotes(nlp, "LONDON - Shamkhani was quoted as saying that the talks had failed.", mode)
    assert [q.speaker_text for q in quotes] == ["Shamkhani"]
