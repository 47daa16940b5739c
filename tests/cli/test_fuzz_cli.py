"""The CLI on hostile input (issue 11 fuzz harness): ``parse``, ``check`` and ``score``
exit 0, 1 or 2 and never end in a traceback. ``make fuzz`` runs it longer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from tests.core.test_fuzz import FUZZ, SAMPLE, _json_text
from tests.strategies import hostile_documents, mutated_texts

runner = CliRunner()
COMMANDS = st.sampled_from(["parse", "check", "score"])


def _run(command: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        result = runner.invoke(app, [command, str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


@FUZZ
@given(COMMANDS, hostile_documents())
def test_hostile_json_never_crashes_the_cli(command: str, doc: Any) -> None:
    _run(command, "doc.json", _json_text(doc).encode())


@FUZZ
@given(COMMANDS, st.data())
def test_mutated_text_never_crashes_the_cli(command: str, data: st.DataObject) -> None:
    _run(command, "doc.txt", data.draw(mutated_texts(SAMPLE)).encode("utf-8"))
