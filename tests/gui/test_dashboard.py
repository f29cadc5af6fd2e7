"""The agreement dashboard shows the agreement core's own figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.agreement import project_agreement
from annotator.core.store import Project
from annotator.core.types import Document, Span
from annotator.gui.review import DashboardWindow
from annotator.gui.review.dashboard import FLEISS, OVERALL, VALUE_ROLE, pair_name

TEXTS = [
    "Japan imports oil from Iran and the United States objects on Friday.",
    "Tokyo said on Monday that it buys 300,000 barrels per day from Tehran.",
    "Seko met Zarif in Tokyo in May, and Japan said it supports the deal.",
    "Washington wants imports from Iran cut to zero by November.",
]


def at(text: str, part: str, label: str, attrs: dict | None = None) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label, dict(attrs or {}))


def annotations(text: str, who: str) -> list[Span]:
    """Three annotators who mostly agree, each with their own slips."""
    spans = []
    for word in ("Japan", "Iran", "Tokyo", "Tehran", "Seko", "Zarif", "Washington"):
        if word in text and not (who == "bob" and word == "Tehran"):
            attrs = {"canonical": word if who != "carol" or word != "Tokyo" else "Japan"}
            spans.append(at(text, word, "ACTOR", attrs))
    for part, label in (("Friday", "DATE"), ("Monday", "DATE"), ("May", "DATE")):
        if part in text:
            spans.append(at(text, part, "FIGURE" if who == "carol" and part == "May" else label))
    if "300,000 barrels per day" in text:
        part = "300,000 barrels" if who == "bob" else "300,000 barrels per day"
        spans.append(at(text, part, "FIGURE", {"unit": "bpd"}))
    if "supports the deal" in text and who != "carol":
        polarity = "support" if who == "alice" else "neutral"
        spans.append(at(text, "Japan said it supports the deal", "STANCE", {"polarity": polarity}))
    return spans


@pytest.fixture
def agreement_db(tmp_path: Path) -> Path:
    path = tmp_path / "agreement.db"
    with Project.open(path) as p:
        ids = p.documents.add([Document(t) for t in TEXTS]).ids
        for name in ("alice", "bob", "carol"):
            for n, doc_id in enumerate(ids):
                aset = p.sets.open(doc_id, name, seed=False)
                for span in annotations(TEXTS[n], name):
                    p.sets.add_span(aset.id, span)
                # carol has not finished the last document
                if not (name == "carol" and n == len(ids) - 1):
                    p.sets.set_status(aset.id, "done")
    return path


@pytest.fixture
def dashboard(qtbot, agreement_db: Path):
    window = DashboardWindow(agreement_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)  # a worker thread
    yield window
    window.close()


def cell(table, row: int, col: int):
    return table.item(row, col).data(VALUE_ROLE)


def test_table_values_equal_the_agreement_core(dashboard, agreement_db: Path) -> None:
    with Project.open(agreement_db) as p:
        report = project_agreement(p)
    table = dashboard.table
    pairs = {pair_name(pr.a, pr.b): pr for pr in report.pairs}
    checked = 0
    seen_values = set()
    for row in range(table.rowCount()):
        label = cell(table, row, 0)
        pair = table.item(row, 1).text()
        if pair == FLEISS:
            expected = report.fleiss.overall if label == OVERALL else report.fleiss.labels[label]
            assert cell(table, row, 4) == expected
            checked += 1
            continue
        pr = pairs[pair]
        fig = pr.overall if label == OVERALL else pr.labels[label]
        got = (cell(table, row, 2), cell(table, row, 3), cell(table, row, 4))
        assert got == (fig.f1_exact, fig.f1_overlap, fig.kappa)
        assert table.item(row, 2).text() == ("—" if fig.f1_exact is None else f"{fig.f1_exact:.3f}")
        assert cell(table, row, 6) == pr.documents
        seen_values.update(v for v in got if v is not None)
        checked += 1
    # every label of the scheme, overall, three pairs plus Fleiss each
    assert checked == (len(report.labels) + 1) * 4
    assert len(seen_values) > 3  # the figures differ: a mix-up of cells would show
    assert any(v < 1.0 for v in seen_values)
    # carol finished three documents: her pairs rest on three, alice-bob on four
    assert pairs[pair_name("alice", "bob")].documents == 4
    assert pairs[pair_name("alice", "carol")].documents == 3
    # attribute alpha: all annotators and per pair, as the core computed
    attrs = dashboard.attr_table
    names = [attrs.item(r, 0).text() for r in range(attrs.rowCount())]
    assert names == list(report.attributes)
    for r, name in enumerate(names):
        assert cell(attrs, r, 1) == report.attributes[name].alpha
        for k, pr in enumerate(report.pairs, start=3):
            assert cell(attrs, r, k) == pr.attributes[name].alpha


def test_chart_has_a_bar_per_label_and_pair(dashboard) -> None:
    report = dashboard.report
    chart = dashboard.chart
    assert chart.groups == [OVERALL, *report.labels]
    assert chart.series == [pair_name(p.a, p.b) for p in report.pairs]
    rects = chart.bar_rects()
    for s, pr in enumerate(report.pairs):
        for g, label in enumerate(chart.groups):
            fig = pr.overall if label == OVERALL else pr.labels[label]
            assert chart.values[s][g] == fig.f1_exact
            assert (rects[s][g] is None) == (fig.f1_exact is None)
    # taller bar = higher value
    flat = [
        (chart.values[s][g], rects[s][g].height())
        for s in range(len(rects))
        for g in range(len(rects[s]))
        if rects[s][g] is not None
    ]
    flat.sort()
    assert [h for _, h in flat] == sorted(h for _, h in flat)
    # kappa adds Fleiss' kappa over all three as its own series
    dashboard.metric_box.setCurrentIndex(dashboard.metric_box.findData("kappa"))
    assert chart.series[-1] == FLEISS
    assert chart.values[-1][0] == report.fleiss.overall
    assert chart.grab().width() > 0  # paints without error


def test_progress_and_refresh(qtbot, dashboard, agreement_db: Path) -> None:
    bars = dashboard.progress_bars
    assert {n: (b.value(), b.maximum()) for n, b in bars.items()} == {
        "alice": (4, 4),
        "bob": (4, 4),
        "carol": (3, 4),
    }
    before = dashboard.report.pair("alice", "carol").documents
    with Project.open(agreement_db) as p:
        last = p.documents.ids()[-1]
        p.sets.set_status(p.sets.find(last, "carol").id, "done")
    with qtbot.waitSignal(dashboard.refreshed, timeout=20000):
        dashboard.refresh()
    assert dashboard.progress_bars["carol"].value() == 4
    assert dashboard.report.pair("alice", "carol").documents == before + 1


def test_a_refresh_asked_for_while_computing_runs_after_it(qtbot, dashboard) -> None:
    shown = []
    dashboard.refreshed.connect(lambda: shown.append(dashboard.report))
    dashboard.refresh()
    assert not dashboard.refresh_button.isEnabled()
    dashboard.refresh()  # while the first is still computing: queued, not lost
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    qtbot.waitUntil(lambda: dashboard._worker is None, timeout=20000)
    assert dashboard.refresh_button.isEnabled()
    assert shown[0] is not shown[1]


def test_chart_draws_negative_kappa_below_zero_and_gaps_for_undefined(qtbot) -> None:
    from annotator.gui.review.chart import BarChart

    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_data("κ", ["ACTOR", "DATE", "STANCE"], ["a – b"], [[-0.2, 0.5, None]])
    assert chart.value_range() == (-0.25, 1.0)
    negative, positive, missing = chart.bar_rects()[0]
    assert missing is None
    assert negative.top() == pytest.approx(positive.bottom())  # both start at the zero line
    assert positive.height() == pytest.approx(negative.height() * 2.5)
    assert not chart.grab().isNull()


def test_a_new_project_shows_nothing_to_compare(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Project.open(path).close()
    window = DashboardWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)
    assert window.table.rowCount() == 0
    assert "Nothing to compare yet" in window.summary.text()
    assert window.progress_bars == {}
    assert not window.chart.grab().isNull()
    window.close()
