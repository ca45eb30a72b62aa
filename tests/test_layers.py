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


def imports_of(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


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
    module.write_text("def f():\n    from training.baseline import train\n    import torch.nn\n", encoding="utf-8")
    assert imports_of(module) == {"training", "torch"}
