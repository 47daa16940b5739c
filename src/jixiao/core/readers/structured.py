"""Our own formats: ``jixiao.plan/1`` and ``jixiao.selfeval/1`` as JSON or YAML.

YAML numbers are read as their written text so that ``total: 96.00`` stays "96.00"
(a float would lose the trailing zeros and, for larger sums, digits).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import PLAN_FORMAT, SELFEVAL_FORMAT, ModelError, Plan, SelfEvaluation
from jixiao.core.readers import ReadResult
from jixiao.core.readers.limits import LimitError, check_depth, current

__all__ = ["document_from_dict", "dump_json", "dump_yaml", "read_structured"]


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader that keeps YAML floats as exact ``Decimal``."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node)
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        value = Decimal("NaN")  # .nan / .inf are YAML floats Decimal does not spell
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, f"不允许非有限数值 {text}（NaN/Infinity）", node.start_mark
        )
    return value


def _no_constant(name: str) -> Any:
    raise _NonFinite(name)


class _NonFinite(ValueError):
    """JSON's NaN / Infinity / -Infinity, which our formats do not allow."""


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def document_from_dict(data: Any, source: str | None = None) -> Plan | SelfEvaluation:
    """Build the model for a parsed JSON/YAML value, by its ``format`` field."""
    if not isinstance(data, dict):
        raise ReadError("文档顶层应为对象（{…}）", Location(file=source))
    fmt = data.get("format")
    try:
        if fmt == PLAN_FORMAT:
            return Plan.from_dict(data)
        if fmt == SELFEVAL_FORMAT:
            return SelfEvaluation.from_dict(data)
    except ModelError as exc:
        raise ReadError(f"字段 {exc.path}：{exc.message}", Location(file=source)) from exc
    raise ReadError(
        f"未知的文档格式 format={fmt!r}，应为 “{PLAN_FORMAT}” 或 “{SELFEVAL_FORMAT}”",
        Location(file=source),
    )


def read_structured(text: str, source: str | None = None, *, as_yaml: bool = False) -> ReadResult:
    """Read a JSON or YAML document (YAML is a superset, tried when JSON fails)."""
    data: Any
    if not as_yaml:
        try:
            data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
        except _NonFinite as exc:
            raise ReadError(
                f"JSON 中不允许非有限数值 {exc}（NaN/Infinity）", Location(file=source)
            ) from None
        except RecursionError:
            raise _too_deep(source) from None
        except ValueError as exc:  # JSONDecodeError, or an int of thousands of digits
            if text.lstrip().startswith(("{", "[")):
                if isinstance(exc, json.JSONDecodeError):
                    raise ReadError(
                        f"JSON 格式错误：{exc.msg}（第{exc.lineno}行第{exc.colno}列）",
                        Location(file=source, line=exc.lineno),
                    ) from exc
                raise ReadError("JSON 中的数值过大", Location(file=source)) from None
            as_yaml = True
    if as_yaml:
        try:
            data = _load_yaml(text)
        except RecursionError:
            raise _too_deep(source) from None
        except Exception as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise ReadError(
                f"YAML 格式错误：{getattr(exc, 'problem', None) or exc}",
                Location(file=source, line=line),
            ) from exc
    check_depth(data, source)
    return ReadResult(document_from_dict(data, source))


def _too_deep(source: str | None) -> LimitError:
    return LimitError(
        f"文档嵌套过深（超过 {current().max_depth} 层，limits.max_depth）",
        Location(file=source),
        limit="max_depth",
    )


def _load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass


def dump_json(document: Plan | SelfEvaluation, *, parsed: bool = False) -> str:
    """The document as pretty UTF-8 JSON (Chinese kept readable, not \\u-escaped)."""
    return json.dumps(document.to_dict(parsed=parsed), ensure_ascii=False, indent=2, default=str)


def dump_yaml(document: Plan | SelfEvaluation, *, parsed: bool = False) -> str:
    return yaml.safe_dump(
        document.to_dict(parsed=parsed), allow_unicode=True, sort_keys=False, width=120
    )
