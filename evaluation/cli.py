"""`polarscan evaluate`, `polarscan calibrate`, `polarscan functional`: thin wrappers over
``evaluation.run.evaluate``, ``evaluation.calibrate.calibrate_bundle`` and
``evaluation.functional.run_functional``. Heavy imports happen inside the commands."""

from __future__ import annotations

from pathlib import Path

import click

from polarscan.models.config import SET_HELP, parse_set

REPORTS = Path("reports")
CACHE = REPORTS / ".score-cache"  # raw scores per (model files, texts); safe to delete
SPLIT_CHOICES = click.Choice(["dev", "test", "all"])


def _config(path: Path | None, settings: tuple[str, ...] = ()):
    """The evaluation config with ``--set section.key=VALUE`` overrides (values are YAML scalars,
    parsed by the one config loader, ``models.config``, as on ``polarscan train``)."""
    from polarscan.evaluation.config import ConfigError, load_config

    try:
        overrides = dict(parse_set(settings))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        return load_config(path, overrides)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _echo_table(title: str, headers, rows) -> None:
    from polarscan.evaluation.report import Table, table_text

    click.echo(f"\n== {title}")
    click.echo(table_text(Table(list(headers), [list(r) for r in rows])) if rows else "(nothing)")


def _errors():
    from polarscan.evaluation.config import ConfigError
    from polarscan.evaluation.data import DataError
    from polarscan.evaluation.functional import FunctionalError
    from polarscan.models.bundle import BundleError

    return (BundleError, DataError, FunctionalError, ConfigError)


def _eval_data(data, labels, splits, text_col, label_cols, lang_col):
    """``data`` as it goes to ``evaluate``: the path of a corpus JSONL, or rows read from a table
    (CSV/TSV/Parquet, or any file given with --text-col/--label-col)."""
    from polarscan.evaluation.data import load_table_data
    from polarscan.models.tables import TableError, parse_label_cols, table_format

    if data is None:
        return None
    as_table = table_format(data) in ("csv", "tsv", "parquet") or text_col or label_cols or lang_col
    if not as_table:
        return data
    try:
        mapping = parse_label_cols(label_cols) if label_cols else None
    except TableError as exc:
        raise click.UsageError(str(exc)) from None
    return load_table_data(data, labels, text_col=text_col or "text", label_cols=mapping, lang_col=lang_col, splits=splits)


@click.command("evaluate")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--data", "data", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="corpus-format JSON lines (e.g. data/corpus/corpus.jsonl), or a CSV/TSV/Parquet file with a text column "
                   "and label columns (1/0/empty); a file without splits is the test split")
@click.option("--text-col", default=None, help="--data as a table: column holding the posts (default: text)")
@click.option("--label-col", "label_cols", multiple=True, metavar="LABEL=COLUMN",
              help="--data as a table: our label and its column (default: columns named like the labels), repeatable")
