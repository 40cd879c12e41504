"""Checks of a briefing PDF read back with a PDF text library (pdfplumber): every character
inside the page margins, no number split across lines."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from model.report.pdf import MARGIN

#: fonts of the flowing text: reportlab names its subsets AAAAAA+, AAAAAB+, ... (the charts'
#: own text is in matplotlib's subsets, with random prefixes) or the CID font STSong-Light
TEXT_FONT = re.compile(r"^(AAAA[A-Z]{2}\+|STSong)")
END_NUM = re.compile(r"\d,?$")
START_NUM = re.compile(r"^[,.]?\d")


def outside_margins(pdf: Path) -> list[str]:
    """Characters whose box crosses the page's margin (:data:`model.report.pdf.MARGIN`)."""
    import pdfplumber

    bad = []
    tol = 0.5
    with pdfplumber.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            w, h = float(page.width), float(page.height)
            for c in page.chars:
                if (c["x0"] < MARGIN - tol or c["x1"] > w - MARGIN + tol
                        or c["top"] < MARGIN - tol or c["bottom"] > h - MARGIN + tol):
                    bad.append(f"page {n}: {c['text']!r} at ({c['x0']:.0f}, {c['top']:.0f})")
    return bad


def text_lines(pdf: Path) -> list[tuple[int, str]]:
    """(page, text) of each line of flowing text (charts' own text left out), top to bottom."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            chars = [c for c in page.chars if TEXT_FONT.match(c["fontname"])]
            chars.sort(key=lambda c: (c["top"] + c["bottom"]) / 2)
            rows: list[list] = []
            for c in chars:  # one line: characters whose vertical centres lie within it
                mid = (c["top"] + c["bottom"]) / 2
                if rows and mid <= max(x["bottom"] for x in rows[-1]) - 1:
                    rows[-1].append(c)
                else:
                    rows.append([c])
            for row in rows:
                line = "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                out.append((n, line.strip()))
    return out


def split_numbers(pdf: Path) -> list[str]:
    """Pairs of consecutive lines where a number runs from the end of one into the next."""
    lines = text_lines(pdf)
    bad = []
    for (p1, a), (p2, b) in itertools.pairwise(lines):
        if p1 == p2 and a and b and END_NUM.search(a) and START_NUM.search(b):
            bad.append(f"page {p1}: {a[-20:]!r} / {b[:20]!r}")
    return bad


def unreadable_pages(pdf: Path) -> list[str]:
    """Pages the text library cannot reach: its page count against the file's own page tree
    (pypdf). A content stream written inline into a page's ``/Contents`` array (not an indirect
    object, PDF 32000-1 §7.3.8) made pdfminer stop after the first chart page, so every check
    above silently skipped the chart pages."""
    import pdfplumber
    from pypdf import PdfReader

    n = len(PdfReader(str(pdf)).pages)
    with pdfplumber.open(str(pdf)) as doc:
        seen = len(doc.pages)
        texts = sum(1 for page in doc.pages if page.chars)
    out = []
    if seen != n:
        out.append(f"the text library sees {seen} of {n} pages")
    if texts < n:
        out.append(f"{n - texts} of {n} pages hold no readable character")
    return out
