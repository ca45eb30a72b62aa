"""``polarscan train``, ``export``, ``finalize``, ``retrain`` and ``promote``: thin wrappers over
``pipelines.train``, ``pipelines.finalize``, ``pipelines.retrain`` and ``pipelines.promote`` (heavy
imports inside the commands)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from polarscan.models.config import SET_HELP, parse_set

QUANTIZE_CHOICES = ["weight_only", "weight_only_float", "weight_only_dequant", "static", "dynamic", "fp16", "fp32"]  # export.QUANTIZE_METHODS


def _log_to_stderr() -> None:
    """Training and export report progress through logging: show INFO lines on the terminal."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")


def _overrides(ctx: click.Context, settings: tuple[str, ...]) -> list[tuple[str, str]]:
    """``--set section.key=VALUE`` pairs, after those of the older ``--section.key VALUE`` spelling
    (left over arguments; ``train`` only, as documented before ``--set``)."""
    from polarscan.models.config import parse_overrides

    return parse_overrides(ctx.args) + parse_set(settings)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP)
@click.pass_context
def train(ctx: click.Context, config: Path, settings: tuple[str, ...]) -> None:
    """Train a model from a config file (configs/baseline.yaml, configs/transformer.yaml).

    Any value can be overridden: `polarscan train configs/baseline.yaml --set classifier.C=4`
    (the older `--classifier.C 4` still works).
    """
    from polarscan.models.corpus import CorpusError
    from polarscan.pipelines.train import train_from_config
    from polarscan.training.config import ConfigError

    _log_to_stderr()
    try:
        result = train_from_config(config, _overrides(ctx, settings))
    except (ConfigError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"done: {result}")


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--quantize", type=click.Choice(QUANTIZE_CHOICES), default=None,
              help="quantisation (default: the run config's export.quantize, weight_only: int8 weights, batch-independent scores; "
                   "dynamic: the old dynamic int8, scores depend on the batch); see docs/quantization.md")
@click.option("--no-quantize", is_flag=True, help="same as --quantize fp32")
@click.option("--checkpoint", default="best", show_default=True, help="checkpoint folder inside RUN_DIR (best, last, epoch_N)")
@click.option("--trim-to", type=int, default=-1, help="trim the vocabulary to at most this many pieces (0: no trimming; default: the run config's export.trim_to)")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="corpus for dev/test (default: the run config's)")
def export(run_dir: Path, out_dir: Path, quantize: str | None, no_quantize: bool, checkpoint: str, trim_to: int, corpus: Path | None) -> None:
    """Export a transformer training run (checkpoint) as an ONNX bundle, calibrated on dev.

    The baseline is exported to a bundle by `polarscan train` itself.
    """
    from polarscan.models.corpus import CorpusError
    from polarscan.pipelines.train import export_bundle

    if no_quantize and quantize not in (None, "fp32"):
        raise click.UsageError("--no-quantize contradicts --quantize " + quantize)
    _log_to_stderr()
    try:
        bundle = export_bundle(run_dir, out_dir, quantize="fp32" if no_quantize else quantize, checkpoint=checkpoint,
                               trim_to=trim_to or None, corpus=corpus)
    except (FileNotFoundError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"bundle written: {bundle.path}")


def _evaluation_config(config_path: Path | None, settings: tuple[str, ...]):
    """The evaluation config (calibration, threshold policy) with ``--set`` overrides."""
    from polarscan.evaluation.config import load_config
    from polarscan.models.config import ConfigError

    try:
        overrides = dict(parse_set(settings))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        return load_config(config_path, overrides)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _score_cache(no_cache: bool) -> Path | None:
    from polarscan.evaluation.cli import CACHE

    return None if no_cache else CACHE


_finalize_options = [
    click.option("--data", "corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=Path("data/corpus/corpus.jsonl"), show_default=True),
    click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                 help="evaluation config: calibration and threshold policy (default: configs/evaluation.yaml)"),
    click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP),
    click.option("--no-cache", is_flag=True, help="score again instead of reusing raw scores from reports/.score-cache"),
]


def finalize_options(fn):
    for option in reversed(_finalize_options):
        fn = option(fn)
    return fn


@click.command()
@click.argument("bundle_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@finalize_options
@click.option("--description", default=None, help="model card description (default: the one stored in the manifest)")
@click.option("--reproduce", default=None, help="model card 'Reproduce' text (default: the one stored in the manifest)")
def finalize(bundle_dir: Path, corpus: Path, config_path: Path | None, settings: tuple[str, ...], no_cache: bool,
             description: str | None, reproduce: str | None) -> None:
    """Calibrate and threshold BUNDLE on the corpus's dev split, rescore dev and test, rewrite its card.

    `polarscan train` does this for every bundle it writes; use it for a bundle exported elsewhere.
    The threshold policy comes from the evaluation config, e.g.
    `--set thresholds.labels.hateful.max_benign_flag_rate=0.04`.
    """
    from polarscan.pipelines.finalize import finalize_on_corpus

    config = _evaluation_config(config_path, settings)
    try:
        bundle = finalize_on_corpus(bundle_dir, corpus, description=description, reproduce=reproduce, config=config,
                                    cache_dir=_score_cache(no_cache))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"finalized {bundle.path}: metrics.json and MODEL_CARD.md rewritten")


