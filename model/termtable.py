"""Terminal tables that stay readable at 80 columns: a bilingual label per row, figures in
aligned columns. Presentation only; no pandas.

A row is a label (Chinese and English) and its figures. When the labels fit beside the
figures (a county name, a year) the table is a plain grid, the label on one line ("汉滨区
Hanbin District") or on two (Chinese above English). When they do not (a target's clause, a
measure's name) each row is a label line across the full width, bold, followed by its figures
on their own line, right-aligned under the column headers: a label is never folded into a
narrow column (the earlier tables wrapped every label onto 3-5 lines at 80 columns). Widths
count a Chinese character as two columns (:func:`rich.cells.cell_len`).

Callers pass text already formatted (:mod:`model.fmt`); a cell may hold two lines (CNY above
万元/亿元). Columns are data: a new result table (a view, a concentration row) is a list of
:class:`Column` and :class:`Row`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

GAP = 2  # spaces between columns


@dataclass(frozen=True)
class Column:
    """A figure column: header in Chinese and English (each on its own line), justification."""

    zh: str
    en: str = ""
    justify: str = "right"


@dataclass
class Row:
    """One row: ``zh``/``en`` label and one cell per column (a cell: text, or a tuple of lines);
    ``style`` (a rich style, e.g. ``"red"``) colours the whole row."""

    zh: str
    en: str = ""
    cells: list = field(default_factory=list)
    style: str = ""


def _lines(cell) -> list[str]:
    if cell is None:
        return [""]
    if isinstance(cell, tuple | list):
        return [str(x) for x in cell] or [""]
    return str(cell).split("\n")


def _pad(text: str, width: int, justify: str) -> str:
    space = max(0, width - cell_len(text))
    return " " * space + text if justify == "right" else text + " " * space


def _label(r: Row) -> str:
    return f"{r.zh} {r.en}" if r.en and r.zh and r.zh != r.en else (r.zh or r.en)


def wrap(text: str, width: int) -> list[str]:
    """``text`` folded at spaces into lines of at most ``width`` cells, continuation lines
    indented two cells past the text's own leading spaces (a row's note under its label stays
    visibly under it; the terminal's own fold put it at column 0). A word longer than a line
    is cut by cells."""
    if width <= 0 or cell_len(text) <= width:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    hang = " " * min(lead + 2, max(0, width // 2))
    lines, cur = [], text[:lead]
    for word in text[lead:].split(" "):
        sep = "" if cur.strip() == "" else " "
        if cell_len(cur) + len(sep) + cell_len(word) <= width:
            cur += sep + word
            continue
        if cur.strip():
            lines.append(cur.rstrip())
            cur = hang
        while cell_len(cur) + cell_len(word) > width:  # a word wider than the line
            room = width - cell_len(cur)
            k = 0
            while k < len(word) and cell_len(word[:k + 1]) <= room:
                k += 1
            k = max(k, 1)
            lines.append(cur + word[:k])
            cur, word = hang, word[k:]
        cur += word
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def layout(title: str, label: Column, columns: list[Column], rows: list[Row], width: int
           ) -> tuple[list[tuple[str, str]], str]:
    """The table as (text, style) lines for a terminal ``width`` columns wide, and the mode
    used: ``one-line`` (label "zh en" beside the figures), ``two-line`` (zh above en beside
    the figures) or ``block`` (label line, then the figures)."""
    cells = [[_lines(c) for c in r.cells] for r in rows]
    sized = [r for r in rows if r.cells] or rows
    heads = [[c.zh, c.en] if c.en else [c.zh] for c in columns]
    widths = [max([cell_len(h) for h in heads[j]]
                  + [cell_len(x) for rc in cells if rc for x in rc[j]])
              for j in range(len(columns))]
    figures = sum(w + GAP for w in widths)
    one = max([cell_len(_label(r)) for r in sized] + [cell_len(_label(Row(label.zh, label.en)))])
    two = max([cell_len(x) for r in sized for x in (r.zh, r.en)]
              + [cell_len(label.zh), cell_len(label.en)])
    if one + figures <= width:
        mode, label_w = "one-line", one
    elif two + figures <= width:
        mode, label_w = "two-line", two
    else:
        mode, label_w = "block", max(0, width - figures)
    total = label_w + figures if mode != "block" else max(width, figures)
    out: list[tuple[str, str]] = []
    if title:
        pad = max(0, (min(total, width) - cell_len(title)) // 2)
        out.append((" " * pad + title, "bold"))
    # header: the label header on the left, figure headers right-aligned (two lines)
    n_head = max(len(h) for h in heads) if heads else 1
    lab_head = ([_label(Row(label.zh, label.en))] if mode == "one-line"
                else [label.zh, label.en])
    if mode == "block" and cell_len(lab_head[0]) + cell_len(lab_head[-1]) + 1 <= label_w:
        lab_head = [_label(Row(label.zh, label.en))]
    n_head = max(n_head, len(lab_head))
    for i in range(n_head):
        left = lab_head[i] if i < len(lab_head) else ""
        text = _pad(left, label_w, "left") if cell_len(left) <= label_w else left
        for j, h in enumerate(heads):
            # bottom-align headers of one line with the others' second line
            k = i - (n_head - len(h))
            text += " " * GAP + _pad(h[k] if 0 <= k < len(h) else "", widths[j],
                                     columns[j].justify)
        out.append((text.rstrip(), "bold"))
    out.append(("─" * min(total, width), ""))
    for r, rc in zip(rows, cells, strict=True):
        if not r.cells:  # a group heading (e.g. a target with one row per year below it)
            out.extend((x, f"bold {r.style}".strip()) for x in wrap(_label(r), width))
            continue
        if mode == "block" and cell_len(_label(r)) + 1 <= label_w:
            labels = [_label(r)]  # a short label (a year) stays on its figures' line
        elif mode == "block":
            out.extend((x, f"bold {r.style}".strip()) for x in wrap(_label(r), width))
            labels = [""]
        elif mode == "one-line":
            labels = [_label(r)]
        else:
            labels = [r.zh, r.en] if r.en and r.en != r.zh else [r.zh]
        height = max([len(labels)] + [len(c) for c in rc])
        for i in range(height):
            text = _pad(labels[i] if i < len(labels) else "", label_w, "left")
            for j, c in enumerate(rc):
                text += " " * GAP + _pad(c[i] if i < len(c) else "", widths[j],
                                         columns[j].justify)
            if text.strip():
                out.append((text.rstrip(), r.style))
    return out, mode


def print_table(console: Console, title: str, label: Column, columns: list[Column],
                rows: list[Row], empty: str = "") -> str:
    """Print :func:`layout` on ``console`` (its width); ``empty`` is printed instead when there
    are no rows. Returns the layout mode."""
    if not rows:
        if empty:
            console.print(Text(f"{title}: {empty}"))
        return "empty"
    lines, mode = layout(title, label, columns, rows, console.width)
    for text, style in lines:
        console.print(Text(text, style=style), overflow="fold", crop=False)
    return mode
