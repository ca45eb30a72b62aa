"""The installed wheel works (issue 11, item 7): build it from a copy of the sources, install it
(not editable) into a fresh virtual environment outside the checkout, start `polarscan serve` on
the bundle the wheel ships, and call the routes that read package data (taxonomy, migrations, UI).

Kept fast: the wheel is built without build isolation and installed with --no-deps; the fresh
environment sees the test environment's site-packages for the dependencies only (a plain path in a
.pth file, so the editable install of the checkout living there is not activated).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import time

import httpx
from live_server import REPO_ROOT, free_port, wait_ready

from polarscan.serving.settings import DEV_ADMIN_KEY

FOLDERS = ("polarscan", "models", "training", "serving", "evaluation", "pipelines", "configs")  # the checkout folders the wheel is built from


def _run(cmd: list[str], **kw) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_wheel_installs_and_serves_outside_the_checkout(tmp_path):
    started = time.monotonic()
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, src / name)
    for folder in FOLDERS:
        shutil.copytree(REPO_ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", ".", "-w", str(tmp_path / "dist")], cwd=src)
    (wheel,) = (tmp_path / "dist").glob("polarscan-*.whl")

    env_dir = tmp_path / "fresh"
    _run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    python = env_dir / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    deps = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if os.path.isdir(p)]
    with open(os.path.join(purelib, "_test_dependencies.pth"), "w") as fh:
        fh.write("\n".join(dict.fromkeys(deps)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)])

    run_dir = tmp_path / "run"  # outside the checkout: nothing of it on sys.path
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLARSCAN_", "PYTHON"))}
    env.update(POLARSCAN_DATABASE_URL=f"sqlite:///{run_dir / 'review.db'}", POLARSCAN_ORT_THREADS="1")
    where = _run([str(python), "-c", "import polarscan.serving, polarscan.models.taxonomy as t, polarscan.models.predictor, polarscan.pipelines.cli; "
                  "print(polarscan.serving.__file__); print(t.TAXONOMY_PATH.is_file())"], cwd=run_dir, env=env).split()
    assert where[0] == os.path.join(purelib, "polarscan", "serving", "__init__.py"), where
    assert where[1] == "True"
    # one import name of our own: nothing but polarscan (and its dist-info) at the top of site-packages
    ours = sorted(name for name in os.listdir(purelib) if name not in ("_test_dependencies.pth", "__pycache__") and not name.startswith("_distutils_hack"))
    assert ours == ["polarscan", "polarscan-0.1.0.dist-info"], ours
    inside = sorted(name for name in os.listdir(os.path.join(purelib, "polarscan")) if name != "__pycache__")
    assert inside == ["__init__.py", "__main__.py", "cli.py", "configs", "evaluation", "models", "pipelines", "serving", "training"], inside

    port = free_port()
    server = subprocess.Popen([str(env_dir / "bin" / "polarscan"), "serve", "--port", str(port)], cwd=run_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, timeout=120, proc=server)
        admin = {"X-API-Key": DEV_ADMIN_KEY}
        model = httpx.get(f"{base}/v1/model", timeout=30)
        assert model.status_code == 200, model.text
        assert [label["name"] for label in model.json()["labels"]] == ["hateful", "offensive", "polarising", "violent"]
        assert all(label["description"] for label in model.json()["labels"])
        post = {"platform": "x", "external_id": "1", "author": "@a", "text": "Bonjour à tous, belle journée au marché"}
        r = httpx.post(f"{base}/v1/posts", json=post, headers=admin, timeout=60)
        assert r.status_code == 200 and r.json()["created"] == 1, r.text
        assert httpx.post(f"{base}/v1/classify", json={"text": "Ik vind dit echt grappig"}, headers={"X-API-Key": "polarscan-demo"}, timeout=60).status_code == 200
        assert httpx.get(f"{base}/v1/review/queue?status=unflagged", headers=admin, timeout=30).status_code == 200
        ui = httpx.get(f"{base}/ui/", timeout=30)
        assert ui.status_code == 200 and "<html" in ui.text.lower()
    finally:
        server.kill()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]
    print(f"\nwheel {wheel.name} ({wheel.stat().st_size / 1e6:.0f} MB): built, installed in a fresh venv and served in {time.monotonic() - started:.0f} s")
