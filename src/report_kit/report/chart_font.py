"""The Chinese font the 图解's PNG is drawn with, found on this machine at run time.

A PNG, unlike the SVG, carries its glyphs: drawn with a font that lacks Chinese, every character
becomes a box. So the font must be one that covers Chinese, checked, or nothing is drawn:
- where fontconfig is installed (Linux, most BSDs), `fc-match` for a sans face whose languages
  include zh-cn (a .ttc holds several faces: its index is taken too, so Noto Sans CJK draws the
  simplified-Chinese glyph shapes, not the Japanese ones);
- else the system fonts folder: Windows' 微软雅黑 (msyh.ttc) or 黑体 (simhei.ttf), macOS' 苹方.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontMissing
from ..form import messages as msg

# Faces asked of fontconfig, best first; `lang=zh-cn` makes any face covering Chinese a match.
FONTCONFIG_PATTERNS = ("Noto Sans CJK SC:lang=zh-cn", "sans-serif:lang=zh-cn")

# Without fontconfig: (regular, bold) file names in the system fonts folder, best first.
WINDOWS_FONTS = (("msyh.ttc", "msyhbd.ttc"), ("msyh.ttf", "msyhbd.ttf"), ("simhei.ttf", None),
                 ("Deng.ttf", "Dengb.ttf"), ("simsun.ttc", None))
MAC_FONTS = (("/System/Library/Fonts/PingFang.ttc", None), ("/System/Library/Fonts/STHeiti Medium.ttc", None),
             ("/Library/Fonts/Arial Unicode.ttf", None))


@dataclass(frozen=True)
class FontFile:
    """A font file and the index of the face in it (a .ttc collection holds several)."""

    path: str
    index: int = 0


@dataclass(frozen=True)
class ChartFonts:
    """The faces the chart is drawn with; `bold` is None when there is no bold face of the same
    family (the drawing then thickens the regular one)."""

    regular: FontFile
    bold: FontFile | None


def _fontconfig(pattern: str) -> FontFile | None:
    """The file fontconfig matches for `pattern`, if that face covers Chinese."""
    try:
        done = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{lang}", pattern], capture_output=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, rest = done.stdout.decode("utf-8", "replace").partition("\t")
    index, _, langs = rest.partition("\t")
    # fc-match always answers, with whatever face comes closest: only one covering zh-cn will do
    if done.returncode != 0 or "zh-cn" not in langs.split("|") or not Path(path).is_file():
        return None
    return FontFile(path, int(index) if index.isdigit() else 0)


def _from_fontconfig() -> ChartFonts | None:
    for pattern in FONTCONFIG_PATTERNS:
        regular = _fontconfig(pattern)
        if regular is not None:
            bold = _fontconfig(pattern + ":weight=bold")
            # the same face again means the family has no bold one (a collection may hold both)
            return ChartFonts(regular, bold if bold != regular else None)
    return None


def _from_folders() -> ChartFonts | None:
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        candidates = [(folder / regular, folder / bold if bold else None) for regular, bold in WINDOWS_FONTS]
    elif sys.platform == "darwin":
        candidates = [(Path(regular), None) for regular, _bold in MAC_FONTS]
    else:
        return None
    for regular, bold in candidates:
        if regular.is_file():
            bold_file = FontFile(str(bold)) if bold is not None and bold.is_file() else None
            return ChartFonts(FontFile(str(regular)), bold_file)
    return None


def find_chart_fonts() -> ChartFonts:
    """The Chinese faces to draw the chart with. Raises FontMissing (saying what to install) when
    this machine has none."""
    found = _from_fontconfig() if shutil.which("fc-match") else None
    found = found or _from_folders()
    if found is None:
        raise FontMissing(msg.CHART_FONT_MISSING.text())
    return found
