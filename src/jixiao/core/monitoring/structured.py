"""JSON and YAML inputs of monitoring (progress files, feed definitions), bounded.

Numbers stay exact (YAML floats and JSON numbers become ``Decimal``); YAML anchors and
aliases are refused (an alias bomb expands a few bytes into gigabytes), and so is
nesting deeper than a progress file or a feed ever needs.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent

from jixiao.core.findings import Location, ReadError

__all__ = ["MAX_DEPTH", "load_structured"]

MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """SafeLoader with exact decimals and without aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, "不支持 YAML 别名（*name）", event.start_mark)
        return super().compose_node(parent, index)


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def load_structured(text: str, source: str, *, as_yaml: bool) -> Any:
    """The parsed value of a JSON (or, with ``as_yaml``, YAML) text."""
    data: Any
    try:
        # _Loader is a SafeLoader subclass
        data = yaml.load(text, Loader=_Loader) if as_yaml else json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"JSON 格式错误：{exc.msg}（第{exc.lineno}行第{exc.colno}列）",
            Location(file=source, line=exc.lineno),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ReadError(
            f"YAML 格式错误：{getattr(exc, 'problem', None) or exc}",
            Location(file=source, line=None if mark is None else mark.line + 1),
        ) from None
    except RecursionError:
        raise ReadError(f"嵌套层次过深（上限 {MAX_DEPTH} 层）", Location(file=source)) from None
    if _depth(data) > MAX_DEPTH:
        raise ReadError(f"嵌套层次过深（上限 {MAX_DEPTH} 层）", Location(file=source))
    return data
