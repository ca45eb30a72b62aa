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
import logging
import time
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import Field
from tqdm.auto import tqdm

from polarscan.models import corpus
from polarscan.models.config import StrictModel
from polarscan.models.corpus import read_corpus
from polarscan.models.taxonomy import label_names
from polarscan.training.config import REPO_ROOT
from polarscan.training.result import RunResult

log = logging.getLogger(__name__)

WORD_TOKEN_PATTERN = r"[^ ]+"


class DataSection(StrictModel):
    corpus: Path = Path("data/corpus/corpus.jsonl")
    max_train_rows_per_source: int | None = Field(20000, ge=1)
    languages: list[str] | None = None


class FeatureSection(StrictModel):
    char_ngram_range: tuple[int, int] = (1, 5)
    char_max_features: int = Field(150000, ge=1)
    word_ngram_range: tuple[int, int] | None = (1, 2)
    word_max_features: int = Field(50000, ge=1)
    min_df: int = Field(3, ge=1)


class ClassifierSection(StrictModel):
    C: float = Field(2.0, gt=0)
    class_weight: Literal["balanced"] | None = "balanced"
    max_iter: int = Field(2000, ge=10)


class OutputSection(StrictModel):
    bundle: Path = Path("runs/baseline/bundle")
    model_id: str = "polarscan-baseline-tfidf"
    model_version: str = "1"


class BaselineConfig(StrictModel):
    kind: Literal["baseline"]
    seed: int = 13
    data: DataSection = DataSection()
    features: FeatureSection = FeatureSection()
    classifier: ClassifierSection = ClassifierSection()
    output: OutputSection = OutputSection()


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else REPO_ROOT / path


def label_matrix(rows: list, labels: tuple[str, ...]) -> np.ndarray:
    """[N, L] float: 1, 0 or NaN for unknown (``models.corpus.label_matrix`` in NaN form)."""
    y, mask = corpus.label_matrix(rows, labels)
    return np.where(mask > 0, y, np.nan).astype(np.float64)


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
    """Validate the config file (with ``--set section.key=VALUE`` overrides) and ``train`` it."""
    from polarscan.training.config import load_config

    config = load_config(path, overrides, BaselineConfig)
    return train(config, config_path=Path(path))


def select_splits(config: BaselineConfig) -> dict[str, list]:
    """Train rows (at most ``data.max_train_rows_per_source`` per source), dev and test rows, all in
    ``data.languages`` (``models.corpus.select_rows``)."""
    rows = read_corpus(_resolve(config.data.corpus))
    langs = config.data.languages or None
    return {"train": corpus.select_rows(rows, "train", languages=langs, cap=config.data.max_train_rows_per_source,
                                        seed=config.seed),
            "dev": corpus.select_rows(rows, "dev", languages=langs),
            "test": corpus.select_rows(rows, "test", languages=langs)}


def train(config: BaselineConfig, config_path: Path | None = None) -> RunResult:
    """Fit the baseline on the corpus's train split and write a verified bundle (thresholds 0.5,
    no calibration yet: ``pipelines.train`` finalises it on ``RunResult.eval_rows``)."""
    from polarscan.models.bundle import write_bundle
    from polarscan.training.bundle_card import data_provenance

    started = time.time()
    labels = label_names()
    splits = select_splits(config)
    train_rows, dev_rows, test_rows = splits["train"], splits["dev"], splits["test"]
    if not train_rows or not dev_rows:
        raise ValueError(f"corpus has {len(train_rows)} train and {len(dev_rows)} dev rows; both are needed")
    provenance = data_provenance(train_rows + dev_rows + test_rows)  # fails early on a bad dataset card
    log.info("baseline: %d train rows (capped at %s/source), %d dev, %d test", len(train_rows),
             config.data.max_train_rows_per_source, len(dev_rows), len(test_rows))

    vectorizer = build_vectorizer(config.features)
    t0 = time.time()
    log.info("baseline: fitting the TF-IDF vocabulary ...")
    X = vectorizer.fit_transform([r["text"] for r in train_rows])
    log.info("baseline: %d features in %.0fs", X.shape[1], time.time() - t0)
    W, b, trained_rows = fit_masked(X, label_matrix(train_rows, labels), labels, config.classifier, config.seed)

    out = _resolve(config.output.bundle)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx_path = out.parent / "model.onnx"
    onnx_path.write_bytes(to_onnx(vectorizer, W, b).SerializeToString())
    write_bundle(
        out, model_onnx=onnx_path, kind="tfidf-linear", model_id=config.output.model_id,
        model_version=config.output.model_version, labels=list(labels),
        thresholds={label: {"default": 0.5} for label in labels},  # replaced when the bundle is finalised
        training={
            "config": json.loads(config.model_dump_json()),
            "config_file": str(config_path) if config_path else None,
            "train_rows": len(train_rows),
            "trained_rows_per_label": trained_rows,
            "n_features": int(X.shape[1]),
            "seconds": round(time.time() - started, 1),
        },
        data=provenance,
        card={"description": ("Character 1-5-gram and word 1-2-gram TF-IDF with one logistic regression per label, "
                              "each trained only on the rows where its label is annotated."),
              "reproduce": f"polarscan data build && polarscan train {config_path or 'configs/baseline.yaml'}"},
    )
    return RunResult("baseline", out.parent, time.time() - started, bundle_dir=out,
                     eval_rows={"dev": dev_rows, "test": test_rows})
