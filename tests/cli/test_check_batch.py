"""``jixiao check FILES… / DIR``: every document checked, in parallel, in input order.

Run as processes through the real entry point. The folder holds what a unit's folder
holds: plans as text and JSON, a file of two concatenated documents, a broken file, a
self-evaluation, and files that are not documents at all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SAMPLE_LINES = len(SAMPLE.read_text(encoding="utf-8").splitlines())


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "单位材料"
    (d / "子目录").mkdir(parents=True)
    shutil.copy(SAMPLE, d / "a-政法委.txt")
    sample = SAMPLE.read_text(encoding="utf-8")
    (d / "b-合并.txt").write_text(
        sample + DATA.joinpath("xiangdu-minzheng-2024.txt").read_text("utf-8")
    )
    (d / "c-损坏.txt").write_text("会议纪要\n今天讨论了办公用品采购。\n", encoding="utf-8")
    shutil.copy(DATA / "selfeval-typical.yaml", d / "d-自评.yaml")
    shutil.copy(DATA / "xiangdu-minzheng-2024.plan.json", d / "子目录" / "e-民政.json")
    (d / "说明.md").write_text("# 不是绩效文档\n", encoding="utf-8")
    (d / ".隐藏.txt").write_text("x", encoding="utf-8")
    (d / "~$锁定.xlsx").write_bytes(b"PK")
    return d


def test_jsonl_is_one_object_per_document_in_order(folder: Path) -> None:
    proc = _run("check", folder, "--format", "jsonl")
    assert proc.returncode == 2  # c-损坏.txt is unreadable
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    files = [Path(r["file"]).name for r in rows]
    assert files == [
        "a-政法委.txt",
        "b-合并.txt",
        "b-合并.txt",
        "c-损坏.txt",
        "d-自评.yaml",
        "e-民政.json",
    ]
    a, b1, b2, c, d, e = rows
    assert set(a) == {"file", "findings"}
    assert any(f["rule"] == "cost-direction" and f["severity"] == "error" for f in a["findings"])
    assert (b1["document"], b1["line"], b2["document"], b2["line"]) == (1, 1, 2, SAMPLE_LINES + 1)
    assert b1["findings"] == a["findings"]  # the first document of b is the sample
    # The second is the 民政局 text: project tables only, no 部门整体绩效目标 (D0).
    assert [f["rule"] for f in b2["findings"]] == ["missing-overall"]
    assert [f["rule"] for f in e["findings"]] == ["missing-overall"]
    assert "不是已知格式" in c["error"]
    assert "jixiao score" in d["skipped"]
    assert "共审核 5 个文件、4 份文档" in proc.stderr
    assert "1 份无法读取，跳过 1 份自评表" in proc.stderr


def test_exit_status_is_2_then_1_then_0(folder: Path) -> None:
    assert _run("check", folder).returncode == 2
    (folder / "c-损坏.txt").unlink()
    assert _run("check", folder).returncode == 1
    # e-民政.json lacks the 部门整体绩效目标 (an error, D0); with one it is clean.
    assert _run("check", folder / "子目录", folder / "d-自评.yaml").returncode == 1
    e = folder / "子目录" / "e-民政.json"
    doc = json.loads(e.read_text(encoding="utf-8"))
    doc["overall"] = {"goal": "保障困难群众基本生活"}
    e.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert _run("check", folder / "子目录", folder / "d-自评.yaml").returncode == 0


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_parallel_output_is_the_sequential_output(folder: Path, fmt: str) -> None:
    for k in range(6):  # enough files for several chunks per worker
        shutil.copy(SAMPLE, folder / f"f{k}.txt")
    one = _run("check", folder, "-f", fmt, "--jobs", "1")
    two = _run("check", folder, "-f", fmt, "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert one.stdout.count("a-政法委.txt") >= 1


def test_text_reports_each_document_then_the_summary(folder: Path) -> None:
    proc = _run("check", folder / "b-合并.txt")
    assert proc.returncode == 1
    out = proc.stdout
    first = out.index("b-合并.txt（第1份，第1行起）")
    second = out.index(f"b-合并.txt（第2份，第{SAMPLE_LINES + 1}行起）")
    assert first < out.index("成本指标应为反向指标") < second
    assert out.rstrip().endswith(
        "共审核 1 个文件、2 份文档：错误 6 · 警告 28 · 提示 4；2 份文档有错误，0 份无法读取"
    )


def test_json_holds_documents_and_summary(folder: Path) -> None:
    data = json.loads(_run("check", folder, "--format", "json").stdout)
    assert len(data["documents"]) == 6
    assert data["summary"] == {
        "files": 5,
        "documents": 4,
        "unreadable": 1,
        "skipped": 1,
        "documents_with_errors": 4,
        "errors": 12,
        "warnings": 56,
        "info": 8,
    }


def test_a_single_file_keeps_its_report(folder: Path) -> None:
    alone = _run("check", folder / "a-政法委.txt", "--format", "json")
    line = _run("check", folder / "a-政法委.txt", "--format", "jsonl")
    assert alone.returncode == line.returncode == 1
    assert json.loads(line.stdout)["findings"] == json.loads(alone.stdout)["findings"]
    assert "共审核" not in alone.stdout + alone.stderr


def test_output_file_and_summary(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "结果.jsonl"
    proc = _run("check", folder / "子目录", folder / "a-政法委.txt", "-f", "jsonl", "-o", out)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert f"已写入 {out}" in proc.stderr
    assert "共审核 2 个文件、2 份文档" in proc.stderr


def test_usage_mistakes_exit_2(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    for args, message in (
        ([], "请指定要审核的文件或目录"),
        ([folder, "--jobs", "0"], "--jobs 应为正整数"),
        ([tmp_path / "空"], "没有可审核的文件"),
        ([folder, "-f", "html"], "HTML 报告一次只写一份文档"),
        ([folder / "b-合并.txt", "-f", "html"], "包含多份绩效文本"),
    ):
        proc = _run("check", *args)
        assert proc.returncode == 2, args
        assert message in proc.stderr
        assert "Traceback" not in proc.stderr


def test_parse_refuses_a_file_of_several_documents(folder: Path) -> None:
    proc = _run("parse", folder / "b-合并.txt")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"文件包含 2 份绩效文本（分别从第1行、第{SAMPLE_LINES + 1}行开始）" in proc.stderr
    assert "jixiao check" in proc.stderr


def _on_a_terminal(args: list[str], *, stdout_too: bool) -> tuple[int, str, str]:
    """Run with stderr (and maybe stdout) on a pseudo-terminal: the progress bar shows."""
    import os
    import pty
    import threading

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", "check", *args],
        stdout=slave if stdout_too else subprocess.PIPE,
        stderr=slave,
        env=env,
        check=False,
    )
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    out = proc.stdout.decode("utf-8") if proc.stdout else ""
    return proc.returncode, out, b"".join(chunks).decode("utf-8", "replace")


def test_the_progress_bar_stays_off_stdout(folder: Path) -> None:
    piped = _run("check", folder, "-f", "jsonl", "-j", "2")
    code, out, terminal = _on_a_terminal([str(folder), "-f", "jsonl", "-j", "2"], stdout_too=False)
    assert code == piped.returncode == 2
    assert out == piped.stdout  # the bar went to the terminal (stderr), not into the JSON
    assert "审核" in terminal
    assert "共审核 5 个文件" in terminal


def test_reports_and_bar_share_a_terminal(folder: Path) -> None:
    code, _, terminal = _on_a_terminal([str(folder), "-j", "2"], stdout_too=True)
    assert code == 2
    assert "a-政法委.txt" in terminal
    assert "成本指标应为反向指标" in terminal
    assert "共审核 5 个文件、4 份文档" in terminal
    assert "Traceback" not in terminal


def test_one_file_that_breaks_the_reader_does_not_stop_the_batch(tmp_path: Path) -> None:
    deep = tmp_path / "a-深层.json"
    deep.write_text('{"format": "jixiao.plan/1", "x": ' + "[" * 5000 + "]" * 5000 + "}")
    shutil.copy(SAMPLE, tmp_path / "b.txt")
    proc = _run("check", tmp_path, "-f", "jsonl", "-j", "2")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert "a-深层.json" in first["error"]
    assert second["findings"]
