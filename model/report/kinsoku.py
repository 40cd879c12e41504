"""Line breaking of mixed Chinese and Latin paragraphs with the Chinese line-breaking rules
(禁则, GB/T 15834-2011 标点符号用法 §5.1.2: a line never starts with a closing mark — 句号 。,
逗号 ，, 顿号 、, 分号 ；, 冒号 ：, 问号 ？, 叹号 ！, closing brackets and quotes — and never ends
with an opening bracket or quote), and never inside a number or a Latin word, nor between a
number and the Chinese unit after it (``3.37万元``, ``2025年``).

reportlab's own CJK wrapping (``wordWrap="CJK"``, ``reportlab.platypus.paragraph.cjkFragSplit``)
breaks at any character and hangs at most one closing mark in the margin; its list of marks
that cannot start a line (``reportlab.lib.textsplit.ALL_CANNOT_START``) lacks the full-width
；，：！？, so the cover printed lines starting with "；" and "，". :class:`KinsokuParagraph`
breaks its lines with :func:`split_lines` instead: at the overflowing character it walks back
to the last allowed break and moves the characters after it to the next line (no hanging: a
hung mark would cross the briefing's margin).
"""

from __future__ import annotations

import unicodedata

#: Marks that never start a line (GB/T 15834-2011 §5.1.2; full-width and ASCII forms), and "/"
#: of a unit (``万元/百分点`` never breaks before its "/").
NO_START = frozenset("。，、；：？！）］｝》〉」』】〕〗〙〛”’…—～·%‰℃°′″"
                     "．，；：？！）］｝＞"
                     ".,;:?!)]}/")
#: Marks that never end a line: opening brackets and quotes, and the "/" of a unit.
NO_END = frozenset("（［｛《〈「『【〔〖〘〚“‘(<[{/")


def is_wide(ch: str) -> bool:
    """A character of CJK script or full-width punctuation (its own break opportunity)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _latin(ch: str) -> bool:
    return bool(ch) and not is_wide(ch) and not ch.isspace()


def may_break(a: str, b: str) -> bool:
    """True if a line may end after ``a`` with ``b`` starting the next (module docstring)."""
    if not a or not b or b.isspace():
        return False
    if b in NO_START or a in NO_END:
        return False
    if _latin(a) and _latin(b):  # inside a number or a Latin word
        return False
    if a.isdigit() or a in "%.":  # a number and the Chinese unit or word after it
        return not is_wide(b)
    # a money unit is never parted (4,542万 / 元 read as two figures)
    return not (a in "万亿" and b == "元")


def break_at(chars: list[str], start: int, over: int) -> int:
    """Index where the line that begins at ``chars[start]`` ends (exclusive) when
    ``chars[over]`` does not fit: the last allowed break at or before ``over`` (a space ends the
    line it follows), else ``over`` itself (a single unbreakable run longer than the line)."""
    for k in range(over, start, -1):
        if chars[k].isspace():
            return k  # the line ends before the space; the space is dropped
        if may_break(chars[k - 1], chars[k]):
            return k
    return max(over, start + 1)


def split_lines(frags, max_widths, calc_bounds):
    """reportlab's ``cjkFragSplit`` with the rules above: ``frags`` the paragraph's fragments,
    ``max_widths`` the line widths (points; the last repeats), returns ``ParaLines`` of kind 1."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

    units = []
    for f in frags:
        text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(cjkU(t, f, "utf8") for t in text)
        else:
            units.append(cjkU(text, f, "utf8"))
    chars = [str(u) for u in units]
    lines = []
    n = len(units)
    start = 0

    def width_of(lo: int, hi: int) -> float:
        return float(sum(units[j].width for j in range(lo, hi)))

    while start < n:
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        end = None
        line_break = False
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                end, line_break = i + 1, True
                break
            used += u.width
            if used > max_w + 1e-6 and i > start:
                end = break_at(chars, start, i)
                break
            i += 1
        if end is None:  # the rest fits
            lines.append(makeCJKParaLine(units[start:], max_w, width_of(start, n),
                                         max_w - width_of(start, n), False, calc_bounds))
            break
        stop = end
        while stop > start + 1 and chars[stop - 1].isspace() and not line_break:
            stop -= 1
        w = width_of(start, stop)
        lines.append(makeCJKParaLine(units[start:stop], max_w, w, max_w - w, line_break,
                                     calc_bounds))
        start = end
        while start < n and chars[start].isspace() and not line_break:
            start += 1  # a line never starts with the space it broke at
    return ParaLines(kind=1, lines=lines)


def paragraph_class():
    """:class:`reportlab.platypus.Paragraph` whose CJK line breaking is :func:`split_lines`
    (made on first use: reportlab is imported only when a PDF is written)."""
    global _CLASS
    if _CLASS is None:
        from reportlab.platypus import Paragraph
        from reportlab.platypus.paragraph import _handleBulletWidth

        class KinsokuParagraph(Paragraph):
            """A paragraph broken by :func:`split_lines` (module docstring)."""

            def breakLinesCJK(self, maxWidths):
                if not isinstance(maxWidths, (list, tuple)):
                    maxWidths = [maxWidths]
                if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
                    return self.blPara
                if not self.frags or any(hasattr(f, "cbDefn") for f in self.frags):
                    return super().breakLinesCJK(maxWidths)
                self.height = 0
                _handleBulletWidth(self.bulletText, self.style, maxWidths)
                auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
                return split_lines(self.frags, maxWidths, auto not in ("", "off"))

        _CLASS = KinsokuParagraph
    return _CLASS


_CLASS = None