@click.option("--lang-col", default=None, help="--data as a table: language column (default: lang if present; else detected)")
@click.option("--split", "splits", type=SPLIT_CHOICES, multiple=True, help="split(s) to score; default: dev and test")
@click.option("--challenge", "challenge", type=click.Path(path_type=Path, exists=True), multiple=True, help="HateCheck-format CSV file or folder (repeatable)")
@click.option("--out", "out", type=click.Path(path_type=Path), help="report folder; default reports/<bundle> or reports/compare-<A>-<B>")
@click.option("--compare", "compare_mode", is_flag=True, help="evaluate every BUNDLE on the same data and write one side-by-side table")
@click.option("--config", "config_path", type=click.Path(path_type=Path, exists=True), help="default: configs/evaluation.yaml")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP)
@click.option("--no-robustness", is_flag=True, help="skip the obfuscation runs")
@click.option("--no-bias", is_flag=True, help="skip the identity-mention false-positive tables")
@click.option("--no-plots", is_flag=True, help="tables only")
@click.option("--lang-hint", is_flag=True, help="functional tests: pass the suite's language instead of detecting it")
@click.option("--no-cache", is_flag=True, help=f"score again instead of reusing raw scores from {CACHE}")
@click.option("--max-rows-per-language", type=click.IntRange(min=1), help="evaluate a seeded sample of at most N rows per language and split (same rows for every bundle)")
def evaluate_cmd(bundles, data, text_col, label_cols, lang_col, splits, challenge, out, compare_mode, config_path, settings,
                 no_robustness, no_bias, no_plots, lang_hint, no_cache, max_rows_per_language) -> None:
    """Evaluate BUNDLE (or, with --compare, several bundles side by side).

    Prints the per language x label table per split; writes report.md, report.html, report.json and
    plots/ under --out. Every path and the data are checked before scoring starts; progress goes to stderr.
    """
    from polarscan.evaluation.compare import evaluate_bundles, slug, write_comparison
    from polarscan.models.bundle import load_bundle

    if data is None and not challenge:
        raise click.UsageError("give --data (corpus JSON lines) and/or --challenge (functional CSVs)")
    if len(bundles) > 1 and not compare_mode:
        raise click.UsageError("several bundles given: add --compare to compare them, or give one bundle")
    if compare_mode and len(bundles) < 2:
        raise click.UsageError("--compare needs at least two bundles: polarscan evaluate --compare A B --data ...")
    config = _config(config_path, settings)
    splits = splits or ("dev", "test")
    try:
        labels = [load_bundle(b).labels for b in bundles][0]  # every bundle checked before any scoring
        eval_data = _eval_data(data, labels, splits, text_col, label_cols, lang_col)
        reports = evaluate_bundles(
            bundles, eval_data, data_name=str(data) if data is not None and eval_data is not data else None,
            announce=lambda line: click.echo(line, err=True), splits=splits, challenge=list(challenge) or None,
            config=config, robustness=not no_robustness, bias=not no_bias, lang_hint=lang_hint,
            cache_dir=None if no_cache else CACHE, max_rows_per_language=max_rows_per_language,
            progress=lambda line: click.echo(f"  {line}", err=True),
        )
    except _errors() as exc:
        raise click.ClickException(str(exc)) from None
    if compare_mode:
        out = out or REPORTS / slug("compare-" + "-".join(Path(b).name for b in bundles))
        _echo_comparison(bundles, reports)
        written = write_comparison(bundles, reports, out, plots=not no_plots)
    else:
        out = out or REPORTS / slug(Path(bundles[0]).resolve().name)
        _echo_report(reports[0])
        written = reports[0].write(out, plots=not no_plots)
    click.echo("\nwrote " + ", ".join(str(p) for p in written))


def _echo_comparison(bundles, reports) -> None:
    from polarscan.evaluation.compare import functional_rows, metric_rows

    for split in reports[0].metrics:
        _echo_table(f"{split}: per language x label (A={bundles[0]}, B={bundles[1]})", *metric_rows(reports, split))
    if reports[0].functional is not None:
        _echo_table("functional accuracy per functionality", *functional_rows(reports))


def _echo_report(report) -> None:
    for split in report.metrics:
        _echo_table(f"{split}: per language x label", *report.metrics_rows(split))
        _echo_table(f"{split}: macro over labels", *report.macro_rows(split))
        _echo_table(f"{split}: expected calibration error", *report.ece_rows(split))
    if report.functional is not None:
        _echo_table("functional: per language", *report.functional_summary_rows())
        _echo_table("functional: accuracy per functionality", *report.functional_rows())
    if report.robustness:
        _echo_table("robustness (dev positives)", *report.robustness_rows())
    if report.bias:
        _echo_table("bias: false positives on identity mentions", *report.bias_rows())


@click.command("calibrate")
@click.argument("bundle", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path), help="corpus-format JSON lines with a dev split")
@click.option("--split", default="dev", show_default=True, type=SPLIT_CHOICES, help="rows to fit on")
@click.option("--config", "config_path", type=click.Path(path_type=Path, exists=True), help="default: configs/evaluation.yaml")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP)
@click.option("--dry-run", is_flag=True, help="fit and print, but leave the bundle unchanged")
@click.option("--no-cache", is_flag=True, help=f"score again instead of reusing raw scores from {CACHE}")
def calibrate_cmd(bundle, data, split, config_path, settings, dry_run, no_cache) -> None:
    """Fit calibration maps and per-language thresholds on dev and write them into BUNDLE's manifest."""
    from polarscan.evaluation.calibrate import calibrate_bundle

    config = _config(config_path, settings)
    try:
        result = calibrate_bundle(bundle, data, config, split=split, write=not dry_run, cache_dir=None if no_cache else CACHE)
    except _errors() as exc:
        raise click.ClickException(str(exc)) from None
    _echo_table(f"calibration maps (fitted on {result.rows} {split} rows)", *result.rows_calibration())
    _echo_table("expected calibration error on the fitting rows", *result.rows_ece())
    _echo_table(f"thresholds ({config.thresholds.strategy})", *result.rows_thresholds())
    click.echo(f"\n{'dry run: bundle unchanged' if dry_run else f'wrote calibration and thresholds into {bundle}/manifest.json'}")


