"""The writers on plain records (no project file): what lands where, and what
is counted when spaCy's tokens force a change."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly
from spacy.tokens import DocBin
from spacy.training.converters import conll_ner_to_docs

from annotator.core.formats import ExportRecord, ExportSummary, split_keys
from annotator.core.formats.conll import write_conll
from annotator.core.formats.docbin import doc_info, read_docbin, span_attrs, write_docbin
from annotator.core.formats.doccano import record_to_doccano
from annotator.core.formats.prodigy import input_hash, record_to_task
from annotator.core.scheme import default_scheme
from annotator.core.tokens import blank_english
from annotator.core.types import Document, Span

TEXT = "🙂 Japan cut oil imports from Iran by 11 percent in May 2019, Tokyo said."


def find(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def record(spans: list[Span], text: str = TEXT, **kw) -> ExportRecord:
    return ExportRecord(Document(text, title="t", published="2019-05-02"), spans, "alice", **kw)


def span(part: str, label: str, text: str = TEXT, **attrs) -> Span:
    return Span(*find(text, part), label, attrs)


def write_one(tmp_path: Path, rec: ExportRecord) -> tuple[ExportSummary, object]:
    summary = write_docbin([rec], tmp_path, default_scheme(), lambda r: True)
    (doc,) = read_docbin(tmp_path / "train.spacy")
    return summary, doc


def test_docbin_puts_entities_in_ents_every_span_in_sc_and_stance_apart(tmp_path):
    stance_text = "Japan cut oil imports from Iran by 11 percent"
    rec = record(
        [
            span("Japan", "ACTOR", kind="state", canonical="Japan"),
            span("11 percent", "FIGURE", value=11, unit="percent"),
            span("May 2019", "DATE", kind="date", value="2019-05"),
            span(stance_text, "STANCE", holder="Japan", polarity="neutral", tags=["a", "b"]),
        ]
    )
    summary, doc = write_one(tmp_path, rec)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Japan", "ACTOR"),
        ("11 percent", "FIGURE"),
        ("May 2019", "DATE"),
    ]
    assert [(s.text, s.label_) for s in doc.spans["stance"]] == [(stance_text, "STANCE")]
    assert sorted(s.label_ for s in doc.spans["sc"]) == ["ACTOR", "DATE", "FIGURE", "STANCE"]
    # offsets are code points: the emoji before the text shifts nothing
    assert doc.ents[0].start_char == TEXT.index("Japan")
    assert span_attrs(doc, doc.ents[1]) == {"value": 11, "unit": "percent"}
    assert span_attrs(doc, doc.spans["stance"][0])["tags"] == ["a", "b"]  # lists survive
    info = doc_info(doc)
    assert (info["title"], info["published"], info["annotator"]) == ("t", "2019-05-02", "alice")
    assert summary.spans == 4 and summary.train == 1 and summary.dev == 0
    assert "every span written exactly" in summary.line()


def test_docbin_expands_misaligned_spans_and_counts_them(tmp_path):
    start, end = find(TEXT, "Japan")
    summary, doc = write_one(tmp_path, record([Span(start + 1, end - 1, "ACTOR")]))
    assert [e.text for e in doc.ents] == ["Japan"]
    assert summary.expanded == 1
    assert "1 span expanded to token boundaries" in summary.line()


def test_docbin_overlapping_entities_keep_the_longer_in_ents_all_in_sc(tmp_path):
    rec = record([span("11", "DATE"), span("11 percent", "FIGURE")])
    summary, doc = write_one(tmp_path, rec)
    assert [(e.text, e.label_) for e in doc.ents] == [("11 percent", "FIGURE")]
    assert sorted((s.text, s.label_) for s in doc.spans["sc"]) == [
        ("11", "DATE"),
        ("11 percent", "FIGURE"),
    ]
    assert summary.overlapping_ents == 1
    assert 'kept only in spans["sc"]' in summary.line()


def test_docbin_trims_whitespace_tokens_and_counts_unplaceable(tmp_path):
    text = "Japan said.\n\nIran replied."
    start, end = find(text, "Iran")
    rec = record([Span(start - 2, end, "ACTOR"), Span(11, 13, "DATE")], text=text)
    summary, doc = write_one(tmp_path, rec)
    assert [e.text for e in doc.ents] == ["Iran"]
    assert summary.trimmed == 1 and summary.unplaceable == 1
    assert "1 span covers no token and was not written" in summary.line()


def test_split_is_reproducible_and_gives_both_parts():
    keys = [f"k{i}" for i in range(50)]
    first = split_keys(keys, 0.8, seed=3)
    assert first == split_keys(list(reversed(keys)), 0.8, seed=3)  # order does not matter
    assert len(first) == 40
    assert first != split_keys(keys, 0.8, seed=4)
    assert len(split_keys(["a", "b"], 0.99, seed=0)) == 1  # dev never empty with 2 docs
    assert len(split_keys(["a", "b"], 0.01, seed=0)) == 1
    with pytest.raises(ValueError):
        split_keys(keys, 1.5, 0)


def test_docbin_same_input_gives_identical_bytes(tmp_path):
    recs = [record([span("Japan", "ACTOR", kind="state")]), record([], text="Iran replied.")]
    for out in ("a", "b"):
        write_docbin(recs, tmp_path / out, default_scheme(), lambda r: r.document.text == TEXT)
    for name in ("train.spacy", "dev.spacy"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert len(DocBin().from_disk(tmp_path / "a" / "dev.spacy")) == 1


def test_prodigy_task_token_indices_match_spacy_with_inclusive_end():
    text = "Foreign Minister Mohammad Javad Zarif met Abe.\n\nTokyo agreed."
    rec = record(
        [span("Mohammad Javad Zarif", "ACTOR", text, kind="person"), span("Tokyo", "ACTOR", text)],
        text=text,
    )
    summary = ExportSummary()
    task = record_to_task(rec, summary)
    doc = blank_english().make_doc(text)
    assert [t["text"] for t in task["tokens"]] == [t.text for t in doc]  # "\n\n" included
    zarif, tokyo = task["spans"]
    assert doc[zarif["token_start"] : zarif["token_end"] + 1].text == "Mohammad Javad Zarif"
    assert doc[tokyo["token_start"]].text == "Tokyo" and tokyo["token_end"] == tokyo["token_start"]
    assert zarif["attrs"] == {"kind": "person"}
    assert task["answer"] == "accept" and task["_annotator_id"] == "alice"
    assert task["_input_hash"] == input_hash(text) == record_to_task(rec)["_input_hash"]
    assert task["meta"]["title"] == "t" and task["relations"] == []
    assert summary.expanded == 0 and summary.spans == 2


@pytest.mark.parametrize(
    ("status", "reason", "answer"),
    [
        ("done", "", "accept"),
        ("skipped", "reject", "reject"),
        ("skipped", "too long", "ignore"),
        ("in_progress", "", "ignore"),
    ],
)
def test_prodigy_answer_follows_status(status, reason, answer):
    task = record_to_task(record([], status=status, skip_reason=reason))
    assert task["answer"] == answer and task["_status"] == status


def test_doccano_line():
    line = record_to_doccano(record([span("Iran", "ACTOR"), span("Japan", "ACTOR")]))
    assert line["text"] == TEXT
    assert line["label"] == [[*find(TEXT, "Japan"), "ACTOR"], [*find(TEXT, "Iran"), "ACTOR"]]


def test_conll_bio_sentences_docstart_and_spacy_reads_it(tmp_path):
    text = "Japan buys oil from Iran. The United States said no.\n\nIt cut 11 percent in May."
    rec = record(
        [
            span("Japan", "ACTOR", text),
            span("United States", "ACTOR", text),
            span("11 percent", "FIGURE", text),
            span("May", "DATE", text),
            span("The United States said no.", "STANCE", text),
        ],
        text=text,
    )
    second = record([span("Tehran", "ACTOR", "Tehran agreed.")], text="Tehran agreed.")
    summary = write_conll([rec, second], tmp_path / "out.conll", default_scheme())
    content = (tmp_path / "out.conll").read_text(encoding="utf-8")
    lines = content.split("\n")
    assert lines[0] == "-DOCSTART- O" and content.count("-DOCSTART-") == 2
    assert "United B-ACTOR" in lines and "States I-ACTOR" in lines
    assert "11 B-FIGURE" in lines and "percent I-FIGURE" in lines
    blocks = [b for b in content.split("\n\n") if b.strip() and not b.startswith("-DOCSTART-")]
    assert [b.split("\n")[0] for b in blocks] == [
        "Japan B-ACTOR",
        "The O",
        "It O",
        "Tehran B-ACTOR",
    ]
    assert all(" " in line and "\n" not in line for line in lines if line)
    assert summary.spans == 5  # STANCE is not a BIO label
    docs = list(conll_ner_to_docs(content, n_sents=1, no_print=True))
    ents = [(e.text, e.label_) for d in docs for e in d.ents]
    assert ents == [
        ("Japan", "ACTOR"),
        ("United States", "ACTOR"),
        ("11 percent", "FIGURE"),
        ("May", "DATE"),
        ("Tehran", "ACTOR"),
    ]


def test_jsonl_written_with_srsly_is_read_back(tmp_path):
    from annotator.core.formats.prodigy import write_prodigy

    out = tmp_path / "x.jsonl"
    write_prodigy([record([span("Japan", "ACTOR")])], out)
    (task,) = srsly.read_jsonl(out)
    assert task["text"] == TEXT  # the emoji survives
    assert not (tmp_path / "x.jsonl.part").exists()


def shard_records() -> list[ExportRecord]:
    texts = [f"Japan buys oil from Iran ({i})." for i in range(7)]
    return [record([span("Japan", "ACTOR", text=t, kind="state")], text=t) for t in texts]


def test_docbin_large_part_is_a_directory_of_spacys_own_shards(tmp_path):
    from annotator.core.formats.docbin import DOCBIN_ATTRS, iter_docs, shard_name

    recs = shard_records()
    summary = write_docbin(
        recs,
        tmp_path,
        default_scheme(),
        lambda r: "(6)" not in r.document.text,
        shard_docs=3,
    )
    assert (summary.train, summary.dev) == (6, 1)
    assert summary.files == [str(tmp_path / "train.spacy"), str(tmp_path / "dev.spacy")]
    train = tmp_path / "train.spacy"
    assert sorted(p.name for p in train.iterdir()) == [shard_name(0), shard_name(1)]
    assert (tmp_path / "dev.spacy").is_file()  # one shard's worth stays one file
    docs = [doc for _, doc in iter_docs(recs[:6], default_scheme())]
    for index, chunk in enumerate((docs[:3], docs[3:])):
        direct = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=chunk)
        assert (train / shard_name(index)).read_bytes() == direct.to_bytes()
    assert [d.text for d in read_docbin(train)] == [r.document.text for r in recs[:6]]
    assert [doc_info(d)["title"] for d in read_docbin(train)] == ["t"] * 6


def test_docbin_shards_break_on_tokens_too_and_the_same_way_each_time(tmp_path):
    recs = shard_records()
    for out in ("a", "b"):
        write_docbin(recs, tmp_path / out, default_scheme(), lambda r: True, shard_tokens=20)
    shards = sorted((tmp_path / "a" / "train.spacy").iterdir())
    assert [len(DocBin().from_disk(p)) for p in shards] == [2, 2, 2, 1]  # 9 tokens a document
    for path in shards:
        assert path.read_bytes() == (tmp_path / "b" / "train.spacy" / path.name).read_bytes()


def test_docbin_directory_and_file_replace_each_other(tmp_path):
    recs = shard_records()
    write_docbin(recs, tmp_path, default_scheme(), lambda r: True)
    assert (tmp_path / "train.spacy").is_file()
    write_docbin(recs, tmp_path, default_scheme(), lambda r: True, shard_docs=2)
    assert len(list((tmp_path / "train.spacy").iterdir())) == 4
    write_docbin(recs[:1], tmp_path, default_scheme(), lambda r: True)
    assert [d.text for d in read_docbin(tmp_path / "train.spacy")] == [recs[0].document.text]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dev.spacy", "train.spacy"]


def test_failed_docbin_leaves_the_old_parts_and_no_folder(tmp_path):
    def failing():
        yield from shard_records()
        raise OSError("disk full")

    write_docbin(shard_records()[:2], tmp_path / "out", default_scheme(), lambda r: True)
    before = (tmp_path / "out" / "train.spacy").read_bytes()
    with pytest.raises(OSError, match="disk full"):
        write_docbin(failing(), tmp_path / "out", default_scheme(), lambda r: True, shard_docs=2)
    assert (tmp_path / "out" / "train.spacy").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dev.spacy", "train.spacy"]
    with pytest.raises(OSError, match="disk full"):
        write_docbin(failing(), tmp_path / "new" / "deeper", default_scheme(), lambda r: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_formats_share_only_public_names_and_rename_in_one_place():
    """A format's private helper stays its own; the write-then-rename is in output.py."""
    import ast
    import re

    import annotator.core.formats as formats

    folder = Path(formats.__file__).parent
    for module in folder.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{module.name} imports {private} from {node.module}"
        if module.name != "output.py":
            assert not re.search(r"\.part\b|\.replace\(|\.rename\(", source), module.name
