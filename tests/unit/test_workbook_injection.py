"""Issue #13, case 7: spreadsheet cells are text unless they are numbers, in every workbook.

inventory_tables.xlsx wrote a data-pack folder named ``=1+2`` as a live formula (pandas'
to_excel goes through xlsxwriter's ``write``, which reads ``=...`` as a formula and URLs as
links); report.xlsx and comparison.xlsx wrote text cells. All three now open their workbook
with :data:`model.xlsx.SAFE_OPTIONS`.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["=1+2", "=HYPERLINK(\"http://x.example\",\"click\")", "+SUM(A1:A2)", "-2+3",
           "@cmd", "http://example.com/a", "0715", "1e5"]


def formulas_and_links(path: Path) -> int:
    """Formula cells (<f>) and hyperlinks in the workbook's XML."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                      if n.startswith("xl/worksheets/"))
    return xml.count("<f>") + xml.count("<f ") + xml.count("<hyperlink")


def cells(path: Path) -> list[tuple[object, str]]:
    wb = openpyxl.load_workbook(path)
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.value is not None]


def test_inventory_tables_write_text_as_text(tmp_path):
    from model.inventory.tables import write_tables

    df = pd.DataFrame({"region": HOSTILE, "value": [float(i) for i in range(len(HOSTILE))]})
    write_tables({"a_hostile": df}, tmp_path, gwp_set="AR5")
    book = tmp_path / "inventory_tables.xlsx"
    assert formulas_and_links(book) == 0
    got = cells(book)
    for text in HOSTILE:
        assert (text, "s") in got, text  # the same text, as a text cell
    assert (3.0, "n") in got or (3, "n") in got  # numbers stay numbers


def test_report_and_comparison_workbooks_write_text_as_text(tmp_path):
    """save_workbook is how report.xlsx and comparison.xlsx are written."""
    from model.report.workbook import _Sheet, save_workbook

    def fill(wb, f):
        sh = _Sheet(wb, "t", f)
        sh.header(["a", "b"])
        for i, text in enumerate(HOSTILE):
            sh.cells([text, float(i)], ["text", "num0"])
        # text written through xlsxwriter's generic write (a future cell type) is text too
        sh.ws.write(sh.row, 0, "=1+2")

    out = save_workbook(tmp_path / "report.xlsx", fill)
    assert formulas_and_links(out) == 0
    got = cells(out)
    for text in HOSTILE:
        assert (text, "s") in got, text


@pytest.mark.slow  # 7-8 s: the whole suite only (fast lane < 2 min)
def test_inventory_of_a_pack_named_like_a_formula(tmp_path, monkeypatch):
    """The breaker's case: peakplan inventory of a data pack in a folder named '=1+2'."""
    from typer.testing import CliRunner

    from model.cli import app

    shutil.copytree(ROOT / "inventories" / "ankang", tmp_path / "inventories" / "=1+2")
    shutil.copytree(ROOT / "inventories" / "factors", tmp_path / "inventories" / "factors")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["inventory", "inventories/=1+2", "--year", "2020",
                                   "--out", "results/inv"])
    assert res.exit_code == 0, res.output
    book = tmp_path / "results" / "inv" / "inventory_tables.xlsx"
    assert formulas_and_links(book) == 0
    assert any(isinstance(v, str) and "=1+2" in v for v, _ in cells(book))
