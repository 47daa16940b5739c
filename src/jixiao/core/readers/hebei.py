"""The Hebei county 部门预算绩效文本 from its extracted text lines.

Part 1 (部门整体绩效目标) is prose under fixed headings; part 2 is one 绩效目标表 per
project, each opened by a " N.<项目名称>绩效目标表" heading. Every label may wrap at a
column width ("预算规模及" + "资金用途"), so labels are matched on the text with
whitespace removed and, where they may wrap, with line breaks allowed between their
characters. A project that cannot be read is skipped with a warning naming it; a file
that is not of this layout, or that ends inside a project, is a ``ReadError``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from jixiao.core.classification import LEVEL1_LABELS, LEVEL2_LABELS
from jixiao.core.findings import Location, ReadError
from jixiao.core.model import (
    Budget,
    Department,
    Measure,
    Overall,
    Plan,
    Project,
    Region,
    SpendingPoint,
    Subgoal,
)
from jixiao.core.money import parse_amount
from jixiao.core.readers import ReadResult, ReadWarning
from jixiao.core.readers.cleaning import clean, join_wrapped
from jixiao.core.readers.hebei_table import (
    LABEL_PREFIXES,
    TableError,
    TableLine,
    parse_indicator_rows,
)

__all__ = [
    "Line",
    "ProjectError",
    "infer_region",
    "infer_year",
    "parse_overall",
    "read_hebei_lines",
    "spending_plan",
    "split_documents",
    "split_goals",
]

EXPECTED_HEADER = "一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据"


class Line:
    """A non-blank line: 1-based number in the source, its text (trailing spaces kept)
    and ``c``, the text with extraction whitespace removed (what labels are matched on).

    ``c`` is computed on first use: most lines of a document are table rows, which are
    cut from their raw text and never matched against a label."""

    __slots__ = ("_c", "no", "text")

    def __init__(self, no: int, text: str) -> None:
        self.no = no
        self.text = text
        self._c: str | None = None

    @property
    def c(self) -> str:
        c = self._c
        if c is None:
            c = self._c = clean(self.text)
        return c

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r})"


class ProjectError(ValueError):
    """One project's table cannot be read; the others still can."""

    def __init__(self, message: str, lineno: int | None, *, incomplete: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno
        self.incomplete = incomplete


def _wrapped(label: str) -> str:
    """Regex for ``label`` as extracted: line breaks may fall between its characters."""
    out = []
    for ch in label:
        if ch in "：:":
            out.append("[：:]?")
        elif ch in "（(":
            out.append("[（(]")
        elif ch in "）)":
            out.append("[）)]")
        else:
            out.append(re.escape(ch))
    return "\n?".join(out)


_HEAD = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.*)$")
_DEPT = re.compile(r"^(?:([0-9A-Za-z][0-9A-Za-z\-]*)\s+)?(.*?)\s*单位\s*[:：]\s*(万元|元)\s*$")
_CODE = re.compile(r"^项目编码[:：]?([0-9A-Za-z\-]*)(?:项目名称[:：]?(.*))?$")
_AMT = r"\d[\d,]*(?:\.\d+)?"
_BUDGET = re.compile(
    rf"^(?:{_wrapped('预算规模及资金用途')}\n?)?"
    rf"{_wrapped('预算数')}\n?(?P<total>{_AMT})?\n?"
    rf"{_wrapped('其中：财政资金')}\n?(?P<fiscal>{_AMT})?\n?"
    rf"{_wrapped('其他资金')}(?P<other>{_AMT})?(?:\n(?P<other2>{_AMT})(?=\n|$))?"
    r"(?:\n(?P<purpose>.*))?$",
    re.S,
)
_PLAN_LABEL = re.compile(rf"^{_wrapped('资金支出计划（%）')}")
_MONTH = re.compile(r"(\d{1,2})\s*月(?:底|末|份)?")
_PERCENT = re.compile(r"\d+(?:\.\d+)?")
_GOAL_NO = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.．、](?!\d)", re.M)
_SUB_MARK = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.*)$")
_H1 = re.compile(r"^一[、.．]总体绩效目标")
_H2 = re.compile(r"^二[、.．]分项绩效目标")
_H3 = re.compile(r"^三[、.．]工作保障措施")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_REGION = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|县|市|区|旗))")
_NOT_REGION = frozenset({"社区", "园区", "景区", "小区", "校区", "片区", "城区", "市区", "街区"})


@dataclass(slots=True)
class _Block:
    start: int  # index into lines
    end: int
    seq: int | None
    head_name: str | None
    head_line: int


