"""Findings and read diagnostics: problems reported as values, never raised.

A ``Finding`` is what a check (审核) or a re-check (复核) reports about a document; its
``rule`` slug is the public contract (domain.md). ``Location`` says where in an input
file something was read, so messages can point at a page, line, sheet or cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Finding:
    """One defect found by a rule; fields as in format.md §3, extras optional."""

    rule: str
    severity: Severity
    project: str | None
    indicator: int | None
    message: str
    basis: str = ""
    suggestion: str | None = None
    location: Location | None = None
    extra: dict[str, Any] = field(default_factory=dict)

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
