"""Accessibility and layout checks in the browser: axe-core (vendored) and page width.

``axe_problems`` injects the vendored axe-core into the page and returns the serious and
critical violations (WCAG 2 A/AA rules), each as "rule: where"; ``overflow`` says how far
the page is wider than its viewport (a phone must not scroll sideways; tables scroll
inside their panel instead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

_RUN = """async () => {
  const r = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return r.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' ')),
  }));
}"""


def axe_problems(page: Any) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(_RUN)
    return [
        f"{v['id']} ({v['impact']}): " + " | ".join(v["nodes"])
        for v in found
        if v["impact"] in SERIOUS
    ]


def overflow(page: Any) -> int:
    """Pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )
