"""Reports people read (issue 10, item 8): the HTML report has a table of contents, renders inline
code (no literal backticks), folds long tables; the functional plot has a legend."""

from __future__ import annotations

import re

from polarscan.evaluation.report import FOLD_ROWS, Document


def test_html_report_has_contents_rendered_code_and_folded_long_tables(tmp_path):
    doc = Document("Evaluation of `tiny`")
    doc.h(1, "Split: dev")
    doc.p("Scores come from `models.predictor.Predictor`; thresholds are **per language**.")
    doc.table(["lang", "n"], [["nl", 3]], caption="short `table`")
    doc.h(2, "Details <b>")
    doc.table(["i"], [[i] for i in range(FOLD_ROWS + 1)], caption="long table")
    doc.h(1, "Split: dev")  # the same heading twice still gets its own anchor
    path = doc.write(tmp_path, ["html"])[0]
    page = path.read_text(encoding="utf-8")

    assert "`" not in page
    assert "<code>models.predictor.Predictor</code>" in page and "<strong>per language</strong>" in page
    assert "<h1 id=\"top\">Evaluation of <code>tiny</code></h1>" in page
    toc = re.search(r'<nav class="toc".*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="#([^"]+)"', toc)
    assert links == ["split-dev", "details-b", "split-dev-2"]
    ids = re.findall(r'<h\d id="([^"]+)"', page)
    assert all(link in ids for link in links)
    assert "Details &lt;b&gt;" in toc  # heading text is escaped
    assert page.count("<details>") == 1 and f"long table: {FOLD_ROWS + 1} rows" in page
    assert "<caption>short <code>table</code></caption>" in page


def test_functional_plot_has_a_legend():
    from types import SimpleNamespace

    from polarscan.evaluation.plots import functionality_figure

    groups = {"derog_explicit": SimpleNamespace(accuracy=0.8, gold="hateful", n=10),
              "identity_neutral": SimpleNamespace(accuracy=0.6, gold="non-hateful", n=12)}
    fig = functionality_figure(groups, "Functional accuracy, nl")
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "gold: hateful (should be flagged)", "gold: non-hateful (should not be flagged)", "accuracy 0.5"]
