"""The classical baseline: character + word n-gram TF-IDF, one logistic regression per label.

Each label's classifier is trained only on the rows where that label is known (masked labels:
a source that does not annotate ``violent`` says nothing about it). The fitted vectorisers are
converted with skl2onnx and the per-label linear models appended as one MatMul + Add + Sigmoid,
so the ONNX graph maps normalised text [N, 1] to ``probabilities`` [N, L].

Measured skl2onnx facts this design rests on (tests/test_baseline.py keeps them true):
``sublinear_tf=True`` disagrees with scikit-learn after conversion (1e-2), so TF is linear;
``analyzer="word"`` agrees only with a whitespace ``token_pattern`` (the normaliser has already
lowercased and spaced the text); ``lowercase=True`` fails in onnxruntime here (no locale).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from tqdm.auto import tqdm

from models.taxonomy import label_names
from training.config import REPO_ROOT

WORD_TOKEN_PATTERN = r"[^ ]+"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataSection(_Strict):
    corpus: Path = Path("data/corpus/corpus.jsonl")
    max_train_rows_per_source: int | None = Field(20000, ge=1)
    languages: list[str] | None = None


class FeatureSection(_Strict):
    char_ngram_range: tuple[int, int] = (1, 5)
    char_max_features: int = Field(150000, ge=1)
    word_ngram_range: tuple[int, int] | None = (1, 2)
    word_max_features: int = Field(50000, ge=1)
    min_df: int = Field(3, ge=1)


class ClassifierSection(_Strict):
    C: float = Field(2.0, gt=0)
    class_weight: Literal["balanced"] | None = "balanced"
    max_iter: int = Field(2000, ge=10)


class OutputSection(_Strict):
    bundle: Path = Path("runs/baseline/bundle")
    model_id: str = "polarscan-baseline-tfidf"
    model_version: str = "1"


class BaselineConfig(_Strict):
    kind: Literal["baseline"]
    seed: int = 13
    data: DataSection = DataSection()
    features: FeatureSection = FeatureSection()
    classifier: ClassifierSection = ClassifierSection()
    output: OutputSection = OutputSection()


@dataclass
class RunResult:
    bundle_dir: Path
    metrics: dict[str, Any]
    seconds: float


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else REPO_ROOT / path


def read_corpus(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise FileNotFoundError(f"corpus {path} not found: build it with `polarscan data build`")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _cap_per_source(rows: list[dict[str, Any]], cap: int | None, seed: int) -> list[dict[str, Any]]:
    if cap is None:
        return rows
    rng = np.random.default_rng(seed)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    out = []
    for source in sorted(by_source):
        items = by_source[source]
        if len(items) > cap:
            keep = rng.choice(len(items), size=cap, replace=False)
            items = [items[i] for i in sorted(keep)]
        out.extend(items)
    return out


def label_matrix(rows: list[dict[str, Any]], labels: tuple[str, ...]) -> np.ndarray:
    """[N, L] float: 1, 0 or NaN for unknown."""
    y = np.full((len(rows), len(labels)), np.nan, dtype=np.float64)
    for i, row in enumerate(rows):
        for j, label in enumerate(labels):
            value = row["labels"].get(label)
            if value is not None:
                y[i, j] = float(value)
    return y


def build_vectorizer(features: FeatureSection):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [
        (
            "char",
            TfidfVectorizer(
                analyzer="char",
                lowercase=False,
                ngram_range=tuple(features.char_ngram_range),
                max_features=features.char_max_features,
                min_df=features.min_df,
                dtype=np.float32,
            ),
        )
    ]
    if features.word_ngram_range is not None:
        parts.append(
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=WORD_TOKEN_PATTERN,
                    lowercase=False,
                    ngram_range=tuple(features.word_ngram_range),
                    max_features=features.word_max_features,
                    min_df=features.min_df,
                    dtype=np.float32,
                ),
            )
        )
    return FeatureUnion(parts)


def fit_masked(X, y: np.ndarray, labels: tuple[str, ...], classifier: ClassifierSection, seed: int) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """One logistic regression per label on the rows where it is known. Returns W [F, L], b [L]."""
    from sklearn.linear_model import LogisticRegression

    n_features = X.shape[1]
    W = np.zeros((n_features, len(labels)), dtype=np.float32)
    b = np.zeros(len(labels), dtype=np.float32)
    trained_rows: dict[str, int] = {}
    for j, label in enumerate(tqdm(labels, desc="train per label", unit="label")):
        known = ~np.isnan(y[:, j])
        yj = y[known, j]
        trained_rows[label] = int(known.sum())
        if known.sum() == 0 or len(np.unique(yj)) < 2:
            raise ValueError(f"label {label!r} has {int(known.sum())} known training rows with classes {np.unique(yj)}: cannot train")
        clf = LogisticRegression(
            C=classifier.C, class_weight=classifier.class_weight, max_iter=classifier.max_iter, solver="liblinear", random_state=seed
        )
        clf.fit(X[known], yj.astype(int))
        W[:, j] = clf.coef_[0]
        b[j] = clf.intercept_[0]
    return W, b, trained_rows


def to_onnx(vectorizer, W: np.ndarray, b: np.ndarray):
    """skl2onnx graph for the vectoriser + a linear head with a sigmoid: text [N,1] -> probabilities [N,L]."""
    import onnx
    from onnx import helper, numpy_helper
    from skl2onnx import to_onnx as skl_to_onnx
    from skl2onnx.common.data_types import StringTensorType

    graph_model = skl_to_onnx(
        vectorizer, initial_types=[("text", StringTensorType([None, 1]))], target_opset={"": 17, "ai.onnx.ml": 3}
    )
    graph = graph_model.graph
    (features_out,) = [o.name for o in graph.output]
    graph.initializer.extend([numpy_helper.from_array(W.astype(np.float32), "head_W"), numpy_helper.from_array(b.astype(np.float32), "head_b")])
    graph.node.extend(
        [
            helper.make_node("MatMul", [features_out, "head_W"], ["head_logits_nobias"], name="head_matmul"),
            helper.make_node("Add", ["head_logits_nobias", "head_b"], ["logits"], name="head_add"),
            helper.make_node("Sigmoid", ["logits"], ["probabilities"], name="head_sigmoid"),
        ]
    )
    del graph.output[:]
    graph.output.extend([helper.make_tensor_value_info("probabilities", onnx.TensorProto.FLOAT, [None, W.shape[1]])])
    onnx.checker.check_model(graph_model)
    return graph_model


def sklearn_proba(vectorizer, W: np.ndarray, b: np.ndarray, texts: list[str]) -> np.ndarray:
    X = vectorizer.transform(texts)
    return 1.0 / (1.0 + np.exp(-(X @ W + b)))


def train_from_config(path: Path | str, overrides=()) -> RunResult:
    from training.config import load_config

    config = load_config(path, overrides, BaselineConfig)
    return train(config, config_path=Path(path))


def train(config: BaselineConfig, config_path: Path | None = None) -> RunResult:
    """Fit the baseline on the corpus's train split and write a verified bundle."""
    from training.bundle_card import data_provenance, write_trained_bundle

    started = time.time()
    labels = label_names()
    rows = read_corpus(_resolve(config.data.corpus))
    if config.data.languages:
        rows = [r for r in rows if r["lang"] in config.data.languages]
    train_rows = _cap_per_source([r for r in rows if r["split"] == "train"], config.data.max_train_rows_per_source, config.seed)
    dev_rows = [r for r in rows if r["split"] == "dev"]
    test_rows = [r for r in rows if r["split"] == "test"]
    if not train_rows or not dev_rows:
        raise ValueError(f"corpus has {len(train_rows)} train and {len(dev_rows)} dev rows; both are needed")
    provenance = data_provenance(train_rows + dev_rows + test_rows)  # fails early on a bad dataset card
    print(f"baseline: {len(train_rows)} train rows (capped at {config.data.max_train_rows_per_source}/source), {len(dev_rows)} dev, {len(test_rows)} test")

    vectorizer = build_vectorizer(config.features)
    t0 = time.time()
    print("baseline: fitting the TF-IDF vocabulary ...", flush=True)
    X = vectorizer.fit_transform([r["text"] for r in train_rows])
    print(f"baseline: {X.shape[1]} features in {time.time() - t0:.0f}s")
    y = label_matrix(train_rows, labels)
    W, b, trained_rows = fit_masked(X, y, labels, config.classifier, config.seed)

    model = to_onnx(vectorizer, W, b)
    out = _resolve(config.output.bundle)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx_path = out.parent / "model.onnx"
    onnx_path.write_bytes(model.SerializeToString())

    bundle = write_trained_bundle(
        out,
        onnx_path=onnx_path,
        kind="tfidf-linear",
        model_id=config.output.model_id,
        model_version=config.output.model_version,
        labels=list(labels),
        splits={"dev": dev_rows, "test": test_rows},
        training={
            "config": json.loads(config.model_dump_json()),
            "config_file": str(config_path) if config_path else None,
            "train_rows": len(train_rows),
            "trained_rows_per_label": trained_rows,
            "n_features": int(X.shape[1]),
            "seconds": round(time.time() - started, 1),
        },
        data=provenance,
        description=(
            "Character 1-5-gram and word 1-2-gram TF-IDF with one logistic regression per label, "
            "each trained only on the rows where its label is annotated."
        ),
        reproduce=f"polarscan data build && polarscan train {config_path or 'configs/baseline.yaml'}",
    )
    return RunResult(bundle_dir=bundle.path, metrics=json.loads((bundle.path / "metrics.json").read_text()), seconds=time.time() - started)
