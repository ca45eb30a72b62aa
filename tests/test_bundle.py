import json
import shutil

import pytest

from polarscan.models.bundle import BundleError, load_bundle, update_manifest


@pytest.fixture()
def bundle_copy(tiny_bundle, tmp_path):
    dst = tmp_path / "b"
    shutil.copytree(tiny_bundle, dst)
    return dst


def _edit_manifest(path, **changes):
    manifest = json.loads((path / "manifest.json").read_text())
    manifest.update(changes)
    (path / "manifest.json").write_text(json.dumps(manifest))


def test_tampered_model_is_refused(bundle_copy):
    with open(bundle_copy / "model.onnx", "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(BundleError, match=r"model.onnx has sha256 .* the bundle was modified or corrupted"):
        load_bundle(bundle_copy)


def test_missing_file_and_unlisted_file_are_refused(bundle_copy):
    (bundle_copy / "extra.txt").write_text("x")
    with pytest.raises(BundleError, match=r"files not covered by the manifest: \['extra.txt'\]"):
        load_bundle(bundle_copy)
    (bundle_copy / "extra.txt").unlink()
    (bundle_copy / "metrics.json").unlink()
    with pytest.raises(BundleError, match="file metrics.json listed in the manifest is missing"):
        load_bundle(bundle_copy)


def test_incompatible_versions_are_refused(bundle_copy):
    _edit_manifest(bundle_copy, normalizer={"version": "polarscan-norm-0"})
    with pytest.raises(BundleError, match="trained with normaliser 'polarscan-norm-0'"):
        load_bundle(bundle_copy)
    _edit_manifest(bundle_copy, normalizer={"version": load_bundle.__globals__["NORMALIZER_VERSION"]}, format_version=99)
    with pytest.raises(BundleError, match="bundle format version 99 is not supported"):
        load_bundle(bundle_copy)


def test_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(BundleError, match="POLARSCAN_BUNDLE_PATH"):
        load_bundle(tmp_path / "nope")


def test_update_manifest_rehashes_and_checks_thresholds(bundle_copy):
    thresholds = load_bundle(bundle_copy).manifest["thresholds"]
    thresholds["hateful"]["nl"] = 0.42
    bundle = update_manifest(bundle_copy, thresholds=thresholds)
    assert bundle.threshold("hateful", "nl") == 0.42
    assert bundle.threshold("hateful", "xx") == thresholds["hateful"]["default"]
    thresholds["hateful"]["fr"] = 1.5
    with pytest.raises(BundleError, match=r"threshold hateful/fr = 1.5 is outside \[0, 1\]"):
        update_manifest(bundle_copy, thresholds=thresholds)


def test_unmeasured_language_label_pairs_are_scored_but_never_flagged(bundle_copy):
    import numpy as np

    from polarscan.evaluation.calibrate import measured_languages
    from polarscan.models.predictor import Predictor

    nan = float("nan")
    y = np.array([[1, 0], [1, 0], [0, nan], [0, 1], [1, nan], [0, 0]], dtype=float)
    langs = ["nl", "nl", "nl", "fr", "fr", "fr"]
    assert measured_languages(y, langs, ["hateful", "violent"], 2, 1) == {"hateful": ["nl"], "violent": []}
    assert measured_languages(y, langs, ["hateful", "violent"], 1, 1) == {"hateful": ["fr", "nl"], "violent": ["fr"]}

    labels = load_bundle(bundle_copy).labels
    zero = {label: {"default": 0.0} for label in labels}  # every score would be flagged...
    update_manifest(bundle_copy, thresholds=zero, flag_languages={label: ["fr"] for label in labels})
    bundle = load_bundle(bundle_copy)
    assert bundle.flag_enabled("hateful", "fr") and not bundle.flag_enabled("hateful", "nl")
    assert not bundle.flag_enabled("hateful", None)
    fr, nl = Predictor(bundle).classify(["sales rats", "vuile ratten"], langs=["fr", "nl"])
    assert all(v["flagged"] and v["measured"] for v in fr["labels"].values()) and fr["flagged"]
    # ...but Dutch was measured for nothing: scores stay, flags never come
    assert not nl["flagged"] and all(not v["flagged"] and not v["measured"] for v in nl["labels"].values())
    assert all(v["score"] >= 0.0 for v in nl["labels"].values())
