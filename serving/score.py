"""`polarscan score INPUT OUTPUT`: corpus-scale batch scoring, resumable, local processes or Ray Data.

Imports only ``models`` (never torch, training or evaluation); pyarrow (Parquet) and ray are
imported inside the functions that need them (``pip install 'polarscan[scale]'``).

How a job runs (docs/scoring.md):

1. **Plan**: one streaming pass over INPUT cuts it into chunks of ``chunk_size`` rows and keeps,
   per chunk, only where it starts (byte offset for JSONL/CSV, row number for Parquet) and how
   many rows it has. Memory stays constant whatever the size of INPUT.
2. **Score**: every chunk not yet done is read from its offset, scored by a ``Predictor`` and
   written to ``OUTPUT.parts/part-NNNNNN.parquet`` (written to a temp name, then renamed: a part
   that exists is complete). Engines: ``local`` (``workers`` processes, each with its own
   predictor and ``cores // workers`` ONNX threads) or ``ray`` (Ray Data ``map_batches`` over
   the chunk plan with one actor per worker, each holding one ONNX session).
3. **Merge**: the parts are concatenated in chunk order into OUTPUT (Parquet or JSONL by
   extension); the parts folder is then removed (``keep_parts`` keeps it).

A re-run after a crash or Ctrl-C finds ``OUTPUT.parts/job.json`` and skips the finished chunks;
a parts folder of a different job (other input, columns, chunk size or model) is an error
unless ``restart`` is given.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

INPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
OUTPUT_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
JOB_FILE = "job.json"
DEFAULT_CHUNK_SIZE = 1000


class ScoreError(Exception):
    """A problem with the job's inputs (missing file, unknown column, unsupported format)."""


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # byte offset of the first row (jsonl, csv) or row number (parquet)
    rows: int


@dataclass
class Job:
    input: Path
    output: Path
    text_col: str = "text"
    id_col: str = "id"
    chunk_size: int = DEFAULT_CHUNK_SIZE

    @property
    def input_format(self) -> str:
        return _format(self.input, INPUT_FORMATS, "input")

    @property
    def output_format(self) -> str:
        return _format(self.output, OUTPUT_FORMATS, "output")

    @property
    def parts_dir(self) -> Path:
        return self.output.with_name(self.output.name + ".parts")

    def part_path(self, index: int) -> Path:
        return self.parts_dir / f"part-{index:06d}.parquet"


@dataclass
class ScoreResult:
    output: Path
    rows: int
    chunks: int
    chunks_scored: int
    chunks_skipped: int
    seconds: float
    engine: str
    workers: int
    model_id: str
    model_version: str
    scored_rows: int = 0

    @property
    def posts_per_s(self) -> float:
        return self.scored_rows / self.seconds if self.seconds > 0 else 0.0


