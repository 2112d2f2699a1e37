"""The learned attribution tagger (analysis.quotes.tagger): the shipped model loads, holds no article text,
and tags a plain attribution as source / cue / content."""

from __future__ import annotations

from importlib import resources

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.quotes import extract_quotes
from analysis.quotes.tagger import MAX_WORD, MODEL_FILE, load_tagger


def test_model_is_small_and_holds_feature_names_only():
    ref = resources.files("analysis.data").joinpath("models").joinpath(MODEL_FILE)
    assert ref.is_file()
    with resources.as_file(ref) as path:
        assert path.stat().st_size <= 25_000_000
    info = load_tagger().info()
    names = {name for name, _label in info.state_features}
    # 'w=' + a word of at most MAX_WORD characters, or a neighbour's '-2w=' + word: never a phrase of text
    assert max(len(n) for n in names) <= MAX_WORD + 4
    assert not any(" " in n for n in names)


def test_tagger_finds_source_cue_and_content(nlp):
    article = parse_text("A headline\nWASHINGTON - The senator said on Tuesday that the bill would pass "
                         "before the summer recess.", "case.txt")
    doc = nlp(article.masked_text())
    quotes = extract_quotes(doc, article, resolve_actors(doc, article), mode="tagger")
    body = [q for q in quotes if q.kind != "headline"]
    assert len(body) == 1
    q = body[0]
    assert q.text.startswith("that the bill would pass before the summer recess")  # PolNeAR keeps "that"
    assert q.cue == "said"
    assert q.speaker_text == "The senator"


# --- the hybrid (the default): the rules' quotes, refined and completed by the tagger -------------------------

def quotes_of(nlp, text: str, mode: str):
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    return [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode=mode) if q.kind != "headline"]


def test_hybrid_is_the_default_and_takes_the_taggers_whole_descriptor(nlp):
    text = "A headline\nUnion leaders warned that the strike could last for weeks."
    [rule] = quotes_of(nlp, text, "rules")
    assert rule.speaker_text == "leaders"
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    [default] = [q for q in extract_quotes(doc, article, resolve_actors(doc, article)) if q.kind != "headline"]
    assert default.speaker_text == "Union leaders"  # the descriptor whole, as PolNeAR bounds a source
    assert (default.cue, default.text) == (rule.cue, rule.text)


def test_hybrid_keeps_every_rule_quote_its_cue_and_its_named_speaker(nlp, sample_text):
    article = parse_text(sample_text, "sample_article.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    rules = extract_quotes(doc, article, actors, mode="rules")
    hybrid = extract_quotes(doc, article, actors, mode="hybrid")
    assert len(hybrid) >= len(rules)
    for r in rules:
        same = [h for h in hybrid if min(h.end, r.end) - max(h.start, r.start) >= 0.5 * max(h.end - h.start,
                                                                                            r.end - r.start)]
        assert len(same) == 1, r
        h = same[0]
        assert (h.cue, h.cue_start, h.speaker_id) == (r.cue, r.cue_start, r.speaker_id)
        if r.speaker_type == "named":
            assert (h.speaker_start, h.speaker_end) == (r.speaker_start, r.speaker_end)


def test_attribution_convention_adds_the_taggers_confident_quotes_with_any_verb(nlp):
    """PolNeAR's convention attributes stances and plans too ('laid out her proposals'): the hybrid adds a
    quote the rules missed when the tagger is sure enough of it, whatever its verb; the news-quote
    convention (the default) adds only statements with a speech verb, as before."""
    from analysis.quotes.cue import load_lexicon

    text = ("A headline\nClinton laid out her proposals to increase national service on Tuesday. "
            "She said the plan would cost nothing.")
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)

    def body(lexicon):
        return [q for q in extract_quotes(doc, article, actors, lexicon=lexicon) if q.kind != "headline"]

    attributions = body(load_lexicon().for_attributions())
    added = [q for q in attributions if q.text.startswith("her proposals")]
    assert len(added) == 1
    assert (added[0].cue, added[0].speaker_text) == ("laid out", "Clinton")
    statements = body(load_lexicon())
    assert [q.text for q in statements] == ["the plan would cost nothing"]


