"""Micro-batching: model calls that arrive together are scored together, by one inference worker.

Every model call of the server (``/v1/classify``, ingest, rescore, explanations) goes through
``Predictor.runner`` (normalised window texts -> raw probabilities). ``MicroBatcher`` replaces it:
a call puts its texts on an asyncio queue and waits; a collector task takes the first waiting
call, then whatever else is queued, up to ``max_batch`` texts or ``max_wait_ms`` after the first,
and hands the merged texts to a single worker thread that runs ONNX Runtime (with as many
intra-op threads as the process has cores: one model call at a time, so requests never
oversubscribe the cores). While the worker runs, new calls queue up and form the next batch.

A post's scores do not depend on the batch it lands in when the bundle is batch-independent
(``runtime.batch_independent`` in its manifest, the default ``weight_only`` export): merging
callers changes nothing but throughput.

Routes are plain ``def`` (FastAPI runs them in its thread pool): they call ``score_sync``, which
submits to the event loop and blocks that pool thread, not the loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class _Call:
    texts: list[str]
    future: asyncio.Future


@dataclass
class BatcherStats:
    calls: int = 0
    batches: int = 0
    texts: int = 0
    busy_s: float = 0.0
    largest_batch: int = 0
    batch_sizes: list[int] = field(default_factory=list)  # the last 1000

    def as_dict(self) -> dict:
        return {"calls": self.calls, "batches": self.batches, "texts": self.texts, "busy_s": round(self.busy_s, 3),
                "largest_batch": self.largest_batch,
                "mean_batch": round(self.texts / self.batches, 2) if self.batches else 0.0}


class MicroBatcher:
    """One inference worker behind an asyncio queue. ``start`` inside the server's event loop,
    ``stop`` at shutdown; ``score`` (async) / ``score_sync`` (other threads) from anywhere."""

    def __init__(self, run: Callable[[Sequence[str]], np.ndarray], *, max_batch: int = 64, max_wait_ms: float = 0.0) -> None:
        if max_batch < 1 or max_wait_ms < 0:
            raise ValueError("max_batch must be >= 1 and max_wait_ms >= 0")
        self.run = run
        self.max_batch = max_batch
        self.max_wait = max_wait_ms / 1000.0
        self.stats = BatcherStats()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[_Call] | None = None
        self._task: asyncio.Task | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        if self.running:
            return
        self.loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="polarscan-inference")
        self._task = self.loop.create_task(self._collect(), name="polarscan-batcher")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        if self._queue is not None:
            while not self._queue.empty():
                call = self._queue.get_nowait()
                if not call.future.done():
                    call.future.set_exception(RuntimeError("the server is shutting down"))
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    async def score(self, texts: Sequence[str]) -> np.ndarray:
        """Raw probabilities for ``texts``, scored together with whatever else is waiting."""
        if not self.running or self._queue is None:
            raise RuntimeError("the micro-batcher is not running")
        future = asyncio.get_running_loop().create_future()
        await self._queue.put(_Call(list(texts), future))
        return await future

    def score_sync(self, texts: Sequence[str]) -> np.ndarray:
        """``score`` from a thread other than the event loop's (FastAPI's thread pool, a CLI).
        Called on the loop's own thread (which must not block), it scores directly."""
        loop = self.loop
        if loop is None or not self.running:
            return self.run(list(texts))
        try:
            if asyncio.get_running_loop() is loop:
                return self.run(list(texts))
        except RuntimeError:
            pass  # no loop in this thread: the normal case
        return asyncio.run_coroutine_threadsafe(self.score(texts), loop).result()

    async def _collect(self) -> None:
        assert self._queue is not None and self.loop is not None
        loop = self.loop
        while True:
            calls = [await self._queue.get()]
            n = len(calls[0].texts)
            deadline = loop.time() + self.max_wait
            while n < self.max_batch:
                if self._queue.empty():
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    try:
                        call = await asyncio.wait_for(self._queue.get(), remaining)
                    except (asyncio.TimeoutError, TimeoutError):
                        break
                else:
                    call = self._queue.get_nowait()
                calls.append(call)
                n += len(call.texts)
            calls = [c for c in calls if not c.future.done()]  # a caller that gave up
            if not calls:
                continue
            texts = [t for c in calls for t in c.texts]
            started = time.perf_counter()
            try:
                out = await loop.run_in_executor(self._executor, self.run, texts)
            except Exception as exc:  # every caller of the batch gets the error
                for c in calls:
                    if not c.future.done():
                        c.future.set_exception(exc)
                continue
            finally:
                self._account(len(calls), len(texts), time.perf_counter() - started)
            start = 0
            for c in calls:
                if not c.future.done():
                    c.future.set_result(out[start : start + len(c.texts)])
                start += len(c.texts)

    def _account(self, calls: int, texts: int, seconds: float) -> None:
        s = self.stats
        s.calls += calls
        s.batches += 1
        s.texts += texts
        s.busy_s += seconds
        s.largest_batch = max(s.largest_batch, texts)
        s.batch_sizes.append(texts)
        del s.batch_sizes[:-1000]


