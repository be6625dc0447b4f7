"""Counts as prose writes them (R8 reads them): digits, thousands separators, Chinese numerals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from report_kit.numerals import read_count

_CN = "零一二三四五六七八九"


def _section(n: int, top: bool) -> str:
    """0 < n < 10000 the standard way: 一千零五, 一百二十三, 十七 (top) / 一十七 (after 万零)."""
    out, zero, started = "", False, False
    for digit, unit in zip((n // 1000 % 10, n // 100 % 10, n // 10 % 10, n % 10), "千百十 "):
        if digit == 0:
            zero = zero or started
            continue
        out += ("零" if zero else "") + _CN[digit] + unit.strip()
        zero, started = False, True
    return out[1:] if top and out.startswith("一十") else out


def chinese(n: int) -> str:
    """A second, independent writer of standard Chinese numerals, to read back."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        return _section(low, top=True)
    rest = "" if not low else ("零" if low < 1000 else "") + _section(low, top=False)
    return _section(high, top=True) + "万" + rest


@given(st.integers(0, 10**8 - 1))
def test_every_count_reads_back_from_digits_separators_and_chinese(n):
    assert read_count(str(n)) == n
    assert read_count(f"{n:,}") == n
    assert read_count(chinese(n)) == n, chinese(n)


@pytest.mark.parametrize("text, value", [
    ("十七", 17), ("一百二十三", 123), ("两", 2), ("一百零五", 105), ("三千零五", 3005), ("二十", 20),
    ("一万二千", 12000), ("一万零五百", 10500), ("１７", 17), ("1,206", 1206), ("4,529", 4529), ("〇", 0),
])
def test_published_wordings(text, value):
    assert read_count(text) == value


@pytest.mark.parametrize("text", [
    "一百一",  # colloquial 110, or 101? not guessed
    "一万二",  # colloquial 12000
    "二〇二四",  # a year, digit by digit
    "一二三", "百", "万", "十百", "12,06", "1,2065", "", "²",
])
def test_not_written_the_standard_way_is_not_read(text):
    assert read_count(text) is None


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万0123456789,１²", max_size=12))
def test_any_run_of_numeral_characters_reads_as_a_count_or_none(text):
    value = read_count(text)
    assert value is None or (isinstance(value, int) and value >= 0)
