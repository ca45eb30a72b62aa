"""Property-based test of the whole HTTP API with schemathesis, on SQLite and on PostgreSQL.

Every operation of the app's OpenAPI schema gets at most 20 generated requests (fixed seed, so a
failure reproduces), sent over real HTTP (uvicorn on loopback) with the development admin key so
that the handlers run, not only the 401s. Any 5xx fails the test. Bounded: well under two minutes
for both databases.
"""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from live_server import postgres_database, thread_server

from polarscan.serving.app import create_app
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings

ADMIN = {"X-API-Key": DEV_ADMIN_KEY}
STATUSES: dict[str, list[int]] = {}  # backend -> status codes seen (printed at the end)

# The schema is the app's own OpenAPI document (building the app loads nothing).
schema = schemathesis.openapi.from_dict(create_app(Settings(database_url="sqlite://"), predictor=object()).openapi())


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(request, tmp_path_factory, tiny_bundle):
    from polarscan.models.predictor import Predictor

    with contextlib_db(request.param, tmp_path_factory) as url:
        app = create_app(Settings(database_url=url, demo_burst=10_000, demo_rate_per_minute=600_000), predictor=Predictor.from_bundle(tiny_bundle, threads=1))
        with thread_server(app) as base:
            import httpx

            seed = {"platform": "x", "external_id": "seed", "author": "@seed", "text": "die moslims zijn ratten"}
            assert httpx.post(f"{base}/v1/posts", json=seed, headers=ADMIN).status_code == 200
            assert httpx.post(f"{base}/v1/watch-terms", json={"term": "ratten"}, headers=ADMIN).status_code == 201
            STATUSES[request.param] = []
            yield request.param, base
    codes = STATUSES[request.param]
    print(f"\nschemathesis on {request.param}: {len(codes)} requests, {sum(c >= 500 for c in codes)} answered 5xx")


def contextlib_db(backend, tmp_path_factory):
    import contextlib

    if backend == "postgres":
        return postgres_database("fuzz")
    return contextlib.nullcontext(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")


@schema.parametrize()
@hypothesis.seed(20261201)
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None, print_blob=True)
def test_no_input_gets_a_5xx(case, live):
    backend, base = live
    response = case.call(base_url=base, headers=ADMIN, timeout=30)
    STATUSES[backend].append(response.status_code)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}\n{case.as_curl_command(base_url=base)}"
