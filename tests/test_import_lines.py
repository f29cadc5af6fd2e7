"""A JSONL file is cut into lines one at a time (ingest/readers.py): the
same lines and numbers as ``str.split("\\n")`` gave, but no list of every
line beside the file's text while it is parsed."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.ingest.readers import json_objects


def _split_lines(text: str) -> list[tuple[int, str]]:
    """What the reader did before: every line of ``str.split``, blanks out."""
    return [
        (n, line) for n, line in enumerate(text.split("\n"), start=1) if line and not line.isspace()
    ]


@pytest.mark.parametrize("seed", range(40))
def test_the_lines_and_their_numbers_are_those_of_split(seed: int) -> None:
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randrange(0, 12)):
        parts.append(
            rng.choice(
                [
                    json.dumps({"text": f"doc {rng.random()}"}),
                    "",
                    "   ",
                    "\r",
                    json.dumps({"text": "a\u2028b\u0085c"}),  # separators split only by splitlines
                ]
            )
        )
    text = "\n".join(parts) + rng.choice(["", "\n", "\n\n", "\r\n"])
    got = [(n, json.dumps(v)) for n, v in json_objects(Path("x.jsonl"), text)]
    want = [(n, json.dumps(json.loads(line))) for n, line in _split_lines(text)]
    assert got == want


def test_a_bad_line_is_named_by_its_number_after_blank_lines(tmp_path: Path) -> None:
    text = '{"text": "a"}\n\n\n{"text": \n'
    with pytest.raises(InputError) as raised:
        list(json_objects(tmp_path / "f.jsonl", text))
    assert raised.value.line == 4
    assert "f.jsonl:4" in str(raised.value)


def test_no_second_copy_of_the_file_is_held_while_it_is_parsed() -> None:
    line = json.dumps({"text": "Oil exports fell sharply. " * 60})
    text = "\n".join([line] * 2000)  # about 3 MB
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for _ in json_objects(Path("big.jsonl"), text):
            pass  # each value dropped at once, as a caller that stores them keeps only those
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    # a list of every line (the old str.split) alone is the size of the text
    assert peak < len(text) / 10, (peak, len(text))
