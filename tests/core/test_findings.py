"""Findings: a deferred message is formatted once, on first read, and is otherwise the
same finding as one built with the message written out (equality, repr, JSON)."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.findings import Finding, Location
from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval
from jixiao.core.scoring.scorer import fmt

FORMULAS = Path(__file__).resolve().parent.parent / "data" / "selfeval-formulas.yaml"

MESSAGE = "资金到位率：公布得分7分超过分值5分"


def _message(label: str, published: Decimal, points: Decimal) -> str:
    return f"{label}：公布得分{fmt(published)}分超过分值{fmt(points)}分"


def _deferred(**kw: object) -> Finding:
    return Finding.deferred(
        "over-points",
        "error",
        "P1",
        3,
        _message,
        "资金到位率",
        Decimal("7.00"),
        Decimal(5),
        basis="docs/scoring.md#r3",
        **kw,  # type: ignore[arg-type]
    )


def _plain(**kw: object) -> Finding:
    return Finding("over-points", "error", "P1", 3, MESSAGE, "docs/scoring.md#r3", **kw)  # type: ignore[arg-type]


def test_deferred_message_is_formatted_from_its_arguments() -> None:
    assert _deferred().message == MESSAGE


def test_deferred_message_is_formatted_once_and_only_when_read() -> None:
    calls: list[str] = []

    def render(text: str) -> str:
        calls.append(text)
        return text + "。"

    f = Finding.deferred("total-mismatch", "error", None, None, render, "总分不符")
    assert calls == []
    assert (f.rule, f.severity, f.project, f.indicator) == ("total-mismatch", "error", None, None)
    assert calls == []  # reading other fields does not format the message
    assert f.message == "总分不符。"
    assert f.message == "总分不符。"
    assert calls == ["总分不符"]


def test_arguments_are_bound_when_the_finding_is_made() -> None:
    findings = [
        Finding.deferred("r", "info", None, i, _message, f"第{i}项", Decimal(i), Decimal(1))
        for i in range(1, 4)
    ]
    assert [f.message for f in findings] == [
        "第1项：公布得分1分超过分值1分",
        "第2项：公布得分2分超过分值1分",
        "第3项：公布得分3分超过分值1分",
    ]


def test_deferred_equals_the_finding_with_the_message_written_out() -> None:
    loc = Location(file="a.yaml", line=4)
    extra = {"published": "7", "computed": "5"}
    assert _deferred() == _plain()
    assert _plain() == _deferred()
    assert _deferred(location=loc, extra=extra) == _plain(location=loc, extra=dict(extra))
    assert _deferred() != _plain(extra=extra)
    other = Finding.deferred("over-points", "error", "P1", 3, _message, "x", Decimal(7), Decimal(5))
    assert _deferred() != other  # a different message
    assert _deferred() != MESSAGE
    with pytest.raises(TypeError):
        hash(_deferred())  # mutable, like the dataclass it replaced


def test_to_dict_and_repr_are_those_of_the_plain_finding() -> None:
    extra = {"published": "7", "computed": "5"}
    loc = Location(file="a.yaml", row=4)
    d, p = _deferred(extra=extra, location=loc), _plain(extra=dict(extra), location=loc)
    assert d.to_dict() == p.to_dict()
    assert list(d.to_dict()) == [
        "rule",
        "severity",
        "project",
        "indicator",
        "message",
        "basis",
        "location",
        "published",
        "computed",
    ]
    assert json.dumps(d.to_dict(), ensure_ascii=False) == json.dumps(
        p.to_dict(), ensure_ascii=False
    )
    assert repr(d) == repr(p)
    assert repr(p) == (
        "Finding(rule='over-points', severity='error', project='P1', indicator=3, "
        f"message='{MESSAGE}', basis='docs/scoring.md#r3', suggestion=None, "
        "location=Location(file='a.yaml', page=None, line=None, sheet=None, row=4, "
        "column=None), extra={'published': '7', 'computed': '5'})"
    )


def test_plain_finding_keeps_its_constructor_and_defaults() -> None:
    f = Finding("vague-indicator", "warning", "P1", 6, "指标含义笼统")
    assert (f.basis, f.suggestion, f.location, f.extra) == ("", None, None, {})
    assert (
        Finding("a", "info", None, None, "m").extra
        is not Finding("a", "info", None, None, "m").extra
    )
    g = Finding(
        rule="a", severity="info", project=None, indicator=None, message="m", suggestion="s"
    )
    assert g.to_dict() == {
        "rule": "a",
        "severity": "info",
        "project": None,
        "indicator": None,
        "message": "m",
        "basis": "",
        "suggestion": "s",
    }


def test_message_can_be_replaced() -> None:
    f = _deferred()
    f.message = "改写"
    assert f.message == "改写"
    assert f != _plain()


def test_copies_and_pickles_carry_the_message() -> None:
    def local_render() -> str:  # not picklable itself: the text travels, not the function
        return MESSAGE

    def pickled(f: Finding) -> Finding:
        g = pickle.loads(pickle.dumps(f))
        assert isinstance(g, Finding)
        return g

    makers: list[Callable[[], Finding]] = [
        lambda: _deferred(extra={"published": "7"}),
        lambda: _local(local_render),
    ]
    copiers: list[Callable[[Finding], Finding]] = [copy.copy, copy.deepcopy, pickled]
    for make in makers:
        for how in copiers:
            g = how(make())
            assert g == make()
            assert g.message == MESSAGE


def _local(render: Callable[[], str]) -> Finding:
    return Finding.deferred("over-points", "error", "P1", 3, render, basis="docs/scoring.md#r3")


def test_score_findings_render_the_same_messages_when_read() -> None:
    doc = read_document(FORMULAS).document
    assert isinstance(doc, SelfEvaluation)
    findings = score_selfeval(doc).findings
    messages = {f.rule: f.message for f in findings}
    assert messages["score-mismatch"].startswith("安全责任事故：")
    assert "应得0分，公布为5分" in messages["score-mismatch"]
    assert messages["grade-mismatch"].startswith("评价等级：公布总分")
    assert "应在[" in messages["qualitative-band"]
