"""``manage.py issue_token USER``: create an API token and print its key (shown only once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jixiao.web.api.models import Token


class Command(BaseCommand):
    help = "为用户生成接口令牌并打印（令牌只显示这一次，库中只存摘要）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="用途说明，如“预算系统对接”")
        parser.add_argument("--revoke-all", action="store_true", help="先作废此用户的全部令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"用户不存在：{options['username']}") from None
        if options["revoke_all"]:
            n, _ = Token.objects.filter(user=user).delete()
            self.stderr.write(f"已作废 {n} 个令牌")
        _token, key = Token.issue(user, options["name"])
        self.stdout.write(key)
