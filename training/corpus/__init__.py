"""The data layer: source adapters (by name), deduplication, splits, the corpus build.

``build_corpus(config) -> BuildResult`` is the importable entry point; ``polarscan data build``
wraps it (see ``training/corpus/cli.py``). Adapters live in ``training/corpus/adapters.py`` and
register themselves with ``@adapter("name")``; each is documented by ``datasets/cards/<name>.yaml``.
"""

from polarscan.training.corpus.registry import ADAPTERS, Row, adapter

__all__ = ["ADAPTERS", "Row", "adapter", "get_adapter", "build_corpus", "BuildResult"]


def __getattr__(name: str):  # lazy: importing the package does no work
    if name == "get_adapter":
        from polarscan.training.corpus.adapters import get_adapter

        return get_adapter
    if name in ("build_corpus", "BuildResult"):
        from polarscan.training.corpus import build

        return getattr(build, name)
    raise AttributeError(name)
