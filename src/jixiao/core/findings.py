"""Findings and read diagnostics: problems reported as values, never raised.

A ``Finding`` is what a check (审核) or a re-check (复核) reports about a document; its
``rule`` slug is the public contract (docs/rules.md). ``Location`` says where in an input
file something was read, so messages can point at a page, line, sheet or cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["SEVERITIES", "Finding", "Location", "ReadError", "Severity"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input file: any of page, line, sheet, row, column (1-based)."""

    file: str | None = None
    page: int | None = None
    line: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        return " ".join(parts) if parts else "（未知位置）"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in self.__slots__ if (v := getattr(self, k)) is not None}


_FINDING_FIELDS = (
    "rule",
    "severity",
    "project",
    "indicator",
    "message",
    "basis",
    "suggestion",
    "location",
    "extra",
)


class Finding:
    """One defect found by a rule; fields as in docs/formats.md#3-findings, extras optional.

    The Chinese ``message`` may be deferred (``Finding.deferred``): it is formatted on
    first access, so code that only counts or sorts findings (scoring a county's batch
    of self-evaluations) does not format text nobody reads. Either way a finding
    compares, prints and serialises by its message text.
    """

    __slots__ = (
        "_args",
        "_message",
        "_render",
        "basis",
        "extra",
        "indicator",
        "location",
        "project",
        "rule",
        "severity",
        "suggestion",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __init__(
        self,
        rule: str,
        severity: Severity,
        project: str | None,
        indicator: int | None,
        message: str,
        basis: str = "",
        suggestion: str | None = None,
        location: Location | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.rule = rule
        self.severity = severity
        self.project = project
        self.indicator = indicator
        self._message: str | None = message
        self._render: Callable[..., str] | None = None
        self._args: tuple[Any, ...] = ()
        self.basis = basis
        self.suggestion = suggestion
        self.location = location
        self.extra: dict[str, Any] = {} if extra is None else extra

    @classmethod
    def deferred(
        cls,
        rule: str,
        severity: Severity,
        project: str | None,
        indicator: int | None,
        render: Callable[..., str],
        *args: Any,
        basis: str = "",
        suggestion: str | None = None,
        location: Location | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding whose message is ``render(*args)``, formatted when first read.

        ``args`` are bound now (no late binding of loop variables); ``render`` must not
        depend on anything that changes afterwards.
        """
        f = cls.__new__(cls)
        f.rule = rule
        f.severity = severity
        f.project = project
        f.indicator = indicator
        f._message = None
        f._render = render
        f._args = args
        f.basis = basis
        f.suggestion = suggestion
        f.location = location
        f.extra = {} if extra is None else extra
        return f

    @property
    def message(self) -> str:
        message = self._message
        if message is None:
            assert self._render is not None
            message = self._message = self._render(*self._args)
            self._render, self._args = None, ()
        return message

    @message.setter
    def message(self, value: str) -> None:
        self._message = value
        self._render, self._args = None, ()

    def __getstate__(self) -> tuple[None, dict[str, Any]]:
        # A copy or pickle carries the message text, not the function that makes it.
        self._message = self.message
        return None, {name: getattr(self, name) for name in self.__slots__}

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.rule,
            self.severity,
            self.project,
            self.indicator,
            self.message,
            self.basis,
            self.suggestion,
            self.location,
            self.extra,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Finding)
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        fields = zip(_FINDING_FIELDS, self._fields(), strict=True)
        inner = ", ".join(f"{n}={v!r}" for n, v in fields)
        return f"Finding({inner})"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "project": self.project,
            "indicator": self.indicator,
            "message": self.message,
            "basis": self.basis,
        }
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.location is not None:
            out["location"] = self.location.to_dict()
        out.update(self.extra)
        return out


class ReadError(Exception):
    """An input that cannot be read at all; the message says where and why, in Chinese."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
