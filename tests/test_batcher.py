"""Micro-batching in the server (issue 9, item 3): calls that arrive together are scored together
by one worker, each caller gets its own rows back, errors reach every caller of the batch."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from polarscan.serving.batcher import MicroBatcher


class FakeModel:
    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay
        self.calls: list[int] = []
        self.threads: set[str] = set()

    def __call__(self, texts):
        self.calls.append(len(texts))
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if any(t == "boom" for t in texts):
            raise ValueError("model failed")
        return np.asarray([[float(len(t)), float(hash(t) % 97)] for t in texts], dtype=np.float32)


def _run_loop_in_thread():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return loop, thread


def _while_running(batcher, calls):
    """``await calls()`` on a fresh event loop with ``batcher`` started, stopping it afterwards."""

    async def main():
        await batcher.start()
        try:
            return await calls()
        finally:
            await batcher.stop()

    return asyncio.run(main())


def test_concurrent_calls_are_merged_and_split_back():
    model = FakeModel()
    batcher = MicroBatcher(model, max_batch=64, max_wait_ms=5)
    loop, thread = _run_loop_in_thread()
    asyncio.run_coroutine_threadsafe(batcher.start(), loop).result()
    try:
        requests = [[f"post {i} " + "x" * i, f"second {i}"][: 1 + i % 2] for i in range(40)]
        with ThreadPoolExecutor(max_workers=40) as pool:
            results = list(pool.map(batcher.score_sync, requests))
        for texts, out in zip(requests, results):
            assert out.shape == (len(texts), 2)
            assert np.array_equal(out, model(texts))  # own rows, own order
        stats = batcher.stats
        assert stats.calls == 40 and stats.texts == sum(len(r) for r in requests)
        assert stats.batches < 40 and stats.largest_batch > 2  # merged
        assert all(name.startswith("polarscan-inference") for name in model.threads - {threading.current_thread().name})
        # a caller on the loop thread itself must not deadlock: it scores directly
        async def on_loop():
            return batcher.score_sync(["on the loop"])

        direct = asyncio.run_coroutine_threadsafe(on_loop(), loop).result(timeout=5)
        assert direct.shape == (1, 2)
    finally:
        asyncio.run_coroutine_threadsafe(batcher.stop(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def test_max_batch_bounds_what_is_collected():
    model = FakeModel(delay=0.05)
    batcher = MicroBatcher(model, max_batch=4, max_wait_ms=50)

    outs = _while_running(batcher, lambda: asyncio.gather(*(batcher.score([f"t{i}"]) for i in range(12))))
    assert [o.shape for o in outs] == [(1, 2)] * 12
    assert max(model.calls) <= 4 and sum(model.calls) == 12


def test_an_error_reaches_every_caller_of_its_batch_and_the_worker_survives():
    model = FakeModel(delay=0.05)
    batcher = MicroBatcher(model, max_batch=64, max_wait_ms=20)

    async def calls():
        results = await asyncio.gather(batcher.score(["fine"]), batcher.score(["boom"]), return_exceptions=True)
        return results, await batcher.score(["still fine"])

    results, after = _while_running(batcher, calls)
    assert all(isinstance(r, ValueError) for r in results)  # same batch, same error
    assert after.shape == (1, 2)


def test_not_started_scores_directly_and_stopped_refuses():
    model = FakeModel(delay=0)
    batcher = MicroBatcher(model)
    assert batcher.score_sync(["a", "bb"]).shape == (2, 2)  # no loop: direct
    with pytest.raises(ValueError):
        MicroBatcher(model, max_batch=0)


def test_server_routes_classify_through_the_batcher(tiny_bundle, tmp_path):
    from fastapi.testclient import TestClient

    from polarscan.models.predictor import Predictor
    from polarscan.serving.app import create_app
    from polarscan.serving.settings import Settings

    settings = Settings(bundle_path=tiny_bundle, database_url=f"sqlite:///{tmp_path / 'r.db'}", batch_wait_ms=20)
    texts = ["die moslims zijn allemaal ratten", "wat een mooie dag", "les arabes sont des parasites", "bonjour",
             "اليهود كلاب", "صباح الخير", "ik ga jullie afmaken", "merci"] * 3
    expected = Predictor.from_bundle(tiny_bundle).classify(texts)
    with TestClient(create_app(settings)) as client:
        batcher = client.app.state.batcher
        assert batcher is not None and batcher.running

        def call(text):
            r = client.post("/v1/classify", json={"text": text}, headers={"X-API-Key": settings.dev_admin_key})
            assert r.status_code == 200, r.text
            return r.json()["results"][0]

        with ThreadPoolExecutor(max_workers=12) as pool:
            got = list(pool.map(call, texts))
        for g, e in zip(got, expected):
            assert g["flagged"] == e["flagged"] and g["windows"] == 1
            for label, v in e["labels"].items():
                assert abs(g["labels"][label]["score"] - v["score"]) <= 1e-6
        assert batcher.stats.calls >= len(texts) and batcher.stats.batches < batcher.stats.calls
    assert not batcher.running  # stopped with the app


def test_batching_can_be_switched_off(tiny_bundle, tmp_path):
    from fastapi.testclient import TestClient

    from polarscan.serving.app import create_app
    from polarscan.serving.settings import Settings

    settings = Settings(bundle_path=tiny_bundle, database_url=f"sqlite:///{tmp_path / 'r.db'}", batching=False)
    with TestClient(create_app(settings)) as client:
        assert client.app.state.batcher is None
        r = client.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": settings.dev_admin_key})
        assert r.status_code == 200


def test_ingest_goes_through_the_batcher(tiny_bundle, tmp_path):
    from fastapi.testclient import TestClient

    from polarscan.serving.app import create_app
    from polarscan.serving.settings import Settings

    settings = Settings(bundle_path=tiny_bundle, database_url=f"sqlite:///{tmp_path / 'r.db'}")
    posts = [{"platform": "x", "external_id": str(i), "author": "@a", "text": t}
             for i, t in enumerate(["die moslims zijn allemaal ratten", "wat een mooie dag", "je vais tous vous tuer"])]
    with TestClient(create_app(settings)) as client:
        before = client.app.state.batcher.stats.calls
        r = client.post("/v1/posts", json={"posts": posts}, headers={"X-API-Key": settings.dev_admin_key})
        assert r.status_code == 200, r.text
        assert r.json()["created"] == 3
        assert client.app.state.batcher.stats.calls > before  # classify (+ explanations of flagged posts)
