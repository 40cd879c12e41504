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


#: Marks a Chinese line must not start with (GB/T 15834-2011 §5.1.2; model.report.kinsoku).
CLOSING = "，。、；：？！）」』】》〉"


def closing_mark_starts(pdf: Path) -> list[str]:
    """Lines of flowing text that start with a closing mark (，。、；：？！）」 …)."""
    return [f"page {p}: {t[:30]!r}" for p, t in text_lines(pdf) if t and t[0] in CLOSING]


#: snake_case identifiers (``net_import``, ``village_waste_treated``) a reader would see; a
#: file name the text names (``cost_attribution.csv``) is not one
IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])"
                        r"(?!\.(?:csv|xlsx|pdf|json|yaml)\b)")


def identifiers(pdf: Path, allowed: tuple[str, ...] = ()) -> list[str]:
    """Code identifiers (snake_case words) anywhere in the PDF's text, charts included, with
    their page; words in ``allowed`` (file names the text names on purpose) are left out."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            text = page.extract_text() or ""
            for m in IDENTIFIER.finditer(text):
                if m.group(0) not in allowed:
                    out.append(f"page {n}: {m.group(0)}")
    return out


#: a number in scientific notation (``9.82e-04``, ``2.874e+06``)
EXPONENT = re.compile(r"\d(?:\.\d+)?e[+-]?\d{2}")


def exponents(pdf: Path) -> list[str]:
    """Figures in scientific notation anywhere in the PDF's text, charts included."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            out += [f"page {n}: {m.group(0)}" for m in EXPONENT.finditer(page.extract_text()
                                                                          or "")]
    return out
