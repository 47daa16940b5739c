"""The Chinese fonts a PDF is set in, found through fontconfig.

WeasyPrint embeds (a subset of) every font it uses, but it silently falls back to
whatever it finds: without a CJK font installed the PDF would print boxes (tofu) for
every character. So the families are looked up first and a missing font is an error
that says what to install. Serif (宋体-like, Noto Serif CJK SC on Debian) for the text
and tables, sans (黑体-like) for the headings, as in printed county documents.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from jixiao.core.documents.layout import RenderError

__all__ = ["Fonts", "cjk_fonts"]

_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN")
_SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
_SAFE_NAME = re.compile(r"^[\w .\-]+$")
MISSING = (
    "未找到中文字体，无法生成 PDF（否则中文会显示为方框）。"
    "请安装 Noto CJK 字体：Debian/Ubuntu 上运行 apt-get install fonts-noto-cjk"
)


@dataclass(frozen=True, slots=True)
class Fonts:
    serif: str
    sans: str


@lru_cache(maxsize=1)
def cjk_fonts() -> Fonts:
    """The serif and sans CJK families installed; ``RenderError`` when there is none."""
    try:
        proc = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        raise RenderError(MISSING + "（未找到 fontconfig 的 fc-list 命令）") from None
    families: list[str] = []
    for line in proc.stdout.splitlines():
        # "Noto Serif CJK SC,Noto Serif CJK SC Regular": aliases separated by commas
        families += [f.strip() for f in line.split(",") if _SAFE_NAME.match(f.strip())]
    if not families:
        raise RenderError(MISSING)
    serif = next((f for f in _SERIF if f in families), None)
    sans = next((f for f in _SANS if f in families), None)
    first = sorted(set(families))[0]
    return Fonts(serif=serif or sans or first, sans=sans or serif or first)
