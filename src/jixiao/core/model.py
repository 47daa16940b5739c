"""The domain model for the two v1 documents of docs/formats.md: ``jixiao.plan/1`` and
``jixiao.selfeval/1``.

Plain dataclasses (fast to import and build: the CLI must start in well under 0.3 s).
Each class converts to and from the JSON shape of docs/formats.md by hand, field by field, so
that ``to_dict(from_dict(x)) == x``: money stays a ``Decimal`` holding exactly the
written digits, absent values stay ``None``, and fields we do not know are carried in
``extra`` and written back unchanged (docs/formats.md: "Unknown input fields are kept").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from jixiao.core.money import to_decimal

__all__ = [
    "PLAN_FORMAT",
    "SELFEVAL_FORMAT",
    "Budget",
    "Department",
    "EvalIndicator",
    "EvalProject",
    "Execution",
    "Funds",
    "Indicator",
    "Measure",
    "ModelError",
    "Overall",
    "Plan",
    "Project",
    "Region",
    "SelfEvaluation",
    "SpendingPoint",
    "Subgoal",
]

PLAN_FORMAT = "jixiao.plan/1"
SELFEVAL_FORMAT = "jixiao.selfeval/1"

JSON = dict[str, Any]
T = TypeVar("T")


class ModelError(ValueError):
    """A document that does not have the shape of its format.

    ``path`` locates the offending field JSON-pointer style ("projects[2].budget.total")
    so the message can say where, in Chinese, without a traceback.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- helpers -------------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _obj(d: object, path: str) -> Mapping[str, Any]:
    if not isinstance(d, Mapping):
        raise ModelError(path, f"应为对象（{{…}}），实为 {type(d).__name__}")
    return d


def _extra(d: Mapping[str, Any], known: tuple[str, ...]) -> JSON:
    return {k: v for k, v in d.items() if k not in known}


def _str(d: Mapping[str, Any], key: str, path: str) -> str | None:
    v = d.get(key)
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
        return str(v)
    raise ModelError(_join(path, key), f"应为文本，实为 {type(v).__name__}")


def _dec(d: Mapping[str, Any], key: str, path: str) -> Decimal | None:
    try:
        return to_decimal(d.get(key))
    except ValueError as exc:
        raise ModelError(_join(path, key), str(exc)) from exc


def _int(d: Mapping[str, Any], key: str, path: str) -> int | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool):
        raise ModelError(_join(path, key), "应为整数")
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().isdigit():
        return int(v)
    raise ModelError(_join(path, key), f"应为整数，实为 {v!r}")


def _list(d: Mapping[str, Any], key: str, path: str, item: Callable[[Any, str], T]) -> list[T]:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise ModelError(_join(path, key), "应为列表（[…]）")
    return [item(x, f"{_join(path, key)}[{i}]") for i, x in enumerate(v)]


def _s(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


# --- plan ----------------------------------------------------------------------------


@dataclass(slots=True)
class Region:
    code: str | None = None
    name: str | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "region") -> Region:
        m = _obj(d, path)
        return cls(_str(m, "code", path), _str(m, "name", path), _extra(m, ("code", "name")))

    def to_dict(self) -> JSON:
        return {"code": self.code, "name": self.name, **self.extra}


@dataclass(slots=True)
class Department:
    code: str | None = None
    name: str | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "department") -> Department:
        m = _obj(d, path)
        return cls(_str(m, "code", path), _str(m, "name", path), _extra(m, ("code", "name")))

    def to_dict(self) -> JSON:
        return {"code": self.code, "name": self.name, **self.extra}


_INDICATOR_KEYS = ("level1", "level2", "name", "description", "target", "basis", "points")


