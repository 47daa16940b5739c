"""``jixiao demo`` (what ``make run`` starts), without the server, on a fresh SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_jixiao_demo_migrates_loads_and_prints_the_accounts(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path)
    cmd = [sys.executable, "-c", "from jixiao.cli import main; main()", "demo", "--no-serve"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "jixiao.sqlite3").exists()
    for text in (
        "新建绩效目标 11 份",
        "zfw_editor",
        "czj_jxk",
        "管理员",
        "jixiao-demo-2024",
        "Bearer jx_",
    ):
        assert text in proc.stdout
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert "新建绩效目标 0 份" in again.stdout
