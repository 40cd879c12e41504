"""Input-table checks: encodings, placeholders, negatives, duplicates, sources."""

import pytest

from model.errors import InputError
from model.io import atomic_dir, detect_encoding, parse_number, read_table

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
    with pytest.raises(InputError, match=r"rows 2, 3: found duplicated"):
        _read(p)


def test_duplicate_key_names_the_rows_of_one_key(tmp_path):
    # rows 2 and 5 share a key, rows 3 and 4 another: the message names 2 and 5 (not 2 and 3,
    # which are not duplicates of each other) and says one more key is duplicated
    body = ("a,2020,1,t,s,reported,\nb,2020,1,t,s,reported,\nb,2020,2,t,s,reported,\n"
            "a,2020,2,t,s,reported,\n")
    with pytest.raises(InputError) as e:
        _read(_write(tmp_path, HEADER + body))
    assert "rows 2, 5: found duplicated key {'region': 'a', 'year': '2020'}" in str(e.value)
    assert "1 more key(s) are duplicated too" in str(e.value)


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


# --- issue #9: parser errors, encodings and magnitudes, each one line naming file and row ---

def _one_line(exc) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and "\r" not in msg, msg
    return msg


def test_ragged_row_names_the_row(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,reported,\nb,2020,1,t,src,reported,,x\n")
    with pytest.raises(InputError) as e:
        _read(p)
    assert _one_line(e).endswith("t.csv row 3: found 8 cells; expected at most 7 cells, as many "
                                 'as the header row (a comma inside a cell needs quotes, as in '
                                 '"1,234.5")')


def test_every_row_one_cell_longer_is_refused_not_shifted(tmp_path):
    # pandas would take the first column as an index and shift the others one to the left
    p = _write(tmp_path, HEADER + "a,2020,1,t,src,reported,,\nb,2020,1,t,src,reported,,\n")
    with pytest.raises(InputError, match=r"row 2: found 8 cells; expected at most 7"):
        _read(p)


def test_unquoted_thousands_separator_is_a_ragged_row(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,1,234.5,t,src,reported,\n")
    with pytest.raises(InputError, match=r"row 2: found 8 cells"):
        _read(p)


def test_row_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    # spreadsheet rows: header 1, a 2, blank 3, b 4 (its note spans lines 4-5), c 5 (line 6)
    body = ('region,year,value,unit,source,status,method,note\na,2020,1,t,s,reported,,\n\n'
            'b,2021,2,t,s,reported,,"two\nlines"\nc,2022,-1,t,s,reported,,\n')
    p = _write(tmp_path, body)
    with pytest.raises(InputError) as e:
        read_table(p, ["region", "year", "value", "unit"])
    assert "t.csv row 5 column 'value'" in _one_line(e)
    df = read_table(p, ["region", "year", "value", "unit"], allow_negative=["value"])
    assert df["_row"].tolist() == [2, 4, 5] and df.loc[1, "note"] == "two\nlines"
    p = _write(tmp_path, body.replace("c,2022,-1,t,s,reported,,", "c,2022,-1,t,s,reported,,,"))
    with pytest.raises(InputError, match=r"t.csv row 5 \(line 6\): found 9 cells"):
        read_table(p, ["region", "year", "value", "unit"], allow_negative=["value"])


@pytest.mark.parametrize(("text", "needle"), [
    (HEADER + 'a,2020,1,t,"src,reported,\nb,2021,1,t,s,reported,\n',
     'row 2: found a quote (") that is never closed'),
    (HEADER + 'a,2020,1,t,"src"x,reported,\n', "row 2: found a quote inside a cell"),
    ("region,year,value,value,unit,source\na,2020,1,2,t,s\n",
     "row 1: found the column 'value' twice in the header"),
])
def test_quotes_and_header_faults(tmp_path, text, needle):
    with pytest.raises(InputError) as e:
        _read(_write(tmp_path, text))
    assert needle in _one_line(e)


@pytest.mark.parametrize(("encoding", "needle"), [
    ("utf-16-le", "saved as UTF-16 (little-endian, no byte-order mark)"),
    ("utf-16-be", "saved as UTF-16 (big-endian, no byte-order mark)"),
    ("utf-16", "saved as UTF-16 (byte-order mark)"),
    ("utf-32", "saved as UTF-32"),
])
def test_utf16_is_refused_in_one_line(tmp_path, encoding, needle):
    p = _write(tmp_path, HEADER + "汉滨区,2020,1,万吨,统计公报,reported,\n", encoding)
    with pytest.raises(InputError) as e:
        _read(p)
    msg = _one_line(e)
    assert needle in msg and "save it as UTF-8" in msg and msg.startswith(str(p))
    with pytest.raises(InputError, match="UTF-"):  # the manifest's detection says the same
        detect_encoding(p)


def test_binary_file_named_csv_is_refused(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")  # an .xlsx (zip) start
    with pytest.raises(InputError, match=r"t.csv line 1: found a NUL byte \(not a text file"):
        _read(p)


def test_broken_workbook_is_one_line(tmp_path):
    p = tmp_path / "t.xlsx"
    p.write_text("region,year\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        _read(p)
    assert "a workbook that does not open" in _one_line(e)


@pytest.mark.parametrize("cell", ["1e300", "-1e300", "1e16", "1.0000001e15", "1e400", "9" * 400])
def test_magnitudes_beyond_1e15_are_refused(tmp_path, cell):
    p = _write(tmp_path, HEADER + f"a,2020,{cell},t,src,reported,\n")
    with pytest.raises(InputError) as e:
        read_table(p, ["region", "year", "value", "unit"], allow_negative=["value"])
    msg = _one_line(e)
    assert "t.csv row 2 column 'value'" in msg and "magnitude at most 1e15" in msg


def test_magnitude_limit_itself_is_allowed(tmp_path):
    p = _write(tmp_path, HEADER + "a,2020,1e15,t,src,reported,\nb,2020,-1e15,t,src,reported,\n")
    df = read_table(p, ["region", "year", "value", "unit"], allow_negative=["value"])
    assert df["value"].tolist() == [1e15, -1e15]


@pytest.mark.parametrize("value", [10**400, 10**5000, -(10**20), 1e300, float("inf")],
                         ids=["int 1e400", "int 1e5000", "int -1e20", "1e300", "inf"])
def test_parse_number_refuses_huge_python_numbers_without_overflow(value):
    with pytest.raises(InputError, match="x: found"):
        parse_number(value, "x", allow_negative=True)


def test_long_column_lists_are_summarised(tmp_path):
    cols = [f"c{i}" for i in range(30)]
    p = _write(tmp_path, ",".join(["region", "year", "value", "unit", "source", *cols]) + "\n"
               + ",".join(["a", "2020", "1", "t", "s", *["x"] * 30]) + "\n")
    with pytest.raises(InputError) as e:
        _read(p)
    assert "unknown column(s) 'c0', 'c1', 'c2', 'c3', 'c4' and 25 more;" in _one_line(e)
