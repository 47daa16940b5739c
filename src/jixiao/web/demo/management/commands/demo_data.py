"""``manage.py demo_data``: the demo region 巨鹿县, idempotent.

Creates (only what is missing) the finance bureau, two supervising departments with
their units and independent units, one account per role (and an editor account for every
other unit), the model plan for 巨鹿县政法委本级 (read from samples/ when the text reader
can, else the shipped JSON fixture) and generated plans for the other units, the
declaration deadline of the demo year, and a spread of workflow states: plans submitted,
approved by their 主管部门, approved by finance, one returned with a comment and one
adjusted (第2版). The states are reached through the workflow service, so the transitions,
comments and notifications exist as if people had clicked. The model plan stays a draft
(the browser tests edit it). ``--scale 300x10x8`` adds a separate region 基准测试县 with
300 units × 10 projects × 8 indicators for page-timing benchmarks.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jixiao.core import model as core
from jixiao.core.findings import ReadError
from jixiao.core.workflow import ROLE_LABELS, Role
from jixiao.web.api.models import Token
from jixiao.web.choices import label_of
from jixiao.web.demo.documents import publish_demo
from jixiao.web.demo.generate import generate_plan
from jixiao.web.demo.monitoring import demo_monitoring
from jixiao.web.demo.reminders import remind_one_late_unit
from jixiao.web.orgs.models import Membership, Region, Unit, UnitKind
from jixiao.web.plans.models import Deadline, Plan
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.deadlines import set_deadline
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services.bulk import bulk_create_plans
from jixiao.web.plans.services.editing import create_plan, update_indicator

DEMO_PASSWORD = "jixiao-demo-2024"
YEAR = 2024
DEMO_DIR = Path(__file__).resolve().parents[3] / "demo"
FIXTURE = DEMO_DIR / "julu-2024-zhengfawei.plan.json"
SAMPLE = Path(settings.REPO_DIR) / "samples" / "julu-2024-zhengfawei.txt"

REGION = ("130529", "巨鹿县")
FINANCE = ("001", "巨鹿县财政局")
#: (code, name, kind, parent code)
UNITS: tuple[tuple[str, str, str, str | None], ...] = (
    ("288", "巨鹿县委政法委", UnitKind.SUPERVISOR, None),
    ("288001", "巨鹿县政法委本级", UnitKind.UNIT, "288"),
    ("288002", "巨鹿县见义勇为基金会", UnitKind.UNIT, "288"),
    ("301", "巨鹿县教育局", UnitKind.SUPERVISOR, None),
    ("301001", "巨鹿县第一中学", UnitKind.UNIT, "301"),
    ("301002", "巨鹿县实验小学", UnitKind.UNIT, "301"),
    ("288003", "巨鹿县法学会", UnitKind.UNIT, "288"),
    ("301003", "巨鹿县第二中学", UnitKind.UNIT, "301"),
    ("301004", "巨鹿县城关镇中心小学", UnitKind.UNIT, "301"),
    ("401001", "巨鹿县人民医院", UnitKind.UNIT, None),
    ("501001", "巨鹿县档案馆", UnitKind.UNIT, None),
    ("601001", "巨鹿县统计局", UnitKind.UNIT, None),
    ("701001", "巨鹿县文化广电和旅游局", UnitKind.UNIT, None),
)
#: (username, unit code, role, display name)
ACCOUNTS: tuple[tuple[str, str, Role, str], ...] = (
    ("zfw_editor", "288001", Role.UNIT_EDITOR, "政法委本级 填报员"),
    ("zfw_leader", "288001", Role.UNIT_LEADER, "政法委本级 负责人"),
    ("zfw_reviewer", "288", Role.SUPERVISOR_REVIEWER, "县委政法委 审核员"),
    ("jyj_reviewer", "301", Role.SUPERVISOR_REVIEWER, "县教育局 审核员"),
    ("czj_jxk", "001", Role.FINANCE_REVIEWER, "财政局绩效科"),
    ("czj_audit", "001", Role.AUDITOR, "审计（只读）"),
    ("admin", "001", Role.ADMIN, "系统管理员"),
    ("yz_editor", "301001", Role.UNIT_EDITOR, "第一中学 填报员（另一单位）"),
)


#: Units whose plans stay drafts keep the generator's sown defects (errors the finance
#: overview shows); the others are generated without, or they could not be submitted.
DRAFTS = frozenset({"288001", "301002", "501001"})

#: What happens to each generated unit's plan after it is created: (action, username,
#: comment), in order, through the workflow service ("edit": the unit raises the first
#: quantity target of its adjustment). "u<code>" is the unit's own editor.
FLOWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "288002": (("submit", "u288002", ""),),
    "288003": (("submit", "u288003", ""),),
    "301001": (
        ("submit", "yz_editor", ""),
        ("return", "jyj_reviewer",
         "满意度指标只写了“满意”，请改为可衡量的比例（如 ≥90%），并补充指标值确定依据。"),
    ),
    "301003": (("submit", "u301003", ""), ("supervisor_approve", "jyj_reviewer", "")),
    "301004": (
        ("submit", "u301004", ""),
        ("supervisor_approve", "jyj_reviewer", ""),
        ("finance_approve", "czj_jxk", ""),
    ),
    "401001": (("submit", "u401001", ""),),
    "601001": (("submit", "u601001", ""), ("finance_approve", "czj_jxk", "")),
    "701001": (
        ("submit", "u701001", ""),
        ("finance_approve", "czj_jxk", ""),
        ("adjust", "u701001", "年中追加服务任务，相应提高数量指标。"),
        ("edit", "u701001", ""),
        ("submit", "u701001", ""),
    ),
}  # fmt: skip

#: A reviewer's comment on one indicator of a submitted plan (unit, reviewer, indicator
#: position in the first project, text).
COMMENTS = (("288002", "zfw_reviewer", 5, "资金节约率的测算口径是什么？请在依据中写明基数。"),)

#: The demo year's declaration deadline: in the spring of the plan year (dates stay
#: consistent with the 2024 plans; the units still drafting are listed as overdue).
DEADLINE = date(YEAR, 3, 31)


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal where CJK characters take two columns."""
    used = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - used)


