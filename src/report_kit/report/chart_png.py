"""The 图解 as a PNG: the same laid-out figure as the SVG (`charts.chart_figure`), drawn with Pillow.

Drawn at SCALE times the chart's own units, 1920 pixels wide: sharp on a high-density screen and,
at the 156 mm of an A4 text block, over 300 dpi in print. The owner stamp is kept in a tEXt chunk,
so a later run replaces only its own picture. Pillow is imported here only: `report-kit --help` and
plain `compile` never load it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from ..stamps import owner_stamp
from ..submission import Submission
from .chart_font import ChartFonts, find_chart_fonts
from .charts import Figure, Rect, Text, chart_figure

SCALE = 4
DPI = 300
STAMP_KEY = "report-kit"
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}  # on the baseline, as SVG places text


def draw_png(figure: Figure, fonts: ChartFonts | None = None, scale: int = SCALE, stamp: str = "") -> bytes:
    """`figure` drawn as PNG bytes, `scale` pixels per chart unit, `stamp` (whose report it is) kept
    in the file. `fonts`: found when None (raises FontMissing when this machine has no Chinese font)."""
    fonts = fonts or find_chart_fonts()
    image = Image.new("RGB", (figure.width * scale, figure.height * scale), "#fff")
    draw = ImageDraw.Draw(image)
    faces: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}
    for shape in figure.shapes:
        if isinstance(shape, Rect):
            box = [shape.x * scale, shape.y * scale, (shape.x + shape.width) * scale,
                   (shape.y + shape.height) * scale]
            if shape.rx:
                draw.rounded_rectangle(box, radius=shape.rx * scale, fill=_rgb(shape.fill))
            else:
                draw.rectangle(box, fill=_rgb(shape.fill))
        elif isinstance(shape, Text):
            bold = shape.weight == "bold"
            key = (shape.size * scale, bold)
            if key not in faces:
                face = fonts.bold if bold and fonts.bold else fonts.regular
                faces[key] = ImageFont.truetype(face.path, shape.size * scale, index=face.index)
            # no bold face of the family: thicken the regular one a little
            stroke = max(1, scale // 4) if bold and fonts.bold is None else 0
            draw.text((shape.x * scale, shape.y * scale), shape.text, font=faces[key], fill=_rgb(shape.fill),
                      anchor=_ANCHORS[shape.anchor], stroke_width=stroke, stroke_fill=_rgb(shape.fill))
    return _png(image, {"Title": figure.title, **({STAMP_KEY: stamp} if stamp else {})})


def _rgb(colour: str) -> str:
    """'#222' or '#1f5fa8' as Pillow takes it."""
    if len(colour) == 4:
        return "#" + "".join(c * 2 for c in colour[1:])
    return colour


def _png(image: Image.Image, texts: dict[str, str]) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in texts.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


def chart_png(submission: Submission, previous: Submission | None = None, fonts: ChartFonts | None = None) -> bytes:
    """The 图解 of `submission` as PNG bytes (against `previous` when given)."""
    return draw_png(chart_figure(submission, previous), fonts)


def render_png(submission: Submission, options) -> bytes:
    """The 图解 as the output table (`formats.OUTPUTS`) calls it: stamped with whose report it is."""
    return draw_png(chart_figure(submission, options.previous), stamp=owner_stamp(submission))


def file_owner(path: Path) -> str | None:
    """The owner stamp of an existing PNG this tool drew, or None (not ours, not a PNG, unreadable)."""
    try:
        with Image.open(path) as image:
            return image.text.get(STAMP_KEY) if image.format == "PNG" else None
    except Exception:  # not a picture, damaged, unreadable: not ours
        return None
