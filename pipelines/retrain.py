"""``polarscan retrain``: data build (with your files and the reviewers' decisions) -> training ->
export where needed -> finalise -> comparison with the served bundle, in one folder.

``retrain(train_config, out=..., ...) -> RetrainResult`` writes under ``out``:

* ``corpus/``: the corpus built from the data config, the user sources added with ``polarscan data
  add`` and, with ``reviews``, a review export (``training.corpus.user_sources.with_user_sources``);
* ``bundle/``: the new bundle, trained from ``train_config`` on that corpus (baseline: ``polarscan
  train``'s pipeline, finalised on its dev rows; transformer: fine-tuning in ``run/`` then
  ``export_bundle``, which finalises);
* ``comparison.json`` / ``comparison.md``: new vs served on the same dev/test rows, the reviewed
  posts and the challenge sets (``pipelines.compare``), with the verdict of ``configs/promotion.yaml``
  (``pipelines.promote.judge``). ``polarscan promote OUT/bundle`` reads it.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

log = logging.getLogger(__name__)


@dataclass
class RetrainResult:
    out: Path
    corpus_path: Path
    bundle_dir: Path
    comparison_path: Path
    comparison: dict[str, Any]
    verdict: Any  # pipelines.promote.Verdict

    def __str__(self) -> str:
        return (f"new bundle {self.bundle_dir}; comparison {self.comparison_path} "
                f"(and {self.comparison_path.with_suffix('.md')})\n{self.verdict.summary}")


def write_comparison(out: Path, comparison: dict[str, Any], verdict) -> Path:
    from polarscan.pipelines.compare import markdown

    path = out / "comparison.json"
    path.write_text(json.dumps({**comparison, "verdict": verdict.to_dict()}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(markdown(comparison, verdict.to_dict()) + "\n", encoding="utf-8")
    return path


def comparison_inputs(corpus: Path, challenge: Sequence[Path]) -> tuple[dict[str, list], list]:
    """The dev/test rows of a corpus and the challenge cases, read (and checked) before any scoring."""
    from polarscan.evaluation.functional import load_suite
    from polarscan.pipelines.finalize import dev_test_rows

    splits = dev_test_rows(corpus)
    if not splits["dev"] and not splits["test"]:
        raise ValueError(f"{corpus}: no dev or test rows to compare the bundles on")
    return splits, (load_suite(challenge) if challenge else [])


def compare_and_judge(new: Path, served: Path, corpus: Path, challenge: Sequence[Path], promotion, *,
                      out: Path, max_rows_per_language: int | None = None, progress=None):
    """``compare_bundles`` on the corpus's dev/test rows (+ reviewed posts) and the challenge sets,
    judged with ``promotion``; writes ``out/comparison.json`` and ``.md``. Returns (path, comparison, verdict)."""
    from polarscan.evaluation.config import load_config as load_eval_config
    from polarscan.pipelines.compare import compare_bundles
    from polarscan.pipelines.promote import judge

    splits, cases = comparison_inputs(corpus, challenge)
    positive = load_eval_config(None).functional.positive_labels
    comparison = compare_bundles(new, served, splits=splits, cases=cases, positive_labels=positive,
                                 max_rows_per_language=max_rows_per_language, progress=progress)
    comparison["corpus"] = str(corpus)
    comparison["challenge"] = [str(c) for c in challenge]
    verdict = judge(comparison, promotion)
    out.mkdir(parents=True, exist_ok=True)
    return write_comparison(out, comparison, verdict), comparison, verdict


def retrain(train_config: Path | str, *, out: Path | str, served: Path | str, data_config: Path | str | None = None,
            user_sources: Path | str | None = None, reviews: Path | str | None = None, challenge: Sequence[Path | str] = (),
            overrides: Sequence[tuple[str, Any]] = (), promotion=None, sources: list[str] | None = None,
            shared_data: Path | None = None, model_version: str | None = None, max_rows_per_language: int | None = None,
            progress=None) -> RetrainResult:
    """The whole loop (module docstring). Paths are checked before the corpus build starts."""
    from polarscan.models.bundle import load_bundle
    from polarscan.pipelines.promote import load_promotion_config
    from polarscan.pipelines.train import export_bundle, train_from_config
    from polarscan.training.config import config_kind
    from polarscan.training.corpus.build import build_corpus
    from polarscan.training.corpus.config import DEFAULT_CONFIG, load_config
    from polarscan.training.corpus.user_sources import sources_file_for, with_user_sources

    say = progress or log.info
    out = Path(out).resolve()
    served = Path(served)
    challenge = [Path(c) for c in challenge]
    data_config = Path(data_config) if data_config is not None else DEFAULT_CONFIG
    promotion = promotion or load_promotion_config()
    kind = config_kind(train_config)
    load_bundle(served)  # the served bundle must load: checked before hours of work
    missing = [str(c) for c in challenge if not c.exists()]
    if missing:
        raise FileNotFoundError(f"challenge path(s) not found: {missing}")

    say(f"1/4 data build -> {out / 'corpus'}")
    config = load_config(data_config, out=out / "corpus")
    config = with_user_sources(config, user_sources or sources_file_for(data_config), reviews=reviews)
    built = build_corpus(config, sources=sources, shared_data=shared_data)
    say(f"    {built.rows:,} rows from {len(built.per_source)} sources")

    version = model_version or _dt.datetime.now(_dt.timezone.utc).strftime("retrain-%Y%m%d-%H%M%S")
    bundle_dir = out / "bundle"
    say(f"2/4 training ({kind}, {train_config})")
    if kind == "baseline":
        ov = [*overrides, ("data.corpus", json.dumps(str(built.corpus_path))), ("output.bundle", json.dumps(str(bundle_dir))),
              ("output.model_version", json.dumps(version))]  # JSON strings: YAML scalars that stay strings
        result = train_from_config(train_config, ov)
        bundle_dir = result.bundle_dir
    else:
        ov = [*overrides, ("data.corpus", json.dumps(str(built.corpus_path))), ("train.output_dir", json.dumps(str(out / "run")))]
        result = train_from_config(train_config, ov)
        say(f"3/4 export {result.run_dir} -> {bundle_dir}")
        bundle_dir = export_bundle(result.run_dir, bundle_dir).path
    say(f"4/4 compare {bundle_dir} with the served {served}")
    path, comparison, verdict = compare_and_judge(bundle_dir, served, built.corpus_path, challenge, promotion, out=out,
                                                  max_rows_per_language=max_rows_per_language, progress=say)
    return RetrainResult(out=out, corpus_path=built.corpus_path, bundle_dir=Path(bundle_dir), comparison_path=path,
                         comparison=comparison, verdict=verdict)
