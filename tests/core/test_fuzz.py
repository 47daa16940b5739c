"""Fuzz tests that stay (issue 11): hostile JSON/YAML documents, mutated text documents
and damaged workbooks go through every reader, ``check`` and ``score``. The law: the only
exception that escapes a reader is ``ReadError`` (the documented error type; ``ModelError``
and the rest never surface), and whatever a reader accepts, the checker and the scorer
handle without raising. Output never carries NaN or Infinity.

A fixed number of examples runs in ``make test``; ``make fuzz`` sets
``JIXIAO_FUZZ_EXAMPLES`` for a long run.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.checks import check_plan
from jixiao.core.findings import ReadError
from jixiao.core.model import Plan, SelfEvaluation
from jixiao.core.readers import read_bytes
from jixiao.core.readers.structured import dump_json
from jixiao.core.scoring import PolicyError, policy_for, score_selfeval
from jixiao.core.writers.excel_plan import write_plan_workbook
from tests.strategies import (
    HOSTILE_NUMBER_TOKENS,
    hostile_documents,
    hostile_numbers,
    mutated_texts,
    plans,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "samples" / "julu-2024-zhengfawei.txt").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _json_text(value: Any) -> str:
    """JSON text of ``value``; Decimal and float non-finite numbers as their raw tokens."""

    def default(o: object) -> Any:
        if isinstance(o, Decimal):
            return "@@" + str(o) + "@@"
        raise TypeError(type(o).__name__)

    text = json.dumps(value, ensure_ascii=False, default=default, allow_nan=True)
    return text.replace('"@@', "").replace('@@"', "")


_NUMBER_KEYS = frozenset(
    {"total", "fiscal", "other", "percent", "points", "score", "published_score",
     "computed", "published", "initial", "annual", "executed", "rate", "number"}
)  # fmt: skip


def _finite(value: Any, key: str = "") -> None:
    """No number in the output is NaN or infinite (text fields may say anything)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _finite(v, str(k))
    elif isinstance(value, list):
        for v in value:
            _finite(v, key)
    elif isinstance(value, float | Decimal):
        assert value == value, key  # not NaN
        assert value not in (float("inf"), float("-inf")), key
    elif isinstance(value, str) and key in _NUMBER_KEYS:
        assert value.lstrip("-") not in ("NaN", "Infinity", "inf", "nan"), (key, value)


def _use(result_doc: Plan | SelfEvaluation, tmp: Path | None = None) -> None:
    """What the CLI does with a document it read: check it or score it."""
    if isinstance(result_doc, Plan):
        findings = check_plan(result_doc)
        _finite([f.to_dict() for f in findings])
        _finite(result_doc.to_dict(parsed=True))
        dump_json(result_doc, parsed=True)  # what jixiao parse writes (extra fields included)
    else:
        try:
            policy = policy_for(result_doc, relative_to=tmp)
        except PolicyError:
            return
        report = score_selfeval(result_doc, policy)
        _finite(report.to_dict())
        _finite(result_doc.to_dict())


def _read_and_use(data: bytes, name: str) -> None:
    try:
        result = read_bytes(data, name)
    except ReadError as exc:
        message = str(exc)  # a message saying where and why
    else:
        _use(result.document)
        return
    assert message


@FUZZ
@given(hostile_documents())
def test_hostile_json_documents(doc: Any) -> None:
    _read_and_use(_json_text(doc).encode(), "doc.json")


@FUZZ
@given(hostile_documents())
def test_hostile_yaml_documents(doc: Any) -> None:
    try:
        text = yaml.safe_dump(json.loads(_json_text(doc), parse_float=str), allow_unicode=True)
    except (ValueError, RecursionError):
        return  # not JSON-representable (raw NaN token) or too deep for PyYAML's writer
    _read_and_use(text.encode(), "doc.yaml")


@FUZZ
@given(st.sampled_from(HOSTILE_NUMBER_TOKENS), st.sampled_from(["total", "fiscal", "other"]))
def test_raw_number_tokens_in_budgets(token: str, key: str) -> None:
    budget = f'{{"{key}": {token}}}'
    text = '{"format": "jixiao.plan/1", "projects": [{"name": "甲", "budget": ' + budget + "}]}"
    _read_and_use(text.encode(), "doc.json")


@FUZZ
@given(st.data())
def test_mutated_text_documents(data: st.DataObject) -> None:
    text = data.draw(mutated_texts(SAMPLE))
    _read_and_use(text.encode("utf-8"), "doc.txt")


_EDITS = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.integers(1, 40),
        st.integers(1, 12),
        st.one_of(hostile_numbers(), st.text(max_size=20)),
    ),
    min_size=1,
    max_size=6,
)
_FLIPS = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=20)


@FUZZ
@given(plans(max_projects=2), st.booleans(), _EDITS, _FLIPS)
def test_damaged_workbooks(
    plan: Plan,
    edit_cells: bool,
    edits: list[tuple[int, int, int, Any]],
    flips: list[tuple[float, int]],
) -> None:
    """A written plan workbook with cells replaced by hostile values, or bytes flipped."""
    raw = write_plan_workbook(plan)
    if edit_cells:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import IllegalCharacterError

        wb = load_workbook(io.BytesIO(raw))
        for sheet, r, c, value in edits:
            ws = wb.worksheets[sheet % len(wb.worksheets)]
            try:
                ws.cell(r, c).value = float(value) if isinstance(value, Decimal) else value
            except (ValueError, TypeError, AttributeError, IllegalCharacterError):
                continue  # openpyxl refuses it (a merged cell, an illegal character)
        out = io.BytesIO()
        try:
            wb.save(out)
        except (ValueError, TypeError):
            return
        raw = out.getvalue()
    else:
        buf = bytearray(raw)
        for where, byte in flips:
            buf[int(where * len(buf))] = byte
        raw = bytes(buf)
    _read_and_use(raw, "plan.xlsx")


@FUZZ
@given(
    hostile_documents(),
    st.sampled_from(["mof-2020", "p.yaml", "../p.yaml", "/etc/passwd", "x" * 300]),
)
def test_selfeval_policy_field(doc: Any, policy: str) -> None:
    if isinstance(doc, dict) and doc.get("format") == "jixiao.selfeval/1":
        doc["policy"] = policy
    _read_and_use(_json_text(doc).encode(), "doc.json")


def test_a_zip_with_every_member_damaged_is_a_read_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<nonsense")
        zf.writestr("xl/workbook.xml", "\x00\x01")
    _read_and_use(out.getvalue(), "broken.xlsx")
