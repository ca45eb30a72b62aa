import json
import shutil

import pytest

from models.bundle import BundleError, load_bundle, update_manifest


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
