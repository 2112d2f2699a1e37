"""Speaker errors of presswork's quote extraction on PolNeAR, listed and classified (development aid).

    .venv/bin/python benchmarks/quotes_errors.py --split train --limit 150            # summary
    .venv/bin/python benchmarks/quotes_errors.py --split train --limit 150 --show 40  # + examples
    .venv/bin/python benchmarks/quotes_errors.py --split train --limit 150 --show 20 --only pronoun
    .venv/bin/python benchmarks/quotes_errors.py --split dev --mode encoder --convention attributions --show 30

Uses the matching and scoring of benchmarks/quotes_polnear.py. For every matched quote whose gold
attribution has a Source the predicted speaker mention does not overlap, it prints the gold source,
the predicted mention (with its type), the cue and the sentence, and counts the error by class.
Parses are cached under /tmp (``--cache``) so that re-runs after a code change skip spaCy. Develop on
train and dev only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes_polnear import DEFAULT_ROOT

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.eval.polnear import chars, match_contents, read_split
from analysis.nlp.model import load_model, sentence_index
from analysis.quotes import extract_quotes
from analysis.quotes.attribution import QUOTE_MODES
from analysis.quotes.cue import convention_lexicon


def parsed(nlp, texts: list[str], cache: Path | None) -> list:
    """spaCy docs for the texts, from the cache when it holds the same texts."""
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return [sentence_index(d) for d in docs]
    docs = list(nlp.pipe(texts, batch_size=32))
    if cache is not None:
        DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH",
                      "SENT_START", "SPACY"], docs=docs).to_disk(cache)
        docs = [sentence_index(d) for d in docs]
    return docs


def classify_error(q, g, text: str, doc) -> str:
    """A coarse class for one speaker mismatch."""
    gold = " ".join(text[s:e] for s, e in g.source)
    if q.speaker_start is None:
        return "no-speaker" + ("/no-cue" if q.cue_start is None else "/cue")
    if q.cue_start is None:
        return "inherited(no-cue)"
    cue_sent = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
    sp_sent = doc.char_span(q.source_start, q.source_end, alignment_mode="expand")
    g_sent = doc.char_span(g.source[0][0], g.source[0][1], alignment_mode="expand")
    if g.cue and not any(s < q.cue_end and q.cue_start < e for s, e in g.cue):
        return "wrong-cue"
    if cue_sent is not None and sp_sent is not None and cue_sent.sent != sp_sent.sent:
        return "speaker-outside-cue-sentence"
    if g_sent is not None and cue_sent is not None and g_sent.sent != cue_sent.sent:
        return "gold-source-elsewhere"
    if gold.lower() in ("he", "she", "they", "i", "we", "it", "you"):
        return "gold-pronoun"
    return f"same-sentence/{q.speaker_type}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--show", type=int, default=0, help="print this many examples")
    ap.add_argument("--only", default="", help="show only classes containing this text")
    ap.add_argument("--cache", type=Path, default=None, help="DocBin cache (default /tmp/polnear_<split>_<limit>.spacy)")
    ap.add_argument("--mode", choices=QUOTE_MODES, default="hybrid", help="quote mode (default: hybrid)")
    ap.add_argument("--convention", choices=("statements", "attributions"), default="statements",
                    help="quote convention (the PolNeAR benchmark scores presswork under attributions)")
    args = ap.parse_args(argv)
    lexicon = convention_lexicon(args.convention)
    nlp = load_model()
    golds = list(read_split(DEFAULT_ROOT, args.split, args.limit))
    articles = [parse_text(g.text, g.path, id=g.name) for g in golds]
    cache = args.cache or Path(f"/tmp/polnear_{args.split}_{args.limit}.spacy")
    docs = parsed(nlp, [a.masked_text() for a in articles], cache)
    classes: Counter[str] = Counter()
    examples: list[tuple[str, str]] = []
    n_ok = n = n_gold = n_pred = n_match = 0
    for gold, article, doc in zip(golds, articles, docs):
        quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), lexicon, args.mode)
                  if q.kind != "headline"]
        # one prediction per cue, as the benchmark scores
        groups: dict[object, list] = {}
        for k, q in enumerate(quotes):
            groups.setdefault((q.cue_start, q.cue_end) if q.cue_start is not None else k, []).append(q)
        preds = list(groups.values())
        n_gold += len(gold.attributions)
        n_pred += len(preds)
        p_chars = [set().union(*(range(q.start, q.end) for q in grp)) for grp in preds]
        g_chars = [chars(g.content) for g in gold.attributions]
        for i, j in match_contents(p_chars, g_chars):
            n_match += 1
            g, q = gold.attributions[j], preds[i][0]
            if not g.source:
                continue
            n += 1
            ok = q.source_start is not None and any(s < q.source_end and q.source_start < e for s, e in g.source)
            if ok:
                n_ok += 1
                continue
            cls = classify_error(q, g, article.text, doc)
            classes[cls] += 1
            # the gold cue's sentence (where the speaker should have been found), else the quote's
            at = g.cue[0][0] if g.cue else q.start
            sent = doc.char_span(at, at + 1, alignment_mode="expand")
            context = sent.sent.text.strip() if sent is not None else ""
            source = " | ".join(article.text[s:e] for s, e in g.source)
            gold_cue = " | ".join(article.text[s:e] for s, e in g.cue)
            examples.append((cls, (f"[{cls}] {gold.name}\n  gold source: {source!r}  gold cue: {gold_cue!r}\n"
                                   f"  predicted: {q.speaker_text!r} ({q.speaker_type}) -> {q.speaker!r}  cue {q.cue!r}\n"
                                   f"  sentence: {context[:300]!r}")))
    p, r = n_match / max(n_pred, 1), n_match / max(n_gold, 1)
    print(f"P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}  ", end="")
    print(f"speaker accuracy {n_ok}/{n} = {n_ok / max(n, 1):.3f}; errors by class:")
    for cls, k in classes.most_common():
        print(f"  {k:>4}  {cls}")
    shown = [e for c, e in examples if args.only in c][: args.show]
    for e in shown:
        print(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
