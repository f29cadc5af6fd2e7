"""``annotator merge`` on real project files: documents by text, sets by
(document, annotator), idempotence, conflicts, and refusing bad files
before anything is written."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project, text_hash
from annotator.core.store.merge import merge_projects
from annotator.core.types import GOLD, Document, Relation, Span
from tests.helpers import run_cli as run

TEXTS = [
    "Japan imports oil from Iran.",
    "Tokyo said on Friday it would keep buying.",
    "Washington extended the waiver by 180 days.",
]
TABLES = ("documents", "annotators", "annotation_sets", "spans", "predictions", "prediction_runs")


def dump(path: Path) -> dict:
    """Everything that matters in a project file, ids and stamps included."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        data = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
        data["events"] = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        data["settings"] = sorted(  # span ids are never given twice: used ids stay used
            conn.execute("SELECT * FROM settings WHERE key != 'spans.high_water'").fetchall()
        )
        return data
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def actor(text: str, word: str, **attrs) -> Span:
    i = text.index(word)
    return Span(i, i + len(word), "ACTOR", attrs)


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    """The lead's project: documents 0 and 1, bob's set on document 1."""
    path = tmp_path / "lead.db"
    with Project.open(path) as p:
        ids = p.documents.add([Document(TEXTS[0]), Document(TEXTS[1])]).ids
        p.sets.replace(ids[1], "bob", [actor(TEXTS[1], "Tokyo")], status="done")
    return path


@pytest.fixture
def alice(tmp_path: Path) -> Path:
    """Alice's laptop: documents 1 and 2 (1 shared with the lead), her sets on
    both, a note and time spent, predictions on document 2."""
    path = tmp_path / "alice.db"
    with Project.open(path) as p:
        ids = p.documents.add([Document(TEXTS[1], title="t1"), Document(TEXTS[2])]).ids
        p.sets.replace(ids[0], "alice", [actor(TEXTS[1], "Tokyo", canonical="Japan")])
        set_id = p.sets.replace(ids[1], "alice", [actor(TEXTS[2], "Washington")], "in_progress")
        p.sets.set_note(set_id, "check the waiver length")
        p.sets.add_time(set_id, 42.0)
        p.documents.replace_predictions(
            [(ids[1], [actor(TEXTS[2], "Washington")])], "en_core_web_sm", "3.8"
        )
    return path


def test_merge_brings_documents_annotators_sets_and_predictions(lead: Path, alice: Path) -> None:
    before = digest(alice)
    calls: list[tuple[int, int]] = []
    with Project.open(lead) as p:
        result = merge_projects(
            p, [alice], progress=lambda done, total: calls.append((done, total))
        )
        assert calls[-1] == (2, 2)
        assert (result.documents_added, result.documents_matched) == (1, 1)
        assert result.annotators_added == ["alice"]
        assert (result.sets_added, result.sets_unchanged, result.conflicts) == (2, 0, [])
        assert result.predictions_added == 1
        assert p.documents.count() == 3
        doc1 = p.documents.by_hash(text_hash(TEXTS[1])).id
        doc2 = p.documents.by_hash(text_hash(TEXTS[2])).id
        s = p.sets.find(doc1, "alice")
        assert s.status == "done" and s.spans[0].attrs == {"canonical": "Japan"}
        s2 = p.sets.find(doc2, "alice")
        assert (s2.status, s2.note, s2.seconds_spent) == (
            "in_progress",
            "check the waiver length",
            42.0,
        )
        assert p.sets.find(doc1, "bob").spans[0].key() == actor(TEXTS[1], "Tokyo").key()
        assert [x.key() for x in p.documents.predictions(doc2)] == [
            actor(TEXTS[2], "Washington").key()
        ]
        assert p.events(limit=1)[0]["kind"] == "project.merge"
    assert digest(alice) == before  # the other file is never modified
    assert not list(alice.parent.glob("alice.db.*.bak"))


