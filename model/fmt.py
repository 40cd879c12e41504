"""Figures as text for tables, the terminal and briefings: never an exponent, thousands
separators, and money in the units a Chinese office reads (万元 = 10^4 CNY, 亿元 = 10^8 CNY)
beside CNY.

No imports beyond the standard library (the terminal imports this at start-up).
"""

from __future__ import annotations

import math


def plain(v: float | None, digits: int = 3) -> str:
    """A number without an exponent: thousands separators from 100 up (no decimals), else
    ``digits`` significant digits (``0.0123``); ``n/a`` for None or NaN, ``∞`` for infinity.
    Tiny non-zero values keep their significant digits (``0.000012``)."""
    if v is None or v != v:
        return "n/a"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    a = abs(v)
    if a >= 100 or v == 0:
        return f"{v:,.0f}"
    decimals = max(0, digits - 1 - math.floor(math.log10(a)))
    text = f"{v:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def wan_yi(cny: float | None, per: str = "") -> str:
    """CNY in 万元 (below 10^8) or 亿元 (from 10^8), e.g. ``2.20亿元``, ``4,289万元`` or
    ``5.69万元`` (at least three significant digits); ``per`` is appended (``/年``). ``n/a``
    for None or NaN."""
    if cny is None or cny != cny:
        return "n/a"
    a = abs(cny)
    if a >= 1e8:
        text = f"{cny / 1e8:,.2f}亿元"
    elif a >= 1e4:
        text = f"{plain(cny / 1e4)}万元"
    else:
        text = f"{cny:,.0f}元"
    return text + per


def million(cny: float | None) -> str:
    """CNY in millions with one decimal (``219.7``); ``n/a`` for None or NaN."""
    if cny is None or cny != cny:
        return "n/a"
    return f"{cny / 1e6:,.1f}"


def money(cny: float | None, per_year: bool = False, zh: bool = True) -> str:
    """``219,693,384 CNY/yr (2.20亿元/年)``: full CNY with the Chinese unit beside it (the
    Chinese unit left out when ``zh`` is False)."""
    if cny is None or cny != cny:
        return "n/a"
    unit = "CNY/yr" if per_year else "CNY"
    text = f"{cny:,.0f} {unit}"
    if zh:
        text += f" ({wan_yi(cny, '/年' if per_year else '')})"
    return text
