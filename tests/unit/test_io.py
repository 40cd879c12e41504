"""Input-table checks: encodings, placeholders, negatives, duplicates, sources."""

import pytest

from model.errors import InputError
from model.io import atomic_dir, parse_number, read_table

HEADER = "region,year,value,unit,source,status,method\n"


def _write(tmp_path, text, encoding="utf-8", name="t.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def _read(p):
    return read_table(p, ["region", "year", "value", "unit"], key=["region", "year"])


def test_utf8_bom_and_gb18030_are_read_and_named(tmp_path):
    body = HEADER + "汉滨区,2020,\"1,234.5\",万吨,统计公报,reported,\n"
    for enc, name in (("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("utf-8", "utf-8")):
        df = _read(_write(tmp_path, body, enc))
        assert df.attrs["encoding"] == name
        assert df.loc[0, "region"] == "汉滨区"
        assert df.loc[0, "value"] == 1234.5  # thousands separator stripped


@pytest.mark.parametrize("cell", ["—", "…", "", "NA", "nan", "-"])
def test_placeholders_refused(tmp_path, cell):
    p = _write(tmp_path, HEADER + f"a,2020,{cell},t,src,reported,\n")
    with pytest.raises(InputError) as e:
        _read(p)
    assert "row 2" in str(e.value) and "'value'" in str(e.value)


def test_negative_refused(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,-5,t,src,reported,\n")
    with pytest.raises(InputError, match="non-negative"):
        _read(p)


def test_duplicate_key_refused(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,reported,\na,2020,2,t,src,reported,\n")
    with pytest.raises(InputError, match=r"rows \[2, 3\].*duplicated"):
        _read(p)


def test_missing_source_and_estimate_without_method(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,1,t,,reported,\n")
    with pytest.raises(InputError, match="'source'"):
        _read(p)
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,estimate,\n")
    with pytest.raises(InputError, match="'method'"):
        _read(p)


def test_calibrated_status_is_accepted_and_needs_a_method(tmp_path):
    """``calibrated``: a figure scaled so that it reproduces an outside total (agreeing with that
    total is then no check). Like ``estimate`` and ``derived`` it must say how (``method``)."""
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,calibrated,scaled to CEADs 2019 x 1.003\n")
    assert _read(p).loc[0, "status"] == "calibrated"
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,calibrated,\n")
    with pytest.raises(InputError, match="method of a calibrated figure"):
        _read(p)
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,calibrate,x\n")
    with pytest.raises(InputError, match="calibrated"):
        _read(p)


def test_scenario_schema_knows_the_same_statuses():
    """Every status an input table may carry is also valid in a scenario file (model.schema)."""
    import typing

    from model import schema
    from model.io import STATUSES

    for model_cls in (schema.Sourced, schema.Target):
        allowed = typing.get_args(model_cls.model_fields["status"].annotation)
        assert set(allowed) == set(STATUSES), model_cls.__name__
    s = schema.Sourced(value=1, unit="t", source="CEADs", status="calibrated",
                       method="scaled to CEADs")
    assert s.status == "calibrated"
    with pytest.raises(ValueError, match="calibrated number needs a 'method'"):
        schema.Sourced(value=1, unit="t", source="CEADs", status="calibrated")


def test_unknown_column_refused(tmp_path):
    p = _write(tmp_path, "region,year,value,unit,source,colour\na,2020,1,t,s,red\n")
    with pytest.raises(InputError, match="colour"):
        _read(p)


def test_parse_number_fullwidth():
    assert parse_number("１２３．５", "x") == 123.5


def test_atomic_dir_keeps_old_results_on_failure(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as d:
        (d / "a.txt").write_text("first")
    with pytest.raises(RuntimeError), atomic_dir(target) as d:
        (d / "a.txt").write_text("second")
        raise RuntimeError("boom")
    assert (target / "a.txt").read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_atomic_dir_never_replaces_a_folder_it_did_not_write(tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="non-empty folder that peakplan did not write"), \
            atomic_dir(mine) as d:
        (d / "a.txt").write_text("x")
    assert (mine / "notes.txt").read_text() == "keep me"
    # an output of another kind is not replaced either
    inv = tmp_path / "inv"
    with atomic_dir(inv, kind="inventory") as d:
        (d / "a.csv").write_text("x")
    with pytest.raises(InputError, match="written by 'peakplan inventory'"), \
            atomic_dir(inv, kind="run") as d:
        pass
    assert (inv / "a.csv").exists()
    # an empty folder is fine, and the marker names the kind
    empty = tmp_path / "empty"
    empty.mkdir()
    with atomic_dir(empty, kind="report") as d:
        (d / "r.xlsx").write_text("x")
    assert (empty / ".peakplan").read_text(encoding="utf-8").startswith("report")


def test_atomic_dir_refuses_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="working folder"), atomic_dir(tmp_path):
        pass


def test_a_rerun_never_deletes_a_file_put_into_the_results(tmp_path):
    out = tmp_path / "out"
    with atomic_dir(out) as d:
        (d / "targets.csv").write_text("x")
    with atomic_dir(out / "report", kind="report") as d:
        (d / "report.xlsx").write_text("x")
    with atomic_dir(out) as d:  # a report written inside the run folder is peakplan's own
        (d / "targets.csv").write_text("y")
    (out / "my_notes.txt").write_text("mine")
    with pytest.raises(InputError, match=r"my_notes\.txt, which peakplan did not write"), \
            atomic_dir(out) as d:
        pass
    assert (out / "my_notes.txt").read_text() == "mine"


@pytest.mark.parametrize("cell", ["35515,1", "0,08", "35.515,1", "12,34"])
def test_decimal_commas_are_refused(cell):
    with pytest.raises(InputError, match="decimal point"):
        parse_number(cell, "x")
