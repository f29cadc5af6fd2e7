"""`annotator import` refuses hostile or broken input before writing anything.

Each case writes a real file, runs the real CLI in-process against a real
project that already holds the seed articles, and checks the whole contract:
exit 1, exactly one line on stderr naming the file and line, no traceback,
and a project file byte-identical to what it was (nothing of the run kept,
not even the good file given before the bad one).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.core.store import Project

from .conftest import SEEDS
from .helpers import run_cli

LIMIT = "(import --max-chars N raises it)"
NO_OVERLAP = "(labels without a span_key never overlap)"


@pytest.fixture
def seeded(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, err = run_cli(capsys, "import", str(SEEDS), "--db", str(db_path))
    assert code == 0, err
    return db_path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_count(db: Path) -> int:
    with Project.open(db, create=False) as project:
        return project.documents.count()


def refused(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, bad: Path, *options: str
) -> str:
    """Import a good file and ``bad`` together; assert the run was refused as a
    whole and return its one-line message."""
    good = tmp_path / "good.txt"
    good.write_text("A good document that must not be added either.", encoding="utf-8")
    before = sha256(db)
    code, out, err = run_cli(capsys, "import", str(good), str(bad), "--db", str(db), *options)
    assert code == 1, (out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert sha256(db) == before
    assert document_count(db) == 5
    return lines[0]


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


FINE = '{"text": "A fine first line."}'

JSON_CASES = [
    (
        "surrogate",
        r'{"text": "Iran \ud800 said"}',
        r"lone surrogate \ud800 in 'text' (half a UTF-16 pair, not Unicode)",
    ),
    (
        "surrogate-in-meta",
        r'{"text": "Iran said", "meta": {"authors": ["a", "\udc00"]}}',
        r"lone surrogate \udc00 in 'meta.authors[1]' (half a UTF-16 pair, not Unicode)",
    ),
    (
        "surrogate-in-key",
        r'{"text": "Iran said", "meta": {"\ud83d": 1}}',
        r"lone surrogate in a key in 'meta' (not Unicode)",
    ),
    (
        "deep",
        '{"text": "x", "meta": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}",
        "JSON nested more than 100 levels deep",
    ),
    (
        "deep-but-decodable",
        '{"text": "x", "meta": {"a": ' + "[" * 150 + "]" * 150 + "}}",
        "JSON nested more than 100 levels deep",
    ),
    (
        "nan",
        '{"text": "x", "meta": {"score": NaN}}',
        "NaN is not a JSON value (RFC 8259 has no NaN or Infinity)",
    ),
    (
        "infinity",
        '{"text": "x", "meta": {"score": Infinity}}',
        "Infinity is not a JSON value (RFC 8259 has no NaN or Infinity)",
    ),
    (
        "minus-infinity",
        '{"text": "x", "meta": {"score": -Infinity}}',
        "-Infinity is not a JSON value (RFC 8259 has no NaN or Infinity)",
    ),
    (
        "overflow",
        '{"text": "x", "meta": {"score": 1e999}}',
        "number 1e999 is out of range (it overflows to infinity)",
    ),
    (
        "long-integer",
        '{"text": "x", "meta": {"id": ' + "7" * 5000 + "}}",
        "a JSON number has more than 4300 digits",
    ),
]


@pytest.mark.parametrize(("name", "line", "reason"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_that_python_would_mis_decode_is_refused(
    capsys: pytest.CaptureFixture[str],
    seeded: Path,
    tmp_path: Path,
    name: str,
    line: str,
    reason: str,
) -> None:
    bad = write_jsonl(tmp_path / f"{name}.jsonl", FINE, "", line)
    assert refused(capsys, seeded, tmp_path, bad) == f"error: {bad}:3: {reason}"


def test_annotated_file_with_a_surrogate_is_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(
        tmp_path / "prodigy.jsonl",
        '{"text": "Iran said no.", "spans": [], "answer": "accept"}',
        r'{"text": "Iran said no.", "spans": [{"start": 0, "end": 4, "label": "ACTOR",'
        r' "attrs": {"name": "\udfff"}}], "answer": "accept"}',
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann")
    assert message == (
        f"error: {bad}:2: lone surrogate \\udfff in 'spans[0].attrs.name'"
        " (half a UTF-16 pair, not Unicode)"
    )


def test_nan_in_an_annotated_meta_is_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(
        tmp_path / "doccano.jsonl", '{"text": "Iran said no.", "label": [], "meta": {"p": NaN}}'
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann")
    assert message == f"error: {bad}:1: NaN is not a JSON value (RFC 8259 has no NaN or Infinity)"


def test_paired_surrogate_escapes_and_an_escaped_backslash_are_fine(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "ok.jsonl", r'{"text": "smile \ud83d\ude00", "meta": {"k": "\\ud800"}}'
    )
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db_path))
    assert code == 0, err
    with Project.open(db_path) as project:
        (doc,) = project.documents.stream()
    assert doc.text == "smile \U0001f600" and doc.meta == {"k": "\\ud800"}


def test_csv_unterminated_quote_names_the_line_it_opens_on(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "open.csv"
    bad.write_text('text,title\nFirst row,a\n"Second row, never closed,b\nThird row,c\n')
    message = refused(capsys, seeded, tmp_path, bad)
    assert message == (
        f"error: {bad}:3: unterminated quote: the quoted field that starts here never closes"
    )


def test_csv_stray_quote_is_an_error(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "stray.csv"
    bad.write_text('text,title\n"quoted" then more,a\n')
    message = refused(capsys, seeded, tmp_path, bad)
    assert message == f"error: {bad}:2: malformed CSV (',' expected after '\"')"


def test_csv_row_with_fewer_fields_than_the_header(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "short.csv"
    bad.write_text("text,title,source\nFirst,a,b\nSecond,c\n")
    message = refused(capsys, seeded, tmp_path, bad)
    assert message == f"error: {bad}:3: 2 fields where the header has 3"


def test_csv_field_over_pythons_default_limit_is_read(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    long_text = "word " * 40_000  # 200,000 characters: over csv's own 131,072
    path = tmp_path / "long.csv"
    path.write_text(f'text,title\n"{long_text}",long\n')
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db_path))
    assert code == 0, err
    with Project.open(db_path) as project:
        (doc,) = project.documents.stream()
    assert doc.text == long_text


def test_csv_field_over_the_limit_names_its_row_and_the_limit(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "wide.csv"
    # the first row spans lines 2-3, so the long field's row starts on line 4
    bad.write_text('text,title\n"two\nlines",a\nshort,"' + "t" * 101 + '"\n')
    message = refused(capsys, seeded, tmp_path, bad, "--max-chars", "100")
    assert message == (
        f"error: {bad}:4: a field is over 100 characters, the document size limit {LIMIT}"
    )


SIZE = f"document text is 1,201 characters, over the limit of 1,200 {LIMIT}"
FIELD = f"a field is over 1,200 characters, the document size limit {LIMIT}"
SIZE_CASES = [
    # csv stops reading a field at the limit, so a CSV says the limit, not the size
    ("big.jsonl", FINE + "\n" + json.dumps({"text": "x" * 1_201}) + "\n", 2, SIZE),
    ("big.txt", "x" * 1_201, 1, SIZE),
    ("big.csv", "text\nfine\n" + "x" * 1_201 + "\n", 3, FIELD),
]


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"), SIZE_CASES, ids=[c[0] for c in SIZE_CASES]
)
def test_document_over_max_chars_is_refused(
    capsys: pytest.CaptureFixture[str],
    seeded: Path,
    tmp_path: Path,
    name: str,
    content: str,
    line: int,
    reason: str,
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    message = refused(capsys, seeded, tmp_path, bad, "--max-chars", "1200")
    assert message == f"error: {bad}:{line}: {reason}"


def test_default_limit_is_ten_million_characters(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(tmp_path / "dump.jsonl", json.dumps({"text": "y" * 10_000_001}))
    message = refused(capsys, seeded, tmp_path, bad)
    assert message == (
        f"error: {bad}:1: document text is 10,000,001 characters,"
        f" over the limit of 10,000,000 {LIMIT}"
    )


def test_a_two_megabyte_line_is_accepted(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    text = "Sentence of a long article. " * 75_000  # 2.1 million characters, one line
    path = write_jsonl(tmp_path / "long.jsonl", json.dumps({"text": text}))
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(db_path))
    assert code == 0, err
    assert "imported 1 new document from" in out


def test_annotated_text_over_the_limit_is_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(
        tmp_path / "doccano.jsonl", json.dumps({"text": "z" * 51, "label": [[0, 4, "ACTOR"]]})
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann", "--max-chars", "50")
    assert message == (
        f"error: {bad}:1: document text is 51 characters, over the limit of 50 {LIMIT}"
    )


TEXT = "Iran said no to the deal today."


def test_overlapping_doccano_entities_are_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(
        tmp_path / "doccano.jsonl",
        json.dumps({"text": TEXT, "label": [[0, 4, "ACTOR"]]}),
        json.dumps({"text": TEXT, "label": [[20, 24, "ACTOR"], [0, 4, "ACTOR"], [2, 9, "DATE"]]}),
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann")
    assert (
        message == f"error: {bad}:2: entity spans [0, 4) ACTOR and [2, 9) DATE overlap {NO_OVERLAP}"
    )


def test_overlapping_doccano_entities_after_a_label_map_are_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    bad = write_jsonl(
        tmp_path / "doccano.jsonl",
        json.dumps(
            {
                "text": TEXT,
                "entities": [
                    {"start_offset": 0, "end_offset": 9, "label": "ORG"},
                    {"start_offset": 5, "end_offset": 12, "label": "NEW"},
                ],
            }
        ),
    )
    message = refused(
        capsys,
        seeded,
        tmp_path,
        bad,
        "--annotator",
        "ann",
        "--label-map",
        "ORG=ACTOR",
        "--add-labels",
    )
    assert (
        message == f"error: {bad}:1: entity spans [0, 9) ACTOR and [5, 12) NEW overlap {NO_OVERLAP}"
    )


def test_overlapping_prodigy_entities_are_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    spans = [
        {"start": 0, "end": 4, "label": "ACTOR"},
        {"start": 0, "end": 4, "label": "FIGURE"},
    ]
    bad = write_jsonl(
        tmp_path / "prodigy.jsonl", json.dumps({"text": TEXT, "spans": spans, "answer": "accept"})
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann")
    assert message == (
        f"error: {bad}:1: entity spans [0, 4) ACTOR and [0, 4) FIGURE overlap {NO_OVERLAP}"
    )


def test_prodigy_lines_whose_union_overlaps_are_refused(
    capsys: pytest.CaptureFixture[str], seeded: Path, tmp_path: Path
) -> None:
    def line(start: int, end: int, answer: str) -> str:
        span = {"start": start, "end": end, "label": "ACTOR"}
        return json.dumps({"text": TEXT, "spans": [span], "answer": answer})

    # line 2 is rejected, so only lines 1 and 3 are united
    bad = write_jsonl(
        tmp_path / "teach.jsonl", line(0, 4, "accept"), line(2, 9, "reject"), line(3, 9, "accept")
    )
    message = refused(capsys, seeded, tmp_path, bad, "--annotator", "ann")
    assert message == (
        f"error: {bad}:3: entity spans [0, 4) ACTOR (line 1) and [3, 9) ACTOR (line 3) overlap"
        f" once the accepted lines of this text and annotator are united {NO_OVERLAP}"
    )


def test_a_non_entity_label_may_overlap_and_is_kept(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "doccano.jsonl",
        json.dumps({"text": TEXT, "label": [[0, 4, "ACTOR"], [0, 30, "STANCE"], [5, 9, "STANCE"]]}),
    )
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db_path), "--annotator", "ann")
    assert code == 0, err
    with Project.open(db_path) as project:
        (stored,) = project.sets.select(annotator="ann", with_spans=True)
    spans = sorted(s.key() for s in stored.spans)
    assert spans == [(0, 4, "ACTOR"), (0, 30, "STANCE"), (5, 9, "STANCE")]