@click.command("functional")
@click.argument("csvs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--bundle", "bundle", type=click.Path(path_type=Path, exists=True, file_okay=False), help="score with this bundle")
@click.option("--url", "url", help="score with a running server, e.g. http://localhost:8000")
@click.option("--out", "out", type=click.Path(path_type=Path), help="report folder; default reports/functional-<name>")
@click.option("--config", "config_path", type=click.Path(path_type=Path, exists=True), help="default: configs/evaluation.yaml")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=SET_HELP)
@click.option("--lang-hint", is_flag=True, help="pass the suite's language to the bundle instead of detecting it")
def functional_cmd(csvs, bundle, url, out, config_path, settings, lang_hint) -> None:
    """Run HateCheck-format functional tests (CSV files or folders) against --bundle or --url."""
    from polarscan.evaluation.compare import slug
    from polarscan.evaluation.functional import HttpClassifier, load_suite, run_functional
    from polarscan.evaluation.run import Report

    if (bundle is None) == (url is None):
        raise click.UsageError("give exactly one of --bundle PATH or --url URL")
    config = _config(config_path, settings)
    try:
        cases = load_suite(csvs)
        if bundle is not None:
            from polarscan.models.predictor import Predictor

            classifier = Predictor.from_bundle(bundle)
            b = classifier.bundle
            model = {"model_id": b.model_id, "model_version": b.model_version, "kind": b.kind, "path": str(b.path)}
        else:
            classifier = HttpClassifier(url, timeout_s=config.functional.timeout_s)
            model = {"model_id": url, "model_version": "(server)", "kind": "server", "path": url}
        result = run_functional(classifier, cases, config.functional.positive_labels, lang_hint=lang_hint, batch_size=config.functional.batch_size)
    except _errors() as exc:
        raise click.ClickException(str(exc)) from None
    report = Report(model=model, labels=list(config.functional.positive_labels), languages=[], config=config, functional=result)
    if config.bias.functionalities:
        from polarscan.evaluation.bias import challenge_bias

        report.bias = challenge_bias(result, config.bias.functionalities, config.metrics.languages)
    _echo_table("functional: per language", *report.functional_summary_rows())
    _echo_table("functional: accuracy per functionality", *report.functional_rows())
    _echo_table("functional: accuracy per target group", *report.target_rows())
    out = out or REPORTS / slug("functional-" + (Path(bundle).resolve().name if bundle else url.split("//")[-1]))
    written = report.write(out)
    click.echo("\nwrote " + ", ".join(str(p) for p in written))


@click.command("scorecard")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--data", "data", type=click.Path(path_type=Path, exists=True), help="corpus-format JSON lines: nl/fr/ar test rows")
@click.option("--challenge", "challenge", type=click.Path(path_type=Path, exists=True), multiple=True,
              help="HateCheck-format CSV file or folder (repeatable), e.g. datasets/challenge")
@click.option("--fresh", "fresh", type=click.Path(path_type=Path, exists=True), multiple=True,
              help="held-back HateCheck-format sets, reported apart, e.g. datasets/challenge/fresh")
@click.option("--out", "out", type=click.Path(path_type=Path), help="also write Markdown + JSON here (a folder)")
def scorecard_cmd(bundles, data, challenge, fresh, out) -> None:
    """Several bundles side by side through the served path: challenge and held-back sets,
    corpus test F1 per language, false flags on benign Dutch posts (evaluation/scorecard.py)."""
    import dataclasses
    import json

    from polarscan.evaluation.scorecard import markdown, read_test_rows, scorecard

    try:
        rows = read_test_rows(data) if data else None
        cards = []
        for b in bundles:
            click.echo(f"scoring {b} ...", err=True)
            cards.append(scorecard(b, challenge, fresh, test_rows=rows))
    except _errors() as exc:
        raise click.ClickException(str(exc)) from None
    text = markdown(cards)
    click.echo(text)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "scorecard.md").write_text(text + "\n", encoding="utf-8")
        (out / "scorecard.json").write_text(json.dumps([dataclasses.asdict(c) for c in cards], indent=2) + "\n", encoding="utf-8")


def register(cli: click.Group) -> None:
    cli.add_command(evaluate_cmd)
    cli.add_command(scorecard_cmd)
    cli.add_command(calibrate_cmd)
    cli.add_command(functional_cmd)
