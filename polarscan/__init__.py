"""polarscan: the import name of the whole project (DEVELOPERS.md, "Import names").

The repository keeps its top-level folders (``models/ training/ evaluation/ serving/ pipelines/``);
an install (wheel or editable) maps them to ``polarscan.models``, ``polarscan.training``, ... through
``package-dir`` in pyproject.toml. A source checkout used without installing it
(``PYTHONPATH=/path/to/checkout``, as ``benchmarks/loadtest.py --server-repo`` does) has no such
mapping, so this file adds it: only when it runs from a checkout (``pyproject.toml`` beside this
folder and the folders there instead of inside it), only for those five names, resolved against
*this* checkout (never another install on the machine). An installed wheel has the folders inside
``polarscan/`` and never reaches this code, so nothing of site-packages is put on a path.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from pathlib import Path

SUBPACKAGES = ("models", "training", "evaluation", "serving", "pipelines")

_HERE = Path(__file__).resolve().parent
_CHECKOUT = _HERE.parent


def _is_checkout(root: Path) -> bool:
    pyproject = root / "pyproject.toml"
    return (not (_HERE / "models").is_dir() and (root / "models" / "__init__.py").is_file()
            and pyproject.is_file() and 'name = "polarscan"' in pyproject.read_text(encoding="utf-8"))


class _CheckoutFolders(importlib.abc.MetaPathFinder):
    """``polarscan.<folder>`` -> ``<checkout>/<folder>`` for the five package folders; submodules
    follow from the package's ``__path__``. Any other name is left to the normal finders."""

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, name = fullname.partition(".")
        if prefix != __name__ or name not in SUBPACKAGES:
            return None
        folder = _CHECKOUT / name
        return importlib.util.spec_from_file_location(fullname, folder / "__init__.py", submodule_search_locations=[str(folder)])


if _is_checkout(_CHECKOUT) and not any(isinstance(f, _CheckoutFolders) for f in sys.meta_path):
    sys.meta_path.insert(0, _CheckoutFolders())
