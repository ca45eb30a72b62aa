"""ECE and reliability by hand; temperature and isotonic fitting on synthetic data; auto choice."""

from __future__ import annotations

import numpy as np
import pytest

from polarscan.evaluation.calibration import (
    apply_one,
    expected_calibration_error,
    fit_calibration,
    fit_isotonic,
    fit_label,
    fit_temperature,
    log_loss,
    reliability,
    sigmoid,
)
from polarscan.evaluation.config import CalibrationConfig

Y = [1, 1, 0, 1, 0, 0]
S = [0.9, 0.8, 0.7, 0.6, 0.3, 0.1]


def test_ece_ten_bins_by_hand():
    # one prediction per bin; |y - p| = 0.1, 0.2, 0.7, 0.4, 0.3, 0.1 -> mean 1.8 / 6
    assert expected_calibration_error(Y, S, n_bins=10) == pytest.approx(0.3)


def test_ece_two_bins_by_hand():
    # [0, .5): 0.3, 0.1 -> mean 0.2, positive rate 0; [.5, 1]: mean 0.75, rate 3/4 -> ECE = 2/6 * 0.2
    assert expected_calibration_error(Y, S, n_bins=2) == pytest.approx(1 / 15)
    bins = reliability(Y, S, n_bins=2)
    assert [b.count for b in bins] == [2, 4]
    assert bins[0].mean_predicted == pytest.approx(0.2) and bins[0].fraction_positive == 0.0
    assert bins[1].mean_predicted == pytest.approx(0.75) and bins[1].fraction_positive == 0.75


def test_ece_edges_and_unknowns():
    # 1.0 falls in the last bin, 0.5 in the upper of two; NaN labels dropped
    bins = reliability([1, 0, np.nan], [1.0, 0.5, 0.2], n_bins=2)
    assert [b.count for b in bins] == [0, 2]
    assert bins[0].mean_predicted is None
    assert expected_calibration_error([np.nan], [0.3]) is None


def test_log_loss_by_hand():
    assert log_loss([1, 0], [0.8, 0.4]) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)


def _overconfident(n=20000, t=2.5, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, n)
    y = (rng.random(n) < sigmoid(z)).astype(float)
    return y, sigmoid(z * t)  # logits scaled by t: a temperature of t undoes it


def test_temperature_recovers_known_value():
    y, p = _overconfident(t=2.5)
    assert fit_temperature(y, p) == pytest.approx(2.5, rel=0.05)
    y, p = _overconfident(t=0.5, seed=1)  # underconfident
    assert fit_temperature(y, p) == pytest.approx(0.5, rel=0.05)


def test_temperature_map_is_the_served_map():
    cal = {"method": "temperature", "T": 2.0}
    p = np.array([0.1, 0.5, 0.9])
    expected = sigmoid(np.log(p / (1 - p)) / 2.0)
    assert np.allclose(apply_one(cal, p), expected)


def test_isotonic_knots_by_hand():
    cal = fit_isotonic(Y, S, eps=0.01, blend=0.0)
    assert cal["method"] == "isotonic"
    assert cal["x"][0] == 0.0 and cal["x"][-1] == 1.0  # knots cover [0, 1]
    assert all(np.diff(cal["x"]) >= 0) and all(np.diff(cal["y"]) >= 0)
    assert min(cal["y"]) == 0.01 and max(cal["y"]) == 0.99
    # pool adjacent violators on 1 1 0 1 0 0 (descending scores): {0.1, 0.3} -> 0, {0.6, 0.7} -> 0.5, {0.8, 0.9} -> 1
    assert np.allclose(apply_one(cal, np.array([0.1, 0.65, 0.95])), [0.01, 0.5, 0.99])


def test_isotonic_map_keeps_the_ranking():
    cal = fit_isotonic(Y, S, eps=0.01)  # default blend 0.001 with the identity
    q = np.array([0.0, 0.05, 0.1, 0.2, 0.3, 0.6, 0.65, 0.7, 0.95, 1.0])
    out = apply_one(cal, q)
    assert np.all(np.diff(out) > 0)  # strictly increasing: no two distinct scores tie
    assert np.allclose(out[[2, 6, 8]], [0.999 * 0.01 + 0.0001, 0.999 * 0.5 + 0.00065, 0.999 * 0.99 + 0.00095])


def test_auto_prefers_a_real_map_on_overconfident_scores():
    y, p = _overconfident(n=4000)
    fit = fit_label("hateful", y, p, CalibrationConfig())
    assert fit.method in ("temperature", "isotonic")
    assert fit.cv_log_loss[fit.method] < fit.cv_log_loss["identity"]
    after = apply_one(fit.calibration, p)
    assert expected_calibration_error(y, after) < expected_calibration_error(y, p) / 3


def test_few_positives_keep_identity_and_unknowns_are_ignored():
    y = np.array([[1, np.nan], [0, 1], [0, 0], [0, np.nan]], dtype=float)
    raw = np.array([[0.9, 0.2], [0.1, 0.8], [0.3, 0.4], [0.2, 0.5]])
    fits = fit_calibration(y, raw, ["a", "b"], CalibrationConfig(min_positives=5))
    assert fits["a"].method == "identity" and fits["a"].support == 4 and fits["a"].positives == 1
    assert fits["b"].support == 2 and "min_positives" in fits["b"].reason


def test_forced_method():
    y, p = _overconfident(n=2000)
    fit = fit_label("x", y, p, CalibrationConfig(method="temperature"))
    assert fit.method == "temperature" and fit.reason == "forced by config" and fit.cv_log_loss == {}


def test_served_map_uses_the_row_language():
    from polarscan.models.calibration import apply_calibration

    cal = {"a": {"method": "identity", "languages": {"nl": {"method": "temperature", "T": 2.0}}}}
    scores = np.array([[0.9], [0.9], [0.2]])
    out = apply_calibration(scores, ["a"], cal, langs=["nl", "fr", None])
    assert out[1, 0] == pytest.approx(0.9) and out[2, 0] == pytest.approx(0.2)  # pooled (identity)
    assert out[0, 0] == pytest.approx(0.75, rel=1e-6)  # nl: sigmoid(logit(0.9) / 2) = sigmoid(ln 9 / 2) = 3 / 4
    assert apply_calibration(scores, ["a"], cal)[0, 0] == pytest.approx(0.9)  # no languages: pooled


def test_per_language_fits_recover_each_languages_temperature():
    y_nl, p_nl = _overconfident(n=6000, t=3.0, seed=2)
    y_fr, p_fr = _overconfident(n=6000, t=0.5, seed=3)
    y = np.r_[y_nl, y_fr, [1.0, 0.0]].reshape(-1, 1)
    raw = np.r_[p_nl, p_fr, [0.6, 0.4]].reshape(-1, 1)
    langs = ["nl"] * 6000 + ["fr"] * 6000 + ["ar"] * 2  # ar: 1 positive, too few for its own map
    config = CalibrationConfig(method="temperature", min_positives_per_language=30)
    fit = fit_calibration(y, raw, ["a"], config, langs=langs)["a"]
    assert set(fit.languages) == {"fr", "nl"}
    assert fit.languages["nl"].calibration["T"] == pytest.approx(3.0, rel=0.05)
    assert fit.languages["fr"].calibration["T"] == pytest.approx(0.5, rel=0.05)
    served = fit.served_map()
    assert served["method"] == "temperature" and set(served["languages"]) == {"fr", "nl"}
    off = fit_calibration(y, raw, ["a"], CalibrationConfig(per_language=False), langs=langs)["a"]
    assert off.languages == {} and "languages" not in off.served_map()
