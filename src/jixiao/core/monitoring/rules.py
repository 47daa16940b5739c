"""Findings of a monitoring run: what a unit must still write, and what does not add up.

Rule slugs are the public contract (they appear in ``findings[].rule``):

- ``monitor-reason-missing`` / ``monitor-measure-missing`` (error): an indicator whose
  likelihood is not 确定能 (M4), or a budget line whose lamp is red or yellow (M11,
  lamps configurable), lacks its 偏差原因 / 纠偏措施.
- ``monitor-reason-category`` (error when a category outside the configured list is
  given, warning when a reason names none of them, M5).
- ``monitor-likelihood-missing`` (warning): progress reported without 完成目标可能性.
- ``monitor-likelihood-inconsistent`` (warning): 确定能 with a year-end value that misses
  the target, or 不可能 with one that meets it.
- ``monitor-progress-missing`` (warning): progress was reported for the plan, but not
  for some of this project's indicators.
- ``monitor-over-budget`` (warning): more executed than budgeted.
- ``monitor-forecast`` (warning): a reported 全年预计执行数 above the budget or below
  what is already executed.
- ``monitor-no-budget`` (warning): no budget, so no execution rate and no lamp.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from jixiao.core.findings import Finding, Location, Severity
from jixiao.core.monitoring.progress import BudgetProgress, IndicatorProgress
from jixiao.core.monitoring.report import IndicatorResult, ProjectResult, money_text
from jixiao.core.monitoring.settings import LAMP_LABELS, MonitorSettings
from jixiao.core.values import normalize_text

__all__ = ["BASIS", "budget_findings", "category_of", "indicator_findings", "missing_progress"]

_DOUBLE = "中发〔2018〕34号：对绩效目标实现程度和预算执行进度实行“双监控”，发现问题及时纠正"
_MONITOR = "财预〔2019〕136号《中央部门预算绩效运行监控管理暂行办法》：运行监控中分析偏离绩效目标的原因，及时纠偏"
BASIS: dict[str, str] = {
    "monitor-reason-missing": f"{_MONITOR}；{_DOUBLE}（红黄灯须说明的范围可配置）",
    "monitor-measure-missing": f"{_MONITOR}；{_DOUBLE}（红黄灯须说明的范围可配置）",
    "monitor-reason-category": f"{_MONITOR}；偏差原因按类别填报（类别可配置）",
    "monitor-likelihood-missing": f"{_MONITOR}：逐项判断绩效目标完成的可能性",
    "monitor-likelihood-inconsistent": f"{_MONITOR}：预计完成情况与完成可能性应一致",
    "monitor-progress-missing": f"{_DOUBLE}：监控覆盖每一项绩效指标",
    "monitor-over-budget": "《中华人民共和国预算法》：各部门、各单位的支出必须以经批准的预算为依据",
    "monitor-forecast": f"{_MONITOR}：全年预计执行数应在预算数以内、不少于已执行数",
    "monitor-no-budget": f"{_DOUBLE}：预算执行进度以预算数为基数",
}
_LIKELY = "确定能"


def _f(
    rule: str,
    severity: Severity,
    project: str | None,
    indicator: int | None,
    message: str,
    suggestion: str | None = None,
    location: Location | None = None,
) -> Finding:
    return Finding(rule, severity, project, indicator, message, BASIS[rule], suggestion, location)


def category_of(
    category: str | None, reason: str | None, settings: MonitorSettings
) -> tuple[str | None, bool]:
    """(the deviation category, whether an explicit category is outside the list).

    An explicit category must be one of the list; without one, a reason that begins
    with a category ("经费保障：资金下达晚") is filed under it.
    """
    cats = _categories(settings.deviation_categories)
    if category:
        hit = dict(cats).get(normalize_text(category))
        return (hit, False) if hit else (category, True)
    if reason:
        r = normalize_text(reason)
        for norm, cat in cats:
            if r.startswith(norm):
                return cat, False
    return None, False


@lru_cache(maxsize=16)
def _categories(categories: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(normalised, as configured), longest first: once per settings."""
    return tuple(sorted(((normalize_text(c), c) for c in categories), key=lambda kv: -len(kv[0])))


def _words(
    project: str | None,
    indicator: int | None,
    what: str,
    reason: str | None,
    measure: str | None,
    category: str | None,
    bad_category: bool,
    settings: MonitorSettings,
    location: Location | None,
    required: bool,
) -> list[Finding]:
    out: list[Finding] = []
    if required and not reason:
        out.append(
            _f("monitor-reason-missing", "error", project, indicator, f"{what}，未填写偏差原因",
               f"说明偏差原因（{'、'.join(settings.deviation_categories)}）", location)
        )  # fmt: skip
    if required and not measure:
        out.append(
            _f("monitor-measure-missing", "error", project, indicator, f"{what}，未填写纠偏措施",
               "写明将采取的纠偏措施和完成时间", location)
        )  # fmt: skip
    cats = "、".join(settings.deviation_categories)
    if bad_category:
        out.append(
            _f("monitor-reason-category", "error", project, indicator,
               f"偏差原因类别“{category}”不在可选类别中（{cats}）", None, location)
        )  # fmt: skip
    elif reason and category is None:
        out.append(
            _f("monitor-reason-category", "warning", project, indicator,
               f"偏差原因未注明类别（{cats}）", f"以类别开头，如“{settings.deviation_categories[0]}：……”",
               location)
        )  # fmt: skip
    return out


