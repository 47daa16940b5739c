"""Findings arranged for a reader: grouped by department and project, and as HTML.

The CLI's text report and the HTML report share ``group_findings`` so both list the
department promises first, then each project in table order with its project-level
findings before the row findings. The HTML is self-contained (inline CSS, no scripts,
no CDN) so a reviewer can open it offline or send it by mail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from jixiao.core.findings import Finding
from jixiao.core.model import Plan

__all__ = ["SEVERITY_LABELS", "Group", "group_findings", "render_html", "row_label", "summary"]

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(slots=True)
class Group:
    """The findings of the department part or of one project."""

    title: str
    code: str | None
    name: str | None
    findings: list[Finding] = field(default_factory=list)


def row_label(f: Finding) -> str:
    """Where a finding sits, in words: 第4行 项目成本（≥96万元）, 总体目标 第1条 …."""
    if f.indicator is None:
        return "项目整体"
    name = f.extra.get("indicator_name") or ""
    value = f.extra.get("value")
    tail = f"{name}（{value}）" if value else name
    section = f.extra.get("section")
    if section == "overall":
        return f"总体绩效目标 第{f.indicator}条 {tail}".rstrip()
    if isinstance(section, str) and section.startswith("subgoals["):
        k = int(section[len("subgoals[") : -1]) + 1
        return f"分项目标{k} 第{f.indicator}条 {tail}".rstrip()
    return f"第{f.indicator}项指标 {tail}".rstrip()


def group_findings(plan: Plan, findings: Iterable[Finding]) -> list[Group]:
    """Department group first (if any finding), then every project in table order.

    A finding names its project by key (code, else name); when two projects share a
    code (itself an error), the project name the finding carries tells them apart."""
    dept = Group("部门整体绩效目标", None, None)
    groups: dict[str | None, Group] = {}
    named: dict[tuple[str | None, str | None], Group] = {}
    order: list[Group] = []
    for i, p in enumerate(plan.projects, 1):
        g = Group(f"{i}. {p.code or ''} {p.name or ''}".strip(), p.code, p.name)
        groups.setdefault(p.key, g)
        named.setdefault((p.key, p.name), g)
        order.append(g)
    for f in findings:
        if f.project is None:
            dept.findings.append(f)
        elif f.project in groups:
            g = named.get((f.project, f.extra.get("project_name"))) or groups[f.project]
            g.findings.append(f)
        else:  # a finding for a project not in the plan: keep it visible
            g = Group(f.project, f.project, None, [f])
            groups[f.project] = g
            order.append(g)
    return ([dept] if dept.findings else []) + order


def summary(findings: Iterable[Finding]) -> str:
    counts: Counter[str] = Counter(f.severity for f in findings)
    return " · ".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)}" for s in SEVERITY_LABELS)


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:72em;color:#222;line-height:1.5;padding:0 1em}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:1.8em;border-bottom:1px solid #ccc}
.meta{color:#555}.ok{color:#2e7d32}
table{border-collapse:collapse;width:100%;margin-top:.5em;table-layout:fixed}
col.where{width:22%}col.sev{width:4.5em}col.fix{width:24%}
th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4;font-weight:600}
.sev{white-space:nowrap;font-weight:600}
.error .sev{color:#b71c1c}.warning .sev{color:#e65100}.info .sev{color:#1565c0}
.error{background:#fff5f5}.warning{background:#fffaf0}
.rule{font-family:monospace;font-size:.85em;color:#666}
.basis{color:#666;font-size:.85em}.fix{color:#1b5e20}
@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def render_html(plan: Plan, findings: list[Finding], *, source: str | None = None) -> str:
    """A self-contained HTML page listing ``findings`` grouped as in ``group_findings``."""
    dept = plan.department.name or ""
    year = f"{plan.year}年" if plan.year else ""
    title = f"{dept}{year}绩效目标审核结果".strip() or "绩效目标审核结果"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(source or "")} 共 {len(plan.projects)} 个项目；{escape(summary(findings))}</p>',
    ]
    for g in group_findings(plan, findings):
        parts.append(f"<h2>{escape(g.title)}</h2>")
        if not g.findings:
            parts.append('<p class="ok">未发现问题。</p>')
            continue
        parts.append(
            '<table><colgroup><col class="where"><col class="sev"><col><col class="fix"></colgroup>'
            "<thead><tr><th>位置</th><th>级别</th><th>问题</th><th>修改建议</th></tr></thead><tbody>"
        )
        for f in g.findings:
            parts.append(
                f'<tr class="{escape(f.severity)}"><td>{escape(row_label(f))}</td>'
                f'<td class="sev">{SEVERITY_LABELS.get(f.severity, f.severity)}</td>'
                f'<td>{escape(f.message)}<div class="rule">{escape(f.rule)}</div>'
                f'<div class="basis">依据：{escape(f.basis)}</div></td>'
                f'<td class="fix">{escape(f.suggestion or "")}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
