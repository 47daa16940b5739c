"""Excel dispatcher: decide what table a workbook holds and hand it to its reader.

A 自评表 has an indicator header with 三级指标 and an actual column (实际完成值, 全年实际值
…); a 绩效目标表 has 指标值 with 项目编码 or 预算数 but no actual column. Detection reads
labels, not positions, so tables laid out like ours (an extra row, a moved block) still
go to the right reader. openpyxl is imported here, never by ``readers/__init__``.
"""

from __future__ import annotations

import io
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.readers import ReadResult
from jixiao.core.readers.limits import check_xlsx

__all__ = ["detect_kind", "read_excel"]

_ACTUAL_LABELS = ("实际完成值", "全年实际值", "实际完成情况值", "实际值", "全年实际完成值")
_PLAN_MARKERS = ("项目编码", "预算数", "预算规模", "资金总额")


def _labels(ws: Any, limit: int = 80) -> set[str]:
    out: set[str] = set()
    for row in ws.iter_rows(max_row=limit, values_only=True):
        for v in row:
            if isinstance(v, str):
                out.add("".join(v.split()))
    return out


def detect_kind(labels: set[str]) -> str | None:
    """ "selfeval", "plan" or ``None`` for the label cells of one sheet."""
    if "部门整体绩效目标" in labels:
        return "plan"
    has_level3 = any("三级指标" in t for t in labels)
    has_actual = any(t.startswith(_ACTUAL_LABELS) for t in labels)
    if has_level3 and has_actual:
        return "selfeval"
    has_target = any(t.startswith(("指标值", "年度指标值")) for t in labels)
    if has_level3 and has_target and any(m in t for t in labels for m in _PLAN_MARKERS):
        return "plan"
    return None


def read_excel(data: bytes, source: str | None = None) -> ReadResult:
    """Read an .xlsx 自评表 or 绩效目标表; raise ``ReadError`` saying what was expected."""
    from openpyxl import load_workbook

    check_xlsx(data, source)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ReadError(f"无法打开 Excel 文件（应为 .xlsx）：{exc}", Location(file=source)) from exc
    kinds = [detect_kind(_labels(ws)) for ws in wb.worksheets]
    if "selfeval" in kinds:
        from jixiao.core.readers.excel_selfeval import read_selfeval_workbook

        return read_selfeval_workbook(wb, source)
    if "plan" in kinds:
        from jixiao.core.readers.excel_plan import read_plan_workbook

        return read_plan_workbook(data, source, checked=True)
    raise ReadError(
        "未识别的 Excel 表格：自评表应有“一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分”表头；"
        "绩效目标表应有“项目编码/预算数”和“一级指标、二级指标、三级指标、指标值”表头",
        Location(file=source),
    )
