"""The self-evaluation's documents: the 项目支出绩效自评表 as PDF, and a draft 绩效自评报告.

The table is the Excel form of ``writers.excel_selfeval`` (computed scores) printed by
``sheet``, so the PDF and the .xlsx show the same cells. The report is a Word draft in
the usual sections — 一、基本情况, 二、绩效目标实现情况 (with the indicator table and the
score), 三、存在问题及改进措施, 四、其他需要说明的问题 — filled from the data, with
bracketed prompts where only the unit can write (its background, its own analysis).
Texts are stored as text (python-docx escapes them; ``flat`` drops control characters).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.documents.layout import cn_number, flat
from jixiao.core.documents.sheet import render_sheets_pdf
from jixiao.core.model import SelfEvaluation

if TYPE_CHECKING:
    from docx.document import Document

    from jixiao.core.scoring.scorer import ScoreReport

__all__ = ["REPORT_SECTIONS", "render_selfeval_pdf", "render_selfeval_report"]

REPORT_SECTIONS = (
    "一、基本情况",
    "二、绩效目标实现情况",
    "三、存在问题及改进措施",
    "四、其他需要说明的问题",
)
PROMPT_BACKGROUND = "（请补充项目立项依据、主要内容、实施主体及组织管理情况。）"
PROMPT_PROBLEMS = "（请结合偏差原因，补充项目管理中存在的问题和下一步改进措施。）"
PROMPT_OTHER = "（无其他需要说明的问题时写“无”。）"


def render_selfeval_pdf(doc: SelfEvaluation, report: ScoreReport) -> bytes:
    """The 项目支出绩效自评表 (computed scores), as the Excel form prints."""
    from jixiao.core.writers.excel_selfeval import TITLE, selfeval_workbook

    wb = selfeval_workbook(doc, report, scores="computed")
    name = flat(doc.project.name) or "项目"
    return render_sheets_pdf(wb, f"{name}{TITLE}", sheets=[TITLE])


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def report_title(doc: SelfEvaluation) -> str:
    return f"{flat(doc.project.name) or '项目'}绩效自评报告"


def render_selfeval_report(doc: SelfEvaluation, report: ScoreReport) -> bytes:
    """The draft 绩效自评报告 as .docx bytes, for the unit to finish."""
    from docx import Document as new_document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from jixiao.core.documents.word import SANS, _fonts, _page_setup, _run

    d = new_document()
    _page_setup(d)
    _fonts(d.styles["Normal"].element.get_or_add_rPr(), "宋体")
    props = d.core_properties
    props.title, props.author, props.subject = report_title(doc), "", "绩效自评报告（草稿）"
    title = d.paragraphs[0] if d.paragraphs else d.add_paragraph()
    _run(title, report_title(doc), SANS, 18.0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.year is not None:
        year = d.add_paragraph()
        _run(year, f"（{doc.year}年度）", "宋体", 12.0)
        year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _basics(d, doc, report)
    _results(d, doc, report)
    _problems(d, doc, report)
    _heading(d, REPORT_SECTIONS[3])
    _para(d, PROMPT_OTHER)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _heading(d: Document, text: str, size: float = 14.0) -> None:
    from jixiao.core.documents.word import SANS, _run

    p = d.add_paragraph()
    _run(p, text, SANS, size)
    p.paragraph_format.keep_with_next = True


def _para(d: Document, text: str) -> None:
    from docx.shared import Pt

    from jixiao.core.documents.word import _run

    p = d.add_paragraph()
    _run(p, flat(text), "宋体", 12.0)
    p.paragraph_format.first_line_indent = Pt(24)


def _basics(d: Document, doc: SelfEvaluation, report: ScoreReport) -> None:
    p = doc.project
    unit = doc.money_unit or "万元"
    _heading(d, REPORT_SECTIONS[0])
    _heading(d, "（一）项目概况", 12.0)
    facts = [
        f"项目名称：{flat(p.name) or '—'}",
        f"项目编码：{flat(p.code) or '—'}",
        f"主管部门：{flat(p.supervisor) or '—'}",
        f"实施单位：{flat(p.implementer) or '—'}",
    ]
    for fact in facts:
        _para(d, fact)
    _para(d, PROMPT_BACKGROUND)
    _heading(d, "（二）资金情况", 12.0)
    f = doc.funds
    rate = report.execution.rate
    rate_text = "—" if rate is None else f"{format((rate * 100).quantize(Decimal('0.01')), 'f')}%"
    _para(
        d,
        f"年初预算数{_num(f.initial)}{unit}，全年预算数{_num(f.annual)}{unit}，"
        f"全年执行数{_num(f.executed)}{unit}，预算执行率{rate_text}，"
        f"预算执行率得分{_num(report.execution.score)}分（分值{_num(report.execution.points)}分）。",
    )


def _results(d: Document, doc: SelfEvaluation, report: ScoreReport) -> None:
    _heading(d, REPORT_SECTIONS[1])
    _heading(d, "（一）总体目标完成情况", 12.0)
    goal = doc.extra.get("goal")
    actual = doc.extra.get("goal_actual")
    _para(d, f"年度总体目标：{flat(goal) if isinstance(goal, str) and goal else '—'}")
    _para(d, f"实际完成情况：{flat(actual) if isinstance(actual, str) and actual else '—'}")
    _heading(d, "（二）绩效指标完成情况", 12.0)
    headers = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    )
    table = d.add_table(rows=1, cols=len(headers))
    table.style = d.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    scores = {s.index - 1: s for s in report.indicators}  # IndicatorScore.index counts from 1
    for k, ind in enumerate(doc.indicators):
        s = scores.get(k)
        row = table.add_row().cells
        values = (
            ind.level1, ind.level2, ind.name, ind.target, ind.actual,
            _num(s.points if s else ind.points), _num(s.score if s else None), ind.reason,
        )  # fmt: skip
        for cell, value in zip(row, values, strict=True):
            cell.text = flat(value) if isinstance(value, str) else ""
    _heading(d, "（三）自评得分", 12.0)
    grade = f"，评价等级为“{flat(report.grade)}”" if report.grade else ""
    _para(
        d,
        f"按评分规则（{flat(report.policy.name)}）计算，项目自评得分{_num(report.total)}分{grade}。",
    )


def _problems(d: Document, doc: SelfEvaluation, report: ScoreReport) -> None:
    _heading(d, REPORT_SECTIONS[2])
    short = []
    for s in report.indicators:
        if s.points is not None and s.score is not None and s.score < s.points:
            ind = doc.indicators[s.index - 1]
            reason = flat(ind.reason) or "（请说明偏差原因）"
            short.append(
                f"“{flat(ind.name) or '指标'}”未完全达到年度指标值（目标{flat(ind.target) or '—'}，"
                f"实际{flat(ind.actual) or '—'}，得分{_num(s.score)}/{_num(s.points)}）：{reason}"
            )
    if not short:
        _para(d, "各项绩效指标均已完成年度指标值。")
    for i, text in enumerate(short, start=1):
        _para(d, f"（{cn_number(i)}）{text}")
    _para(d, PROMPT_PROBLEMS)
