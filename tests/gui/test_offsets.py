"""Code points <-> UTF-16: the mapping every span drawn in Qt goes through."""

from __future__ import annotations

from annotator.gui.offsets import OffsetMap, display_text


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_ascii_text_maps_to_itself():
    m = OffsetMap("plain text")
    assert [m.to_qt(i) for i in range(11)] == list(range(11))
    assert m.to_py(7) == 7


def test_emoji_shift_later_offsets_by_one_each():
    text = "a😀b🇯🇵c"  # one astral char, then a flag made of two
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        assert m.to_qt(i) == utf16_len(text[:i])
        assert m.to_py(m.to_qt(i)) == i
    assert m.qt_length == utf16_len(text)


def test_position_inside_a_surrogate_pair_rounds():
    m = OffsetMap("x😀y")
    assert m.to_py(2) == 1  # between the halves: down to the emoji
    assert m.to_py(2, round_up=True) == 2  # or up past it
    assert m.range_to_py(2, 2) == (1, 2)


def test_nbsp_and_other_bmp_characters_count_one():
    text = "1.7\u00a0million – “bpd”"
    m = OffsetMap(text)
    assert all(m.to_qt(i) == i for i in range(len(text) + 1))


def test_crlf_keeps_two_positions():
    assert display_text("a\r\nb") == "a \nb"
    assert len(display_text("a\r\nb\r\n")) == len("a\r\nb\r\n")
    assert display_text("no returns") == "no returns"