def test_merging_the_same_file_again_changes_nothing(lead: Path, alice: Path) -> None:
    with Project.open(lead) as p:
        merge_projects(p, [alice])
    once = dump(lead)
    with Project.open(lead) as p:
        result = merge_projects(p, [alice])
    assert not result.changed
    assert result.sets_unchanged == 2 and result.documents_matched == 2
    assert dump(lead) == once


def _diverge(lead: Path, alice: Path) -> None:
    """The lead already has alice's set on document 1, with other content."""
    with Project.open(lead) as p:
        doc1 = p.documents.by_hash(text_hash(TEXTS[1])).id
        p.sets.replace(doc1, "alice", [actor(TEXTS[1], "Tokyo", canonical="Tokyo")])


def test_a_differing_set_is_kept_beside_ours_and_reported(lead: Path, alice: Path) -> None:
    _diverge(lead, alice)
    with Project.open(lead) as p:
        result = merge_projects(p, [alice])
        doc1 = p.documents.by_hash(text_hash(TEXTS[1])).id
        assert [(c.annotator, c.resolution, c.stored_as) for c in result.conflicts] == [
            ("alice", "kept-both", "alice@alice")
        ]
        assert p.sets.find(doc1, "alice").spans[0].attrs == {"canonical": "Tokyo"}  # ours intact
        assert p.sets.find(doc1, "alice@alice").spans[0].attrs == {"canonical": "Japan"}
    once = dump(lead)
    with Project.open(lead) as p:
        again = merge_projects(p, [alice])
    assert not again.changed
    assert [c.stored_as for c in again.conflicts] == ["alice@alice"]  # still reported
    assert dump(lead) == once


def test_prefer_newer(lead: Path, alice: Path, tmp_path: Path) -> None:
    _diverge(lead, alice)  # the lead's version is newer than alice's file
    with Project.open(lead) as p:
        result = merge_projects(p, [alice], prefer="newer")
        doc1 = p.documents.by_hash(text_hash(TEXTS[1])).id
        assert [c.resolution for c in result.conflicts] == ["kept-ours"]
        assert p.sets.find(doc1, "alice").spans[0].attrs == {"canonical": "Tokyo"}
        assert "alice@alice" not in p.sets.annotators()
    with Project.open(alice) as a:  # alice works on: her file is now newer
        a_doc = a.documents.by_hash(text_hash(TEXTS[1])).id
        a.sets.replace(a_doc, "alice", [actor(TEXTS[1], "Tokyo", canonical="Japan", kind="state")])
    with Project.open(lead) as p:
        result = merge_projects(p, [alice], prefer="newer")
        assert [c.resolution for c in result.conflicts] == ["took-incoming"]
        assert result.sets_replaced == 1
        attrs = p.sets.find(doc1, "alice").spans[0].attrs
        assert attrs == {"canonical": "Japan", "kind": "state"}


def test_gold_sets_merge_like_any_other(lead: Path, tmp_path: Path) -> None:
    other = tmp_path / "review.db"
    with Project.open(other) as o:
        (doc,) = o.documents.add([Document(TEXTS[0])]).ids
        o.sets.replace(doc, GOLD, [actor(TEXTS[0], "Japan")])
    with Project.open(lead) as p:
        merge_projects(p, [other])
        doc0 = p.documents.by_hash(text_hash(TEXTS[0])).id
        assert p.sets.find(doc0, GOLD).status == "done"


def _refused(lead: Path, others: list[Path], match: str) -> None:
    before = dump(lead)
    with Project.open(lead) as p, pytest.raises(AnnotatorError, match=match):
        merge_projects(p, others)
    assert dump(lead) == before