def test_an_added_attribution_needs_confidence_and_the_verbs_subject_in_the_source(nlp):
    from analysis.quotes.attribution import added_cue
    from analysis.quotes.cue import load_lexicon
    from analysis.quotes.tagger import TaggedSpan

    text = "A headline\nClinton laid out her proposals to increase national service on Tuesday."
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    lexicon = load_lexicon().for_attributions()

    def span(role, words, confidence):
        start = text.index(words)
        tokens = list(doc.char_span(start, start + len(words)))
        return TaggedSpan(role, start, start + len(words), tokens, confidence)

    content = span("content", "her proposals to increase national service", 0.8)
    cue = span("cue", "laid out", 0.9)
    source = span("source", "Clinton", 0.9)
    bounds = (content.start, content.end)
    assert added_cue(doc, bounds, content, cue, source, lexicon).text == "laid"
    # the parse puts the verb's subject elsewhere than the tagger's source
    assert added_cue(doc, bounds, content, cue, span("source", "Tuesday", 0.9), lexicon) is None
    assert added_cue(doc, bounds, span("content", "her proposals to increase national service", 0.4), cue, source,
                     lexicon) is None
    assert added_cue(doc, bounds, content, cue, span("source", "Clinton", 0.5), lexicon) is None
    # the news-quote convention: 'lay out' is no speech verb
    assert added_cue(doc, bounds, content, cue, source, load_lexicon()) is None


def test_an_added_attribution_with_no_tagged_source_is_said_by_the_verbs_subject(nlp):
    from analysis.quotes.cue import load_lexicon

    text = "A headline\nA federal judge found that action unconstitutional on Friday."
    case = TaggedCase(nlp, text)
    tagged = [[case.span("cue", "found", 0.9), case.span("content", "that action unconstitutional", 0.8)]]
    [added] = case.hybrid(load_lexicon().for_attributions(), tagged, rules=False)
    assert text[added.start:added.end] == "that action unconstitutional"
    assert added.cue.text == "found"
    assert added.speaker is not None and added.speaker.text == "A federal judge"
    assert text[slice(*added.speaker.source)] == "A federal judge"
    # the news-quote convention adds nothing without a source and a speech verb
    assert case.hybrid(load_lexicon(), tagged, rules=False) == []


def test_attribution_convention_cuts_the_reporters_aside_where_the_confident_tagger_stops(nlp):
    from analysis.quotes.attribution import hybrid_found, rule_found
    from analysis.quotes.content import quote_mark_spans
    from analysis.quotes.cue import load_lexicon
    from analysis.quotes.tagger import TaggedSpan

    text = "A headline\nClinton said she opposed the Iraq War, when there are radio clips of her supporting it."
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    marks = quote_mark_spans(text, article.paragraphs)

    def contents(lexicon, confidence):
        start = text.index("she opposed")
        end = text.index(", when")
        tagged = [[TaggedSpan("content", start, end, list(doc.char_span(start, end)), confidence)]]
        found = rule_found(doc, article, actors, lexicon, marks)
        return [text[f.start:f.end] for f in hybrid_found(doc, article, actors, lexicon, marks, found, tagged)]

    whole = "she opposed the Iraq War, when there are radio clips of her supporting it"
    attributions = load_lexicon().for_attributions()
    assert contents(attributions, 0.95) == ["she opposed the Iraq War"]
    assert contents(attributions, 0.6) == [whole]  # the tagger not sure enough
    assert contents(load_lexicon(), 0.95) == [whole]  # the news-quote convention: unchanged


class CountingTagger:
    """Stands in for the CRF: tags nothing and counts the tokens it was asked to tag."""

    def __init__(self):
        self.tokens = 0

    def tag(self, features):
        self.tokens += len(features)
        return ["O"] * len(features)


def test_only_paragraphs_that_can_hold_an_attribution_are_tagged(nlp):
    from analysis.quotes.content import quote_mark_spans
    from analysis.quotes.cue import load_lexicon
    from analysis.quotes.tagger import tag_article

    text = ("A headline\nThe harbour was calm on Sunday morning and the ferries ran on time.\n"
            "The mayor said the port would reopen.\nFishing boats stayed in the inner basin all week.")
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    tagger = CountingTagger()
    tagged = tag_article(doc, article, load_lexicon(), quote_mark_spans(text, article.paragraphs), [], tagger)
    assert len(tagged) == 3
    cued = doc.char_span(text.index("The mayor"), text.index("reopen.") + len("reopen."))
    assert tagger.tokens == len(cued)  # the two paragraphs with no cue, mark or rule quote are not tagged


