"""The file commands run on the core alone: importing them must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_file_commands_do_not_import_django() -> None:
    code = (
        "import sys; import jixiao.cli; "
        "from jixiao.core.readers import read_document; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'ninja', 'weasyprint', 'openpyxl', 'pdfplumber', 'docx'}]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, f"heavy modules imported at start-up: {proc.stdout}"