def test_newer_schema_is_refused_before_anything_is_written(
    lead: Path, alice: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.db"
    with Project.open(newer) as n:
        n.documents.add([Document("From the future.")])
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(newer)
    _refused(lead, [alice, newer], "newer.db: written by a newer annotator")  # alice not merged
    assert digest(newer) == before


def test_corrupt_and_foreign_files_are_refused(lead: Path, alice: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    _refused(lead, [alice, garbage], "garbage.db: not an annotator project file")

    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    _refused(lead, [foreign], "foreign.db: not an annotator project file")

    damaged = tmp_path / "damaged.db"
    with Project.open(damaged) as d:
        d.documents.add(Document(f"Document number {i}. " * 200) for i in range(50))
    data = bytearray(damaged.read_bytes())
    data[8192:16384] = b"\xff" * 8192  # overwrite pages in the middle
    damaged.write_bytes(bytes(data))
    _refused(lead, [damaged], "damaged.db: (corrupt project file|cannot read)")

    _refused(lead, [tmp_path / "missing.db"], "missing.db: no such project file")
    _refused(lead, [lead], "lead.db: is the project being merged into")


def test_incompatible_labels_are_refused(lead: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with Project.open(other) as o:
        (doc,) = o.documents.add([Document(TEXTS[0])]).ids
        set_id = o.sets.open(doc, "zoe").id
        o.sets.add_span(set_id, Span(0, 5, "PERSON"))
    _refused(lead, [other], "other.db: incompatible: uses label PERSON")


def test_an_empty_target_adopts_the_incoming_scheme(tmp_path: Path) -> None:
    from annotator.core.scheme import Scheme, default_scheme

    data = default_scheme().model_dump()
    data["name"] = "people"
    data["labels"][0]["name"] = "PERSON"
    data["relations"] = []  # they join ACTOR, which this scheme renamed
    custom = Scheme.from_dict(data)
    other = tmp_path / "other.db"
    with Project.open(other) as o:
        o.set_scheme(custom, force=True)
        (doc,) = o.documents.add([Document(TEXTS[0])]).ids
        o.sets.replace(doc, "zoe", [Span(0, 5, "PERSON")])
    with Project.open(tmp_path / "new.db") as p:
        merge_projects(p, [other])
        assert p.scheme().name == "people"
        assert p.sets.select(annotator="zoe", with_spans=True)[0].spans[0].label == "PERSON"


def test_cli_merge(lead: Path, alice: Path, capsys) -> None:
    before = dump(lead)
    code, out, _ = run(capsys, "merge", str(alice), "--db", str(lead), "--dry-run")
    assert code == 0 and "dry run" in out and "1 added" in out
    assert dump(lead) == before
    code, out, _ = run(capsys, "merge", str(alice), "--db", str(lead))
    assert code == 0
    assert "documents  1 added, 1 already present" in out
    assert "sets       2 added, 0 replaced, 0 unchanged" in out
    code, out, _ = run(capsys, "merge", str(alice), "--db", str(lead), "--json")
    data = json.loads(out)
    assert code == 0 and data["sets_unchanged"] == 2 and data["documents_added"] == 0
    code, out, _ = run(capsys, "merge", str(alice), "--db", str(lead))
    assert "nothing to change" in out
    code, _, err = run(capsys, "merge", str(alice), "--db", str(lead), "--prefer", "older")
    assert code == 1 and "unknown --prefer value 'older'" in err


def test_cli_merge_reports_conflicts(lead: Path, alice: Path, capsys) -> None:
    _diverge(lead, alice)
    code, out, _ = run(capsys, "merge", str(alice), "--db", str(lead))
    assert code == 0
    assert "1 conflict:" in out and "incoming kept as alice@alice" in out


def test_several_files_in_one_go_and_an_empty_target_checks_all_against_one_scheme(
    lead: Path, alice: Path, tmp_path: Path
) -> None:
    from annotator.core.scheme import Scheme, default_scheme

    carol = tmp_path / "carol.db"
    with Project.open(carol) as c:
        (doc,) = c.documents.add([Document(TEXTS[0])]).ids
        c.sets.replace(doc, "carol", [actor(TEXTS[0], "Iran")])
    with Project.open(lead) as p:
        result = merge_projects(p, [alice, carol])
        assert set(result.annotators_added) == {"alice", "carol"}
        assert result.sets_added == 3 and result.documents_added == 1
    # an empty project adopts the first file's scheme; a second file using a
    # label that scheme lacks is refused, and nothing is written
    data = default_scheme().model_dump()
    data["labels"][0]["name"] = "PERSON"
    data["relations"] = []  # they join ACTOR, which this scheme renamed
    people = tmp_path / "people.db"
    with Project.open(people) as o:
        o.set_scheme(Scheme.from_dict(data), force=True)
        (doc,) = o.documents.add([Document(TEXTS[2])]).ids
        o.sets.replace(doc, "zoe", [Span(0, 10, "PERSON")])
    fresh = tmp_path / "fresh.db"
    Project.open(fresh).close()
    _refused(fresh, [people, carol], "carol.db: incompatible: uses label ACTOR")
    with Project.open(fresh) as f:
        assert f.scheme().labels[0].name == "ACTOR"  # not adopted: nothing written


def test_cli_merge_without_files_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "merge")
    assert code == 2
    assert "Missing argument 'OTHER.db'" in err and "Traceback" not in err


def stance_set(p: Project, doc_id: int, annotator: str, answers: dict[str, list[str]]) -> int:
    """``annotator``'s set on TEXTS[1]: Tokyo (ACTOR) holds "would keep buying"
    (STANCE, HOLDER relation), with ``answers`` to the document categories."""
    tokyo, stance = actor(TEXTS[1], "Tokyo"), TEXTS[1].index("would keep buying")
    spans = [tokyo, Span(stance, stance + len("would keep buying"), "STANCE")]
    holder = Relation((stance, stance + 17, "STANCE"), (tokyo.start, tokyo.end, "ACTOR"), "HOLDER")
    return p.sets.replace(doc_id, annotator, spans, relations=[holder], categories=answers)


def shared(p: Project) -> int:
    """The id of TEXTS[1], the document both files have."""
    found = p.documents.by_hash(text_hash(TEXTS[1]))
    assert found is not None and found.id is not None
    return found.id


def test_relations_and_categories_travel_with_sets_and_make_conflicts(
    lead: Path, tmp_path: Path
) -> None:
    with Project.open(lead) as p:
        stance_set(p, shared(p), "carol", {"relevance": ["relevant"]})
    laptop = tmp_path / "laptop.db"
    with Project.open(laptop) as p:
        ids = p.documents.add([Document(TEXTS[1]), Document(TEXTS[2])]).ids
        # the same spans and relation, one more answer: a conflict, kept beside
        stance_set(p, ids[0], "carol", {"relevance": ["relevant"], "genre": ["report"]})
        stance_set(p, ids[0], "dave", {"genre": ["brief"]})  # new: added whole
    with Project.open(lead) as p:
        result = merge_projects(p, [laptop])
        sets = {name: p.sets.find(shared(p), name) for name in ("carol", "carol@laptop", "dave")}
    assert [(c.annotator, c.resolution, c.stored_as) for c in result.conflicts] == [
        ("carol", "kept-both", "carol@laptop")
    ]
    holder = [(r.head[2], r.child[2], r.label) for r in sets["carol@laptop"].relations]
    assert holder == [("STANCE", "ACTOR", "HOLDER")]
    assert sets["carol@laptop"].categories == {"genre": ["report"], "relevance": ["relevant"]}
    assert sets["carol"].categories == {"relevance": ["relevant"]}  # ours as it was
    assert [r.label for r in sets["dave"].relations] == ["HOLDER"]
    assert sets["dave"].categories == {"genre": ["brief"]}
    with Project.open(lead) as p:
        again = merge_projects(p, [laptop])
    assert not again.changed and again.sets_unchanged == 2  # relations and answers compared