@click.command()
@click.argument("bundle_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--quantize", type=click.Choice(["weight_only_float"]), default="weight_only_float", show_default=True,
              help="how OUT_DIR serves the same weights (docs/quantization.md)")
@finalize_options
@click.option("--parity-texts", type=click.IntRange(min=8), default=128, show_default=True,
              help="dev posts for the parity and batch-invariance checks")
@click.option("--no-finalize", is_flag=True, help="only convert: OUT_DIR keeps the source's calibration and thresholds")
def convert(bundle_dir: Path, out_dir: Path, quantize: str, corpus: Path, config_path: Path | None, settings: tuple[str, ...],
            no_cache: bool, parity_texts: int, no_finalize: bool) -> None:
    """Serve a bundle's weights another way, without its training run: BUNDLE_DIR (weight_only) ->
    OUT_DIR (weight_only_float: the same int8 weights expanded to float32 at load, 2.4x faster on
    CPUs without VNNI/AMX), checked for parity and batch invariance, then finalised on --data.
    """
    from polarscan.models.bundle import BundleError
    from polarscan.models.corpus import read_corpus
    from polarscan.pipelines.finalize import finalize_on_corpus
    from polarscan.training.transformer.export import ParityError, convert_bundle

    config = None if no_finalize else _evaluation_config(config_path, settings)
    _log_to_stderr()
    dev = [r.text for r in read_corpus(corpus, splits=["dev"])]
    texts = dev[:: max(1, len(dev) // parity_texts)][:parity_texts]
    try:
        out, runtime = convert_bundle(bundle_dir, out_dir, quantize, texts=texts)
    except (ValueError, FileExistsError, ParityError, BundleError) as exc:
        raise click.ClickException(str(exc)) from None
    conv = runtime["converted_from"]
    click.echo(f"converted {bundle_dir} -> {out} ({quantize}): max |Δ| {conv['max_abs_diff']:.3g}, mean {conv['mean_abs_diff']:.2g} "
               f"on {conv['n_texts']} dev posts; batch invariance {runtime['batch_invariance']['max_abs_diff']:.1e}")
    if no_finalize:
        click.echo(f"not finalised: run `polarscan finalize {out}` before serving it")
        return
    try:
        bundle = finalize_on_corpus(out, corpus, config=config, cache_dir=_score_cache(no_cache))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"finalized {bundle.path}: metrics.json and MODEL_CARD.md rewritten")


@click.command()
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="folder for corpus/, bundle/, comparison.json/.md (default runs/retrain-<UTC time>)")
@click.option("--with-reviews", "reviews", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="review export (`polarscan review export --out FILE`), read as source `review`")
@click.option("--data-config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="data config (default configs/data.yaml; its user_sources.yaml is included)")
@click.option("--served", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="the bundle to compare with (default: configs/promotion.yaml `served`, models/default)")
@click.option("--challenge", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="HateCheck-format CSV file or folder (repeatable; default datasets/challenge)")
@click.option("--no-challenge", is_flag=True, help="compare without the challenge sets")
@click.option("--promotion-config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="margins (default configs/promotion.yaml)")
@click.option("--sources", default=None, help="comma-separated subset of the data config's sources")
@click.option("--model-version", default=None, help="model_version of the new baseline bundle (default retrain-<UTC time>)")
@click.option("--max-rows-per-language", type=click.IntRange(min=1), default=None,
              help="compare on a seeded sample of at most N rows per language and set")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP)
def retrain(config: Path, out: Path | None, reviews: Path | None, data_config: Path | None,
            served: Path | None, challenge: tuple[Path, ...], no_challenge: bool, promotion_config: Path | None,
            sources: str | None, model_version: str | None, max_rows_per_language: int | None, settings: tuple[str, ...]) -> None:
    """Data build (your files + reviews) -> train CONFIG -> export -> finalise -> compare with the served bundle.

    Training values can be overridden as on `polarscan train`: --set classifier.C=4. Writes
    OUT/comparison.md with the verdict of configs/promotion.yaml; then `polarscan promote OUT/bundle`.
    """
    import datetime as dt

    from polarscan.models.bundle import BundleError
    from polarscan.models.corpus import CorpusError
    from polarscan.models.tables import TableError
    from polarscan.pipelines.promote import PromotionError, load_promotion_config
    from polarscan.pipelines.retrain import retrain as run_retrain
    from polarscan.training.config import ConfigError

    _log_to_stderr()
    try:
        promotion = load_promotion_config(promotion_config)
        out = out or Path("runs") / dt.datetime.now(dt.timezone.utc).strftime("retrain-%Y%m%d-%H%M%S")
        default_challenge = () if no_challenge else ((Path("datasets/challenge"),) if Path("datasets/challenge").is_dir() else ())
        result = run_retrain(config, out=out, served=served or promotion.served, data_config=data_config, reviews=reviews,
                             challenge=challenge or default_challenge, overrides=parse_set(settings), promotion=promotion,
                             sources=[s.strip() for s in sources.split(",") if s.strip()] if sources else None,
                             model_version=model_version, max_rows_per_language=max_rows_per_language,
                             progress=lambda line: click.echo(line, err=True))
    except (ConfigError, CorpusError, TableError, BundleError, PromotionError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.comparison_path.with_suffix(".md").read_text(encoding="utf-8"))
    click.echo(str(result))


@click.command()
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--served", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the served bundle folder it replaces (default: configs/promotion.yaml `served`, models/default)")
@click.option("--comparison", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="comparison.json of these two bundles (default: the one `retrain` wrote beside NEW)")
@click.option("--data", "corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="compare now on this corpus's dev/test rows (when there is no comparison for these bundles)")
@click.option("--challenge", type=click.Path(exists=True, path_type=Path), multiple=True, help="with --data: challenge sets")
@click.option("--promotion-config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="margins (default configs/promotion.yaml)")
@click.option("--database-url", envvar="POLARSCAN_DATABASE_URL", default="sqlite:///./polarscan.db", show_default=True,
              help="review database whose audit log records the promotion (POLARSCAN_DATABASE_URL)")
@click.option("--force", is_flag=True, help="promote although the verdict refuses it (needs --reason; audited)")
@click.option("--reason", default=None, help="why (recorded in the audit log)")
@click.option("--reload-url", default=None, help="server to reload afterwards, e.g. http://127.0.0.1:8000 (admin key in POLARSCAN_ADMIN_KEY)")
@click.option("--admin-key", envvar="POLARSCAN_ADMIN_KEY", default=None, help="admin API key for --reload-url")
def promote(new: Path, served: Path | None, comparison: Path | None, corpus: Path | None, challenge: tuple[Path, ...],
            promotion_config: Path | None, database_url: str, force: bool, reason: str | None, reload_url: str | None,
            admin_key: str | None) -> None:
    """Replace the served bundle with NEW unless it is worse beyond the margins of configs/promotion.yaml.

    The refusal names each language x label (or challenge language) that got worse. The served
    bundle is kept as <served>.previous; the promotion is recorded in the review audit log. A running
    server picks NEW up on `POST /v1/admin/reload-model` (--reload-url) or SIGHUP, without a restart.
    """
    import getpass

    from polarscan.models.bundle import BundleError
    from polarscan.models.corpus import CorpusError
    from polarscan.pipelines.promote import PromotionError, PromotionRefused, load_promotion_config, promote as run_promote, read_comparison
    from polarscan.pipelines.retrain import compare_and_judge

    try:
        config = load_promotion_config(promotion_config)
        served = served or config.served
        default = new.resolve().parent / "comparison.json"
        if comparison is not None:
            doc = read_comparison(comparison, new, served)
        elif corpus is not None:
            out = Path("runs") / f"promote-{new.name}"
            _, doc, _ = compare_and_judge(new, served, corpus, list(challenge), config, out=out,
                                          progress=lambda line: click.echo(line, err=True))
        elif default.is_file():
            doc = read_comparison(default, new, served)
        else:
            raise PromotionError(f"no comparison of {new} with {served}: run `polarscan retrain`, or give --data CORPUS "
                                 "(and --challenge) to compare now, or --comparison FILE")
        result = run_promote(new, served, doc, config, database_url=database_url, actor=f"cli:{getpass.getuser()}",
                             force=force, reason=reason)
    except PromotionRefused as exc:
        raise click.ClickException(f"{exc}\nnothing was changed; fix the model or data, or --force --reason '...'") from None
    except (PromotionError, BundleError, CorpusError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.verdict.summary)
    click.echo(f"promoted {result.new['model_id']}@{result.new['model_version']} to {result.served}"
               + (f" (previous {result.previous['model_id']}@{result.previous['model_version']} kept in {result.backup})" if result.backup else "")
               + ("; FORCED" if result.forced else "") + (f"; audit entry {result.audit_id}" if result.audit_id else ""))
    if reload_url:
        click.echo(_reload(reload_url, admin_key))
    else:
        click.echo("a running server keeps the old model until: POST /v1/admin/reload-model (admin key) or kill -HUP <pid>")


def _reload(url: str, key: str | None) -> str:
    import json
    import urllib.error
    import urllib.request

    if not key:
        raise click.ClickException("promoted, but --reload-url needs an admin key (--admin-key or POLARSCAN_ADMIN_KEY)")
    request = urllib.request.Request(url.rstrip("/") + "/v1/admin/reload-model", method="POST", data=b"",
                                     headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise click.ClickException(f"promoted, but the reload failed ({exc.code}): {exc.read().decode(errors='replace')}") from None
    except urllib.error.URLError as exc:
        raise click.ClickException(f"promoted, but {url} did not answer: {exc.reason}") from None
    return f"server reloaded: {body['previous']} -> {body['model']}"


def register(cli: click.Group) -> None:
    cli.add_command(finalize)
    cli.add_command(convert)
    cli.add_command(train)
    cli.add_command(export)
    cli.add_command(retrain)
    cli.add_command(promote)
