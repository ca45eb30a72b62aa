"""Quantisation options for a fine-tuned checkpoint: size, speed, batch independence, quality.

For a training run folder (``RUN/best``: encoder + head), exports every ``export.quantize``
option (``training.transformer.export.build_onnx``: ONNX, BERT fusion, quantisation, parity and
invariance checks, without the dev calibration of a full export), wraps each in a bundle with
identity calibration, and prints one table:

* size MB of model.onnx (the bundle adds tokenizer.json, same for all);
* posts/s through ``models.predictor.Predictor`` (what the server runs: normalise, windows,
  tokenise, onnxruntime) at batch 1 and batch 32 on the same dev posts (``--threads`` intra-op),
  each bundle timed in a fresh process after all exports;
* max |Δ| batch-vs-alone: each post scored alone vs inside unsorted batches of 32 (mixed lengths
  and languages), through the predictor;
* max and mean |Δ| vs torch fp32 on the N dev posts (probabilities, truncated input as in training);
* macro PR-AUC on those dev posts (labels the source annotates), torch fp32 for reference.

Not a test: run it by hand on a quiet machine (it is CPU-bound; see docs/quantization.md).

    .venv/bin/python benchmarks/quantize_options.py runs/transformer-v2 --posts 512
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402


def dev_sample(corpus: Path, n: int, seed: int) -> list[dict]:
    rows = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if '"split": "dev"' in line:
                row = json.loads(line)
                if row.get("split") == "dev":
                    rows.append({"raw": row.get("raw_text") or row["text"], "text": row["text"], "lang": row.get("lang"),
                                 "labels": row.get("labels", {})})
    return random.Random(seed).sample(rows, min(n, len(rows)))


def macro_pr_auc(scores: np.ndarray, rows: list[dict], labels: list[str]) -> float:
    from sklearn.metrics import average_precision_score

    values = []
    for j, label in enumerate(labels):
        y = np.array([r["labels"].get(label) if r["labels"].get(label) is not None else -1 for r in rows])
        known = y >= 0
        if known.sum() and 0 < y[known].sum() < known.sum():
            values.append(average_precision_score(y[known], scores[known, j]))
    return float(np.mean(values)) if values else float("nan")


def _timed(fn, *args) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def measure(bundle_dir: Path, rows: list[dict], threads: int, n_b1: int) -> dict:
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(bundle_dir, threads=threads)
    raw = [r["raw"] for r in rows]
    predictor.raw_proba(raw[:32])  # warm-up
    seconds, alone = _timed(lambda: np.concatenate([predictor.raw_proba([t]) for t in raw[:n_b1]]))
    b1 = n_b1 / seconds
    seconds, together = _timed(lambda: np.concatenate([predictor.raw_proba(raw[s : s + 32]) for s in range(0, len(raw), 32)]))
    b32 = len(raw) / seconds
    # unsorted batches of 32 vs alone (mixed lengths and languages; the predictor sorts inside a call)
    shuffled = list(range(n_b1))
    random.Random(1).shuffle(shuffled)
    worst = 0.0
    for s in range(0, n_b1, 32):
        idx = shuffled[s : s + 32]
        got = predictor.raw_proba([raw[i] for i in idx])
        worst = max(worst, float(np.abs(got - alone[idx]).max()))
    worst = max(worst, float(np.abs(together[:n_b1] - alone).max()))
    return {"b1": b1, "b32": b32, "invariance": worst}


def measure_subprocess(bundle_dir: Path, corpus: Path, posts: int, seed: int, threads: int, n_b1: int) -> dict:
    """``measure`` in a fresh process (no torch model, no export work in memory: clean timings)."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--_speed", str(bundle_dir), str(corpus), str(posts), str(seed), str(threads), str(n_b1)],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    """The benchmark as one script: parse arguments, export every method, score, time each bundle in
    its own process, print the table. Long (a sequence of printed steps, no logic worth reusing);
    the reusable parts are ``training.transformer.export.build_onnx`` and ``onnx_proba``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_speed"]:
        bundle_dir, corpus, posts, seed, threads, n_b1 = argv[1:7]
        rows = dev_sample(Path(corpus), int(posts), int(seed))
        print(json.dumps(measure(Path(bundle_dir), rows, int(threads), int(n_b1))))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_dir", type=Path, help="training run folder (uses RUN/best and RUN/config.json)")
    ap.add_argument("--checkpoint", default="best")
    ap.add_argument("--methods", default="weight_only,weight_only_float,weight_only_dequant,static,dynamic,fp16,fp32")
    ap.add_argument("--posts", type=int, default=512, help="dev posts for quality, invariance and batch-32 speed")
    ap.add_argument("--posts-b1", type=int, default=256, help="posts scored one at a time (batch-1 speed, invariance)")
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    ap.add_argument("--trim-to", type=int, default=-1, help="vocabulary trim (-1: the run config's export.trim_to, 0: none)")
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None, help="keep the per-option bundles in this folder")
    ap.add_argument("--speed-only", type=Path, default=None, help="only time the bundles kept earlier in this folder (one per method)")
    args = ap.parse_args(argv)
    if args.speed_only:
        config = json.loads((args.run_dir / "config.json").read_text(encoding="utf-8"))
        corpus = args.corpus or Path(config["data"]["corpus"])
        print("| quantize | model.onnx MB | posts/s b1 | posts/s b32 | max |Δ| batch vs alone |\n|---|---:|---:|---:|---:|")
        for method in [m for m in args.methods.split(",") if (args.speed_only / m).is_dir()]:
            r = measure_subprocess(args.speed_only / method, corpus, args.posts, args.seed, args.threads, min(args.posts_b1, args.posts))
            size = (args.speed_only / method / "model.onnx").stat().st_size / 1e6
            print(f"| {method} | {size:.1f} | {r['b1']:.0f} | {r['b32']:.0f} | {r['invariance']:.1e} |", flush=True)
        return

    import torch

    from polarscan.models.bundle import write_bundle
    from polarscan.models.taxonomy import label_names
    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.training.transformer.export import (BATCH_DEPENDENT, QUANTIZE_METHODS, _tokenizer_json, build_onnx, onnx_proba,
                                             torch_proba, use_eager_attention)
    from polarscan.training.transformer.train import load_checkpoint

    torch.set_num_threads(args.threads)
    run = args.run_dir
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    export_cfg = TransformerConfig.model_validate({**config, "kind": "transformer"}).export
    corpus = args.corpus or Path(config["data"]["corpus"])
    rows = dev_sample(corpus, args.posts, args.seed)
    n_b1 = min(args.posts_b1, len(rows))
    methods = [m for m in args.methods.split(",") if m]
    for m in methods:
        if m not in QUANTIZE_METHODS:
            raise SystemExit(f"unknown method {m!r}; choose from {list(QUANTIZE_METHODS)}")
    trim_to = export_cfg.trim_to if args.trim_to == -1 else (args.trim_to or None)
    labels = list(label_names())
    results = []
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        ckpt = run / args.checkpoint
        if trim_to:
            from polarscan.training.transformer.trim_vocab import trim_checkpoint

            trim_checkpoint(ckpt, tmp / "trimmed", corpus=corpus, max_pieces=trim_to)
            ckpt = tmp / "trimmed"
        model, tokenizer, meta = load_checkpoint(ckpt)
        use_eager_attention(model)
        max_length, pad_id = int(meta["max_length"]), int(meta.get("pad_token_id") or 1)
        tok_json = _tokenizer_json(ckpt)
        texts = [r["text"] for r in rows]
        t_torch, reference = _timed(torch_proba, model, tokenizer, texts, max_length)
        parity_sample = texts[:128]
        calibration = [r["text"] for r in dev_sample(corpus, 256, args.seed + 1)] if "static" in methods else None
        results.append({"method": "torch fp32 (reference)", "size_mb": None, "b1": None, "b32": len(texts) / t_torch,
                        "invariance": None, "max_diff": 0.0, "mean_diff": 0.0, "pr_auc": macro_pr_auc(reference, rows, labels)})
        for method in methods:
            print(f"--- {method}", flush=True)
            work = tmp / method
            final, parity, runtime = build_onnx(model, tokenizer, tok_json, work, method, parity_sample, max_length=max_length,
                                                pad_id=pad_id, calibration_texts=calibration, reference=reference[:128], strict=False)
            bundle_dir = (args.keep or tmp / "bundles") / method
            write_bundle(bundle_dir, model_onnx=final, kind="transformer", model_id=f"bench-{method}", model_version="0",
                         labels=labels, thresholds={label: {"default": 0.5} for label in labels},
                         extra_files={"tokenizer.json": tok_json}, max_length=max_length, pad_token_id=pad_id, text_prefix="",
                         runtime=runtime)
            # as the predictor serves it: a batch-dependent model one post per call
            scores = onnx_proba(final, tok_json, texts, max_length, pad_id=pad_id, session_config=runtime["session_config"],
                                batch_size=1 if method in BATCH_DEPENDENT else 32)
            diff = np.abs(scores - reference)
            results.append({"method": method, "bundle": bundle_dir, "size_mb": final.stat().st_size / 1e6, "max_diff": float(diff.max()),
                            "mean_diff": float(diff.mean()), "pr_auc": macro_pr_auc(scores, rows, labels)})
            print(json.dumps({k: v for k, v in results[-1].items() if k != "bundle"}), flush=True)
        del model
        for r in results[1:]:  # speed last, each bundle in its own process
            r.update(measure_subprocess(r["bundle"], corpus, args.posts, args.seed, args.threads, n_b1))
            print(f"{r['method']}: b1 {r['b1']:.1f}/s, b32 {r['b32']:.1f}/s, batch vs alone {r['invariance']:.1e}", flush=True)

    print()
    print(f"run {run} ({args.checkpoint}); {len(rows)} dev posts (batch 1 and invariance: {n_b1}); onnxruntime "
          f"{__import__('onnxruntime').__version__}; {args.threads} intra-op threads; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    print("| quantize | model.onnx MB | posts/s b1 | posts/s b32 | max |Δ| batch vs alone | max |Δ| vs torch fp32 | mean |Δ| vs torch | dev macro PR-AUC |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        def f(v, fmt):
            return "-" if v is None else format(v, fmt)
        print(f"| {r['method']} | {f(r['size_mb'], '.1f')} | {f(r['b1'], '.0f')} | {f(r['b32'], '.0f')} | {f(r['invariance'], '.1e')} | "
              f"{f(r['max_diff'], '.4f')} | {f(r['mean_diff'], '.4f')} | {f(r['pr_auc'], '.4f')} |")


if __name__ == "__main__":
    main()
