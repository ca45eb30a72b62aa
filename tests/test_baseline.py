import json

import numpy as np
import onnxruntime as ort
import pytest

from polarscan.models.bundle import load_bundle
from polarscan.models.normalize import normalize
from polarscan.models.predictor import Predictor


def _fitted(tiny_corpus):
    from polarscan.training.baseline import FeatureSection, build_vectorizer, fit_masked, label_matrix, read_corpus, ClassifierSection
    from polarscan.models.taxonomy import label_names

    rows = read_corpus(tiny_corpus)
    vec = build_vectorizer(FeatureSection(char_ngram_range=(1, 5), min_df=1))
    X = vec.fit_transform([r["text"] for r in rows])
    W, b, trained = fit_masked(X, label_matrix(rows, label_names()), label_names(), ClassifierSection(), 0)
    return rows, vec, W, b, trained


def test_masked_training_counts_only_known_rows(tiny_corpus):
    rows, _, _, _, trained = _fitted(tiny_corpus)
    for label in ("hateful", "polarising", "violent"):
        assert trained[label] == sum(r["labels"][label] is not None for r in rows)
    assert trained["polarising"] < len(rows)


def test_sklearn_and_onnx_agree_on_arabic_emoji_and_latin(tiny_corpus):
    from polarscan.training.baseline import sklearn_proba, to_onnx

    rows, vec, W, b, _ = _fitted(tiny_corpus)
    probe = [
        "هذا نص عربي فيه 👊 ايموجي",
        "wach nta 7mar a khouya 😂😂",
        "Die moslims zijn RATTEN!!! http://x.nl/a @piet",
        "les arabes sont des parasites ❤️",
        "mixed عربي and latin 3la",
    ]
    texts = [normalize(t) for t in probe]
    expected = sklearn_proba(vec, W, b, texts)
    model = to_onnx(vec, W, b)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (got,) = session.run(["probabilities"], {"text": np.array(texts, dtype=object).reshape(-1, 1)})
    assert got.shape == (len(probe), 4)
    assert np.abs(got - expected).max() < 1e-5


def test_trained_bundle_is_self_describing(tiny_bundle):
    bundle = load_bundle(tiny_bundle)
    m = bundle.manifest
    assert m["kind"] == "tfidf-linear" and m["labels"] == ["hateful", "offensive", "polarising", "violent"]
    assert set(m["files"]) == {"model.onnx", "metrics.json", "MODEL_CARD.md"}
    assert m["data"]["sources"][0]["name"] == "tiny"
    assert m["training"]["trained_rows_per_label"]["polarising"] == 5  # 3 fr + 2 en train rows annotate it
    # calibration and thresholds were fitted on the 14 dev rows after training
    assert m["calibration_fit"]["fitted_on"]["rows"] == 14
    assert set(m["calibration"]) == set(m["labels"])
    metrics = json.loads((tiny_bundle / "metrics.json").read_text())
    assert set(metrics) == {"dev", "test"}
    assert {"nl", "fr", "ar"} <= set(metrics["dev"]["per_language"])
    card = (tiny_bundle / "MODEL_CARD.md").read_text()
    assert "| nl | hateful |" in card and "tiny" in card


def test_predictor_ranks_hate_above_neutral(tiny_bundle):
    predictor = Predictor.from_bundle(tiny_bundle)
    scores = predictor.predict_proba(["die moslims zijn allemaal ratten", "wat een mooie dag vandaag"])
    hateful = predictor.labels.index("hateful")
    assert scores[0, hateful] > scores[1, hateful]
    result = predictor.classify(["wat een mooie dag vandaag in gent"])[0]
    assert result["lang"] == "nl"
    assert set(result["labels"]) == set(predictor.labels)


def test_train_rejects_unknown_config_field(tmp_path):
    from polarscan.training.baseline import train_from_config
    from polarscan.training.config import ConfigError

    cfg = tmp_path / "c.yaml"
    cfg.write_text("kind: baseline\nclassifier:\n  CC: 3\n")
    with pytest.raises(ConfigError, match=r"classifier.CC: unknown field; known fields here: C, class_weight, max_iter"):
        train_from_config(cfg)


def test_explanations_use_the_posts_language_calibration(tiny_bundle):
    from polarscan.serving.review.explain import explain

    predictor = Predictor.from_bundle(tiny_bundle)
    text = "die moslims zijn allemaal ratten"
    out = explain(predictor, text, ["hateful"], lang="nl")
    assert out["words_considered"] == 5
    full = predictor.predict_proba([text], ["nl"])[0, predictor.labels.index("hateful")]
    without = predictor.predict_proba(["die moslims zijn allemaal"], ["nl"])[0, predictor.labels.index("hateful")]
    ratten = [w for w in out["labels"]["hateful"] if w["word"] == "ratten"]
    assert full - without > 0  # the tiny corpus teaches "ratten" as hateful: dropping it lowers the score
    assert ratten and abs(ratten[0]["weight"] - round(float(full - without), 4)) < 1e-4
    # a word whose removal does not lower the score is not listed as evidence
    assert all(w["weight"] > 0 for w in out["labels"]["hateful"])
