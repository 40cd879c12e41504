"""Spreadsheet cells written as what they are: numbers as numbers, every other value as text.

xlsxwriter's ``Worksheet.write`` (which pandas' ``to_excel`` calls) turns a string beginning
with ``=`` into a live formula and one that looks like a URL into a hyperlink, so a data-pack
folder named ``=1+2`` or a label ``=HYPERLINK(...)`` in an input table became a formula in the
inventory workbook (issue #13, "formula injection"; OWASP "CSV injection"). Every workbook of
peakplan is opened with :data:`SAFE_OPTIONS` (``inventory_tables.xlsx`` through pandas,
``report.xlsx`` and ``comparison.xlsx`` through :func:`model.report.workbook.save_workbook`),
so a text value is always a text cell and only a number is a number cell.
"""

from __future__ import annotations

#: xlsxwriter Workbook options: never read a string as a formula, a URL or a number.
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False, "nan_inf_to_errors": False}

