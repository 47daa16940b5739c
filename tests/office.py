"""Word → PDF the way units make their PDFs: LibreOffice Writer, headless.

``scripts/system-deps.sh`` installs ``libreoffice-writer-nogui`` from Debian where the
tests run; ``office_pdfs`` converts a batch of .docx files in one start of the office
suite (a private profile directory, so parallel runs do not share one).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["SOFFICE", "office_pdfs"]

SOFFICE = shutil.which("soffice")


def office_pdfs(docx: dict[str, bytes]) -> dict[str, bytes]:
    """Each named .docx (name without suffix → bytes) as the PDF LibreOffice exports."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="jx-office-") as tmp:
        d = Path(tmp)
        for name, data in docx.items():
            (d / f"{name}.docx").write_bytes(data)
        subprocess.run(
            [
                SOFFICE,
                "--headless",
                f"-env:UserInstallation=file://{d / 'profile'}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(d),
                *(str(d / f"{name}.docx") for name in docx),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return {name: (d / f"{name}.pdf").read_bytes() for name in docx}
