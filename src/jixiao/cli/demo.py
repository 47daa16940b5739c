"""``jixiao demo``: the web application on SQLite with the demo region, in one command.

Runs the migrations, creates the demo data (idempotent), prints one account per role and
serves the application with Django's development server. Django is imported inside the
command so that the file commands (parse, check, score) start without it.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer


def demo(
    host: Annotated[str, typer.Option(help="监听地址", envvar="JIXIAO_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口", envvar="JIXIAO_PORT")] = 8000,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="是否启动网页服务")] = True,
) -> None:
    """启动演示：建库、导入巨鹿县演示数据、打印各角色账号并运行网页服务。"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    # A local demo over plain http: non-secure cookies, static files served by runserver
    # (--insecure below). Not DEBUG: people trying the demo see the product's own 404 and
    # 403 pages, not Django's debug page.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("SECRET_KEY", "django-insecure-jixiao-demo-only")
    # 催报 e-mails are printed on the console instead of sent.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_data")
    if not serve:
        return
    typer.echo(f"\n打开 http://{host}:{port}/ 并用上面的账号登录（Ctrl+C 停止）。\n")
    # No autoreloader: it would run migrate and demo_data a second time in a child process.
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