class Command(BaseCommand):
    help = "创建演示数据（巨鹿县、各角色账号、绩效目标）；可重复运行，只补齐缺少的部分。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            metavar="UxPxI",
            help="另建“基准测试县”：U 个单位 × P 个项目 × I 个指标（如 300x10x8）",
        )
        parser.add_argument("--no-tokens", action="store_true", help="不生成接口令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("scale"):
            self._scale(options["scale"])
            return
        created = self._demo()
        self._print_accounts(created, tokens=not options.get("no_tokens"))

    # --- demo region --------------------------------------------------------------------

    @cached_property
    def _password(self) -> str:
        """The demo password hashed once: every demo account shares it (and it is printed),
        and hashing it per account (PBKDF2) was most of the command's time."""
        return make_password(DEMO_PASSWORD)

    @transaction.atomic
    def _demo(self) -> int:
        region, _ = Region.objects.get_or_create(name=REGION[1], defaults={"code": REGION[0]})
        units: dict[str, Unit] = {}
        units[FINANCE[0]], _ = Unit.objects.get_or_create(
            region=region, name=FINANCE[1], defaults={"code": FINANCE[0], "kind": UnitKind.FINANCE}
        )
        for code, name, kind, parent in UNITS:
            units[code], _ = Unit.objects.get_or_create(
                region=region,
                name=name,
                defaults={"code": code, "kind": kind, "parent": units.get(parent or "")},
            )
        for username, unit_code, role, display in ACCOUNTS:
            self._account(username, units[unit_code], display, role)
        editors = {unit_code: username for username, unit_code, role, _d in ACCOUNTS
                   if role == Role.UNIT_EDITOR}  # fmt: skip
        for code, name, kind, _parent in UNITS:
            if kind == UnitKind.UNIT and code not in editors:
                editors[code] = self._account(f"u{code}", units[code], f"{name} 填报员")
        self._deadline(region)
        created = 0
        for code, name, kind, _parent in UNITS:
            unit = units[code]
            if kind != UnitKind.UNIT or Plan.objects.filter(unit=unit, year=YEAR).exists():
                continue
            if code == "288001":
                document = self._model_plan()
            else:
                document = generate_plan(
                    code, department=name, department_code=code, region=region.name,
                    year=YEAR, defects=code in DRAFTS,
                )  # fmt: skip
            editor = User.objects.get(username=editors[code])
            plan = create_plan(unit, YEAR, user=editor, document=document)
            self._flow(plan, code)
            created += 1
        demo_monitoring(region, YEAR)
        remind_one_late_unit(region, YEAR)
        publish_demo(region, YEAR)
        return created

    def _account(
        self, username: str, unit: Unit, display: str, role: Role = Role.UNIT_EDITOR
    ) -> str:
        """The account and its membership, created once (a re-run keeps passwords)."""
        user, made = User.objects.get_or_create(username=username)
        if made:
            user.first_name = display
            user.password = self._password
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.get_or_create(user=user, defaults={"unit": unit, "role": role})
        return username

    def _deadline(self, region: Region) -> None:
        if Deadline.objects.filter(region=region, year=YEAR).exists():
            return
        set_deadline(
            region, YEAR, DEADLINE, user=User.objects.get(username="admin"),
            note="随部门预算草案一并报送",
        )  # fmt: skip

    def _flow(self, plan: Plan, code: str) -> None:
        """Move a new plan along as its unit and reviewers would (see ``FLOWS``)."""
        for action, username, comment in FLOWS.get(code, ()):
            user = User.objects.get(username=username)
            if action == "edit":
                self._raise_first_target(plan, user)
            else:
                plan = transition(plan, action, user=user, comment=comment)
        for unit_code, username, position, text in COMMENTS:
            if unit_code == code:
                project = plan.projects.order_by("position").first()
                indicator = project.indicators.order_by("position")[position] if project else None
                add_comment(
                    plan, text, user=User.objects.get(username=username), indicator=indicator
                )

    def _model_plan(self) -> core.Plan:
        """The model document: its text when readable here, else the shipped fixture."""
        if SAMPLE.exists():
            from jixiao.core.readers import read_document

            try:
                document = read_document(SAMPLE).document
                if isinstance(document, core.Plan) and document.projects:
                    return document
            except ReadError as exc:
                self.stderr.write(f"（未能读取 {SAMPLE.name}：{exc}；改用内置示例）")
        return core.Plan.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))

    def _print_accounts(self, created: int, *, tokens: bool) -> None:
        out = self.stdout
        out.write(f"演示数据就绪：巨鹿县，新建绩效目标 {created} 份。")
        out.write("")
        out.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        names = {FINANCE[0]: FINANCE[1]} | {code: name for code, name, *_ in UNITS}
        out.write(f"  {_pad('用户名', 14)}{_pad('角色', 14)}单位")
        for username, unit_code, role, _display in ACCOUNTS:
            out.write(
                f"  {_pad(username, 14)}{_pad(label_of(ROLE_LABELS, role), 14)}{names[unit_code]}"
            )
        out.write("  其他各单位的填报账号为 u+单位编码（如 u288002 巨鹿县见义勇为基金会）")
        if tokens:
            user = User.objects.get(username="zfw_editor")
            Token.objects.filter(user=user, name="demo").delete()
            _token, key = Token.issue(user, "demo")
            out.write("")
            out.write(f"接口令牌（zfw_editor）：Authorization: Bearer {key}")

    @staticmethod
    def _raise_first_target(plan: Plan, user: User) -> None:
        """What an adjustment typically changes: a bigger quantity (≥25台 → ≥31台)."""
        project = plan.projects.order_by("position").first()
        indicator = project.indicators.order_by("position").first() if project else None
        if indicator is None or not (m := re.search(r"\d+", indicator.target or "")):
            return
        target = indicator.target or ""
        raised = f"{target[: m.start()]}{int(m.group()) * 6 // 5 + 1}{target[m.end() :]}"
        update_indicator(indicator, {"target": raised}, user=user, expected_version=None)

    # --- benchmark scale ------------------------------------------------------------------

    def _scale(self, spec: str) -> None:
        m = re.fullmatch(r"(\d+)x(\d+)x(\d+)", spec.strip())
        if not m:
            raise CommandError("--scale 应写作 单位数x项目数x指标数，例如 300x10x8")
        n_units, n_projects, n_indicators = (int(g) for g in m.groups())
        if not 1 <= n_indicators <= 10:
            raise CommandError("每个项目的指标数应在 1 到 10 之间")
        name = "基准测试县"
        if Region.objects.filter(name=name).exists():
            self.stdout.write(f"{name} 已存在，跳过（删除数据库文件后可重建）。")
            return
        started = time.perf_counter()
        with transaction.atomic():
            region = Region.objects.create(name=name, code="999999")
            finance = Unit.objects.create(
                region=region, code="001", name=f"{name}财政局", kind=UnitKind.FINANCE
            )
            supervisors = Unit.objects.bulk_create(
                Unit(
                    region=region,
                    code=f"S{i:02d}",
                    name=f"{name}第{i + 1}主管部门",
                    kind=UnitKind.SUPERVISOR,
                )
                for i in range(max(1, n_units // 30))
            )
            units = Unit.objects.bulk_create(
                Unit(region=region, code=f"{i + 1:06d}", name=f"{name}第{i + 1:03d}单位",
                     parent=supervisors[i % len(supervisors)])
                for i in range(n_units)
            )  # fmt: skip
            for username, unit, role in (
                ("bench_finance", finance, Role.FINANCE_REVIEWER),
                ("bench_editor", units[0], Role.UNIT_EDITOR),
                ("bench_reviewer", supervisors[0], Role.SUPERVISOR_REVIEWER),
            ):
                user, _ = User.objects.get_or_create(username=username)
                user.set_password(DEMO_PASSWORD)
                user.save()
                Membership.objects.update_or_create(
                    user=user, defaults={"unit": unit, "role": role}
                )
            items = [
                (unit, YEAR, generate_plan(
                    unit.code, department=unit.name, department_code=unit.code, region=name,
                    year=YEAR, projects=n_projects, indicators=n_indicators,
                ))
                for unit in units
            ]  # fmt: skip
            bulk_create_plans(items)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{name}：{n_units} 个单位 × {n_projects} 个项目 × {n_indicators} 个指标，"
            f"用时 {seconds:.1f} 秒。账号 bench_finance / bench_editor / bench_reviewer，"
            f"密码 {DEMO_PASSWORD}"
        )
