"""The briefing as a reader gets it (issue #16): PDFs whose text stays inside the margins and
never splits a number, on the shipped 2025 run, the pathway run and a comparison; compare of
a one-key ``extends:`` variant; sensitivity results in the briefing and never in the way of a
later run; the made-up city (no Ankang id anywhere) through run, report and compare; a strict
JSON manifest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdfcheck import (
    closing_mark_starts,
    exponents,
    identifiers,
    outside_margins,
    split_numbers,
    text_lines,
    unreadable_pages,
)

#: snake_case words the briefing may print on purpose (file names with their extension are
#: never counted: tests/pdfcheck.py IDENTIFIER)
FILE_NAMES: tuple[str, ...] = ()


def _reader_checks(pdf: Path) -> None:
    """What a reader must never see (issue #16's page review): a code identifier on any page,
    charts included; a number in scientific notation; a Chinese line starting with a closing
    mark (，；。）); ug/m3 where μg/m³ is meant."""
    assert identifiers(pdf, FILE_NAMES) == []
    assert exponents(pdf) == []
    assert closing_mark_starts(pdf) == []
    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert "ug/m3" not in text

ROOT = Path(__file__).resolve().parents[2]


def _strict(path: Path) -> dict:
    def refuse(name):
        raise ValueError(f"{path}: {name} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, shipped_runs):
    """The shipped 2025 run and its report (shared: conftest.py::shipped_runs) and a one-key
    variant of it (extends + set), run and compared, with the comparison's report."""
    from model.report import write_report
    from model.report.compare_views import write_comparison
    from model.run import run_scenario

    tmp = tmp_path_factory.mktemp("variant")
    (tmp / "a").symlink_to(shipped_runs["a"], target_is_directory=True)
    variant = tmp / "variant.yaml"
    variant.write_text(f"extends: {ROOT / 'scenarios' / 'ankang_2025.yaml'}\n"
                       "name: ankang_2025_rate10\nset: {discount_rate.value: 0.10}\n",
                       encoding="utf-8")
    run_scenario(variant, out=tmp / "b")
    write_comparison([tmp / "a", tmp / "b"], tmp / "cmp")
    write_report(tmp / "cmp")
    return tmp


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def test_2025_briefing_text_inside_margins_and_numbers_whole(shipped):
    pdf = shipped / "a" / "report" / "briefing.pdf"
    assert unreadable_pages(pdf) == []  # every page, charts included, is checked below
    assert outside_margins(pdf) == []
    assert split_numbers(pdf) == []
    charts = list((shipped / "a" / "report").glob("*.png"))
    # the summary, then a page per chart; the summary flows onto a second page since it
    # states the accounting view the answer rests on (was 1 page, without the views)
    assert _pages(pdf) - len(charts) in (1, 2)
    _reader_checks(pdf)
    text = "\n".join(t for _, t in text_lines(pdf))
    # the accounting rule in words (was "CO2 net_import ... electricity at coal_equivalent")
    assert "核算口径 Accounting view" in text and "电力调入调出法" in text
    assert "CO2 as net electricity imports" in text.replace("\n", " ")
    assert "assessed" in text  # the run's view, and the views under which all are met
    # the PM2.5 dual in 万元 in the Chinese answer (was 45,422,042CNY/(ug/m3))
    assert "4,542万元/(μg/m³)" in text
    # a one-year run states no peak (it said "CO2 is still rising in 2025")
    assert "still rising" not in text
    assert "安康市2025年污染防治与碳达峰情景" in text  # Chinese in the PDF's text
    assert "万元" in text or "亿元" in text  # money as a Chinese office reads it
    assert "e+" not in text  # no exponent


def test_comparison_lists_exactly_the_changed_key_and_gets_a_briefing(shipped):
    inp = pd.read_csv(shipped / "cmp" / "compare_inputs.csv", encoding="utf-8-sig", dtype=str,
                      keep_default_na=False)
    assert list(inp["item"]) == ["discount_rate.value"]
    assert list(inp["reference"]) == ["0.08"] and list(inp["value"]) == ["0.1"]
    pdf = shipped / "cmp" / "report" / "comparison.pdf"
    assert unreadable_pages(pdf) == []  # every page, charts included, is checked below
    assert outside_margins(pdf) == []
    assert split_numbers(pdf) == []
    # every comparison chart a vector page of charts.pdf, placed in the briefing
    # costs, prices and CO2. Before issue #14's catalogue the discount rate moved no tonne
    # (2 charts, no CO2 difference chart); with self-paying solar, wind and EVs beside the
    # binding PM2.5 row it does: 2025 CO2 4,906,204 t at 8 % -> 4,933,053 t at 10 %
    # (the CO2-intensity row then binds at 17 %), so the CO2 difference chart is drawn
    assert _pages(shipped / "cmp" / "report" / "charts.pdf") == 3
    # text pages 1 -> 4 (issue #16 page review): the answer, the cost rows that differ, each
    # differing target with its required/achieved/shadow price rows, the measures that change
    assert _pages(pdf) == 4 + 3
    assert (shipped / "cmp" / "report" / "compare_co2.png").exists()


def test_manifest_is_strict_json_with_the_city(shipped):
    man = _strict(shipped / "a" / "manifest.json")  # a 2025 run: the decline is NaN -> null
    assert man["pathway"]["decline_after_peak_per_yr"] is None
    assert man["city"] == "ankang"


def test_pathway_briefing_text_inside_margins_and_numbers_whole(tmp_path):
    from model.report import write_report
    from model.run import run_scenario

    run_scenario(ROOT / "scenarios" / "peak-2030.yaml", out=tmp_path / "p")
    write_report(tmp_path / "p")
    pdf = tmp_path / "p" / "report" / "briefing.pdf"
    assert unreadable_pages(pdf) == []  # every page, charts included, is checked below
    assert outside_margins(pdf) == []
    assert split_numbers(pdf) == []
    _reader_checks(pdf)  # peak-2030 is plan-2025 with a peak target: the plan's pages
    charts = sorted(p.stem for p in (tmp_path / "p" / "report").glob("*.png"))
    assert "pathway" in charts and "wedges" in charts
    assert _pages(tmp_path / "p" / "report" / "charts.pdf") == len(charts)


def test_split_number_detector_finds_a_split_number(tmp_path):
    """The check itself can fail: a number broken over two lines by hand is found."""
    from reportlab.pdfgen import canvas

    from model.report.fonts import pdf_fonts
    from model.report.pdf import FRAME

    f = pdf_fonts()
    path = tmp_path / "split.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(f.latin, 10)
    c.drawString(FRAME, 700, "net cost 42")
    c.drawString(FRAME, 686, ",891 CNY")
    c.drawString(5, 600, "outside")
    c.save()
    assert split_numbers(path) == ["page 1: 'net cost 42' / ',891 CNY'"]
    assert len(outside_margins(path)) == len("outside")


def test_sensitivity_reaches_the_briefing_and_never_blocks_a_run(tmp_path, monkeypatch):
    """The made-up city: run, sensitivity into its default folder, run again (the folder is
    kept), report (probabilities and the cost interval on the cover), compare."""
    import importlib.util

    from model.report import write_report
    from model.report.briefing import build, evidence_lines, probability_rows
    from model.report.compare_views import write_comparison
    from model.run import run_scenario
    from model.sensitivity import runner

    spec = importlib.util.spec_from_file_location(
        "sens_conftest", ROOT / "tests" / "sensitivity" / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    scenario = mod.write_scenario(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = run_scenario(scenario)
    # a probability sample (Sobol): a Morris grid writes no probabilities since issue #15
    runner.run(scenario, method="sobol", n=4, seed=3, progress=False, charts=False)
    sens = first.out / "sensitivity-sobol"
    assert (sens / "probabilities.csv").is_file()
    again = run_scenario(scenario)  # exit 0, never "found sensitivity-sobol"
    assert again.out == first.out and (sens / "probabilities.csv").is_file()
    b = build(first.out)
    assert b.sens is not None and b.sens.folder == sens
    _zh, en = evidence_lines(b)
    text = " ".join(en)
    assert "sobol" in text and "samples" in text
    probs = pd.read_csv(sens / "probabilities.csv")
    rows = probability_rows(b)
    assert len(rows) == len(probs)
    assert rows[-1][1] == "Every target"
    assert rows[-1][2] == f"{probs['p_met'].iloc[-1]:.0%}"
    out = write_report(first.out)
    pdf = out.folder / "briefing.pdf"
    assert outside_margins(pdf) == [] and split_numbers(pdf) == []
    assert "Probability each target is met" in " ".join(t for _, t in text_lines(pdf))
    # the made-up city through compare and its report (no city id in code)
    # a Morris screening folder is read too: no interval, said to be a screening run
    from model.report.evidence import sensitivity
    runner.run(scenario, method="morris", n=2, seed=3, progress=False, charts=False,
               out=tmp_path / "morris")
    m = sensitivity(tmp_path / "morris")
    assert m.method == "morris" and m.probabilities is None and m.table.empty
    import dataclasses

    _zh, en = evidence_lines(dataclasses.replace(b, sens=m))
    assert "Morris screening run" in " ".join(en)
    cmp_dir, _ = write_comparison([first.out, again.out], tmp_path / "cmp")
    rep = write_report(cmp_dir)
    assert (rep.folder / "comparison.pdf").is_file()