def test_features_are_the_names_the_model_was_trained_on(nlp):
    """The shipped model knows its features by name: a faster feature code must write the same names. These rows
    are the ones the feature code the model was trained with wrote for this sentence (its first token, the
    reporting root, the last token)."""
    from analysis.quotes.content import quote_mark_spans
    from analysis.quotes.cue import load_lexicon
    from analysis.quotes.tagger import paragraph_tokens, sequence_features

    text = 'A headline\nThe mayor said "the port will reopen" on Monday.'
    article = parse_text(text, "case.txt")
    doc = nlp(article.masked_text())
    sequences = paragraph_tokens(doc, article.paragraphs)
    rows = sequence_features(doc, sequences, load_lexicon(), quote_mark_spans(text, article.paragraphs), [])
    assert [t.text for t in sequences[0]][:3] == ["The", "mayor", "said"]
    expected = {
        0: ["w=the", "suf=the", "shape=Xx", "pos=DET", "tag=DT", "dep=det", "ent=", "q=", "cuev=", "hcue=",
            "hdep=det>NOUN", "path=speech:nsubj", "steps=2", "rule=", "ruleb=", "sstart=True", "lem=the", "sent=1",
            "ppos=first", "-2edge", "-1edge", "1w=mayor", "1pos=NOUN", "1q=", "1rule=", "1cuev=", "2w=said",
            "2pos=VERB", "2q=", "2rule=", "2cuev=speech"],
        2: ["w=said", "suf=aid", "shape=x", "pos=VERB", "tag=VBD", "dep=ROOT", "ent=", "q=", "cuev=speech",
            "hcue=speech", "hdep=ROOT>VERB", "path=speech:ROOT", "steps=1", "rule=", "ruleb=", "sstart=False",
            "lem=say", "hlem=say", "sent=1", "ppos=mid", "-2w=the", "-2pos=DET", "-2q=", "-2rule=", "-2cuev=",
            "-1w=mayor", "-1pos=NOUN", "-1q=", "-1rule=", "-1cuev=", '1w="', "1pos=PUNCT", "1q=open", "1rule=",
            "1cuev=", "2w=the", "2pos=DET", "2q=in", "2rule=", "2cuev="],
        -1: ["w=.", "suf=.", "shape=p", "pos=PUNCT", "tag=.", "dep=punct", "ent=", "q=", "cuev=", "hcue=speech",
             "hdep=punct>VERB", "path=speech:punct", "steps=1", "rule=", "ruleb=", "sstart=False", "lem=.",
             "hlem=say", "sent=1", "ppos=last", "-2w=on", "-2pos=ADP", "-2q=", "-2rule=", "-2cuev=", "-1w=monday",
             "-1pos=PROPN", "-1q=", "-1rule=", "-1cuev=", "1edge", "2edge"],
    }
    for k, names in expected.items():
        assert [f.decode() for f in rows[0][k]] == names


class TaggedCase:
    """One article for the hybrid's tests: parsed, with tagged spans made from its words."""

    def __init__(self, nlp, text: str):
        from analysis.quotes.content import quote_mark_spans

        self.text = text
        self.article = parse_text(text, "case.txt")
        self.doc = nlp(self.article.masked_text())
        self.actors = resolve_actors(self.doc, self.article)
        self.marks = quote_mark_spans(text, self.article.paragraphs)

    def span(self, role: str, words: str, confidence: float):
        from analysis.quotes.tagger import TaggedSpan

        start = self.text.index(words)
        return TaggedSpan(role, start, start + len(words), list(self.doc.char_span(start, start + len(words))),
                          confidence)

    def hybrid(self, lexicon, tagged, rules: bool = True) -> list:
        """`hybrid_found` over the rules' quotes (none with `rules` false) and the tagged spans."""
        from analysis.quotes.attribution import hybrid_found, rule_found

        found = rule_found(self.doc, self.article, self.actors, lexicon, self.marks) if rules else []
        return hybrid_found(self.doc, self.article, self.actors, lexicon, self.marks, found, tagged)


