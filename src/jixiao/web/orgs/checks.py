"""System checks for deployment mistakes that settings cannot refuse at import time."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register(deploy=True)
def secret_key_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "SECRET_KEY_FROM_ENV", True) or settings.DEBUG:
        return []
    return [
        Warning(
            "未设置 SECRET_KEY 环境变量：每次启动使用随机密钥，重启后所有会话失效。",
            id="jixiao.W001",
        )
    ]
