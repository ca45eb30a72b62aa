"""Metric code on tiny cases whose values are worked out by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from polarscan.evaluation.metrics import ALL, average_precision, confusion, label_metrics, macro, metrics_table, roc_auc
from polarscan.evaluation.thresholds import ThresholdConfig, choose_threshold, fit_thresholds

# Six predictions. Sorted by score the gold labels read 1 1 0 1 0 0.
Y = [1, 1, 0, 1, 0, 0]
S = [0.9, 0.8, 0.7, 0.6, 0.3, 0.1]


def test_six_predictions_by_hand():
    m = label_metrics(Y, S, threshold=0.5)
    # flagged: 0.9 0.8 0.7 0.6 -> tp = 3 (0.9, 0.8, 0.6), fp = 1 (0.7); fn = 0; tn = 2 (0.3, 0.1)
    assert (m.tp, m.fp, m.fn, m.tn) == (3, 1, 0, 2)
    assert (m.support, m.positives, m.negatives) == (6, 3, 3)
    assert m.precision == 3 / 4
    assert m.recall == 1.0
    assert m.f1 == pytest.approx(6 / 7)  # 2tp / (2tp + fp + fn) = 6 / 7
    # AP: precision at each positive (ranks 1, 2, 4) = 1, 1, 3/4 -> mean 11/12
    assert m.pr_auc == pytest.approx(11 / 12)
    # ROC-AUC: pairs (pos > neg): 0.9 beats 3, 0.8 beats 3, 0.6 beats 2 (not 0.7) -> 8 / 9
    assert m.roc_auc == pytest.approx(8 / 9)


def test_threshold_is_inclusive():
    m = label_metrics(Y, S, threshold=0.6)  # score >= 0.6 is flagged
    assert (m.tp, m.fp) == (3, 1)
    m = label_metrics(Y, S, threshold=0.61)
    assert (m.tp, m.fp, m.fn) == (2, 1, 1)


def test_ties_count_half():
    # positives {0.5, 0.5}, negatives {0.5, 0.2}: each positive ties one negative (1/2) and beats one (1)
    assert roc_auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.2]) == pytest.approx(0.75)
    # one threshold group at 0.5 holds both positives and one negative: P = 2/3 at recall 1
    assert average_precision([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.2]) == pytest.approx(2 / 3)


def test_unknown_labels_are_excluded():
    y = [1, np.nan, 0, np.nan]
    s = [0.9, 0.1, 0.2, 0.95]  # the unknown rows would be a fn and a fp if counted
    m = label_metrics(y, s, 0.5)
    assert (m.support, m.tp, m.fp, m.fn, m.tn) == (2, 1, 0, 0, 1)
    assert m.roc_auc == 1.0 and m.pr_auc == 1.0


def test_degenerate_cases_are_none_not_errors():
    no_pos = label_metrics([0, 0, 0], [0.9, 0.1, 0.2], 0.5)
    assert no_pos.recall is None and no_pos.pr_auc is None and no_pos.roc_auc is None
    assert no_pos.precision == 0.0 and no_pos.f1 == 0.0  # one false positive
    quiet = label_metrics([0, 0], [0.1, 0.2], 0.5)
    assert quiet.precision is None and quiet.f1 is None  # nothing predicted, nothing to find
    all_pos = label_metrics([1, 1], [0.1, 0.7], 0.5)
    assert all_pos.roc_auc is None and all_pos.pr_auc == 1.0
    empty = label_metrics([np.nan, np.nan], [0.1, 0.7], 0.5)
    assert empty.support == 0 and empty.f1 is None and empty.roc_auc is None


def test_confusion_counts():
    assert confusion(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])) == confusion([True, True, False, False], [True, False, True, False])
    c = confusion(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]))
    assert (c.tp, c.fp, c.fn, c.tn) == (1, 1, 1, 1)


def test_table_per_language_thresholds_and_macro():
    labels = ("a", "b")
    # nl: rows 0-3, fr: rows 4-5. Label b is unknown in fr.
    y = np.array([[1, 0], [0, 1], [1, 0], [0, 0], [1, np.nan], [0, np.nan]])
    s = np.array([[0.6, 0.2], [0.4, 0.7], [0.3, 0.1], [0.1, 0.3], [0.35, 0.9], [0.2, 0.9]])
    thresholds = {("a", "nl"): 0.5, ("a", "fr"): 0.3, ("b", "nl"): 0.5, ("b", "fr"): 0.5}
    table = metrics_table(y, s, ["nl"] * 4 + ["fr"] * 2, labels, lambda label, lang: thresholds[(label, lang)], languages=["nl", "fr"])
    nl_a = table.cells["nl"]["a"]
    # nl a at 0.5: flagged row 0 (tp); row 2 (0.3) is a fn; rows 1, 3 tn
    assert (nl_a.tp, nl_a.fp, nl_a.fn, nl_a.tn) == (1, 0, 1, 2) and nl_a.f1 == pytest.approx(2 / 3)
    fr_a = table.cells["fr"]["a"]
    assert (fr_a.tp, fr_a.fp, fr_a.fn, fr_a.tn) == (1, 0, 0, 1) and fr_a.threshold == 0.3
    fr_b = table.cells["fr"]["b"]
    assert fr_b.support == 0 and fr_b.f1 is None
    # pooled a: each row with its own language's threshold -> tp 2, fn 1, tn 3
    pooled = table.cells[ALL]["a"]
    assert (pooled.tp, pooled.fp, pooled.fn, pooled.tn) == (2, 0, 1, 3) and pooled.threshold is None
    # macro fr: only label a is defined -> F1 1.0 over 1 label
    assert table.macro["fr"].f1 == 1.0 and table.macro["fr"].n_f1 == 1
    # macro nl: a F1 2/3, b F1 1 (row 1 flagged at 0.7, no fp) -> 5/6
    assert table.macro["nl"].f1 == pytest.approx(5 / 6) and table.macro["nl"].n_f1 == 2
    assert table.rows == {"nl": 4, "fr": 2, ALL: 6}
    d = table.to_dict()
    assert d["per_language"]["nl"]["a"]["tp"] == 1 and math.isclose(d["macro"]["nl"]["f1"], 5 / 6)


def test_macro_skips_undefined():
    a = label_metrics([1, 0], [0.9, 0.1], 0.5)  # F1 1
    b = label_metrics([0, 0], [0.1, 0.1], 0.5)  # F1 None
    m = macro({"a": a, "b": b})
    assert (m.f1, m.n_f1, m.roc_auc, m.n_roc_auc) == (1.0, 1, 1.0, 1)


def test_max_f1_threshold_by_hand():
    # F1 when flagging down to each score: 0.9 -> 2/4, 0.8 -> 4/5, 0.7 -> 4/6, 0.6 -> 6/7, 0.3 -> 6/8, 0.1 -> 6/9
    c = choose_threshold(Y, S)
    assert c.strategy == "max_f1"
    assert c.f1 == pytest.approx(6 / 7) and c.precision == 0.75 and c.recall == 1.0
    assert c.threshold == pytest.approx((0.6 + 0.3) / 2)  # midpoint to the next lower score


def test_target_precision_threshold_by_hand():
    c = choose_threshold(Y, S, ThresholdConfig(strategy="target_precision", target_precision=1.0))
    # precision 1 holds down to 0.8 (2 of 3 positives); 0.7 would add a false positive
    assert c.strategy == "target_precision" and c.recall == pytest.approx(2 / 3)
    assert c.threshold == pytest.approx(0.75)
    unreachable = choose_threshold([0, 1], [0.9, 0.1], ThresholdConfig(strategy="target_precision", target_precision=0.9))
    assert unreachable.strategy == "max_f1" and "no threshold reaches" in unreachable.note
    none = choose_threshold([0, 0, np.nan], [0.9, 0.1, 0.5], ThresholdConfig(fallback=0.42))
    assert none.strategy == "fallback" and none.threshold == 0.42


def test_fit_thresholds_falls_back_for_languages_with_few_positives():
    y = np.array(Y + [1, 0, 0], dtype=float).reshape(-1, 1)
    s = np.array(S + [0.2, 0.5, 0.05]).reshape(-1, 1)
    langs = ["nl"] * 6 + ["fr"] * 3
    thresholds, choices = fit_thresholds(y, s, langs, ["a"], ThresholdConfig(min_positives_per_language=2))
    assert set(thresholds["a"]) == {"default", "nl"}  # fr has 1 positive < 2: uses the default
    assert thresholds["a"]["nl"] == pytest.approx(0.45)
    assert choices["a"]["fr"].strategy == "default" and choices["a"]["fr"].positives == 1
    # pooled: sorted 0.9 0.8 0.7 0.6 0.5 0.3 0.2 0.1 0.05 -> 1 1 0 1 0 0 1 0 0 (4 positives); best F1 is
    # 6/8 flagging down to 0.6
    # (down to 0.2 gives 8/11), so the default is (0.6 + 0.5) / 2
    assert thresholds["a"]["default"] == pytest.approx(0.55)


def test_max_fbeta_favours_recall_by_hand():
    y = [1, 0, 0, 1, 0, 1]
    s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    # flag down to: 0.9 tp1 pred1; 0.6 tp2 pred4; 0.4 tp3 pred6 (3 positives)
    # F1: 2/4=.5, 4/7=.571, 6/9=.667 -> 0.4 ; F0.5 favours precision: 1.25*1/(1+0.25*3)=.714 at 0.9
    f1 = choose_threshold(y, s)
    assert f1.threshold == pytest.approx(0.4) and f1.recall == 1.0
    f05 = choose_threshold(y, s, ThresholdConfig(strategy="max_fbeta", beta=0.5))
    assert f05.threshold == pytest.approx(0.85) and f05.strategy == "max_fbeta(beta=0.5)"
    assert f05.f1 == pytest.approx(0.5)  # F1 is still what the choice reports


def test_benign_cap_raises_the_threshold_by_hand():
    y = [1, 0, 1, 0, 1]
    s = [0.9, 0.8, 0.7, 0.6, 0.5]
    assert choose_threshold(y, s).threshold == pytest.approx(0.5)  # F1 best flagging all (6/8)
    benign = np.arange(100) / 100 + 0.005  # 100 benign rows, uniform, no ties with the cuts
    capped = choose_threshold(y, s, ThresholdConfig(max_benign_flag_rate=0.25), benign_scores=benign)
    # cuts: 0.85 -> 15% of benign, 0.75 -> 25%, 0.65 -> 35%: the cap allows 0.85 (F1 2/4) and 0.75 (F1 2/5)
    assert capped.threshold == pytest.approx(0.85) and "capped" in capped.note
    looser = choose_threshold(y, s, ThresholdConfig(max_benign_flag_rate=0.35), benign_scores=benign)
    assert looser.threshold == pytest.approx(0.65)  # now 0.65 (F1 4/6) is allowed
    few = choose_threshold(y, s, ThresholdConfig(max_benign_flag_rate=0.25, min_benign_rows=500), benign_scores=benign)
    assert few.threshold == pytest.approx(0.5) and "not applied" in few.note


def test_per_label_overrides_and_benign_rows():
    from polarscan.evaluation.thresholds import benign_rows

    cfg = ThresholdConfig(labels={"b": {"strategy": "max_fbeta", "beta": 2.0}})
    assert cfg.for_label("a").strategy == "max_f1"
    assert (cfg.for_label("b").strategy, cfg.for_label("b").beta, cfg.for_label("b").labels) == ("max_fbeta", 2.0, {})
    y = np.array([[0, np.nan], [0, 1], [np.nan, np.nan], [0, 0]])
    assert benign_rows(y).tolist() == [True, False, False, True]
    with pytest.raises(Exception):
        ThresholdConfig(labels={"b": {"strategy": "nope"}})


def test_count_share_rows_add_their_share_and_leave_no_items_unknown():
    from polarscan.evaluation.bias import BiasRow
    from polarscan.evaluation.functional import GroupAccuracy, ViolentShare

    assert GroupAccuracy(n=4, correct=3, gold="hateful").to_dict() == {"n": 4, "correct": 3, "gold": "hateful", "accuracy": 0.75}
    assert ViolentShare(n=2, flagged=1).share == 0.5
    row = BiasRow(source="challenge", lang="nl", group="jews", label="hateful", n=0, false_positives=0)
    assert row.fpr is None and row.to_dict()["fpr"] is None


def test_benign_cap_binds_only_the_listed_languages():
    """``cap_languages``: the cap moves the thresholds of those languages; the pooled default and the
    other languages keep their uncapped choice."""
    from polarscan.evaluation.thresholds import fit_thresholds

    rng = np.random.default_rng(0)
    n = 400
    langs = np.array(["nl"] * n + ["en"] * n)
    y = (rng.random(2 * n) < 0.3).astype(float)
    s = np.clip(0.15 * y + rng.random(2 * n) * 0.85, 0, 1)  # overlapping: uncapped max-F1 flags many benign rows
    Y, S = y[:, None], s[:, None]
    free, _ = fit_thresholds(Y, S, langs, ["hateful"], ThresholdConfig())
    everywhere, _ = fit_thresholds(Y, S, langs, ["hateful"], ThresholdConfig(max_benign_flag_rate=0.02))
    nl_only, choices = fit_thresholds(Y, S, langs, ["hateful"],
                                      ThresholdConfig(labels={"hateful": {"max_benign_flag_rate": 0.02, "cap_languages": ["nl"]}}))
    for lang in ("nl", "en"):
        assert everywhere["hateful"][lang] > free["hateful"][lang]
        benign = (langs == lang) & (y == 0)
        assert (s[benign] >= everywhere["hateful"][lang]).mean() <= 0.02
    assert nl_only["hateful"]["nl"] == everywhere["hateful"]["nl"] and "capped" in choices["hateful"]["nl"].note
    assert nl_only["hateful"]["en"] == free["hateful"]["en"] and nl_only["hateful"]["default"] == free["hateful"]["default"]
