"""Turn a .docx into a PDF with LibreOffice, when it is installed.

The 公文 fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) are commercial and often missing,
always so on Linux. Left alone, LibreOffice then prints whatever face fontconfig offers first,
often a Japanese one. Instead, the fresh profile of each conversion carries a font replacement
table that maps every missing 公文 font to the closest installed Chinese face (a 仿宋 or serif
face for 仿宋, a sans face for 黑体, a 楷 face for 楷体, …), and the caller is told which.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import OfficeMissing, OutputError
from ..form import messages as msg

CONVERT_TIMEOUT = 180

# The fonts the default template names, each with the installed faces that may stand in for it,
# best first. A font's own other names (FangSong for 仿宋, …) come first: they are the real thing.
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "Noto Serif CJK SC SemiBold",
                "Source Han Serif SC SemiBold", "Noto Serif CJK SC", "Source Han Serif SC", "宋体", "SimSun",
                "AR PL UMing CN"),
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC",
                  "Source Han Serif SC", "AR PL UMing CN"),
    "仿宋": ("FangSong", "仿宋_GB2312", "FangSong_GB2312", "STFangsong", "华文仿宋", "Noto Serif CJK SC",
           "Source Han Serif SC", "AR PL UMing CN"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "楷体_GB2312", "KaiTi_GB2312", "STKaiti", "华文楷体", "AR PL UKai CN", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "NSimSun", "新宋体", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
}


@dataclass(frozen=True)
class FontSubstitution:
    """A font the report names that this machine lacks, and the face the PDF uses instead
    (`used` is "" when no Chinese face was found and LibreOffice chose on its own)."""

    wanted: str
    used: str


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes
    substitutions: tuple[FontSubstitution, ...]


def find_office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_families() -> set[str] | None:
    """Every font family name fontconfig knows (all localised names), or None without fontconfig
    (Windows, macOS without it): then nothing is replaced and LibreOffice uses the system's rules."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return {name.strip() for line in done.stdout.splitlines() for name in line.split(",") if name.strip()}


def fonts_named(docx: bytes) -> set[str]:
    """Every font a .docx's styles, text, headers and footers name (w:rFonts)."""
    named: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            for name in parts:
                for attributes in _RFONTS.findall(archive.read(name)):
                    named.update(m.decode("utf-8") for m in _FONT_NAME.findall(attributes))
    except (zipfile.BadZipFile, UnicodeDecodeError):
        return set()
    return named


_RFONTS = re.compile(rb"<w:rFonts\b([^>]*)>")
_FONT_NAME = re.compile(rb'\bw:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')


def plan_substitutions(families: set[str] | None, named: set[str] | None = None) -> tuple[FontSubstitution, ...]:
    """For every 公文 font missing from `families` (and named by the document, when `named` is
    given), the best installed stand-in."""
    if families is None:
        return ()
    plan = []
    for wanted, candidates in SUBSTITUTES.items():
        if wanted in families or (named is not None and wanted not in named):
            continue
        used = next((c for c in candidates if c in families), "")
        plan.append(FontSubstitution(wanted, used))
    return tuple(plan)


def replacement_table(plan: tuple[FontSubstitution, ...]) -> str:
    """registrymodifications.xcu for a fresh LibreOffice profile: the font replacement table
    (Tools ▸ Options ▸ Fonts) with one always-applied pair per missing font."""
    items = ['<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
             '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>']
    for i, pair in enumerate(p for p in plan if p.used):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{i}" oor:op="replace">'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(pair.wanted)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(pair.used)}</value></prop>'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            '</node></item>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            + "\n".join(items) + "\n</oor:items>\n")


def docx_to_pdf(docx: bytes) -> PdfResult:
    """The PDF of a .docx, and which fonts were replaced. A fresh office profile each time, so a
    running office never interferes; it carries the replacement table for the missing fonts."""
    office = find_office()
    if office is None:
        raise OfficeMissing(msg.OFFICE_MISSING.text())
    plan = plan_substitutions(installed_families(), fonts_named(docx))
    with tempfile.TemporaryDirectory(prefix="report-kit-pdf-") as work:
        source = Path(work) / "report.docx"
        source.write_bytes(docx)
        user = Path(work) / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(replacement_table(plan), encoding="utf-8")
        command = [office, f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", work, str(source)]
        pdf = Path(work) / "report.pdf"
        # A second try when the first wrote nothing: an office starting on a busy machine, or
        # finishing its fresh profile, now and then exits without converting
        for _attempt in range(2):
            try:
                subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                raise OutputError(msg.PDF_TIMEOUT.text()) from None
            if pdf.exists():
                return PdfResult(pdf.read_bytes(), plan)
        raise OutputError(msg.PDF_FAILED.text())
