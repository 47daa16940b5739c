"""Text from files is data on the terminal: no markup, no escape sequences, no crash.

Every file command runs as a process (the real entry point, output piped) on documents
whose names carry Rich markup (``[/]``, ``[link=…]``), ANSI and OSC sequences (colour,
clear screen, a terminal hyperlink, the window title), C1 controls and a bidi override;
then again with ``FORCE_COLOR=1``, the terminal path. The only escape sequences allowed
out are the SGR colours the report itself adds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"

OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\点这里\x1b]8;;\x1b\\"
HOSTILE = [
    "[/]",
    "[link=https://evil.example/]点我[/link]",
    "[bold red]红字[/]",
    "\x1b[31m红\x1b[0m\x1b[2J清屏",
    OSC_LINK,
    "\x1b]0;新标题\x07窗口",
    "\x9b31mC1红\x9d0;标题\x9c",
    "\u202e倒序文字",
    "回车\r覆盖",
]
OUR_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _run(*args: str, color: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR"}}
    env["TTY_COMPATIBLE"] = ""
    if color:
        env["FORCE_COLOR"] = "1"
        env["COLUMNS"] = "400"  # a wide terminal: Rich need not cut cells short
    return subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _assert_inert(text: str, *, color: bool) -> None:
    """No control character reaches the terminal, except our own SGR colours."""
    rest = OUR_SGR.sub("", text) if color else text
    bad = [c for c in rest if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, repr(bad[:5])
    assert "\u202e" not in rest
    if not color:
        assert "\x1b" not in text


def _plan_file(tmp_path: Path) -> Path:
    plan = json.loads((DATA / "julu-2024-plan.json").read_text(encoding="utf-8"))
    project = plan["projects"][0]
    project["name"] = HOSTILE[1]
    rows = project["indicators"]
    rows += [dict(rows[-1]) for _ in HOSTILE[len(rows) :]]
    for ind, name in zip(rows, HOSTILE, strict=False):
        ind["name"] = name
        ind["target"] = None  # empty-target: the name is in the row label and the message
    rows[0]["description"] = OSC_LINK
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def _selfeval_file(tmp_path: Path) -> Path:
    doc: dict[str, Any] = yaml.safe_load((DATA / "selfeval-formulas.yaml").read_text("utf-8"))
    doc["project"]["name"] = "[bold]项目[/] " + HOSTILE[3]
    for ind, name in zip(doc["indicators"], HOSTILE, strict=False):
        ind["name"] = name
    path = tmp_path / "selfeval.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("color", [False, True])
def test_check_report_shows_hostile_names_as_text(tmp_path: Path, color: bool) -> None:
    proc = _run("check", str(_plan_file(tmp_path)), color=color)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    _assert_inert(proc.stdout + proc.stderr, color=color)
    out = proc.stdout
    assert "[/]" in out
    assert "[link=https://evil.example/]点我[/link]" in out
    assert "\\x1b]8;;https://evil.example/" in out  # the sequence, shown not obeyed
    assert "\\x9b31mC1红" in out
    assert "\\u202e倒序文字" in out
    assert "回车\\r覆盖" in out
    if color:
        assert OUR_SGR.search(out)  # the terminal path did run


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_check_json_keeps_the_data_and_escapes_it(tmp_path: Path, fmt: str) -> None:
    proc = _run("check", str(_plan_file(tmp_path)), "--format", fmt)
    _assert_inert(proc.stdout, color=False)
    data = json.loads(proc.stdout)
    findings = data["findings"]
    names = {f.get("indicator_name") for f in findings}
    assert HOSTILE[6] in names or HOSTILE[4] in names or HOSTILE[3] in names
    assert any(f.get("project_name") == HOSTILE[1] for f in findings)


@pytest.mark.parametrize("color", [False, True])
def test_score_with_markup_and_escapes_in_names(tmp_path: Path, color: bool) -> None:
    proc = _run("score", str(_selfeval_file(tmp_path)), color=color)
    assert proc.returncode == 0, proc.stderr
    assert "MarkupError" not in proc.stderr
    assert "Traceback" not in proc.stderr
    _assert_inert(proc.stdout + proc.stderr, color=color)
    flat = re.sub(r"\s+", "", OUR_SGR.sub("", proc.stdout))  # Rich may wrap long cells
    assert "[/]" in flat
    assert "[link=https://evil.example/]" in flat
    assert "\\x1b]0;新标题\\x07窗口" in flat
    assert "8;id=" not in proc.stdout  # no hyperlink


def test_score_json_is_inert(tmp_path: Path) -> None:
    proc = _run("score", str(_selfeval_file(tmp_path)), "--format", "json")
    assert proc.returncode == 0
    _assert_inert(proc.stdout, color=False)
    report = json.loads(proc.stdout)
    assert report["indicators"][0]["name"] == "[/]"


def test_parse_warnings_and_output_are_inert(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    head = next(i for i, ln in enumerate(lines) if "维稳专项经费绩效目标表" in ln)
    lines[head] = lines[head].replace("维稳专项经费", "维稳\x1b]8;;https://evil.example/\x1b\\经费")
    row = next(i for i, ln in enumerate(lines) if "总成本 用于维稳工作成本" in ln)
    lines[row] = "成本指标  总成本 ≤4 万元"  # a broken row: the project is skipped with a warning
    first = next(i for i, ln in enumerate(lines) if "租用移动公司" in ln)
    lines[first] = lines[first].replace("租用线路", "租用\x9b2J线路", 1)
    path = tmp_path / "doc-2024.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in ([], ["--yaml"]):
        proc = _run("parse", str(path), *args)
        assert proc.returncode == 0, proc.stderr
        assert "警告" in proc.stderr
        assert "\\x1b]8;;https://evil.example/" in proc.stderr
        _assert_inert(proc.stdout + proc.stderr, color=False)
    plan = json.loads(_run("parse", str(path)).stdout)
    assert plan["projects"][0]["indicators"][0]["name"] == "租用\x9b2J线路"  # data kept


def test_hostile_file_names_in_errors_and_batches(tmp_path: Path) -> None:
    evil = tmp_path / "目标\x1b[2J\x1b]0;标题\x07.txt"
    evil.write_text("会议纪要\n没有绩效目标。\n", encoding="utf-8")
    proc = _run("parse", str(evil))
    assert proc.returncode == 2
    _assert_inert(proc.stderr, color=False)
    assert "\\x1b[2J" in proc.stderr
    (tmp_path / "plan.json").write_text((DATA / "julu-2024-plan.json").read_text("utf-8"))
    for args in ([str(tmp_path)], [str(tmp_path), "-f", "jsonl"]):
        proc = _run("check", *args)
        assert proc.returncode == 2
        _assert_inert(proc.stdout + proc.stderr, color=False)
    lines = [json.loads(x) for x in _run("check", str(tmp_path), "-f", "jsonl").stdout.splitlines()]
    assert {x["file"] for x in lines} == {str(evil), str(tmp_path / "plan.json")}