@dataclass(slots=True)
class Indicator:
    """One row of a 绩效目标表 (or a quantified promise extracted from prose)."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    description: str | None = None
    target: str | None = None
    basis: str | None = None
    points: Decimal | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "indicator") -> Indicator:
        m = _obj(d, path)
        return cls(
            level1=_str(m, "level1", path),
            level2=_str(m, "level2", path),
            name=_str(m, "name", path),
            description=_str(m, "description", path),
            target=_str(m, "target", path),
            basis=_str(m, "basis", path),
            points=_dec(m, "points", path),
            # ``parsed`` is derived from ``target``; it is recomputed on output.
            extra=_extra(m, (*_INDICATOR_KEYS, "parsed")),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        out: JSON = {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "description": self.description,
            "target": self.target,
            "basis": self.basis,
            "points": _s(self.points),
        }
        if parsed:
            from jixiao.core.values import parse_value

            out["parsed"] = parse_value(self.target).to_dict()
        out.update(self.extra)
        return out


@dataclass(slots=True)
class Subgoal:
    title: str | None = None
    goal: str | None = None
    indicator_text: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "subgoal") -> Subgoal:
        m = _obj(d, path)
        return cls(
            title=_str(m, "title", path),
            goal=_str(m, "goal", path),
            indicator_text=_str(m, "indicator_text", path),
            indicators=_list(m, "indicators", path, Indicator.from_dict),
            extra=_extra(m, ("title", "goal", "indicator_text", "indicators")),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        return {
            "title": self.title,
            "goal": self.goal,
            "indicator_text": self.indicator_text,
            "indicators": [i.to_dict(parsed=parsed) for i in self.indicators],
            **self.extra,
        }


@dataclass(slots=True)
class Measure:
    title: str | None = None
    text: str | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "measure") -> Measure:
        m = _obj(d, path)
        return cls(_str(m, "title", path), _str(m, "text", path), _extra(m, ("title", "text")))

    def to_dict(self) -> JSON:
        return {"title": self.title, "text": self.text, **self.extra}


@dataclass(slots=True)
class Overall:
    """部门整体绩效目标: overall goal, sub-goals and work measures."""

    goal: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    subgoals: list[Subgoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "overall") -> Overall:
        m = _obj(d, path)
        return cls(
            goal=_str(m, "goal", path),
            indicators=_list(m, "indicators", path, Indicator.from_dict),
            subgoals=_list(m, "subgoals", path, Subgoal.from_dict),
            measures=_list(m, "measures", path, Measure.from_dict),
            extra=_extra(m, ("goal", "indicators", "subgoals", "measures")),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        return {
            "goal": self.goal,
            "indicators": [i.to_dict(parsed=parsed) for i in self.indicators],
            "subgoals": [s.to_dict(parsed=parsed) for s in self.subgoals],
            "measures": [m.to_dict() for m in self.measures],
            **self.extra,
        }


@dataclass(slots=True)
class Budget:
    """预算数 and its split; a blank part is ``None`` (not 0)."""

    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "budget") -> Budget:
        m = _obj(d, path)
        return cls(
            _dec(m, "total", path),
            _dec(m, "fiscal", path),
            _dec(m, "other", path),
            _extra(m, ("total", "fiscal", "other")),
        )

    def to_dict(self) -> JSON:
        return {
            "total": _s(self.total),
            "fiscal": _s(self.fiscal),
            "other": _s(self.other),
            **self.extra,
        }


@dataclass(slots=True)
class SpendingPoint:
    """资金支出计划: cumulative percent of the budget spent by the end of ``month``."""

    month: int
    percent: Decimal | None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "spending_plan") -> SpendingPoint:
        m = _obj(d, path)
        month = _int(m, "month", path)
        if month is None:
            raise ModelError(_join(path, "month"), "缺少月份")
        return cls(month, _dec(m, "percent", path), _extra(m, ("month", "percent")))

    def to_dict(self) -> JSON:
        return {"month": self.month, "percent": _s(self.percent), **self.extra}


@dataclass(slots=True)
class Project:
    """One 绩效目标表."""

    code: str | None = None
    name: str | None = None
    budget: Budget = field(default_factory=Budget)
    purpose: str | None = None
    spending_plan: list[SpendingPoint] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    extra: JSON = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """How findings name the project: its code, else its name (docs/formats.md#3-findings)."""
        return self.code or self.name

    @classmethod
    def from_dict(cls, d: object, path: str = "project") -> Project:
        m = _obj(d, path)
        goals = m.get("goals") or []
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise ModelError(_join(path, "goals"), "应为文本列表")
        return cls(
            code=_str(m, "code", path),
            name=_str(m, "name", path),
            budget=Budget.from_dict(m.get("budget") or {}, _join(path, "budget")),
            purpose=_str(m, "purpose", path),
            spending_plan=_list(m, "spending_plan", path, SpendingPoint.from_dict),
            goals=list(goals),
            indicators=_list(m, "indicators", path, Indicator.from_dict),
            extra=_extra(
                m,
                ("code", "name", "budget", "purpose", "spending_plan", "goals", "indicators"),
            ),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        return {
            "code": self.code,
            "name": self.name,
            "budget": self.budget.to_dict(),
            "purpose": self.purpose,
            "spending_plan": [p.to_dict() for p in self.spending_plan],
            "goals": list(self.goals),
            "indicators": [i.to_dict(parsed=parsed) for i in self.indicators],
            **self.extra,
        }


@dataclass(slots=True)
class Plan:
    """``jixiao.plan/1``: a department's annual performance targets."""

    year: int | None = None
    region: Region = field(default_factory=Region)
    department: Department = field(default_factory=Department)
    money_unit: str | None = "万元"
    overall: Overall | None = None
    projects: list[Project] = field(default_factory=list)
    format: str = PLAN_FORMAT
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object) -> Plan:
        m = _obj(d, "")
        fmt = m.get("format")
        if fmt != PLAN_FORMAT:
            raise ModelError("format", f"应为 “{PLAN_FORMAT}”，实为 {fmt!r}")
        overall = m.get("overall")
        return cls(
            year=_int(m, "year", ""),
            region=Region.from_dict(m.get("region") or {}, "region"),
            department=Department.from_dict(m.get("department") or {}, "department"),
            money_unit=_str(m, "money_unit", ""),
            overall=None if overall is None else Overall.from_dict(overall, "overall"),
            projects=_list(m, "projects", "", Project.from_dict),
            format=PLAN_FORMAT,
            extra=_extra(
                m,
                ("format", "year", "region", "department", "money_unit", "overall", "projects"),
            ),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        return {
            "format": self.format,
            "year": self.year,
            "region": self.region.to_dict(),
            "department": self.department.to_dict(),
            "money_unit": self.money_unit,
            "overall": None if self.overall is None else self.overall.to_dict(parsed=parsed),
            "projects": [p.to_dict(parsed=parsed) for p in self.projects],
            **self.extra,
        }


# --- self-evaluation -----------------------------------------------------------------


@dataclass(slots=True)
class EvalProject:
    code: str | None = None
    name: str | None = None
    supervisor: str | None = None
    implementer: str | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "project") -> EvalProject:
        m = _obj(d, path)
        return cls(
            _str(m, "code", path),
            _str(m, "name", path),
            _str(m, "supervisor", path),
            _str(m, "implementer", path),
            _extra(m, ("code", "name", "supervisor", "implementer")),
        )

    def to_dict(self) -> JSON:
        return {
            "code": self.code,
            "name": self.name,
            "supervisor": self.supervisor,
            "implementer": self.implementer,
            **self.extra,
        }


@dataclass(slots=True)
class Funds:
    """项目资金: 年初预算数, 全年预算数 (A, adjusted), 全年执行数 (B)."""

    initial: Decimal | None = None
    annual: Decimal | None = None
    executed: Decimal | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "funds") -> Funds:
        m = _obj(d, path)
        return cls(
            _dec(m, "initial", path),
            _dec(m, "annual", path),
            _dec(m, "executed", path),
            _extra(m, ("initial", "annual", "executed")),
        )

    def to_dict(self) -> JSON:
        return {
            "initial": _s(self.initial),
            "annual": _s(self.annual),
            "executed": _s(self.executed),
            **self.extra,
        }


