"""models.registry: the one helper behind the registries by name (report writers, obfuscations, backends)."""

from polarscan.evaluation import report, robustness
from polarscan.models.registry import registrar


def test_registrar_files_the_object_under_its_name_and_returns_it():
    table = {}
    thing = registrar(table)

    @thing("a")
    def a():
        return 1

    @thing("b")
    class B:
        pass

    assert table == {"a": a, "b": B} and a() == 1


def test_the_registries_are_filled_by_their_decorators():
    assert set(report.writers()) >= {"markdown", "html", "json"}
    assert robustness.names() and all(callable(robustness._OBFUSCATIONS[n]) for n in robustness.names())
