"""What every app's API router shares: the error body and JSON-safe documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema

from jixiao.core.money import decimal_text

__all__ = ["ErrorOut", "jsonable"]


class ErrorOut(Schema):
    detail: str
    location: dict[str, Any] | None = None


def jsonable(value: Any) -> Any:
    """Decimals in unknown fields become strings (money is a decimal string, docs/formats.md)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
