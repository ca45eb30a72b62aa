"""The model bundle: a self-describing folder (see DEVELOPERS.md for the layout).

``write_bundle`` hashes every file into ``manifest.json``; ``load_bundle`` verifies format,
normaliser version, labels and every hash, and refuses a tampered or incompatible bundle with a
message that says what is wrong and what to do.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from polarscan.models.normalize import NORMALIZER_VERSION

DEFAULT_BUNDLE = Path(__file__).resolve().parent / "default"  # the shipped default (CLI and server)
BUNDLE_FORMAT = "polarscan-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("tfidf-linear", "transformer")
_REQUIRED_KEYS = ("format", "format_version", "model_id", "model_version", "kind", "labels", "normalizer", "thresholds", "files")


class BundleError(Exception):
    """A bundle is missing, tampered with, or incompatible with this polarscan."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    manifest: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return list(self.manifest["labels"])

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def model_id(self) -> str:
        return self.manifest["model_id"]

    @property
    def model_version(self) -> str:
        return self.manifest["model_version"]

    def file(self, name: str) -> Path:
        return self.path / name

    @property
    def window_config(self) -> dict[str, Any]:
        """``windows`` (transformer): how posts longer than one window are read: ``size`` (content
        tokens per window), ``stride`` (tokens between window starts), ``combine`` ("max"),
        optional ``max_windows``. Absent in older bundles: the predictor uses half the window."""
        return dict(self.manifest.get("windows") or {})

    @property
    def session_config(self) -> dict[str, str]:
        """``runtime.session_config``: onnxruntime session config entries the model needs."""
        return {str(k): str(v) for k, v in ((self.manifest.get("runtime") or {}).get("session_config") or {}).items()}

    def flag_enabled(self, label: str, lang: str | None) -> bool:
        """Whether ``label`` may be flagged for posts of ``lang``: the manifest's
        ``flag_languages`` (written by calibration) lists, per label, the languages whose dev data
        measured it. A pair no data measured keeps its score but is never flagged. Bundles without
        the key (older ones) flag everywhere."""
        allowed = self.manifest.get("flag_languages")
        if allowed is None:
            return True
        return lang is not None and lang in (allowed.get(label) or [])

    def threshold(self, label: str, lang: str | None = None) -> float:
        per_label = self.manifest["thresholds"][label]
        if lang is not None and lang in per_label:
            return float(per_label[lang])
        return float(per_label["default"])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_versions(names: tuple[str, ...] = ("polarscan", "onnxruntime", "tokenizers", "numpy", "scikit-learn", "skl2onnx", "onnx", "torch", "transformers")) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def _hash_files(bundle_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(bundle_dir).as_posix(): sha256_file(p)
        for p in sorted(bundle_dir.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def write_manifest(bundle_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """(Re)write ``manifest.json`` with fresh hashes of every other file in the folder."""
    bundle_dir = Path(bundle_dir)
    manifest = dict(manifest)
    manifest["files"] = _hash_files(bundle_dir)
    missing = [k for k in _REQUIRED_KEYS if k not in manifest]
    if missing:
        raise BundleError(f"cannot write bundle {bundle_dir}: manifest lacks {missing}")
    _check_thresholds(manifest, bundle_dir)
    (bundle_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return manifest


def write_bundle(
    out_dir: Path | str,
    *,
    model_onnx: Path | str,
    kind: str,
    model_id: str,
    model_version: str,
    labels: list[str],
    thresholds: dict[str, dict[str, float]],
    extra_files: dict[str, Path | str] | None = None,
    calibration: dict[str, dict[str, Any]] | None = None,
    metrics: dict[str, Any] | None = None,
    model_card: str | None = None,
    **manifest_extra: Any,
) -> Bundle:
    """Assemble a bundle folder from a trained model and its metadata, hashing every file.

    ``extra_files`` maps names inside the bundle (e.g. ``tokenizer.json``) to source paths.
    ``manifest_extra`` adds keys such as ``training``, ``data``, ``max_length``.
    """
    if kind not in KINDS:
        raise BundleError(f"unknown bundle kind {kind!r}; expected one of {list(KINDS)}")
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(model_onnx, out / "model.onnx")
    for name, src in (extra_files or {}).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / name)
    if metrics is not None:
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if model_card is not None:
        (out / "MODEL_CARD.md").write_text(model_card, encoding="utf-8")
    manifest = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "model_id": model_id,
        "model_version": model_version,
        "kind": kind,
        "labels": list(labels),
        "normalizer": {"version": NORMALIZER_VERSION},
        "thresholds": thresholds,
        "calibration": calibration or {label: {"method": "identity"} for label in labels},
        "versions": package_versions(),
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        **manifest_extra,
        "files": {},
    }
    write_manifest(out, manifest)
    return load_bundle(out)


def update_manifest(bundle_dir: Path | str, **changes: Any) -> Bundle:
    """Change manifest keys of an existing (verified) bundle and rehash its files."""
    bundle = load_bundle(bundle_dir)
    manifest = {**bundle.manifest, **changes}
    write_manifest(bundle.path, manifest)
    return load_bundle(bundle.path)


def _check_thresholds(manifest: dict[str, Any], where: Path) -> None:
    thresholds = manifest.get("thresholds", {})
    for label in manifest["labels"]:
        per_label = thresholds.get(label)
        if not isinstance(per_label, dict) or "default" not in per_label:
            raise BundleError(f"bundle {where}: thresholds[{label!r}] needs a 'default' value, got {per_label!r}")
        for lang, value in per_label.items():
            if not 0.0 <= float(value) <= 1.0:
                raise BundleError(f"bundle {where}: threshold {label}/{lang} = {value} is outside [0, 1]")


def load_bundle(path: Path | str) -> Bundle:
    """Read and verify a bundle. Raises ``BundleError`` saying what is wrong and what to do."""
    path = Path(path)
    manifest_path = path / MANIFEST
    if not path.is_dir():
        raise BundleError(f"no bundle at {path}: the folder does not exist (set POLARSCAN_BUNDLE_PATH or pass a bundle folder)")
    if not manifest_path.is_file():
        raise BundleError(f"{path} is not a polarscan bundle: {MANIFEST} is missing")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BundleError(f"{manifest_path} is not valid JSON ({exc}); re-export the bundle") from None
    missing = [k for k in _REQUIRED_KEYS if k not in manifest]
    if missing:
        raise BundleError(f"{manifest_path} lacks keys {missing}; re-export the bundle with this polarscan")
    if manifest["format"] != BUNDLE_FORMAT:
        raise BundleError(f"{path}: format is {manifest['format']!r}, expected {BUNDLE_FORMAT!r}")
    if manifest["format_version"] != BUNDLE_FORMAT_VERSION:
        raise BundleError(
            f"{path}: bundle format version {manifest['format_version']} is not supported by this polarscan "
            f"(supports {BUNDLE_FORMAT_VERSION}); re-export the model or upgrade polarscan"
        )
    if manifest["kind"] not in KINDS:
        raise BundleError(f"{path}: unknown model kind {manifest['kind']!r}; supported: {list(KINDS)}")
    norm = manifest["normalizer"].get("version")
    if norm != NORMALIZER_VERSION:
        raise BundleError(
            f"{path}: the model was trained with normaliser {norm!r} but this polarscan has {NORMALIZER_VERSION!r}; "
            "scores would be wrong. Retrain/re-export the model, or install the polarscan version that made it"
        )
    recorded: dict[str, str] = manifest["files"]
    if "model.onnx" not in recorded:
        raise BundleError(f"{path}: manifest lists no model.onnx")
    for name, expected in recorded.items():
        file = path / name
        if not file.is_file():
            raise BundleError(f"{path}: file {name} listed in the manifest is missing")
        actual = sha256_file(file)
        if actual != expected:
            raise BundleError(
                f"{path}: {name} has sha256 {actual[:12]}…, the manifest says {expected[:12]}…: "
                "the bundle was modified or corrupted; restore it or re-export it"
            )
    extra = sorted(set(_hash_files(path)) - set(recorded))
    if extra:
        raise BundleError(f"{path}: files not covered by the manifest: {extra}; remove them or re-export the bundle")
    _check_thresholds(manifest, path)
    return Bundle(path=path, manifest=manifest)
