"""The package layers of DEVELOPERS.md, checked on every import statement (also those inside
functions): arrows point down only, and serving never reaches torch, training or evaluation."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "training", "evaluation", "pipelines", "serving", "polarscan")
# package -> packages (ours or heavy third-party) it must never import
FORBIDDEN = {
    "models": {"training", "evaluation", "pipelines", "serving", "polarscan", "torch", "transformers", "sklearn"},
    "training": {"evaluation", "pipelines", "serving", "polarscan"},
    "evaluation": {"training", "pipelines", "serving", "polarscan", "torch", "transformers"},
    "pipelines": {"polarscan"},
    "serving": {"training", "evaluation", "pipelines", "polarscan", "torch", "transformers", "sklearn"},
}


def modules_imported(path: Path) -> set[str]:
    """Full names of every module imported anywhere in the file (relative imports left out)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def package_of(module: str) -> str:
    """The layer a module name belongs to: ``polarscan.models.bundle`` -> ``models``,
    ``polarscan.cli`` -> ``polarscan``, ``torch.nn`` -> ``torch``."""
    parts = module.split(".")
    if parts[0] == "polarscan" and len(parts) > 1 and parts[1] in PACKAGES:
        return parts[1]
    return parts[0]


def imports_of(path: Path) -> set[str]:
    """Layers (or third-party top-level names) of every module imported anywhere in the file."""
    return {package_of(name) for name in modules_imported(path)}


def arrows() -> list[tuple[str, str]]:
    out = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            out.extend((str(path.relative_to(REPO)), name) for name in imports_of(path))
    return out


def test_imports_point_down_only():
    bad = [(where, name) for where, name in arrows() if name in FORBIDDEN.get(where.split("/")[0], set())]
    assert bad == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from polarscan.training.baseline import train\n    import torch.nn\n", encoding="utf-8")
    assert imports_of(module) == {"training", "torch"}


def test_no_module_imports_the_bare_folder_names():
    """The import name is polarscan.* (DEVELOPERS.md "Import names"): ``from models.x`` would import
    whatever other package is called ``models`` in a user's environment."""
    bare = {"models", "training", "evaluation", "pipelines", "serving", "configs"}
    files = [path for folder in (*PACKAGES, "tests", "benchmarks") for path in sorted((REPO / folder).rglob("*.py"))]
    assert len(files) > 100
    bad = [(str(path.relative_to(REPO)), name) for path in files for name in modules_imported(path) if name.split(".")[0] in bare]
    assert bad == []


def test_package_of_maps_the_import_name_to_the_folder(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from polarscan.serving.app import create_app\nimport polarscan.cli\nfrom models.x import y\n", encoding="utf-8")
    assert imports_of(module) == {"serving", "polarscan", "models"}
