"""Printed pages of a workbook, per sheet: a headless LibreOffice print to PDF
(``soffice --headless --convert-to pdf``), pages attributed to sheets by the footer that
:func:`model.report.workbook.print_setup` writes (the sheet's name, then ``page / pages``).

    .venv/bin/python bench/print_pages.py results/ankang_2025/report/report.xlsx

Needs LibreOffice (Debian: libreoffice-calc-nogui) and pdfplumber (the dev extra).
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def pages_per_sheet(xlsx: Path) -> dict[str, int]:
    import openpyxl
    import pdfplumber

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice not found (apt-get install libreoffice-calc-nogui)")
    names = openpyxl.load_workbook(xlsx, read_only=True).sheetnames
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)],
                       check=True, capture_output=True, timeout=600)
        pdf = Path(tmp) / (xlsx.stem + ".pdf")
        count: collections.Counter = collections.Counter()
        with pdfplumber.open(str(pdf)) as doc:
            for page in doc.pages:
                foot = page.crop((0, page.height * 0.9, page.width, page.height))
                text = foot.extract_text() or ""
                sheet = next((n for n in sorted(names, key=len, reverse=True) if n in text),
                             "(unattributed)")
                count[sheet] += 1
    return {n: count.get(n, 0) for n in names} | (
        {"(unattributed)": count["(unattributed)"]} if count["(unattributed)"] else {})


def main() -> None:
    for path in sys.argv[1:]:
        counts = pages_per_sheet(Path(path))
        print(f"{path}: {sum(counts.values())} pages")
        for sheet, n in counts.items():
            print(f"  {n:4d}  {sheet}")


if __name__ == "__main__":
    main()
