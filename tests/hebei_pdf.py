"""Build test PDFs of the Hebei layout with WeasyPrint (imported only by the PDF tests).

``plan_pdf`` lays a plan out like the published documents: part 1 as paragraphs, each
绩效目标表 as a ruled table with merged cells (预算规模及资金用途 over two rows, a level1
over its rows, a level2 over several rows). ``text_pdf`` prints lines of text without
any table, as a PDF whose tables were lost (the reader falls back to the text reader).
"""

from __future__ import annotations

from html import escape

from jixiao.core.model import Indicator, Plan, Project

__all__ = ["plan_html", "plan_pdf", "text_pdf"]

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8mm; }
tr { break-inside: avoid; }
td { border: 0.8pt solid black; padding: 2pt; vertical-align: middle; }
p { margin: 2pt 0; }
pre { font-family: 'Noto Sans CJK SC', monospace; font-size: 9pt; }
"""
_CN_NUM = "一二三四五六七八九十"


def _e(text: object) -> str:
    return escape("" if text is None else str(text))


def plan_html(plan: Plan) -> str:
    out = [f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"]
    ov = plan.overall
    if ov is not None:
        out += ["<p>第一部分</p>", "<p>部门整体绩效目标</p>", "<p>一、总体绩效目标</p>"]
        out.append(f"<p>{_e(ov.goal)}</p>")
        out.append("<p>二、分项绩效目标</p>")
        for i, sg in enumerate(ov.subgoals):
            out.append(f"<p>（{_CN_NUM[i]}）{_e(sg.title)}</p>")
            out.append(f"<p>绩效目标：{_e(sg.goal)}</p>")
            out.append(f"<p>绩效指标：{_e(sg.indicator_text)}</p>")
        out.append("<p>三、工作保障措施</p>")
        for i, ms in enumerate(ov.measures):
            out.append(f"<p>({_CN_NUM[i]}){_e(ms.title)}</p>")
            out.append(f"<p>{_e(ms.text)}</p>")
    for n, p in enumerate(plan.projects, start=1):
        out.append(f"<p>{n}.{_e(p.name)}绩效目标表</p>")
        dept = plan.department
        out.append(f"<p>{_e(dept.code)} {_e(dept.name)} 单位：{_e(plan.money_unit)}</p>")
        out.append(_table(p))
    out.append("</body></html>")
    return "\n".join(out)


def _table(p: Project) -> str:
    b = p.budget
    months = "".join(f"<td>{sp.month}月底</td>" for sp in p.spending_plan)
    values = "".join(f"<td>{sp.percent}%</td>" for sp in p.spending_plan)
    pad = 6 - len(p.spending_plan)
    goals = "<br>".join(f"{i}.{_e(g)}" for i, g in enumerate(p.goals, start=1))
    rows = [
        f"<tr><td>项目编码</td><td>{_e(p.code)}</td><td>项目名称</td><td colspan='4'>{_e(p.name)}</td></tr>",
        "<tr><td rowspan='2'>预算规模及资金用途</td><td>预算数</td>"
        f"<td>{_e(b.total)}</td><td>其中：财政资金</td><td>{_e(b.fiscal)}</td>"
        f"<td>其他资金</td><td>{_e(b.other)}</td></tr>",
        f"<tr><td colspan='6'>{_e(p.purpose)}</td></tr>",
        f"<tr><td rowspan='2'>资金支出计划（%）</td>{months}"
        + (f"<td colspan='{pad}' rowspan='2'></td>" if pad > 0 else "")
        + "</tr>",
        f"<tr>{values}</tr>",
        f"<tr><td>绩效目标</td><td colspan='6'>{goals}</td></tr>",
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>绩效指标描述</td>"
        "<td>指标值</td><td colspan='2'>指标值确定依据</td></tr>",
    ]
    rows += _indicator_rows(p.indicators)
    return "<table>" + "\n".join(rows) + "</table>"


def _indicator_rows(inds: list[Indicator]) -> list[str]:
    out = []
    for k, ind in enumerate(inds):
        cells = []
        if k == 0 or inds[k - 1].level1 != ind.level1:
            span = 1
            while k + span < len(inds) and inds[k + span].level1 == ind.level1:
                span += 1
            cells.append(f"<td rowspan='{span}'>{_e(ind.level1)}</td>")
        if k == 0 or (inds[k - 1].level1, inds[k - 1].level2) != (ind.level1, ind.level2):
            span = 1
            while k + span < len(inds) and (inds[k + span].level1, inds[k + span].level2) == (
                ind.level1,
                ind.level2,
            ):
                span += 1
            cells.append(f"<td rowspan='{span}'>{_e(ind.level2)}</td>")
        cells += [
            f"<td>{_e(ind.name)}</td>",
            f"<td>{_e(ind.description)}</td>",
            f"<td>{_e(ind.target)}</td>",
            f"<td colspan='2'>{_e(ind.basis)}</td>",
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def plan_pdf(plan: Plan) -> bytes:
    return _pdf(plan_html(plan))


def text_pdf(text: str) -> bytes:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return _pdf(
        f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body><pre>"
        + escape("\n".join(lines))
        + "</pre></body></html>"
    )