def test_an_added_attribution_whose_verbs_subject_is_its_content_is_refused(nlp):
    # a tagger content that is its verb's own parse subject is no attribution of that verb (it had been added
    # with no speaker at all)
    from analysis.quotes.cue import load_lexicon

    case = TaggedCase(nlp, "A headline\nThe Dallas Morning News backed the Democratic candidate in the election.")
    lexicon = load_lexicon().for_attributions()
    tagged = [[case.span("cue", "backed", 0.9), case.span("content", "The Dallas Morning News", 0.8)]]
    assert case.hybrid(lexicon, tagged, rules=False) == []
    # the verb's subject outside the content still says it
    tagged = [[case.span("cue", "backed", 0.9), case.span("content", "the Democratic candidate", 0.8)]]
    [added] = case.hybrid(lexicon, tagged, rules=False)
    assert added.speaker is not None and "Dallas Morning News" in added.speaker.text


def test_a_quote_with_no_speaker_takes_a_tagged_source_from_confidence_0_4(nlp):
    # a quotation with no cue of its own, the tagger's cue and source outside it: the source says it when the
    # tagger is 0.4 sure of it (PolNeAR dev and train[:200]: speaker right more often than the quote it would
    # otherwise inherit from); below that the rules' inheritance stands
    from analysis.quotes.cue import load_lexicon

    case = TaggedCase(nlp, "A headline\nBrown spoke in Leeds on Friday. “We will win this county by a mile.”")

    def speaker(source_confidence):
        tagged = [[case.span("source", "Brown", source_confidence), case.span("cue", "spoke", 0.9),
                   case.span("content", "We will win this county by a mile.", 0.9)]]
        [f] = case.hybrid(load_lexicon(), tagged)
        return f.speaker.text if f.speaker is not None else None

    assert speaker(0.45) == "Brown"
    assert speaker(0.3) is None


def test_a_sentence_opening_with_said_and_a_name_is_that_names_quote(nlp):
    # 'Said Ellis: “...”': the inverted order of news writing; the parser reads 'Said Ellis' as a name and the
    # tagger may pair the cue with the source of the sentence before
    from analysis.quotes.cue import load_lexicon

    text = ("A headline\nIf anything, experts say her plans would make the code more complicated. Said Ellis: “I "
            "don’t get the sense she’s the least bit interested in tax reform.”")
    case = TaggedCase(nlp, text)
    quotation = "I don’t get the sense she’s the least bit interested in tax reform."
    tagged = [[case.span("source", "experts", 0.8), case.span("cue", "Said", 0.9),
               case.span("content", quotation, 0.9)]]
    said = next(f for f in case.hybrid(load_lexicon(), tagged) if text[f.start:f.end].startswith("I don’t"))
    assert said.speaker is not None and said.speaker.text == "Ellis"
    assert said.speaker.source == (text.index("Ellis"), text.index("Ellis") + len("Ellis"))


def _direct_features(tokens: list, lexicon, marks, rule_quotes) -> list[list[str]]:
    """The tagger's features of one sequence computed the plain way, token by token from spaCy's Tokens (no
    columns, no caches): what the fast feature code must write, row for row and in the same order."""
    from analysis.quotes.tagger import MAX_PATH, MAX_WORD, _quote_state, _rule_marks, _shape, reporting_kind

    doc = tokens[0].doc
    quote = _quote_state(doc, marks)
    role, begin = _rule_marks(doc, rule_quotes)

    def word(t) -> str:
        return "<long>" if len(t.text) > MAX_WORD else t.lower_

    def kind(t) -> str:
        return reporting_kind(t, lexicon)

    def path(t) -> tuple[str, str, int]:
        child, node = t, t
        for steps in range(1, MAX_PATH + 1):
            child, node = node, node.head
            if kind(node):
                return kind(node), child.dep_, steps
        return "", "", 0

    def near(t, off: str) -> list[str]:
        return [f"{off}w={word(t)}", f"{off}pos={t.pos_}", f"{off}q={quote[t.i]}", f"{off}rule={role[t.i]}",
                f"{off}cuev={kind(t)}"]

    rows, sentence = [], 0
    for k, t in enumerate(tokens):
        if (k == 0 or t.is_sent_start) and sentence < 4:
            sentence += 1
        p_kind, via, steps = path(t)
        lemma = t.lemma_.lower() if len(t.lemma_) <= MAX_WORD else "<long>"
        row = [f"w={word(t)}", f"suf={word(t)[-3:]}", f"shape={_shape(t.text)}", f"pos={t.pos_}", f"tag={t.tag_}",
               f"dep={t.dep_}", f"ent={t.ent_type_}", f"q={quote[t.i]}", f"cuev={kind(t)}", f"hcue={kind(t.head)}",
               f"hdep={t.dep_}>{t.head.pos_}", f"path={p_kind}:{via}", f"steps={min(steps, 4)}",
               f"rule={role[t.i]}", f"ruleb={begin[t.i]}{role[t.i]}", f"sstart={t.is_sent_start}", f"lem={lemma}"]
        if kind(t.head):
            row.append(f"hlem={t.head.lemma_.lower()}")
        row += [f"sent={sentence}", "ppos=" + ("first" if k == 0 else "last" if k == len(tokens) - 1 else "mid")]
        row += near(tokens[k - 2], "-2") if k >= 2 else ["-2edge"]
        row += near(tokens[k - 1], "-1") if k >= 1 else ["-1edge"]
        row += near(tokens[k + 1], "1") if k + 1 < len(tokens) else ["1edge"]
        row += near(tokens[k + 2], "2") if k + 2 < len(tokens) else ["2edge"]
        rows.append(row)
    return rows


