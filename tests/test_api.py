import json

import pytest
from fastapi.testclient import TestClient

from polarscan.serving.app import create_app
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings


@pytest.fixture()
def client(tiny_bundle, tmp_path):
    settings = Settings(
        bundle_path=tiny_bundle, max_texts=3, max_text_chars=50, max_body_bytes=2048, database_url=f"sqlite:///{tmp_path / 'review.db'}"
    )
    # /v1/classify needs an API key (docs/review.md); the development admin key is not rate-limited.
    with TestClient(create_app(settings), headers={"X-API-Key": DEV_ADMIN_KEY}) as c:
        yield c


def test_classify_scores_nl_fr_ar(client):
    r = client.post("/v1/classify", json={"texts": ["die moslims zijn ratten", "bonjour à tous les amis", "صباح الخير يا اصدقاء"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"]["id"] == "tiny-baseline"
    assert [res["lang"] for res in body["results"]] == ["nl", "fr", "ar"]
    for res in body["results"]:
        assert set(res["labels"]) == {"hateful", "offensive", "polarising", "violent"}
        for v in res["labels"].values():
            assert 0.0 <= v["score"] <= 1.0
            assert v["flagged"] == (v["measured"] and v["score"] >= v["threshold"])
        assert res["flagged"] == any(v["flagged"] for v in res["labels"].values())


def test_single_text_form(client):
    r = client.post("/v1/classify", json={"text": "wat een mooie dag"})
    assert r.status_code == 200 and len(r.json()["results"]) == 1


@pytest.mark.parametrize(
    "payload, status, message",
    [
        ({"texts": []}, 422, "'texts' is empty"),
        ({"texts": ["a", "b", "c", "d"]}, 422, "too many texts: 4 > 3"),
        ({"text": "   "}, 422, "text 0 is empty or whitespace only"),
        ({"texts": ["ok", "x" * 51]}, 422, "text 1 has 51 characters; the limit is 50"),
        ({"text": 5}, 422, "text: Input should be a valid string"),
        ({"texts": "not a list"}, 422, "texts: Input should be a valid list"),
        ({"text": "a", "texts": ["b"]}, 422, "exactly one of 'text'"),
        ({}, 422, "exactly one of 'text'"),
        ({"text": "a", "extra": 1}, 422, "extra: Extra inputs are not permitted"),
    ],
)
def test_bad_input_gets_clear_4xx(client, payload, status, message):
    r = client.post("/v1/classify", json=payload)
    assert r.status_code == status
    assert message in r.json()["error"]["message"]


def test_invalid_json_and_oversized_body(client):
    r = client.post("/v1/classify", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["error"]["message"]
    r = client.post("/v1/classify", content=json.dumps({"text": "x" * 5000}).encode(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_model_health_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"
    info = client.get("/v1/model").json()
    assert [l["name"] for l in info["labels"]] == ["hateful", "offensive", "polarising", "violent"]
    assert "default" in info["thresholds"]["hateful"]
    assert info["card"].startswith("# Model card: tiny-baseline")
    assert client.get("/openapi.json").status_code == 200


def test_unknown_route_is_json_404(client):
    r = client.get("/v1/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_app_refuses_tampered_bundle(tiny_bundle, tmp_path):
    import shutil

    from polarscan.models.bundle import BundleError

    bad = tmp_path / "bad"
    shutil.copytree(tiny_bundle, bad)
    (bad / "MODEL_CARD.md").write_text("edited")
    with pytest.raises(BundleError, match="MODEL_CARD.md has sha256"):
        with TestClient(create_app(Settings(bundle_path=bad))):
            pass


def test_serve_never_imports_torch_training_or_evaluation(tiny_bundle, tmp_path):
    """`polarscan serve` in a fresh process: the command, the app and its lifespan (bundle loaded,
    database opened, one classify call) load serving and models only. ``serving.server.run`` is
    replaced by a TestClient so that nothing listens on a port."""
    import subprocess
    import sys

    code = """
import sys
from fastapi.testclient import TestClient
import polarscan.serving.server as server

def run(app, settings):
    with TestClient(app, headers={"X-API-Key": settings.dev_admin_key}) as client:
        r = client.post("/v1/classify", json={"texts": ["wat een mooie dag"]})
        assert r.status_code == 200, r.text
    print("MODULES", " ".join(sorted(sys.modules)))

server.run = run
from polarscan.cli import cli
cli(["serve", "--bundle", sys.argv[1]], standalone_mode=False)
"""
    env = {**__import__("os").environ, "POLARSCAN_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    out = subprocess.run([sys.executable, "-c", code, str(tiny_bundle)], capture_output=True, text=True, env=env,
                         timeout=300, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr[-3000:]
    modules = next(line for line in out.stdout.splitlines() if line.startswith("MODULES ")).split()[1:]
    assert "polarscan.serving.app" in modules and "polarscan.models.predictor" in modules  # the check sees what was loaded
    heavy = ("torch", "transformers", "sklearn", "training", "evaluation", "pipelines")
    assert [m for m in modules if m.removeprefix("polarscan.").split(".")[0] in heavy] == []




def test_classify_results_are_typed_and_the_api_serves_their_dict(client, tiny_bundle):
    from polarscan.models.predictor import ClassifyResult, LabelResult, Predictor

    text = "die moslims zijn allemaal ratten"
    result = Predictor.from_bundle(tiny_bundle).classify([text])[0]
    assert isinstance(result, ClassifyResult) and isinstance(result.labels["hateful"], LabelResult)
    assert result.labels["hateful"].score == result["labels"]["hateful"]["score"]  # attributes and keys agree
    assert result.flagged == any(v.flagged for v in result.labels.values())
    served = client.post("/v1/classify", json={"text": text}).json()["results"][0]
    expected = result.to_dict()
    assert served == {"index": 0, **{k: v for k, v in expected.items() if k in served}}
    assert set(served) - {"index"} == set(expected) - {"windows_total"}  # the API's response model fields
