"""English is available for every string of the interface: extracting the messages anew
from a copy of the source finds nothing untranslated or fuzzy, and the compiled catalogue
matches the one committed (what Django serves)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PO = Path("jixiao/web/locale/en/LC_MESSAGES/django.po")


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry, parsed with gettext's own msgattrib."""
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True
    )
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True
    )
    assert untranslated.returncode == 0, untranslated.stderr
    assert fuzzy.returncode == 0, fuzzy.stderr
    out = []
    for text, is_fuzzy in ((untranslated.stdout, False), (fuzzy.stdout, True)):
        for block in text.split("\n\n")[1:]:  # the header comes first
            msgid = block.split("msgid ", 1)[1].split("\nmsgstr", 1)[0]
            out.append((msgid, "", is_fuzzy))
    return out


def test_every_interface_string_has_an_english_translation(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "jixiao", copy / "jixiao", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jixiao.web.settings", "PYTHONPATH": str(copy)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy / "jixiao",
        env=env,
        check=True,
        capture_output=True,
    )
    missing = _entries(copy / PO)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


def test_the_committed_catalogue_is_compiled() -> None:
    po, mo = SRC / PO, SRC / PO.with_suffix(".mo")
    out = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True).stdout
    assert mo.read_bytes() == out, "run `make messages` (compilemessages) and commit the .mo"
