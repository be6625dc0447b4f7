"""Counts as published prose writes them: "42", "１７", "1,206", "十七", "一百二十三", "两".

R8 compares these with the tables, so a reading must never be a guess: a numeral that is not
written the standard way ("一二三", "二〇二四", colloquial "一百一" for 110) reads as None, and
R8 then says nothing about it rather than something wrong.
"""

from __future__ import annotations

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZEROS = "零〇"
_UNITS = {"十": 10, "百": 100, "千": 1000}
_MYRIAD = "万"


def read_count(text: str) -> int | None:
    """The whole number `text` writes, in digits (thousands separated by "," or not) or in
    Chinese numerals; None when it is not a number written the standard way."""
    plain = text.replace(",", "")
    if plain.isdecimal():  # full-width digits too, as int() reads them ("²" is not decimal)
        if "," in text and not _grouped_by_thousands(text):
            return None
        return int(plain)
    return _chinese(text)


def _grouped_by_thousands(text: str) -> bool:
    head, *groups = text.split(",")
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


def _chinese(text: str) -> int | None:
    if not text:
        return None
    if all(c in _ZEROS for c in text):
        return 0 if len(text) == 1 else None
    high, _, low = text.partition(_MYRIAD)
    if _MYRIAD in low:
        return None
    if _MYRIAD in text:
        myriads = _below_myriad(high, leading_ten=True)
        zero_led = low[:1] in _ZEROS and low != ""  # "一万零五百": the 零 says the thousands are empty
        rest = _below_myriad(low[1:] if zero_led else low, leading_ten=zero_led) if low else 0
        if myriads is None or rest is None or myriads == 0:
            return None
        if low and not zero_led and rest < 1000:
            return None  # "一万二" (colloquial 12000), "一万二百" (needs a 零): not the standard way
        return myriads * 10000 + rest
    return _below_myriad(text, leading_ten=True)


def _below_myriad(text: str, leading_ten: bool) -> int | None:
    """0–9999 written with 千/百/十 ("三千零五", "十七"); `leading_ten` allows "十" for "一十"."""
    if not text:
        return None
    value, digit, last_unit, zero_seen = 0, None, 10**4, False
    for i, c in enumerate(text):
        if c in _DIGITS:
            if digit is not None:
                return None  # two digits in a row: "一二三", a year "二〇二四"
            digit = _DIGITS[c]
        elif c in _ZEROS:
            if digit is not None or i == 0:
                return None
            zero_seen = True
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit >= last_unit:
                return None  # units must fall: "十百"
            if digit is None:
                if not (unit == 10 and i == 0 and leading_ten):
                    return None
                digit = 1
            value += digit * unit
            digit, last_unit, zero_seen = None, unit, False
        else:
            return None
    if digit is not None:
        if last_unit > 10 and last_unit != 10**4 and not zero_seen:
            return None  # "一百一": colloquial for 110, not 101
        value += digit
    return value
