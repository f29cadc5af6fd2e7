"""bench/quality.py reports twenty-five sets: the seeds, each held-out batch's two halves.

The run below leaves out ``test2`` to ``test12``: a later batch's test half is
read once a round, by the lead, at the end (tests/fixtures/gold/heldout2/README.md
and the later batches'), so the suite does not score it; that the default
report includes them is checked on the set list.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "gold"


def bench():
    spec = importlib.util.spec_from_file_location("quality", ROOT / "bench" / "quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_quality_bench_prints_each_set_asked_for():
    names = ("seeds", "tuning", "test", "tuning2")
    done = run("--limit", "1", "--sets", ",".join(names))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for name in names:
        assert f"== {name}: 1 documents" in out, out
    assert all(f"== test{n}" not in out for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
    assert out.count("naive") >= 4
    for lab in ("ACTOR", "FIGURE", "DATE", "STANCE"):
        assert out.count(f"\n{lab} ") == 4, (lab, out)
    # every set has HOLDER links: the link accuracy is reported for each
    assert out.count("\nholder ") == 4, out
    assert out.count("link accuracy") == 4, out
    assert out.count("\nstances ") == 4 and out.count("suggested where the gold has none") == 4


def _stance(start: int, end: int, holder: str, polarity: str) -> dict:
    attrs = {"holder": holder, "polarity": polarity}
    return {"start": start, "end": end, "label": "STANCE", "attrs": attrs}


def test_the_stance_breakdown_says_where_each_gold_stance_is_lost():
    gold = [
        _stance(0, 10, "Japan", "support"),  # found, right holder, right side
        _stance(20, 30, "Iran", "oppose"),  # found, right holder, said neutral
        _stance(40, 50, "Iraq", "support"),  # found, another holder
        _stance(60, 70, "India", "oppose"),  # never found
    ]
    pred = [
        _stance(2, 8, "Japan", "support"),
        _stance(25, 35, "Iran", "neutral"),
        _stance(45, 55, "Oman", "support"),
        _stance(80, 90, "China", "oppose"),  # where the gold has none
    ]
    found = bench().stance_breakdown([pred], [gold])
    assert dict(found) == {
        "gold": 4, "found": 3, "holder": 2, "matched": 1, "neutral": 1, "spurious": 1,
    }  # fmt: skip


def test_the_polarity_bench_counts_what_the_learned_model_changed(monkeypatch):
    """Equal end-to-end F1s for the lexicon and the learned model can hide as many
    stances made right as made wrong; bench/polarity.py counts both."""
    monkeypatch.syspath_prepend(str(ROOT))
    spec = importlib.util.spec_from_file_location("polarity", ROOT / "bench" / "polarity.py")
    polarity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(polarity)
    gold = [_stance(0, 10, "Japan", "support"), _stance(20, 30, "Iran", "oppose")]
    lexicon = [
        _stance(0, 8, "Japan", "neutral"),  # made right
        _stance(20, 28, "Iran", "oppose"),  # made wrong
        _stance(40, 50, "Iraq", "support"),  # changed over no gold stance
        _stance(60, 70, "Oman", "oppose"),  # unchanged
    ]
    learned = [
        _stance(0, 8, "Japan", "support"),
        _stance(20, 28, "Iran", "support"),
        _stance(40, 50, "Iraq", "oppose"),
        _stance(60, 70, "Oman", "oppose"),
    ]
    counts = polarity.polarity_changes([lexicon], [learned], [gold])
    assert dict(counts) == {"suggested": 4, "changed": 3, "gained": 1, "lost": 1}


def test_the_default_report_is_all_twenty_five_sets_each_batch_split_by_its_file():
    quality = bench()
    sets = quality.chosen(quality.gold_sets(None), None)
    assert [name for name, _ in sets] == [
        "seeds", "tuning", "test", "tuning2", "test2", "tuning3", "test3", "tuning4", "test4",
        "tuning5", "test5", "tuning6", "test6", "tuning7", "test7", "tuning8", "test8",
        "tuning9", "test9", "tuning10", "test10", "tuning11", "test11",
        "tuning12", "test12",
    ]  # fmt: skip
    docs = dict(sets)
    assert len(docs["seeds"]) == 5
    for suffix in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"):
        folder = f"heldout{suffix}"
        split = json.loads((GOLD / folder / "split.json").read_text(encoding="utf-8"))
        for half in ("tuning", "test"):
            stems = sorted(Path(d["meta"]["source"]).stem for d in docs[half + suffix])
            assert stems == split[half], (half + suffix, stems)
            assert all(d["meta"]["source"].startswith(f"{folder}/") for d in docs[half + suffix])


def test_sets_keeps_the_report_order_and_refuses_an_unknown_name():
    quality = bench()
    sets = quality.gold_sets(None)
    assert [n for n, _ in quality.chosen(sets, "test2,seeds")] == ["seeds", "test2"]
    done = run("--sets", "tuning2,tset2")
    assert done.returncode == 2
    assert "--sets 'tuning2,tset2': no set named tset2" in done.stderr
    known = (
        "seeds,tuning,test,tuning2,test2,tuning3,test3,tuning4,test4,tuning5,test5,tuning6,test6,"
        "tuning7,test7,tuning8,test8,tuning9,test9,tuning10,test10,tuning11,test11,"
        "tuning12,test12"
    )
    assert f"known: {known}" in done.stderr
    assert done.stdout == ""
