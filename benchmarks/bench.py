"""Speed benchmark: posts/s and latency at batch 1 and 32, one run, one printed table.

Compares, on the same posts (realistic lengths, sampled from the corpus dev/test splits; the
challenge sets in ``datasets/challenge/`` when there is no corpus):

* ``torch eager``: transformers + torch on the fine-tuned checkpoint (``--run RUN_DIR``, uses
  ``RUN_DIR/best``), normalise + tokenise + forward + sigmoid;
* ``onnx fp32`` / ``onnx int8``: transformer bundles through ``models.predictor.Predictor``
  (what the server runs: normalise, tokenise, onnxruntime, calibration);
* ``baseline``: the tf-idf bundle (``--baseline``, default ``models/baseline-tfidf``).

Each model runs in its own subprocess (clean memory numbers: peak RSS after loading and
scoring). Not a test: run it by hand.

    .venv/bin/python benchmarks/bench.py --run runs/e5small-ft --fp32 runs/bundles/fp32 \
        --int8 models/default
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def load_posts(corpus: Path, n: int, seed: int) -> tuple[list[str], str]:
    if corpus.is_file():
        texts = []
        with open(corpus, encoding="utf-8") as fh:
            for line in fh:
                if '"split": "test"' in line or '"split": "dev"' in line:
                    row = json.loads(line)
                    texts.append(row.get("raw_text") or row["text"])
        source = f"{corpus} (dev+test)"
    else:
        import csv

        texts = []
        for path in sorted((REPO / "datasets" / "challenge").glob("*.csv")):
            with open(path, encoding="utf-8") as fh:
                texts += [row["test_case"] for row in csv.DictReader(fh)]
        source = "datasets/challenge/*.csv"
    rng = random.Random(seed)
    return rng.sample(texts, min(n, len(texts))), source


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(q / 100 * (len(values) - 1)))))
    return values[k]


def _time(fn, posts: list[str], batch: int, warmup: int = 3) -> dict:
    for i in range(warmup):
        fn(posts[i * batch : (i + 1) * batch] or posts[:batch])
    lat = []
    t0 = time.perf_counter()
    for s in range(0, len(posts), batch):
        t = time.perf_counter()
        fn(posts[s : s + batch])
        lat.append((time.perf_counter() - t) * 1000)
    wall = time.perf_counter() - t0
    return {"posts_per_s": len(posts) / wall, "p50_ms": _percentile(lat, 50), "p99_ms": _percentile(lat, 99)}


def _scorer(kind: str, path: str, threads: int):
    if kind == "torch":
        import torch

        from polarscan.models.normalize import normalize
        from polarscan.training.transformer.train import load_checkpoint

        torch.set_num_threads(threads)
        model, tokenizer, meta = load_checkpoint(Path(path) / "best")
        max_length = int(meta["max_length"])

        def score(texts):
            enc = tokenizer([normalize(t) for t in texts], padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            with torch.inference_mode():
                return torch.sigmoid(model(enc["input_ids"], enc["attention_mask"])).numpy()

        return score, max_length
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(path, threads=threads)
    return predictor.predict_proba, predictor.bundle.manifest.get("max_length")


def run_one(kind: str, path: str, posts_file: str, n1: int, threads: int) -> dict:
    posts = json.loads(Path(posts_file).read_text(encoding="utf-8"))
    t = time.perf_counter()
    score, max_length = _scorer(kind, path, threads)
    load_s = time.perf_counter() - t
    b1 = _time(score, posts[:n1], 1)
    b32 = _time(score, posts, 32)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = None
    if kind != "torch":
        size_mb = sum(p.stat().st_size for p in Path(path).iterdir() if p.is_file()) / 1e6
    return {"load_s": load_s, "b1": b1, "b32": b32, "rss_mb": rss_mb, "size_mb": size_mb, "max_length": max_length}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", help="training run folder (torch eager baseline on RUN/best)")
    ap.add_argument("--fp32", help="fp32 transformer bundle")
    ap.add_argument("--int8", help="int8 transformer bundle")
    ap.add_argument("--extra", action="append", default=[], help="NAME=BUNDLE, more bundles to compare")
    ap.add_argument("--baseline", default=str(REPO / "models" / "baseline-tfidf"), help="tf-idf baseline bundle")
    ap.add_argument("--corpus", default=str(REPO / "data" / "corpus" / "corpus.jsonl"))
    ap.add_argument("--posts", type=int, default=640, help="posts for batch 32")
    ap.add_argument("--posts-b1", type=int, default=200, help="posts for batch 1")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--_one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._one:
        kind, path, posts_file = args._one
        print(json.dumps(run_one(kind, path, posts_file, args.posts_b1, args.threads)))
        return

    posts, source = load_posts(Path(args.corpus), args.posts, args.seed)
    models = []
    if args.run:
        models.append(("torch eager (transformers)", "torch", args.run))
    if args.fp32:
        models.append(("onnx fp32", "bundle", args.fp32))
    if args.int8:
        models.append(("onnx int8", "bundle", args.int8))
    for item in args.extra:
        name, path = item.split("=", 1)
        models.append((name, "bundle", path))
    base = Path(args.baseline)
    if (base / "manifest.json").is_file() and json.loads((base / "manifest.json").read_text()).get("kind") == "tfidf-linear":
        models.append(("baseline tf-idf", "bundle", str(base)))

    import tempfile

    from tokenizers import Tokenizer  # noqa: F401  (fail early if the serving stack is missing)

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(posts, fh, ensure_ascii=False)
        posts_file = fh.name
    chars = sorted(len(p) for p in posts)
    print(f"posts: {len(posts)} from {source}; length chars p50 {chars[len(chars) // 2]}, p90 {chars[int(len(chars) * 0.9)]}; "
          f"threads {args.threads}; batch-1 over {min(args.posts_b1, len(posts))} posts")
    import platform
    import os

    print(f"host: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}")
    rows = []
    for name, kind, path in models:
        cmd = [sys.executable, __file__, "--_one", kind, path, posts_file, "--posts-b1", str(args.posts_b1), "--threads", str(args.threads)]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        if out.returncode != 0:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            continue
        rows.append((name, json.loads(out.stdout.strip().splitlines()[-1])))
    header = f"| model | size MB | b1 posts/s | b1 p50 ms | b1 p99 ms | b32 posts/s | b32 p50 ms/batch | b32 p99 ms/batch | peak RSS MB |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        size = f"{r['size_mb']:.1f}" if r["size_mb"] else "-"
        print(f"| {name} | {size} | {r['b1']['posts_per_s']:.1f} | {r['b1']['p50_ms']:.1f} | {r['b1']['p99_ms']:.1f} | "
              f"{r['b32']['posts_per_s']:.1f} | {r['b32']['p50_ms']:.0f} | {r['b32']['p99_ms']:.0f} | {r['rss_mb']:.0f} |")
    torch_row = dict(rows).get("torch eager (transformers)")
    if torch_row:
        for name, r in rows:
            if name.startswith("onnx"):
                print(f"{name} vs torch eager at batch 32: {r['b32']['posts_per_s'] / torch_row['b32']['posts_per_s']:.2f}x")
    Path(posts_file).unlink()


if __name__ == "__main__":
    main()