def _format(path: Path, formats: dict[str, str], what: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise ScoreError(f"unsupported {what} extension {path.suffix or '(none)'!r} for {path}; use one of {', '.join(sorted(formats))}")
    return formats[suffix]


def _need_pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ModuleNotFoundError:  # pragma: no cover - pyarrow comes with .[scale] and .[train]
        raise ScoreError("pyarrow is needed for Parquet parts and output: pip install 'polarscan[scale]'") from None
    import pyarrow

    return pyarrow


def _unknown_column(kind: str, column: str, columns: Sequence[str], path: Path) -> ScoreError:
    return ScoreError(f"{kind} column {column!r} not in {path}; columns: {', '.join(map(str, columns)) or '(none)'}")


# --- plan: one streaming pass, offsets only --------------------------------------------------------


def _tracked_lines(handle, state: dict[str, int]) -> Iterator[str]:
    """Decoded lines of a binary file, keeping the byte offset after the last line handed out."""
    for raw in handle:
        state["pos"] += len(raw)
        yield raw.decode("utf-8-sig" if state["pos"] == len(raw) else "utf-8")


def plan_chunks(job: Job) -> list[Chunk]:
    """Chunks of ``job.chunk_size`` rows (offsets and counts only); checks the columns."""
    if not job.input.is_file():
        raise ScoreError(f"input file not found: {job.input}")
    fmt = job.input_format
    job.output_format  # noqa: B018 - fail before any work on an unsupported output
    if job.chunk_size < 1:
        raise ScoreError("chunk size must be >= 1")
    starts: list[tuple[int, int]] = []  # (start, rows)
    if fmt == "parquet":
        pa = _need_pyarrow()
        pf = pa.parquet.ParquetFile(job.input)
        names = pf.schema_arrow.names
        for kind, column in (("text", job.text_col), ("id", job.id_col)):
            if column not in names:
                raise _unknown_column(kind, column, names, job.input)
        total = pf.metadata.num_rows
        starts = [(s, min(job.chunk_size, total - s)) for s in range(0, total, job.chunk_size)]
    elif fmt == "jsonl":
        with job.input.open("rb") as handle:
            pos, count, first = 0, 0, True
            for lineno, raw in enumerate(handle, 1):
                if raw.strip():
                    if first:
                        try:
                            row = json.loads(raw.decode("utf-8-sig"))
                        except ValueError as exc:
                            raise ScoreError(f"{job.input}:{lineno}: not a JSON object ({exc})") from None
                        if not isinstance(row, dict):
                            raise ScoreError(f"{job.input}:{lineno}: not a JSON object")
                        for kind, column in (("text", job.text_col), ("id", job.id_col)):
                            if column not in row:
                                raise _unknown_column(kind, column, list(row), job.input)
                        first = False
                    if count % job.chunk_size == 0:
                        starts.append((pos, 0))
                    count += 1
                    starts[-1] = (starts[-1][0], starts[-1][1] + 1)
                pos += len(raw)
    else:  # csv
        with job.input.open("rb") as handle:
            state = {"pos": 0}
            reader = csv.reader(_tracked_lines(handle, state))
            header = next(reader, None)
            if header is None:
                raise ScoreError(f"{job.input} is empty (no CSV header)")
            for kind, column in (("text", job.text_col), ("id", job.id_col)):
                if column not in header:
                    raise _unknown_column(kind, column, header, job.input)
            count, row_start = 0, state["pos"]
            for row in reader:
                if row:
                    if count % job.chunk_size == 0:
                        starts.append((row_start, 0))
                    count += 1
                    starts[-1] = (starts[-1][0], starts[-1][1] + 1)
                row_start = state["pos"]
    return [Chunk(i, s, n) for i, (s, n) in enumerate(starts)]


def read_chunk(job: Job, chunk: Chunk) -> tuple[list[str], list[str]]:
    """(ids, texts) of one chunk, read from its offset."""
    ids: list[str] = []
    texts: list[str] = []

    def add(row_id: Any, text: Any) -> None:
        ids.append("" if row_id is None else str(row_id))
        texts.append("" if text is None else str(text))

    fmt = job.input_format
    if fmt == "parquet":
        pa = _need_pyarrow()
        pf = pa.parquet.ParquetFile(job.input)
        end, offset = chunk.start + chunk.rows, 0
        for rg in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(rg).num_rows
            lo, hi = max(chunk.start, offset), min(end, offset + n)
            if lo < hi:
                table = pf.read_row_group(rg, columns=[job.id_col, job.text_col]).slice(lo - offset, hi - lo)
                for row_id, text in zip(table.column(job.id_col).to_pylist(), table.column(job.text_col).to_pylist()):
                    add(row_id, text)
            offset += n
            if offset >= end:
                break
    elif fmt == "jsonl":
        with job.input.open("rb") as handle:
            handle.seek(chunk.start)
            for raw in handle:
                if not raw.strip():
                    continue
                row = json.loads(raw.decode("utf-8-sig"))
                if not isinstance(row, dict) or job.text_col not in row:
                    raise ScoreError(f"{job.input}: a row near byte {chunk.start} has no {job.text_col!r}")
                add(row.get(job.id_col), row[job.text_col])
                if len(ids) == chunk.rows:
                    break
    else:
        with job.input.open("rb") as handle:
            header = next(csv.reader(_tracked_lines(handle, {"pos": 0})))
            t, i = header.index(job.text_col), header.index(job.id_col)
            handle.seek(chunk.start)
            for row in csv.reader(_tracked_lines(handle, {"pos": chunk.start})):
                if not row:
                    continue
                add(row[i] if i < len(row) else None, row[t] if t < len(row) else None)
                if len(ids) == chunk.rows:
                    break
    if len(ids) != chunk.rows:
        raise ScoreError(f"{job.input} changed while scoring: chunk {chunk.index} has {len(ids)} rows, planned {chunk.rows}")
    return ids, texts


# --- scoring -------------------------------------------------------------------------------------


def score_rows(predictor, ids: Sequence[str], texts: Sequence[str], batch_size: int = 64) -> list[dict[str, Any]]:
    """One flat record per post: id, language, per-label scores and flags, windows, model."""
    out: list[dict[str, Any]] = []
    for start in range(0, len(texts), batch_size):
        results = predictor.classify(list(texts[start : start + batch_size]))
        for row_id, result in zip(ids[start : start + batch_size], results):
            record: dict[str, Any] = {"id": row_id, "lang": result["lang"], "script": result["script"],
                                      "lang_confidence": result["lang_confidence"]}
            for label, value in result["labels"].items():
                record[label] = value["score"]
                record[f"{label}_flagged"] = bool(value["flagged"])
            record.update(flagged=bool(result["flagged"]), windows=int(result["windows"]), truncated=bool(result["truncated"]),
                          model_id=predictor.model_id, model_version=predictor.model_version)
            out.append(record)
    return out


def output_schema(labels: Sequence[str]):
    pa = _need_pyarrow()
    fields = [("id", pa.string()), ("lang", pa.string()), ("script", pa.string()), ("lang_confidence", pa.float64())]
    for label in labels:
        fields += [(label, pa.float64()), (f"{label}_flagged", pa.bool_())]
    fields += [("flagged", pa.bool_()), ("windows", pa.int32()), ("truncated", pa.bool_()),
               ("model_id", pa.string()), ("model_version", pa.string())]
    return pa.schema(fields)


def write_part(path: Path, records: list[dict[str, Any]], labels: Sequence[str]) -> None:
    """Atomically: a part file that exists is complete."""
    pa = _need_pyarrow()
    schema = output_schema(labels)
    table = pa.Table.from_pylist(records, schema=schema)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pa.parquet.write_table(table, tmp)
    os.replace(tmp, path)


def score_chunk(predictor, job: Job, chunk: Chunk, batch_size: int = 64) -> int:
    ids, texts = read_chunk(job, chunk)
    write_part(job.part_path(chunk.index), score_rows(predictor, ids, texts, batch_size), predictor.labels)
    return chunk.rows


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    """ONNX intra-op threads per worker so that ``workers`` processes do not oversubscribe the cores."""
    from polarscan.models.predictor import available_cores

    return max(1, (cores or available_cores()) // max(1, workers))


# local worker processes: one predictor per process, made once by the pool initialiser
_WORKER: dict[str, Any] = {}


def _init_worker(bundle: str, threads: int, job: Job, batch_size: int) -> None:
    from polarscan.models.predictor import Predictor

    _WORKER.update(predictor=Predictor.from_bundle(bundle, threads=threads, spinning=False), job=job, batch_size=batch_size)


def _score_in_worker(chunk: Chunk) -> int:
    return score_chunk(_WORKER["predictor"], _WORKER["job"], chunk, _WORKER["batch_size"])


def _run_local(job: Job, todo: list[Chunk], bundle: str, workers: int, batch_size: int, advance: Callable[[int], None]) -> None:
    threads = threads_per_worker(workers)
    if workers <= 1:
        _init_worker(bundle, threads, job, batch_size)
        try:
            for chunk in todo:
                advance(_score_in_worker(chunk))
        finally:
            _WORKER.clear()
        return
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = mp.get_context("spawn")  # a fresh interpreter per worker: no forked ONNX or thread state
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(bundle, threads, job, batch_size)) as pool:
        pending: set = set()
        queue = iter(todo)
        for chunk in queue:  # at most 2 chunks in flight per worker: constant memory
            pending.add(pool.submit(_score_in_worker, chunk))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    advance(future.result())
        for future in pending:
            advance(future.result())


class _RayScorer:
    """A Ray Data actor: one predictor (one ONNX session) scoring whole chunks into part files."""

    def __init__(self, bundle: str, threads: int, job: Job, batch_size: int) -> None:
        from polarscan.models.predictor import Predictor

        self.predictor = Predictor.from_bundle(bundle, threads=threads, spinning=False)
        self.job, self.batch_size = job, batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        rows = []
        for index, start, n in zip(batch["index"], batch["start"], batch["rows"]):
            rows.append(score_chunk(self.predictor, self.job, Chunk(int(index), int(start), int(n)), self.batch_size))
        return {"index": list(batch["index"]), "rows": rows}


def _run_ray(job: Job, todo: list[Chunk], bundle: str, workers: int, batch_size: int, advance: Callable[[int], None],
             address: str | None) -> None:
    try:
        import ray
    except ModuleNotFoundError:
        raise ScoreError("--engine ray needs Ray: pip install 'polarscan[scale]'") from None
    started = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if address:
            kwargs["address"] = address
        else:
            kwargs["num_cpus"] = max(workers, threads_per_worker(1))
        ray.init(**kwargs)
        started = True
    try:
        from ray.data import DataContext

        DataContext.get_current().enable_progress_bars = False
        # each actor reserves as many Ray CPUs as it runs ONNX threads: the cluster's CPUs shared
        # among the workers, at most one node's CPUs (locally: cores // workers)
        node_cpus = [int(n.get("Resources", {}).get("CPU", 0)) for n in ray.nodes() if n.get("Alive")]
        total = int(ray.cluster_resources().get("CPU", workers))
        threads = max(1, min(total // workers, max(node_cpus or [1])))
        items = [{"index": c.index, "start": c.start, "rows": c.rows} for c in todo]
        ds = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        scored = ds.map_batches(_RayScorer, fn_constructor_args=(bundle, threads, job, batch_size), batch_size=1,
                                concurrency=max(1, min(workers, len(items))), num_cpus=threads, batch_format="numpy")
        for row in scored.iter_rows():
            advance(int(row["rows"]))
    finally:
        if started:
            ray.shutdown()


# --- job bookkeeping and merge ---------------------------------------------------------------------


def _job_key(job: Job, bundle_manifest: dict[str, Any]) -> dict[str, Any]:
    stat = job.input.stat()
    return {"input": str(job.input.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "text_col": job.text_col, "id_col": job.id_col, "chunk_size": job.chunk_size,
            "model_id": bundle_manifest.get("model_id"), "model_version": bundle_manifest.get("model_version"),
            "model_sha256": (bundle_manifest.get("files") or {}).get("model.onnx")}


def merge_parts(job: Job, chunks: Sequence[Chunk], labels: Sequence[str]) -> int:
    """Concatenate the part files in chunk order into the output; returns rows written."""
    pa = _need_pyarrow()
    tmp = job.output.with_name(f".{job.output.name}.tmp")
    rows = 0
    if job.output_format == "parquet":
        with pa.parquet.ParquetWriter(tmp, output_schema(labels)) as writer:
            for chunk in chunks:
                table = pa.parquet.read_table(job.part_path(chunk.index))
                writer.write_table(table)
                rows += table.num_rows
    else:
        with tmp.open("w", encoding="utf-8") as out:
            for chunk in chunks:
                for record in pa.parquet.read_table(job.part_path(chunk.index)).to_pylist():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    rows += 1
    os.replace(tmp, job.output)
    return rows


def score_file(input_path: Path | str, output_path: Path | str, *, bundle: Path | str | None = None,
               text_col: str = "text", id_col: str = "id", chunk_size: int = DEFAULT_CHUNK_SIZE,
               workers: int = 1, engine: str = "local", address: str | None = None, batch_size: int = 64,
               restart: bool = False, keep_parts: bool = False, progress: bool = True) -> ScoreResult:
    """Score every post of INPUT into OUTPUT (see the module docstring); resumable."""
    from polarscan.models.bundle import DEFAULT_BUNDLE, load_bundle

    job = Job(Path(input_path), Path(output_path), text_col, id_col, chunk_size)
    bundle = str(bundle or DEFAULT_BUNDLE)
    if engine not in ("local", "ray"):
        raise ScoreError(f"unknown engine {engine!r}; use local or ray")
    workers = max(1, int(workers))
    _need_pyarrow()
    chunks = plan_chunks(job)
    loaded = load_bundle(bundle)  # verifies hashes before any worker starts
    labels = list(loaded.labels)
    key = _job_key(job, loaded.manifest)
    parts = job.parts_dir
    if parts.exists():
        try:
            previous = json.loads((parts / JOB_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = None
        if previous != key:
            if not restart:
                raise ScoreError(f"{parts} holds parts of a different job (input, columns, chunk size or model changed); "
                                 "pass --restart to discard them")
        if restart or previous != key:
            shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)
    (parts / JOB_FILE).write_text(json.dumps(key, indent=1), encoding="utf-8")
    todo = [c for c in chunks if not job.part_path(c.index).exists()]
    total_rows = sum(c.rows for c in chunks)
    done_rows = total_rows - sum(c.rows for c in todo)

    from tqdm import tqdm

    bar = tqdm(total=total_rows, initial=done_rows, unit="posts", disable=not progress, file=sys.stderr,
               dynamic_ncols=True, smoothing=0.1)
    scored = 0

    def advance(n: int) -> None:
        nonlocal scored
        scored += n
        bar.update(n)

    started = time.perf_counter()
    try:
        if todo:
            if engine == "ray":
                _run_ray(job, todo, bundle, workers, batch_size, advance, address)
            else:
                _run_local(job, todo, bundle, workers, batch_size, advance)
    finally:
        bar.close()
    seconds = time.perf_counter() - started
    missing = [c.index for c in chunks if not job.part_path(c.index).exists()]
    if missing:  # pragma: no cover - an engine that returned without writing every part
        raise ScoreError(f"chunks {missing[:10]} were not scored; re-run to resume")
    rows = merge_parts(job, chunks, labels)
    if not keep_parts:
        shutil.rmtree(parts)
    return ScoreResult(job.output, rows, len(chunks), len(todo), len(chunks) - len(todo), seconds, engine, workers,
                       loaded.model_id, loaded.model_version, scored)


# --- CLI -----------------------------------------------------------------------------------------

import click  # noqa: E402 - the command lives beside the code it drives


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.argument("output_path", metavar="OUTPUT", type=click.Path(path_type=Path))
@click.option("--bundle", "bundle_path", type=click.Path(path_type=Path), default=None, envvar="POLARSCAN_BUNDLE_PATH",
              help="model bundle folder (default models/default)")
@click.option("--text-col", default="text", show_default=True, help="column (JSON key) holding the post text")
@click.option("--id-col", default="id", show_default=True, help="column (JSON key) holding the post id")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1), help="worker processes (local) or actors (ray)")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", default=None, help="Ray cluster address (e.g. auto or ray://head:10001); default: start a local Ray")
@click.option("--chunk-size", default=DEFAULT_CHUNK_SIZE, show_default=True, type=click.IntRange(1), help="posts per part file")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1), help="posts per model call")
@click.option("--restart", is_flag=True, help="discard the parts of an earlier, different job instead of failing")
@click.option("--keep-parts", is_flag=True, help="keep OUTPUT.parts/ after the merge")
@click.option("--no-progress", is_flag=True, help="no progress bar")
def score(input_path: Path, output_path: Path, bundle_path: Path | None, text_col: str, id_col: str, workers: int, engine: str,
          address: str | None, chunk_size: int, batch_size: int, restart: bool, keep_parts: bool, no_progress: bool) -> None:
    """Score every post of INPUT (JSONL, CSV or Parquet) into OUTPUT (.parquet or .jsonl).

    Resumable: finished chunks are kept in OUTPUT.parts/ and skipped by a re-run (docs/scoring.md).
    """
    from polarscan.models.bundle import BundleError

    if address and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    try:
        result = score_file(input_path, output_path, bundle=bundle_path, text_col=text_col, id_col=id_col,
                            chunk_size=chunk_size, workers=workers, engine=engine, address=address,
                            batch_size=batch_size, restart=restart, keep_parts=keep_parts, progress=not no_progress)
    except (ScoreError, BundleError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"polarscan: {result.rows} posts -> {result.output} ({result.chunks_scored} chunks scored, "
               f"{result.chunks_skipped} resumed; {result.scored_rows} posts in {result.seconds:.1f} s = "
               f"{result.posts_per_s:.1f} posts/s; {result.engine} x{result.workers}; model {result.model_id} {result.model_version})")


def register(cli: click.Group) -> None:
    cli.add_command(score)