def _find_blocks(lines: Sequence[Line]) -> list[_Block]:
    """Project blocks, each from its " N.…绩效目标表" heading to the next."""
    starts: list[tuple[int, int | None, str | None, int]] = []
    n = len(lines)
    # ``c`` starts with the first non-space character of the text: only lines starting
    # with a digit can be a heading, only lines starting with 项 a 项目编码 line.
    firsts = [ln.text.lstrip()[:1] for ln in lines]
    after = 0  # lines before this one belong to a heading already found
    for i in [k for k, f in enumerate(firsts) if f.isdecimal()]:
        if i < after:
            continue
        joined = lines[i].c
        if _HEAD.match(joined):
            j = i
            while not joined.endswith("绩效目标表") and j < i + 2 and j + 1 < n:
                j += 1
                joined += lines[j].c
            if joined.endswith("绩效目标表") and (
                _DEPT.match(lines[j + 1].text.strip() if j + 1 < n else "")
                or (j + 1 < n and lines[j + 1].c.startswith("项目编码"))
            ):
                hm = _HEAD.match(joined)
                assert hm is not None
                starts.append((i, int(hm.group(1)), hm.group(2)[: -len("绩效目标表")], j))
                after = j + 1
    # A 项目编码 line with no heading of its own also opens a project.
    covered: set[int] = set()
    for s, _, _, j in starts:
        covered.update(range(s, j + 3))
    for k, ln in enumerate(lines):
        if firsts[k] == "项" and ln.c.startswith("项目编码") and k not in covered:
            s = k - 1 if k > 0 and _DEPT.match(lines[k - 1].text.strip()) else k
            starts.append((s, None, None, s - 1))
    starts.sort(key=lambda t: t[0])
    blocks = []
    for idx, (s, seq, head_name, hend) in enumerate(starts):
        end = starts[idx + 1][0] if idx + 1 < len(starts) else n
        blocks.append(_Block(s, end, seq, head_name, hend))
    return blocks


_PART1_HEAD = re.compile(r"^(?:第一部分|部门整体绩效目标$)")


def split_documents(lines: Sequence[Line]) -> list[tuple[Sequence[Line], list[_Block]]]:
    """The documents in ``lines``, each with its project blocks (indices into its lines).

    Texts concatenated into one file must not merge into one plan. A document starts
    again where, after the first project table, (a) part 1 opens again ("第一部分" /
    "部门整体绩效目标" / "一、总体绩效目标") — part 1 precedes every table of a document —
    or (b) project numbering restarts at "1." (documents without part 1)."""
    blocks = _find_blocks(lines)
    if not blocks:
        return [(lines, blocks)]
    cuts: list[int] = []
    first = blocks[0].start
    for k in range(blocks[0].head_line + 1, len(lines)):
        if lines[k].text.lstrip()[:1] not in ("第", "一"):
            continue
        c = lines[k].c
        if not _H1.match(c) and not c.startswith("第一部分"):
            continue
        start = k  # back over the headings that open part 1 ("第一部分", "部门整体绩效目标")
        while start - 1 > first and _PART1_HEAD.match(lines[start - 1].c):
            start -= 1
        if not cuts or start > cuts[-1] + 3:
            cuts.append(start)
    for prev, b in pairwise(blocks):
        if b.seq == 1 and prev.seq is not None and not any(prev.start < c <= b.start for c in cuts):
            cuts.append(b.start)
    if not cuts:
        return [(lines, blocks)]
    bounds = [0, *sorted(set(cuts)), len(lines)]
    out: list[tuple[Sequence[Line], list[_Block]]] = []
    for a, z in pairwise(bounds):
        part = [
            _Block(b.start - a, min(b.end, z) - a, b.seq, b.head_name, b.head_line - a)
            for b in blocks
            if a <= b.start < z
        ]
        out.append((lines[a:z], part))
    return out


