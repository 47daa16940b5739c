"""Peak memory of the web process reading hostile uploads (issue 11 #10).

Each input is read by ``plans.services.importing.read_upload`` (what the import page and
the API call) in a fresh Python process with Django set up, as the web process is; the
figure is that process's peak resident set size (``ru_maxrss``), so it includes Django
and the libraries (the baseline line shows how much). Inputs are built here:

- ``zip-bomb``: a valid plan workbook whose first sheet is padded to 300 MB of XML
  (about 0.3 MB on the wire);
- ``million-rows``: one 绩效目标表 with 1,000,000 indicator rows (~5 MB xlsx);
- ``merge-bomb``: a merged range A1:XFD1048576 (openpyxl would make 17 billion cells);
- ``largest-allowed``: 19,800 rows × 5 cells, just under the default ``max_cells``: the
  biggest workbook the limits let openpyxl build;
- ``json-100k``: a 10 MB JSON plan with one project of 100,000 indicators;
- ``json-deep``: JSON nested 100,000 deep.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"

Writer = Callable[[IO[bytes], bytes], None]

_CHILD = r"""
import os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
import django
django.setup()
from jixiao.core.findings import ReadError
from jixiao.web.plans.services import importing
path = sys.argv[1]
data = open(path, "rb").read() if path != "-" else b""
start = time.perf_counter()
outcome = "baseline"
if data:
    try:
        importing.read_upload(data, os.path.basename(path))
        outcome = "read"
    except ReadError as exc:
        outcome = "refused: " + str(exc).split(": ", 1)[-1][:70]
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak:.0f}\t{elapsed * 1000:.0f}\t{outcome}")
"""


def _plan_xlsx() -> bytes:
    from jixiao.core.model import Plan
    from jixiao.core.writers.excel_plan import write_plan_workbook

    return write_plan_workbook(Plan.from_dict(json.loads(PLAN.read_text("utf-8"))))


def _with_sheet(base: bytes, member: str, write: Writer) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == member:
                zi = zipfile.ZipInfo(member)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(zi, "w", force_zip64=True) as fh:
                    write(fh, body)
            else:
                dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _rows(n: int, cols: int) -> Writer:
    def write(fh: IO[bytes], body: bytes) -> None:
        head, _, tail = body.partition(b"<sheetData>")
        fh.write(head + b"<sheetData>")
        letters = "ABCDEFG"[:cols]
        for r in range(1, n + 1):
            cells = "".join(
                f'<c r="{c}{r}" t="inlineStr"><is><t>指标{r}</t></is></c>' for c in letters
            )
            fh.write(f'<row r="{r}">{cells}</row>'.encode())
        fh.write(b"</sheetData>" + tail.partition(b"</sheetData>")[2])

    return write


def _inputs(tmp: Path) -> dict[str, Path]:
    base = _plan_xlsx()
    files: dict[str, bytes] = {}

    def pad(fh: IO[bytes], body: bytes) -> None:
        head, _, tail = body.partition(b"<sheetData>")
        fh.write(head + b"<sheetData>")
        for _ in range(300):
            fh.write(b" " * (1024 * 1024))
        fh.write(tail)

    files["zip-bomb.xlsx"] = _with_sheet(base, "xl/worksheets/sheet1.xml", pad)
    one = _with_sheet(base, "xl/worksheets/sheet1.xml", _rows(1_000_000, 1))
    files["million-rows.xlsx"] = one
    files["largest-allowed.xlsx"] = _with_sheet(base, "xl/worksheets/sheet1.xml", _rows(19_800, 5))

    def merge(fh: IO[bytes], body: bytes) -> None:
        import re

        fh.write(
            re.sub(
                rb"<mergeCells[^>]*>.*?</mergeCells>",
                b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                body,
                flags=re.S,
            )
        )

    files["merge-bomb.xlsx"] = _with_sheet(base, "xl/worksheets/sheet1.xml", merge)
    doc = {
        "format": "jixiao.plan/1",
        "projects": [{"name": "大", "indicators": [{"name": f"指标{i}"} for i in range(100_000)]}],
    }
    files["json-100k.json"] = json.dumps(doc, ensure_ascii=False).encode()
    files["json-deep.json"] = (
        b'{"format": "jixiao.plan/1", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    )
    out: dict[str, Path] = {}
    for name, data in files.items():
        path = tmp / name
        path.write_bytes(data)
        out[name] = path
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        start = time.perf_counter()
        inputs = _inputs(tmp)
        print(f"hostile inputs built in {time.perf_counter() - start:.1f} s")
        print("| input | size | peak RSS | time | outcome |")
        print("|---|---:|---:|---:|---|")
        for name, path in [("baseline (Django, no read)", Path("-")), *inputs.items()]:
            size = "—" if str(path) == "-" else f"{path.stat().st_size / 1024 / 1024:.1f} MB"
            res = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
                env={
                    "JIXIAO_MAX_UPLOAD_BYTES": str(50 * 1024 * 1024),
                    "PATH": "/usr/bin:/bin",
                    "DATABASE_URL": "",
                },
            )
            if res.returncode != 0:
                print(f"| {name} | {size} | — | — | CRASH {res.stderr.strip()[-200:]} |")
                continue
            peak, ms, outcome = res.stdout.strip().splitlines()[-1].split("\t")
            print(f"| {name} | {size} | {peak} MB | {ms} ms | {outcome} |")


if __name__ == "__main__":
    main()
