"""Reading office-made PDFs (tables crossing pages) against pdfplumber's own floor.

For every PDF in ``tests/data/office`` (Word documents typed as units type them, exported
by LibreOffice; or the directory given as the first argument): CPU time per page of
``read_pdf`` (tables found, stitched across pages, every field read) and of plain
``page.extract_text()`` on the same file, each file opened afresh; best of 3 rounds
(the machine is shared). The ratio says how far reading stays from the cost of merely
extracting the text.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICE = ROOT / "tests" / "data" / "office"


def _extract_text(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _read(data: bytes) -> None:
    from jixiao.core.findings import ReadError
    from jixiao.core.readers.pdf import read_pdf

    # A document the reader refuses costs its reading all the same.
    with contextlib.suppress(ReadError):
        read_pdf(data, source="bench.pdf")


def _cpu(fn: object, files: list[bytes], rounds: int = 3) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        for data in files:
            fn(data)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 and Path(sys.argv[1]).is_dir() else OFFICE
    files = [p.read_bytes() for p in sorted(folder.glob("*.pdf"))]
    pages = sum(_extract_text(d) for d in files)
    read = _cpu(_read, files)
    text = _cpu(_extract_text, files)
    print(
        f"office PDFs: {len(files)} files, {pages} pages; read_pdf {1000 * read / pages:.0f} ms/page, "
        f"extract_text {1000 * text / pages:.0f} ms/page (CPU, best of 3), ratio {read / text:.2f}"
    )


if __name__ == "__main__":
    main()
