"""Training throughput: posts/s of fine-tuning steps on real corpus posts, "before" vs "after",
one run, one printed table, plus how long one pass over every training post would take.

Each setting runs ``--steps`` optimiser steps (after ``--warmup`` untimed ones) through the same
``training.transformer.train.train_step`` that ``polarscan train`` uses, on batches planned the
way that setting plans them (``weighted``: random batches drawn with balanced weights, padded to
their longest post; ``passes``: length-bucketed batches over every row), augmentation included.

* ``before``: the shipped run's settings: batch 16, weighted random batches, fp32, only the word
  embeddings frozen, 1 thread;
* intermediate rows switch on one change at a time (threads, bucketing, batch 32, bf16, frozen
  bottom layers);
* ``after``: ``configs/transformer.yaml`` as it is.

Not a test: run it by hand, on an otherwise idle machine.

    .venv/bin/python benchmarks/train_throughput.py --steps 40
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def run_setting(name: str, cfg, train_rows, steps: int, warmup: int) -> dict:
    import numpy as np
    import torch

    from polarscan.models.corpus import label_matrix
    from polarscan.models.taxonomy import label_names
    from polarscan.training.transformer.train import (BatchPlan, _build_augmenter, _device, _make_optimizer, _row_weights,
                                            apply_freezing, build_classifier, load_encoder, precision_context,
                                            train_step)

    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.train.seed)
    device = _device(cfg.train.device)
    autocast, precision = precision_context(device, cfg.train.precision)
    labels = label_names()
    y, m = label_matrix(train_rows, labels)
    weights = _row_weights(cfg, train_rows)
    plan = BatchPlan(cfg, train_rows, weights)
    augmenter, _ = _build_augmenter(cfg, train_rows)
    encoder, tokenizer = load_encoder(cfg.model.base)
    model = build_classifier(encoder, len(labels), cfg.model.pooling, cfg.model.dropout)
    apply_freezing(model, cfg.model.freeze_embeddings, cfg.model.freeze_layers)
    model.to(device).train()
    optimizer, scheduler = _make_optimizer(model, cfg, plan.total_steps)
    pw = torch.ones(len(labels), device=device)
    texts = [r["text"] for r in train_rows]
    posts, t0 = 0, None
    for k, idx in enumerate(plan.steps_from(0)):
        if k == warmup:
            t0, posts = time.perf_counter(), 0
        if k >= warmup + steps:
            break
        batch = [augmenter(texts[i], train_rows[i]["lang"], train_rows[i]["labels"]) for i in idx]
        train_step(model, optimizer, scheduler, tokenizer, batch, y[idx], m[idx], pw, cfg, device, autocast)
        posts += len(idx)
    secs = time.perf_counter() - t0
    rate = posts / secs
    per_pass = int(np.sum([len(b) for b in plan._pass(0)])) if cfg.sampling.mode == "passes" else len(train_rows)
    return {"name": name, "batch": cfg.train.batch_size, "mode": cfg.sampling.mode, "precision": precision,
            "frozen": cfg.model.freeze_layers, "threads": cfg.train.threads, "posts_s": rate,
            "pass_posts": per_pass, "pass_min": per_pass / rate / 60}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default="configs/transformer.yaml")
    ap.add_argument("--steps", type=int, default=40, help="timed steps per setting")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="names of settings to run")
    args = ap.parse_args()

    from polarscan.training.transformer.config import load_transformer_config
    from polarscan.models.corpus import read_corpus
    from polarscan.training.transformer.train import select_rows

    after = load_transformer_config(REPO / args.config)
    rows = read_corpus(after.data.corpus)
    train_rows = select_rows(rows, "train", after, after.data.max_rows_per_source, after.train.seed)
    del rows

    def variant(**changes):
        cfg = after.model_copy(deep=True)
        for dotted, value in changes.items():
            section, key = dotted.split("__")
            setattr(getattr(cfg, section), key, value)
        cfg.train.time_budget_minutes = None
        cfg.train.max_steps = None
        return cfg

    before = dict(sampling__mode="weighted", train__batch_size=16, train__precision="fp32", model__freeze_layers=0,
                  train__threads=1)
    settings = [
        ("before (shipped run)", variant(**before)),
        ("+ 2 threads", variant(**{**before, "train__threads": 2})),
        ("+ length-bucketed passes", variant(**{**before, "train__threads": 2, "sampling__mode": "passes"})),
        ("+ batch 32", variant(**{**before, "train__threads": 2, "sampling__mode": "passes", "train__batch_size": 32})),
        ("+ bf16 autocast", variant(**{**before, "train__threads": 2, "sampling__mode": "passes", "train__batch_size": 32,
                                       "train__precision": "bf16"})),
        ("after (configs/transformer.yaml)", variant()),
    ]
    results = [run_setting(n, c, train_rows, args.steps, args.warmup) for n, c in settings if not args.only or n in args.only]
    print(f"\n{len(train_rows):,} training rows in {after.data.corpus}; {args.steps} timed steps per setting\n")
    print("| setting | batches | batch | precision | frozen layers | threads | posts/s | posts per pass | min per pass |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['name']} | {r['mode']} | {r['batch']} | {r['precision']} | {r['frozen']} | {r['threads']} | "
              f"{r['posts_s']:.1f} | {r['pass_posts']:,} | {r['pass_min']:.1f} |")
    base = results[0]["posts_s"]
    print(f"\nspeed-up of the last row over the first: {results[-1]['posts_s'] / base:.2f}x")


if __name__ == "__main__":
    main()