def indicator_findings(
    project: str | None,
    result: IndicatorResult,
    entry: IndicatorProgress | None,
    bad_category: bool,
    settings: MonitorSettings,
) -> list[Finding]:
    """M4, M5 and consistency findings for one indicator."""
    if entry is None:
        return []
    where = entry.location
    label = f"第{result.index}项指标“{result.name or ''}”"
    out: list[Finding] = []
    if result.likelihood is None:
        if entry.current is not None or entry.projected is not None:
            out.append(
                _f("monitor-likelihood-missing", "warning", project, result.index,
                   f"{label}已填报完成值，未填写完成目标可能性",
                   "填写 确定能、有可能 或 不可能", where)
            )  # fmt: skip
    elif result.meets is False and result.likelihood == _LIKELY:
        out.append(
            _f("monitor-likelihood-inconsistent", "warning", project, result.index,
               f"{label}全年预计完成值“{result.projected}”达不到年度指标“{result.target}”，"
               "完成目标可能性却为“确定能”", "核实预计完成值，或改为“有可能”“不可能”并说明原因", where)
        )  # fmt: skip
    elif result.meets is True and result.likelihood == "不可能":
        out.append(
            _f("monitor-likelihood-inconsistent", "warning", project, result.index,
               f"{label}全年预计完成值“{result.projected}”已达到年度指标“{result.target}”，"
               "完成目标可能性却为“不可能”", "核实预计完成值或完成目标可能性", where)
        )  # fmt: skip
    required = result.likelihood is not None and result.likelihood != _LIKELY
    what = f"{label}完成目标可能性为“{result.likelihood}”"
    out += _words(
        project, result.index, what, result.deviation_reason, result.corrective_measure,
        result.deviation_category, bad_category, settings, where, required,
    )  # fmt: skip
    return out


def budget_findings(
    p: ProjectResult,
    entry: BudgetProgress | None,
    bad_category: bool,
    money_unit: str,
    settings: MonitorSettings,
) -> list[Finding]:
    """M11 and the budget line's own checks for one project."""
    key = p.project_key
    where = entry.location if entry is not None else None
    out: list[Finding] = []
    if p.budget is None or p.budget == 0:
        out.append(
            _f("monitor-no-budget", "warning", key, None, "项目没有预算数，无法计算执行率和预警灯",
               "在绩效目标表中填写预算数，或在进度文件的“预算”行填写调整后预算数")
        )  # fmt: skip
    elif p.executed > p.budget:
        out.append(
            _f("monitor-over-budget", "warning", key, None,
               f"执行数 {money_text(p.executed)} {money_unit} 超过预算数 {money_text(p.budget)} {money_unit}",
               "核实支付明细，或按规定调整预算")
        )  # fmt: skip
    if entry is not None and entry.projected_executed is not None:
        projected: Decimal = entry.projected_executed
        if p.budget is not None and projected > p.budget:
            out.append(
                _f("monitor-forecast", "warning", key, None,
                   f"全年预计执行数 {money_text(projected)} {money_unit} 超过预算数 {money_text(p.budget)} {money_unit}",
                   None, where)
            )  # fmt: skip
        elif projected < p.executed:
            out.append(
                _f("monitor-forecast", "warning", key, None,
                   f"全年预计执行数 {money_text(projected)} {money_unit} 少于已执行数 {money_text(p.executed)} {money_unit}",
                   None, where)
            )  # fmt: skip
    required = p.lamp is not None and p.lamp in settings.budget_words_lamps
    what = f"预算执行为{LAMP_LABELS[p.lamp]}" if p.lamp is not None else "预算执行"
    out += _words(
        key, None, what, p.deviation_reason, p.corrective_measure, p.deviation_category,
        bad_category, settings, where, required,
    )  # fmt: skip
    return out


def missing_progress(key: str | None, missing: list[int]) -> Finding:
    shown = "、".join(str(i) for i in missing[:20]) + ("等" if len(missing) > 20 else "")
    return _f(
        "monitor-progress-missing", "warning", key, None,
        f"未填报第{shown}项指标的完成情况（共 {len(missing)} 项）",
        "在进度文件中补填这些指标的完成值和完成目标可能性",
    )  # fmt: skip
