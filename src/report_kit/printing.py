"""How every workbook the tool writes prints: A4, fitted to the page width, each row as tall as
its wrapped text, header rows repeated, and a footer naming the sheet and the page.

LibreOffice (and Excel, for a file it did not lay out) does not grow rows for wrapped text, so
rows get explicit heights here; a row with an explicit height also keeps it when LibreOffice
saves the file, so a one-page table stays one page after a department has filled it in.
"""

from __future__ import annotations

from collections.abc import Sequence

from .textwidth import BASE_SIZE, lines_height, wrapped_lines

DEFAULT_WIDTH = 8.43  # a column whose width was never set
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel accepts
SINGLE_LINE = lines_height(1)
# "&A" is the sheet's name, so a printed page says which table it belongs to
FOOTER_TEXT = "&A　第 &P 页，共 &N 页"
FOOTER = "&C&9" + FOOTER_TEXT  # centred, 9 pt
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7}  # inches; the footer sits in the bottom one
FOOTER_MARGIN = 0.3
A4 = 9


class RowSizer:
    """Collects what each row of a sheet holds and gives each row the height its tallest cell
    needs. A block merged over several rows shares the height it lacks among them."""

    def __init__(self, widths: Sequence[float]):
        self.widths = tuple(widths)
        self._needs: dict[int, float] = {}
        self._spans: list[tuple[int, int, float]] = []

    def width(self, col: int, cols: int = 1) -> float:
        """Column units from `col` over `cols` columns."""
        return sum(self.widths[c] if c < len(self.widths) else DEFAULT_WIDTH for c in range(col, col + cols))

    def add(self, row: int, col: int, text: str, *, cols: int = 1, rows: int = 1,
            font_size: float = BASE_SIZE, wrap: bool = True) -> None:
        """A cell (or a merged block) at `row`, `col` holding `text`."""
        lines = wrapped_lines(text, self.width(col, cols), font_size) if wrap else 1 + text.count("\n")
        need = lines_height(lines, font_size)
        if rows == 1:
            self._needs[row] = max(self._needs.get(row, 0.0), need)
        else:
            self._spans.append((row, rows, need))

    def heights(self, minimum: dict[int, float] | None = None) -> dict[int, float]:
        """Row -> points, for every row anything was added to (at least `minimum`'s heights)."""
        heights = dict(self._needs)
        for row, points in (minimum or {}).items():
            heights[row] = max(heights.get(row, 0.0), points)
        for row, rows, need in self._spans:
            span = range(row, row + rows)
            have = sum(heights.get(r, SINGLE_LINE) for r in span)
            if have < need:
                for r in span:
                    heights[r] = heights.get(r, SINGLE_LINE) + (need - have) / rows
        return {row: round(min(MAX_ROW_HEIGHT, points), 2) for row, points in heights.items()}

    def apply(self, ws, minimum: dict[int, float] | None = None) -> None:
        """Set the heights on an xlsxwriter worksheet."""
        for row, points in sorted(self.heights(minimum).items()):
            ws.set_row(row, points)


def page_setup(ws, *, landscape: bool = False, one_page: bool = False, repeat_rows: tuple[int, int] | None = None,
               repeat_columns: tuple[int, int] | None = None, fit_width: bool = True) -> None:
    """Print an xlsxwriter worksheet on A4: fitted to one page wide (and tall, for `one_page`),
    with the rows/columns given (0-based, inclusive) repeated on every page."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(**MARGINS)
    ws.set_footer(FOOTER, {"margin": FOOTER_MARGIN})
    ws.center_horizontally()
    if fit_width or one_page:
        ws.fit_to_pages(1, 1 if one_page else 0)
    if repeat_rows:
        ws.repeat_rows(*repeat_rows)
    if repeat_columns:
        ws.repeat_columns(*repeat_columns)


def openpyxl_page_setup(ws, *, landscape: bool = False, repeat_rows: str | None = None) -> None:
    """The same page setup on an openpyxl worksheet; `repeat_rows` like "4:4"."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    ws.page_margins.footer = FOOTER_MARGIN
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.oddFooter.center.size = 9
    if repeat_rows:
        ws.print_title_rows = repeat_rows
