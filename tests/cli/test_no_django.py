"""The file commands run on the core alone and start fast.

Importing them must not import Django or the heavy libraries; running each as a process
(output piped, as in a batch or a pipeline) must not import them either, nor pydantic
(Typer's argument coercion, bypassed for plain command lines: ``cli.common``) nor Rich
(only a terminal gets Rich). A new file command belongs in ``RUNS``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"django", "ninja", "weasyprint", "openpyxl", "pdfplumber", "docx"}
STARTUP = HEAVY | {"pydantic", "rich"}
RUNS = {
    "parse": ["parse", "samples/julu-2024-zhengfawei.txt"],
    "parse --yaml": ["parse", "samples/julu-2024-zhengfawei.txt", "--yaml"],
    "check": ["check", "samples/julu-2024-zhengfawei.txt"],
    "check --format json": ["check", "samples/julu-2024-zhengfawei.txt", "-f", "json"],
    "check DIR --format jsonl": ["check", "samples", "-f", "jsonl", "-j", "1"],
    "check FILES (text)": ["check", "tests/data/xiangdu-minzheng-2024.txt", "samples", "-j", "1"],
    "score": ["score", "tests/data/selfeval-typical.yaml"],
    "score --format json": ["score", "tests/data/selfeval-formulas.yaml", "--format", "json"],
    "monitor --format json": [
        "monitor",
        "samples/julu-2024-zhengfawei.txt",
        "--ledger",
        "samples/monitoring/julu-2024-ledger.csv",
        "--as-of",
        "2024-08-31",
        "--format",
        "json",
    ],
    "render --format txt": ["render", "samples/julu-2024-zhengfawei.txt", "-f", "txt"],
}


def test_file_commands_do_not_import_django() -> None:
    code = (
        "import sys; import jixiao.cli; "
        "from jixiao.core.readers import read_document; "
        f"bad = [m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r}]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, f"heavy modules imported at start-up: {proc.stdout}"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_piped_run_imports_only_the_core(name: str, tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from jixiao.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        f"json.dump([sorted(sys.modules), code], open({str(report)!r}, 'w'))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "FORCE_COLOR": "", "TTY_COMPATIBLE": ""}
    proc = subprocess.run(
        [sys.executable, "-c", code, *RUNS[name]], cwd=ROOT, capture_output=True, text=True, env=env
    )
    modules, status = json.loads(report.read_text(encoding="utf-8"))
    assert status in (0, 1, 2), proc.stderr
    assert proc.stdout, proc.stderr  # the command did its work
    bad = sorted({m.split(".")[0] for m in modules} & STARTUP)
    assert not bad, f"{name} imported {bad}"