def read_hebei_lines(
    lines: Sequence[Line],
    source: str | None,
    full_text: str,
    blocks: list[_Block] | None = None,
) -> ReadResult:
    """Read one document from its non-blank lines (``blocks``: from ``split_documents``)."""
    if not lines:
        raise ReadError("文件为空，没有可读取的内容", Location(file=source))
    if blocks is None:
        blocks = _find_blocks(lines)
    part1 = lines[: blocks[0].start] if blocks else list(lines)
    # Some extractions keep a "第二部分 预算项目绩效目标" heading: it is not part 1's prose.
    part2 = next((i for i, ln in enumerate(part1) if ln.c.startswith("第二部分")), None)
    if part2 is not None:
        part1 = part1[:part2]
    overall = parse_overall(part1)
    if not blocks:
        if overall is not None:
            raise ReadError(
                "文档不完整：第一部分之后没有任何“N.…绩效目标表”（项目绩效目标表），文件可能被截断",
                Location(file=source, line=lines[-1].no),
            )
        raise ReadError(
            "不是已知格式的部门预算绩效文本：未找到“一、总体绩效目标”或“N.…绩效目标表”"
            "（应为河北县级部门预算绩效文本的版式）",
            Location(file=source, line=lines[0].no),
        )
    warnings: list[ReadWarning] = []
    projects: list[Project] = []
    department = Department()
    money_unit: str | None = None
    first_error: ReadError | None = None
    phrases: Counter[str] = Counter()  # 依据 phrases seen so far, shared by the tables
    for b, block in enumerate(blocks):
        body = lines[block.start : block.end]
        try:
            project, dept, unit = parse_project(body, block, phrases)
        except ProjectError as exc:
            label = _project_label(body, block)
            loc = Location(file=source, line=exc.lineno)
            if exc.incomplete and b == len(blocks) - 1:
                raise ReadError(
                    f"文档在第{lines[-1].no}行结束，{label}不完整：{exc.message}；文件可能被截断",
                    loc,
                ) from None
            warnings.append(ReadWarning(f"已跳过{label}：{exc.message}", loc))
            first_error = first_error or ReadError(f"{label}：{exc.message}", loc)
            continue
        projects.append(project)
        if department.code is None and department.name is None and dept is not None:
            department = dept
        money_unit = money_unit or unit
    if not projects:
        assert first_error is not None
        raise first_error
    plan = Plan(
        year=infer_year(full_text, source),
        region=Region(name=infer_region(department.name)),
        department=department,
        money_unit=money_unit or "万元",
        overall=overall,
        projects=projects,
    )
    return ReadResult(plan, warnings)


def _project_label(body: Sequence[Line], block: _Block) -> str:
    code = None
    name = block.head_name
    for ln in body[:6]:
        m = _CODE.match(ln.c)
        if m:
            code = m.group(1) or None
            name = name or (clean(m.group(2) or "") or None)
            break
    parts = [f"项目“{name or '（无名称）'}”"]
    if code:
        parts.append(f"（编码 {code}）")
    return "".join(parts)


def infer_year(text: str, source: str | None) -> int | None:
    """The budget year: the year most often written in the text, else one in the file name."""
    years = Counter(_YEAR.findall(text))
    if years:
        return int(years.most_common(1)[0][0])
    if source:
        m = _YEAR_IN_NAME.search(source.rsplit("/", 1)[-1])
        if m:
            return int(m.group(1))
    return None


def infer_region(department_name: str | None) -> str | None:
    """The county/city/district a department name starts with ("巨鹿县政法委" → "巨鹿县")."""
    if not department_name:
        return None
    m = _REGION.match(department_name)
    return m.group(1) if m and m.group(1) not in _NOT_REGION else None


# --- part 1 -----------------------------------------------------------------------------


def parse_overall(lines: Sequence[Line]) -> Overall | None:
    """第一部分: overall goal, sub-goals, measures; None when the part is absent."""
    found: dict[str, int | None] = dict.fromkeys(("h1", "h2", "h3"))
    for k, ln in enumerate(lines):
        c = ln.c
        for key, rx in (("h1", _H1), ("h2", _H2), ("h3", _H3)):
            if found[key] is None and rx.match(c):
                found[key] = k
    if all(v is None for v in found.values()):
        return None
    n = len(lines)
    h1, h2, h3 = found["h1"], found["h2"], found["h3"]

    def region(start: int | None, *ends: int | None) -> list[Line]:
        if start is None:
            return []
        stop = min([e for e in ends if e is not None and e > start] or [n])
        return list(lines[start + 1 : stop])

    goal_lines = _drop_label(region(h1, h2, h3), "总体绩效目标")
    sub_lines = _drop_label(region(h2, h3), "分项绩效目标")
    measure_lines = _drop_label(region(h3), "工作保障措施")
    goal = join_wrapped([ln.text for ln in goal_lines]) or None
    return Overall(
        goal=goal,
        subgoals=_subgoals(sub_lines),
        measures=_measures(measure_lines),
    )


