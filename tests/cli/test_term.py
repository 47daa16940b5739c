"""``cli.term``: safe text (a law), JSON escaping (the same data), styles and plain tables."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.cli.term import json_safe, paint, plain_table, safe, style_codes

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@given(st.text())
def test_safe_leaves_no_control_or_bidi_character(s: str) -> None:
    out = safe(s)
    assert not UNSAFE.search(out)
    assert not any(unicodedata.category(c) == "Cc" for c in out)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"])))
def test_safe_is_the_identity_on_ordinary_text(s: str) -> None:
    if not UNSAFE.search(s):
        assert safe(s) == s


def test_safe_shows_what_it_replaced() -> None:
    assert safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert safe("\x9b2J") == "\\x9b2J"
    assert safe("x\u202ey") == "x\\u202ey"
    assert safe("1\t2\n3\r") == "1\\t2\\n3\\r"
    assert safe("[/] [link=x]中文（≥95%）") == "[/] [link=x]中文（≥95%）"


@given(
    st.recursive(st.text() | st.integers(), lambda c: st.lists(c) | st.dictionaries(st.text(), c))
)
def test_json_safe_keeps_the_data(obj: object) -> None:
    text = json_safe(json.dumps(obj, ensure_ascii=False))
    assert json.loads(text) == obj
    assert not UNSAFE.search(text)


def test_no_styles_and_no_rich_when_piped() -> None:
    code = (
        "import io, sys; from jixiao.cli.term import style_codes; "
        "assert style_codes(io.StringIO()) == {}; "
        "print('rich' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "FORCE_COLOR": "", "TTY_COMPATIBLE": ""}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_styles_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    codes = style_codes(io.StringIO())
    assert paint(codes, "错误", "bold red") == "\x1b[1;31m错误\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert paint(style_codes(io.StringIO()), "错误", "bold red") == "\x1b[1m错误\x1b[0m"
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    assert style_codes(io.StringIO()) == {}


def test_plain_table_aligns_wide_characters() -> None:
    lines = plain_table(
        ["序号", "名称", "分值"],
        [["1", "政策知晓率", "10"], ["12", "a\x1bb", "5"]],
        frozenset({0, 2}),
    )
    assert lines[0] == "序号  名称        分值"
    assert lines[2] == "   1  政策知晓率    10"
    assert lines[3] == "  12  a\\x1bb" + " " * 9 + "5"  # the escape is six columns wide
