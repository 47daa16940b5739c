"""Rules over the whole plan: what no single project shows (a project code used twice)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from jixiao.core.checks.base import Context, Hit, ProjectFacts, Rule

__all__ = ["RULES", "check_duplicate_code"]


def check_duplicate_code(
    projects: Sequence[ProjectFacts], ctx: Context
) -> Iterator[tuple[int, Hit]]:
    """Each project whose code an earlier project already has: (its position, hit)."""
    first: dict[str, int] = {}
    for k, pf in enumerate(projects):
        code = (pf.project.code or "").strip()
        if not code:
            continue
        j = first.setdefault(code, k)
        if j == k:
            continue
        yield (
            k,
            Hit(
                params={
                    "code": code,
                    "pos": k + 1,
                    "name": pf.project.name or "（无名称）",
                    "first": j + 1,
                    "first_name": projects[j].project.name or "（无名称）",
                },
                suggestion="核对项目编码：每个项目使用预算管理一体化系统中的本项目编码",
            ),
        )


RULES: tuple[Rule, ...] = (
    Rule(
        slug="duplicate-project-code",
        title="项目编码重复",
        severity="error",
        scope="plan",
        check=check_duplicate_code,
        messages={
            "default": "项目编码 {code} 重复：第{pos}个项目“{name}”与第{first}个项目“{first_name}”使用同一编码"
        },
        basis="项目编码在预算管理一体化系统中唯一标识一个项目，同一计划内不得重复（财办〔2023〕12号《预算管理一体化规范》）",
    ),
)
