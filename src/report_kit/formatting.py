"""How the model's values are written out: shared by the checker's messages and every renderer.

Nothing here reads a file: writing and rendering import this, never the cleaning of `cleaning`.
"""

from __future__ import annotations

from decimal import Decimal


def format_money(value: Decimal) -> str:
    """4068.2080 -> '4068.208', 0 -> '0'; never scientific notation."""
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def split_paragraphs(text: str) -> list[str]:
    """Prose -> paragraphs: one per non-blank line, each stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]
