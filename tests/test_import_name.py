"""One import name of our own (issue 12, item 6; DEVELOPERS.md "Import names"): the folders
models/ training/ evaluation/ serving/ pipelines/ import as polarscan.models, ...; the packaging
lists every folder; a source checkout on PYTHONPATH runs its own code, never another install's.
(The built wheel itself: tests/test_wheel.py.)"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import polarscan

REPO = Path(__file__).resolve().parent.parent
FOLDERS = polarscan.SUBPACKAGES


def test_the_import_name_resolves_to_the_folders_of_this_checkout():
    import polarscan.models
    import polarscan.serving.app

    assert Path(polarscan.models.__file__) == REPO / "models" / "__init__.py"
    assert Path(polarscan.serving.app.__file__) == REPO / "serving" / "app.py"


def test_every_module_imports_under_the_new_name():
    paths = [path for folder in FOLDERS for path in sorted((REPO / folder).rglob("*.py"))
             if "migrations" not in path.parts]  # alembic scripts run inside alembic only
    assert len(paths) > 80
    for path in paths:
        parts = path.relative_to(REPO).with_suffix("").parts
        name = "polarscan." + ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        module = importlib.import_module(name)
        assert Path(module.__file__) == path, name
    for folder in FOLDERS:  # the bare names are not ours (editable install and checkout alike)
        assert folder not in sys.modules or not str(getattr(sys.modules[folder], "__file__", "") or "").startswith(str(REPO)), folder


def test_pyproject_lists_every_folder_with_files():
    """package-dir does not find packages by itself: a folder missing from the list would be missing
    from the wheel (code, bundles, UI files, migrations)."""
    tool = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapping = tool["package-dir"]
    assert mapping == {"polarscan": "polarscan", **{f"polarscan.{f}": f for f in (*FOLDERS, "configs")}}
    expected = set()
    for package, folder in mapping.items():
        for directory in [REPO / folder, *sorted(p for p in (REPO / folder).rglob("*") if p.is_dir())]:
            tracked = subprocess.run(["git", "ls-files", "--", str(directory)], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
            if any(Path(t).parent == directory.relative_to(REPO) for t in tracked):
                expected.add(".".join([package, *directory.relative_to(REPO / folder).parts]))
    assert "polarscan.serving.ui.static" in expected and "polarscan.models.default" in expected
    assert set(tool["packages"]) == expected


def _checkout(root: Path, marker: str) -> None:
    """A minimal source checkout: pyproject.toml, polarscan/__init__.py of this repository, models/."""
    (root / "polarscan").mkdir(parents=True)
    shutil.copy(REPO / "polarscan" / "__init__.py", root / "polarscan" / "__init__.py")
    (root / "pyproject.toml").write_text('[project]\nname = "polarscan"\n', encoding="utf-8")
    (root / "models").mkdir()
    (root / "models" / "__init__.py").write_text("", encoding="utf-8")
    (root / "models" / "marker.py").write_text(f"WHO = {marker!r}\n", encoding="utf-8")
    (root / "datasets").mkdir()
    (root / "datasets" / "card.md").write_text("not a package\n", encoding="utf-8")


def test_a_checkout_on_pythonpath_runs_its_own_code_not_the_installed_one(tmp_path):
    """What benchmarks/loadtest.py --server-repo relies on: PYTHONPATH=OTHER imports OTHER's folders
    under polarscan.*, although this interpreter has this checkout installed (editable)."""
    other = tmp_path / "other"
    _checkout(other, "other")
    code = ("import polarscan.models.marker as m, importlib.util as u; print(m.WHO, m.__file__); "
            "print(u.find_spec('polarscan.datasets'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(other), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    assert first == f"other {other / 'models' / 'marker.py'}"
    assert second == "None"  # datasets/ is never a package, not even a namespace one


def test_an_installed_layout_adds_no_finder_and_no_path(tmp_path):
    """A wheel has the folders inside polarscan/: the checkout mapping stays off even when a
    pyproject.toml happens to lie beside it."""
    site = tmp_path / "site"
    _checkout(site, "loose")
    (site / "polarscan" / "models").mkdir()
    (site / "polarscan" / "models" / "__init__.py").write_text("", encoding="utf-8")
    (site / "polarscan" / "models" / "marker.py").write_text("WHO = 'inside'\n", encoding="utf-8")
    code = "import sys, polarscan.models.marker as m; print(m.WHO); print([type(f).__name__ for f in sys.meta_path if type(f).__name__ == '_CheckoutFolders'])"
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); " + code], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["inside", "[]"]