def test_the_fast_features_are_the_direct_computation_of_every_token(nlp, sample_text):
    """`sequence_features` (columns read once, groups of features cached across tokens and articles) writes for
    every token of the sample article -- quotation marks, rule quotes, long words, many sentences -- exactly
    the features computed the plain way from its Tokens, in the same order; and again on a second article,
    when its caches already hold the first one's values."""
    from analysis.quotes.attribution import rule_quotes
    from analysis.quotes.content import quote_mark_spans
    from analysis.quotes.cue import load_lexicon
    from analysis.quotes.tagger import paragraph_tokens, sequence_features

    lexicon = load_lexicon()
    texts = [sample_text,
             ('Headline\nThe minister said: "We will not go back." Officials, who asked not to be named, '
              "said the talks at https://example.org/a-very-long-address-indeed would resume.\n"
              '"It is over," he told reporters on Monday, according to the agency.')]
    checked = 0
    for text in texts:
        article = parse_text(text, "case.txt")
        doc = nlp(article.masked_text())
        marks = quote_mark_spans(article.text, article.paragraphs)
        rules = rule_quotes(doc, article, resolve_actors(doc, article), lexicon, marks)
        sequences = [s for s in paragraph_tokens(doc, article.paragraphs) if s]
        rows = sequence_features(doc, sequences, lexicon, marks, rules)
        assert [[[f.decode() for f in row] for row in seq] for seq in rows] == \
            [_direct_features(seq, lexicon, marks, rules) for seq in sequences]
        checked += sum(len(s) for s in sequences)
    assert checked > 300


def test_a_content_takes_the_cue_that_governs_it_not_the_nearest(nlp):
    # 'citing' stands nearer to the content than 'said', but the parse hangs the clause on 'said' (PolNeAR dev,
    # encoder mode: 60 contents had a nearer cue than their own; the governing cue put 15 right)
    from analysis.quotes.attribution import linked_cue

    case = TaggedCase(nlp, "A headline\nLopez said on Tuesday, citing the polls, that the union would win the vote.")
    said, citing = case.span("cue", "said", 0.9), case.span("cue", "citing", 0.9)
    content = case.span("content", "that the union would win the vote", 0.9)
    assert linked_cue([said, citing], content) is said
    # where both govern (the polls hang on 'citing', which hangs under 'said'), the nearer
    other = case.span("content", "the polls", 0.9)
    assert linked_cue([said, citing], other) is citing


def test_a_cue_takes_no_tagged_source_of_another_sentence_over_its_own_subject(nlp):
    # the tagger marked 'Trump' as a source but not 'Clinton': the cue 'cited' has its own subject in its own
    # sentence, so the caller falls back to it instead of taking the nearest source across the full stop
    from analysis.quotes.attribution import cue_head, linked_source

    case = TaggedCase(nlp, "A headline\nTrump spoke in Ohio on Monday. Clinton, at the debate, cited the comments.")
    trump, cited = case.span("source", "Trump", 0.9), case.span("cue", "cited", 0.9)
    assert linked_source([trump], cited, cue_head(cited)) is None
    clinton = case.span("source", "Clinton", 0.9)
    assert linked_source([trump, clinton], cited, cue_head(cited)) is clinton