@dataclass(slots=True)
class Execution:
    """The scored 预算执行率 item."""

    points: Decimal | None = None
    published_score: Decimal | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "execution") -> Execution:
        m = _obj(d, path)
        return cls(
            _dec(m, "points", path),
            _dec(m, "published_score", path),
            _extra(m, ("points", "published_score")),
        )

    def to_dict(self) -> JSON:
        return {
            "points": _s(self.points),
            "published_score": _s(self.published_score),
            **self.extra,
        }


_EVAL_INDICATOR_KEYS = (
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "points",
    "published_score",
    "reason",
)


@dataclass(slots=True)
class EvalIndicator:
    """One indicator row of a 项目支出绩效自评表."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    target: str | None = None
    actual: str | None = None
    points: Decimal | None = None
    published_score: Decimal | None = None
    reason: str | None = None
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object, path: str = "indicator") -> EvalIndicator:
        m = _obj(d, path)
        return cls(
            level1=_str(m, "level1", path),
            level2=_str(m, "level2", path),
            name=_str(m, "name", path),
            target=_str(m, "target", path),
            actual=_str(m, "actual", path),
            points=_dec(m, "points", path),
            published_score=_dec(m, "published_score", path),
            reason=_str(m, "reason", path),
            extra=_extra(m, (*_EVAL_INDICATOR_KEYS, "parsed")),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        out: JSON = {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "target": self.target,
            "actual": self.actual,
            "points": _s(self.points),
            "published_score": _s(self.published_score),
            "reason": self.reason,
        }
        if parsed:
            from jixiao.core.values import parse_value

            out["parsed"] = parse_value(self.target).to_dict()
        out.update(self.extra)
        return out


@dataclass(slots=True)
class SelfEvaluation:
    """``jixiao.selfeval/1``: one project's year-end 绩效自评."""

    year: int | None = None
    project: EvalProject = field(default_factory=EvalProject)
    money_unit: str | None = "万元"
    funds: Funds = field(default_factory=Funds)
    execution: Execution = field(default_factory=Execution)
    indicators: list[EvalIndicator] = field(default_factory=list)
    published_total: Decimal | None = None
    published_grade: str | None = None
    policy: Any = None
    format: str = SELFEVAL_FORMAT
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: object) -> SelfEvaluation:
        m = _obj(d, "")
        fmt = m.get("format")
        if fmt != SELFEVAL_FORMAT:
            raise ModelError("format", f"应为 “{SELFEVAL_FORMAT}”，实为 {fmt!r}")
        return cls(
            year=_int(m, "year", ""),
            project=EvalProject.from_dict(m.get("project") or {}, "project"),
            money_unit=_str(m, "money_unit", ""),
            funds=Funds.from_dict(m.get("funds") or {}, "funds"),
            execution=Execution.from_dict(m.get("execution") or {}, "execution"),
            indicators=_list(m, "indicators", "", EvalIndicator.from_dict),
            published_total=_dec(m, "published_total", ""),
            published_grade=_str(m, "published_grade", ""),
            policy=m.get("policy"),
            format=SELFEVAL_FORMAT,
            extra=_extra(
                m,
                (
                    "format",
                    "year",
                    "project",
                    "money_unit",
                    "funds",
                    "execution",
                    "indicators",
                    "published_total",
                    "published_grade",
                    "policy",
                ),
            ),
        )

    def to_dict(self, *, parsed: bool = False) -> JSON:
        return {
            "format": self.format,
            "year": self.year,
            "project": self.project.to_dict(),
            "money_unit": self.money_unit,
            "funds": self.funds.to_dict(),
            "execution": self.execution.to_dict(),
            "indicators": [i.to_dict(parsed=parsed) for i in self.indicators],
            "published_total": _s(self.published_total),
            "published_grade": self.published_grade,
            "policy": self.policy,
            **self.extra,
        }
