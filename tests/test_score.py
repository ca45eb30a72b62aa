"""`polarscan score`: batch scoring of JSONL/CSV/Parquet files, resume, errors, local and Ray engines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from polarscan.serving import score as score_mod  # noqa: E402
from polarscan.serving.score import ScoreError, score_file  # noqa: E402

TEXTS = [
    "die moslims zijn allemaal ratten en moeten weg",
    "wat een mooie dag vandaag in gent",
    "je vais tous vous tuer bande de sales chiens",
    "bonjour à tous, belle journée au marché",
    "اليهود كلاب ويجب طردهم من البلاد",
    "صباح الخير يا اصدقاء 🌹",
    'een "quote", met komma\nen een nieuwe regel',
]
ROWS = [{"post_id": f"p{i}", "body": TEXTS[i % len(TEXTS)], "extra": i} for i in range(17)]


def _write(path: Path, rows=ROWS) -> Path:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=5)
    return path


def _read(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(path).to_pylist()


@pytest.fixture(scope="module")
def expected(tiny_bundle) -> dict[str, dict]:
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(tiny_bundle)
    return {r["id"]: r for r in score_mod.score_rows(predictor, [r["post_id"] for r in ROWS], [r["body"] for r in ROWS])}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_inputs_score_every_row_in_order(tmp_path, tiny_bundle, expected, suffix):
    src = _write(tmp_path / f"in{suffix}")
    out = tmp_path / ("out.jsonl" if suffix == ".csv" else "out.parquet")
    result = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, progress=False)
    assert (result.rows, result.chunks, result.chunks_scored) == (17, 5, 5)
    rows = _read(out)
    assert [r["id"] for r in rows] == [r["post_id"] for r in ROWS]
    for row in rows:
        want = expected[row["id"]]
        assert row["lang"] == want["lang"] and row["windows"] == want["windows"] >= 1
        for label in ("hateful", "offensive", "polarising", "violent"):
            assert row[label] == pytest.approx(want[label], abs=1e-6)
            assert row[f"{label}_flagged"] == want[f"{label}_flagged"]
        assert row["model_id"] == "tiny-baseline" and row["model_version"] == "0"
    assert not (tmp_path / f"{out.name}.parts").exists()


def test_resume_skips_finished_chunks(tmp_path, tiny_bundle, monkeypatch):
    src = _write(tmp_path / "in.jsonl")
    out = tmp_path / "out.parquet"
    first = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, keep_parts=True, progress=False)
    assert first.chunks_scored == 5
    parts = tmp_path / "out.parquet.parts"
    (parts / "part-000002.parquet").unlink()  # as if the job died before chunk 2 was written
    out.unlink()
    seen: list[int] = []
    real = score_mod.score_chunk
    monkeypatch.setattr(score_mod, "score_chunk", lambda p, job, chunk, bs=64: seen.append(chunk.index) or real(p, job, chunk, bs))
    again = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, progress=False)
    assert seen == [2]
    assert (again.chunks_scored, again.chunks_skipped, again.rows) == (1, 4, 17)
    assert [r["id"] for r in _read(out)] == [r["post_id"] for r in ROWS]
    assert not parts.exists()


def test_parts_of_another_job_need_restart(tmp_path, tiny_bundle):
    src = _write(tmp_path / "in.jsonl")
    out = tmp_path / "out.parquet"
    score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, keep_parts=True, progress=False)
    with pytest.raises(ScoreError, match="different job"):
        score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=5, progress=False)
    result = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=5, restart=True, progress=False)
    assert (result.chunks, result.chunks_scored) == (4, 4)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_unknown_column_lists_the_columns(tmp_path, tiny_bundle, suffix):
    src = _write(tmp_path / f"in{suffix}")
    result = CliRunner().invoke(_cli(), ["score", str(src), str(tmp_path / "o.parquet"), "--bundle", str(tiny_bundle),
                                         "--text-col", "message", "--id-col", "post_id", "--no-progress"])
    assert result.exit_code != 0
    assert "'message' not in" in result.output and "post_id, body, extra" in result.output


def test_clear_errors_missing_file_and_extensions(tmp_path, tiny_bundle):
    runner, cli = CliRunner(), _cli()
    missing = runner.invoke(cli, ["score", str(tmp_path / "nope.jsonl"), str(tmp_path / "o.parquet"), "--bundle", str(tiny_bundle)])
    assert missing.exit_code != 0 and "input file not found" in missing.output
    (tmp_path / "in.txt").write_text("hello\n", encoding="utf-8")
    bad_in = runner.invoke(cli, ["score", str(tmp_path / "in.txt"), str(tmp_path / "o.parquet"), "--bundle", str(tiny_bundle)])
    assert bad_in.exit_code != 0 and "unsupported input extension '.txt'" in bad_in.output
    src = _write(tmp_path / "in.jsonl")
    bad_out = runner.invoke(cli, ["score", str(src), str(tmp_path / "o.xlsx"), "--bundle", str(tiny_bundle)])
    assert bad_out.exit_code != 0 and "unsupported output extension '.xlsx'" in bad_out.output


def test_cli_two_local_workers(tmp_path, tiny_bundle, expected):
    src = _write(tmp_path / "in.csv")
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(_cli(), ["score", str(src), str(out), "--bundle", str(tiny_bundle), "--text-col", "body",
                                         "--id-col", "post_id", "--workers", "2", "--chunk-size", "3", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "17 posts" in result.output and "local x2" in result.output
    rows = _read(out)
    assert [r["id"] for r in rows] == [r["post_id"] for r in ROWS]
    assert all(r["hateful"] == pytest.approx(expected[r["id"]]["hateful"], abs=1e-6) for r in rows)


def test_threads_per_worker_do_not_oversubscribe():
    assert score_mod.threads_per_worker(1, cores=8) == 8
    assert score_mod.threads_per_worker(3, cores=8) == 2
    assert score_mod.threads_per_worker(4, cores=2) == 1


def test_ray_engine_local_cluster(tmp_path, tiny_bundle, expected):
    import ray  # in the dev extra: CI runs this test (about 10 s)
    src = _write(tmp_path / "in.parquet")
    out = tmp_path / "out.jsonl"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, workers=2,
                            engine="ray", keep_parts=True, progress=False)
        assert ray.is_initialized()  # a Ray the caller started is left running
        assert (result.rows, result.chunks_scored) == (17, 5)
        rows = _read(out)
        assert [r["id"] for r in rows] == [r["post_id"] for r in ROWS]
        assert all(r["offensive"] == pytest.approx(expected[r["id"]]["offensive"], abs=1e-6) for r in rows)
        # resume through Ray: only the missing chunk goes to the actors
        (tmp_path / "out.jsonl.parts" / "part-000001.parquet").unlink()
        again = score_file(src, out, bundle=tiny_bundle, text_col="body", id_col="post_id", chunk_size=4, workers=2,
                           engine="ray", progress=False)
        assert (again.chunks_scored, again.chunks_skipped) == (1, 4)
        assert [r["id"] for r in _read(out)] == [r["post_id"] for r in ROWS]
    finally:
        ray.shutdown()
    assert not ray.is_initialized()


def _cli():
    from polarscan.cli import cli

    return cli