def _drop_label(lines: list[Line], label: str) -> list[Line]:
    """Drop the cell label that repeats a heading ("一、总体绩效目标" then "总体绩效目标")."""
    if lines and lines[0].c.startswith(label):
        rest = lines[0].c[len(label) :]
        return ([Line(lines[0].no, rest)] if rest else []) + lines[1:]
    return lines


def _marked(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Split at "（一）"/"(一)" markers: (text after the marker, following lines)."""
    out: list[tuple[str, list[Line]]] = []
    for ln in lines:
        m = _SUB_MARK.match(ln.text.strip())
        if m:
            out.append((m.group(2), []))
        elif out:
            out[-1][1].append(ln)
    return out


_GOAL_LABEL = re.compile(r"^绩效目标[:：]")
_IND_LABEL = re.compile(r"^绩效指标[:：]")


def _subgoals(lines: list[Line]) -> list[Subgoal]:
    out: list[Subgoal] = []
    for first, rest in _marked(lines):
        parts: dict[str, list[str]] = {"title": [first], "goal": [], "ind": []}
        state = "title"
        for ln in rest:
            c = ln.c
            if _GOAL_LABEL.match(c):
                state = "goal"
                parts[state].append(_GOAL_LABEL.sub("", c))
            elif _IND_LABEL.match(c):
                state = "ind"
                parts[state].append(_IND_LABEL.sub("", c))
            else:
                parts[state].append(ln.text)
        out.append(
            Subgoal(
                title=join_wrapped(parts["title"]) or None,
                goal=join_wrapped(parts["goal"]) or None,
                indicator_text=join_wrapped(parts["ind"]) or None,
            )
        )
    return out


def _measures(lines: list[Line]) -> list[Measure]:
    return [
        Measure(title=clean(first) or None, text=join_wrapped([ln.text for ln in rest]) or None)
        for first, rest in _marked(lines)
    ]


# --- part 2: one project ------------------------------------------------------------------


def parse_project(
    body: Sequence[Line], block: _Block, phrases: Counter[str] | None = None
) -> tuple[Project, Department | None, str | None]:
    """One 绩效目标表 from its lines (heading included)."""
    k = block.head_line - block.start + 1 if block.seq is not None else 0
    k = max(k, 0)
    dept: Department | None = None
    unit: str | None = None
    if k < len(body):
        m = _DEPT.match(body[k].text.strip())
        if m:
            dept = Department(code=m.group(1), name=clean(m.group(2)) or None)
            unit = m.group(3)
            k += 1
    if k >= len(body) or not body[k].c.startswith("项目编码"):
        at = body[k].no if k < len(body) else body[-1].no
        raise ProjectError("应有“项目编码 … 项目名称 …”行", at, incomplete=k >= len(body))
    m = _CODE.match(body[k].c)
    if m is None:
        raise ProjectError(
            "“项目编码”行无法识别，应为“项目编码 <编码> 项目名称 <名称>”", body[k].no
        )
    code = m.group(1) or None
    name = clean(m.group(2) or "")
    k += 1
    head = clean(block.head_name or "")
    # A long 项目名称 moves below the 项目编码 line and wraps there.
    while k < len(body):
        c = body[k].c
        guided = bool(head) and len(name) < len(head) and head.startswith(name + c)
        unguided = not head and not name and not c.startswith("预算")
        if not (guided or unguided):
            break
        name += c
        k += 1
    project = Project(code=code, name=name or head or None)
    k = _budget(body, k, project)
    k = _plan(body, k, project)
    k = _goals(body, k, project)
    _table(body, k, project, phrases)
    return project, dept, unit


def _find(body: Sequence[Line], k: int, pred: object, what: str, lineno: int) -> int:
    assert callable(pred)
    for j in range(k, len(body)):
        if pred(j):
            return j
    raise ProjectError(f"未找到{what}", lineno, incomplete=True)


def _budget(body: Sequence[Line], k: int, project: Project) -> int:
    if k >= len(body):
        raise ProjectError("缺少“预算数”", body[-1].no, incomplete=True)

    def is_plan(j: int) -> bool:
        if not body[j].c.startswith("资金"):
            return False
        return _PLAN_LABEL.match("\n".join(ln.c for ln in body[j : j + 4])) is not None

    end = _find(body, k, is_plan, "“资金支出计划（%）”", body[k].no)
    text = "\n".join(ln.c for ln in body[k:end])
    m = _BUDGET.match(text)
    if m is None:
        raise ProjectError(
            "预算规模及资金用途无法识别，应为“预算数 <金额> 其中：财政资金 <金额> 其他资金 <金额或空>”",
            body[k].no,
        )
    total, fiscal = parse_amount(m.group("total")), parse_amount(m.group("fiscal"))
    other = parse_amount(m.group("other") or m.group("other2"))
    project.budget = Budget(total=total, fiscal=fiscal, other=other)
    purpose = m.group("purpose")
    project.purpose = clean(purpose) if purpose and clean(purpose) else None
    return end


def spending_plan(months_text: str, lineno: int | None) -> list[SpendingPoint]:
    """Months ("3月底 …") then as many cumulative percentages ("25% …")."""
    months = [int(x) for x in _MONTH.findall(months_text)]
    rest = _MONTH.sub(" ", months_text)
    percents = _PERCENT.findall(rest)
    if not months or len(months) != len(percents):
        raise ProjectError(
            f"资金支出计划应为若干月份及同样多的百分比，读到 {len(months)} 个月份、{len(percents)} 个百分比",
            lineno,
        )
    return [
        SpendingPoint(month=mo, percent=Decimal(p)) for mo, p in zip(months, percents, strict=True)
    ]


def _plan(body: Sequence[Line], k: int, project: Project) -> int:
    def is_goals(j: int) -> bool:
        c = body[j].c
        return c.startswith("绩效目标") and not c.startswith("绩效目标表")

    end = _find(body, k, is_goals, "“绩效目标”", body[k].no)
    text = "\n".join(ln.c for ln in body[k:end])
    m = _PLAN_LABEL.match(text)
    rest = text[m.end() :] if m else text
    project.spending_plan = spending_plan(rest, body[k].no)
    return end


def split_goals(text: str) -> list[str]:
    """Numbered goal lines ("1.… 2.…") without their numbers; wrapped lines rejoined."""
    cuts: list[tuple[int, int]] = []
    expected: int | None = None
    for m in _GOAL_NO.finditer(text):
        num = int(m.group(1))
        if expected is None or num == expected:
            cuts.append((m.start(), m.end()))
            expected = num + 1
    if not cuts:
        g = clean(text)
        return [g] if g else []
    goals = []
    for i, (_, body_start) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        g = clean(text[body_start:stop])
        if g:
            goals.append(g)
    return goals


def _goals(body: Sequence[Line], k: int, project: Project) -> int:
    def is_header(j: int) -> bool:
        return body[j].c.startswith("一级指标")

    end = _find(body, k, is_header, f"指标表表头“{EXPECTED_HEADER}”", body[k].no)
    first = body[k].text.strip()[len("绩效目标") :]
    text = "\n".join([first, *(ln.text.strip() for ln in body[k + 1 : end])])
    project.goals = split_goals(text)
    return end


_HEADER_COLUMNS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("一级指标", ("一级指标",), None),
    ("二级指标", ("二级指标",), None),
    ("三级指标", ("三级指标",), "name"),
    ("绩效指标描述", ("描述", "指标内容"), "description"),
    ("指标值", ("指标值",), "target"),
    ("指标值确定依据", ("依据",), "basis"),
)


def _starts_with_label(c: str) -> bool:
    return any(c.startswith(x) for x in LEVEL1_LABELS | LEVEL2_LABELS) or c in LABEL_PREFIXES


def _table(body: Sequence[Line], k: int, project: Project, phrases: Counter[str] | None) -> None:
    header = body[k].c
    j = k + 1
    while (
        j < len(body) and j < k + 4 and "依据" not in header and not _starts_with_label(body[j].c)
    ):
        header += body[j].c
        j += 1
    missing = []
    probe = header.replace("确定依据", "")
    for title, keys, _ in _HEADER_COLUMNS:
        hay = probe if title == "指标值" else header
        if not any(key in hay for key in keys):
            missing.append(title)
    if missing:
        raise ProjectError(
            f"指标表表头缺少“{'”“'.join(missing)}”列；应为“{EXPECTED_HEADER}”", body[k].no
        )
    rows = [TableLine(i, ln.no, ln.text) for i, ln in enumerate(body[j:], start=j)]
    if not rows:
        raise ProjectError("指标表没有任何指标行", body[k].no, incomplete=True)
    try:
        project.indicators = parse_indicator_rows(rows, known=phrases)
    except TableError as exc:
        raise ProjectError(
            exc.message, exc.lineno, incomplete=exc.lineno == body[-1].no or _tail_short(rows, exc)
        ) from None


def _tail_short(rows: list[TableLine], exc: TableError) -> bool:
    """A short row among the table's last lines: the text probably ends mid-row."""
    return exc.lineno is not None and exc.lineno >= rows[-1].lineno - 2
