"""Reading input tables and writing results, with the checks every input gets at the edge.

Input tables are long (tidy) CSV or XLSX: one value per row, with ``value``, ``unit`` and
``source`` columns. :func:`read_table` reads them in UTF-8, UTF-8 with BOM or GB18030 (and says
which), strips thousands separators, and refuses — with one line naming file, row and column —
NaN and placeholders (``—``, ``…``, ``-``, ``NA``), numbers beyond
:data:`~model.errors.MAX_MAGNITUDE` (1e15), negative values where not allowed, missing sources,
rows marked estimate without a method, and duplicated keys. The file itself is refused, in one
line, if it was saved as UTF-16 or UTF-32 or holds NUL bytes (a workbook renamed ``.csv``), if a
row has more cells than the header (an unquoted comma), if a quote is never closed, or if the
header names a column twice.

Results are written atomically: :func:`atomic_dir` builds a complete folder beside the target
and swaps it in only when every file is written, so a failed run never loses earlier results.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from model.errors import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT, InputError, summarise

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
PLACEHOLDERS = {"—", "–", "-", "--", "…", "...", "NA", "N/A", "n/a", "na", "nan", "NaN", "null",
                "NULL", "None", "?", "x", "X", "TBD", "tbd", "#N/A", "#VALUE!", "/"}
STATUSES = ("reported", "derived", "calibrated", "estimate")


_NOT_TEXT_HINT = "save it as UTF-8: in Excel, 'CSV UTF-8 (Comma delimited)'"
_ENCODINGS_EXPECTED = "a CSV saved as UTF-8 (with or without BOM) or GB18030"


def _utf16_without_bom(raw: bytes) -> str | None:
    """'little-endian' or 'big-endian' if ``raw`` looks like UTF-16 text without a BOM.

    A table's header is ASCII, so UTF-16 puts a NUL byte beside each of its characters: at odd
    offsets (little-endian, Windows' "Unicode text") or at even ones (big-endian)."""
    head = raw[:4096]
    head = head[: len(head) // 2 * 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) == 0:
        return "little-endian"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) == 0:
        return "big-endian"
    return None


def _encoding_of(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(str(path), "a file saved as UTF-32", _ENCODINGS_EXPECTED, _NOT_TEXT_HINT)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(str(path), "a file saved as UTF-16 (byte-order mark)",
                         _ENCODINGS_EXPECTED, _NOT_TEXT_HINT)
    if b"\x00" in raw:
        order = _utf16_without_bom(raw)
        if order:
            raise InputError(str(path), f"a file saved as UTF-16 ({order}, no byte-order mark)",
                             _ENCODINGS_EXPECTED, _NOT_TEXT_HINT)
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise InputError(f"{path} line {line}", "a NUL byte (not a text "
                         "file: a workbook or another binary file with a .csv name?)",
                         _ENCODINGS_EXPECTED, _NOT_TEXT_HINT)
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for enc in ("utf-8", "gb18030"):
        try:
            raw.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    raise InputError(str(path), "bytes that are neither UTF-8 nor GB18030", _ENCODINGS_EXPECTED)


def detect_encoding(path: Path) -> str:
    """Return the encoding that decodes ``path``: ``utf-8``, ``utf-8-sig`` (BOM) or ``gb18030``.

    Raises :class:`InputError` (one line naming the file) if none decodes the file, or if it was
    saved as UTF-16 or UTF-32 (with a byte-order mark, or without one: NUL bytes beside the
    header's characters), or holds a NUL byte at all (a binary file).
    """
    return _encoding_of(Path(path).read_bytes(), Path(path))


def _csv_row(path: Path, row: int, line: int) -> str:
    return f"{path} row {row}" + (f" (line {line})" if line != row else "")


def _read_csv(path: Path) -> tuple[pd.DataFrame, str, list[int]]:
    """(table of strings, encoding, spreadsheet row of each data row) of one CSV file.

    Parsed with :mod:`csv` (strict quoting), not pandas, so that every structural fault is one
    line naming its row: pandas reports a ragged row in two lines and, when *every* row has one
    cell more than the header, silently takes the first column as an index and shifts the rest.
    Rows are numbered as a spreadsheet shows them (the header is row 1; a blank line is a row);
    blank lines are skipped, a short row is padded with empty cells.
    """
    raw = path.read_bytes()
    encoding = _encoding_of(raw, path)
    text = raw.decode(encoding)
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    row, line = 0, 0
    try:
        for fields in reader:
            row, line = row + 1, line + 1  # row and first line of this record
            start_line, line = line, reader.line_num
            if not any(f.strip() for f in fields) and len(fields) <= 1:
                continue  # a blank line
            if header is None:
                header = [f.strip() for f in fields]
                dup = next((c for i, c in enumerate(header) if c in header[:i]), None)
                if dup is not None:
                    raise InputError(_csv_row(path, row, start_line), f"the column {dup!r} "
                                     "twice in the header", "each column once")
                continue
            if len(fields) > len(header):
                raise InputError(_csv_row(path, row, start_line), f"{len(fields)} cells",
                                 f"at most {len(header)} cells, as many as the header row",
                                 'a comma inside a cell needs quotes, as in "1,234.5"')
            records.append(fields + [""] * (len(header) - len(fields)))
            rows.append(row)
    except csv.Error as exc:
        where = _csv_row(path, row + 1, line + 1)
        if "unexpected end of data" in str(exc):
            raise InputError(where, 'a quote (") that is never closed',
                             'a closing quote at the end of the cell') from None
        if "expected after" in str(exc):
            raise InputError(where, f"a quote inside a cell ({exc})", 'a cell quoted whole, '
                             'with a quote inside it written twice ("")') from None
        raise InputError(where, f"a row that does not parse ({exc})",
                         "a comma-separated table with one header row") from None
    if header is None:
        raise InputError(str(path), "an empty file", "a header row and data rows")
    return pd.DataFrame(records, columns=header, dtype=str), encoding, rows


def parse_number(text: object, where: str, allow_negative: bool = False) -> float:
    """Parse one cell as a float: strips thousands separators and full-width digits.

    Raises :class:`InputError` on NaN, empty cells, placeholders (``—``, ``…``), magnitudes above
    :data:`~model.errors.MAX_MAGNITUDE` (1e15; see there why) and, unless ``allow_negative``,
    negative numbers.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        infinite = isinstance(text, float) and math.isinf(text)  # as given, not by overflow
        if isinstance(text, float) or abs(text) < 10**20:
            s = repr(text)
        else:  # a huge int: neither its digits nor float(text) (OverflowError) are of use
            digits = int(math.log10(abs(text))) + 1  # str() refuses more than 4300 digits
            s = f"a{' negative' if text < 0 else 'n'} integer of about {digits} digits"
        val = float(text) if abs(text) < 10**300 else (math.inf if text > 0 else -math.inf)
    else:
        s = str(text).strip() if text is not None else ""
        if s in PLACEHOLDERS or s == "":
            raise InputError(where, f"{s!r}" if s else "an empty cell",
                             "a number (a missing value must be sourced or the row removed)")
        t = s.translate(str.maketrans("０１２３４５６７８９．，－", "0123456789.,-"))
        t = t.replace(" ", "").replace("\u00a0", "")
        if "," in t:
            # a comma is read only as a thousands separator (1,234,567.8); a decimal comma
            # (35515,1) would otherwise silently become 355151
            if not re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?", t):
                raise InputError(where, f"{s!r}", "a number with a decimal point (a comma is "
                                 "read only as a thousands separator, as in 1,234.5)")
            t = t.replace(",", "")
        try:
            val = float(t)
        except ValueError:
            raise InputError(where, f"{s!r}", "a number") from None
        infinite = "inf" in t.lower()  # 'inf', 'Infinity'; '1e400' overflows to inf instead
    if val != val or infinite:
        raise InputError(where, s, "a finite number")
    if not abs(val) <= MAX_MAGNITUDE:  # also a literal too large for a double (1e400 -> inf)
        raise InputError(where, s, f"a number of magnitude at most {MAX_MAGNITUDE_TEXT}",
                         "larger values exceed what double precision and the solver can hold; "
                         "check the unit and the exponent")
    if val < 0 and not allow_negative:
        raise InputError(where, s, "a non-negative number")
    return val


def read_table(
    path: str | Path,
    required: Iterable[str],
    key: Iterable[str] = (),
    numeric: Iterable[str] = ("value",),
    allow_negative: Iterable[str] = (),
    sourced: bool = True,
    optional: Iterable[str] = (),
    allow_empty: bool = False,
    require_status: bool | None = None,
) -> pd.DataFrame:
    """Read one input table (CSV or XLSX) and check it.

    Parameters
    ----------
    path:
        The file. CSV in UTF-8, UTF-8-BOM or GB18030; XLSX first sheet.
    required:
        Columns that must be present (order free). Unknown columns are refused unless listed in
        ``optional``.
    key:
        Columns that identify a row; a duplicated key is an error naming both rows.
    numeric:
        Columns parsed with :func:`parse_number`.
    allow_negative:
        Numeric columns where negative values are valid (e.g. net removals, effects).
    sourced:
        If true, ``source`` must be non-empty on every row, and a row whose ``status`` is
        ``estimate`` or ``derived`` must give its ``method``.
    allow_empty:
        If false (default), a file with a header and no rows is an error.
    require_status:
        A ``status`` column must be present (default: when ``sourced``): a table without it
        would pass its estimated rows off as reported ones. Tables that describe rather than
        measure (``regions.csv``) pass False.

    Returns
    -------
    DataFrame with the columns as read (strings stripped), numeric columns as float, and the
    attributes ``attrs["path"]``, ``attrs["encoding"]`` and a column ``_row`` holding the
    spreadsheet row number (header = row 1) for later messages.

    Raises
    ------
    InputError
        On any of the bad-input classes above, naming the file, row and column.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", "an input table at this path")
    if not path.is_file():
        raise InputError(str(path), "a folder", "an input table (CSV or XLSX file)")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            df = pd.read_excel(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl and zipfile raise many types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise InputError(str(path), f"a workbook that does not open ({type(exc).__name__}"
                             f"{': ' + first[:120] if first else ''})",
                             "an .xlsx workbook with one header row on its first sheet") from None
        encoding = "xlsx"  # (a column named twice arrives as 'name.1': an unknown column)
        rows = list(range(2, len(df) + 2))
    else:
        df, encoding, rows = _read_csv(path)
    if df.empty and not allow_empty:
        raise InputError(str(path), "a header but no data rows",
                         "data rows (remove the file if it has nothing to hold)")
    df.columns = [str(c).strip() for c in df.columns]
    required = list(required)
    allowed = set(required) | set(optional) | {"status", "method", "note", "source"}
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(str(path), f"the columns {summarise(list(df.columns), limit=12)}",
                         f"also the columns {summarise(missing, limit=12)}")
    unknown = [c for c in df.columns if c not in allowed]
    if unknown:
        raise InputError(str(path), f"unknown column(s) {summarise(unknown)}",
                         f"only {summarise(sorted(allowed), limit=15)}")
    if (sourced if require_status is None else require_status) and "status" not in df.columns:
        cols = summarise(list(df.columns), limit=6)
        raise InputError(str(path), f"no 'status' column (columns {cols})",
                         f"a 'status' column ({'/'.join(STATUSES)} on every row; without "
                         "it estimates read as reported)")
    for c in df.columns:
        df[c] = df[c].astype(str).str.strip()
    df.insert(0, "_row", rows)
    neg = set(allow_negative)
    for col in numeric:
        if col not in df.columns:
            continue
        df[col] = [
            parse_number(v, f"{path} row {r} column '{col}'", allow_negative=col in neg)
            for v, r in zip(df[col], df["_row"], strict=True)
        ]
    if sourced:
        if "source" not in df.columns:
            raise InputError(str(path), "no 'source' column", "a source on every row")
        for r, s in zip(df["_row"], df["source"], strict=True):
            if not s:
                raise InputError(f"{path} row {r} column 'source'", "an empty cell",
                                 "the source of the figure (document, table, page) or "
                                 "'estimate' with status=estimate and a method")
        if "status" in df.columns:
            for r, st, m in zip(df["_row"], df["status"], df.get("method", [""] * len(df)),
                                strict=True):
                if st not in STATUSES:
                    raise InputError(f"{path} row {r} column 'status'", repr(st),
                                     f"one of {list(STATUSES)}")
                if st != "reported" and not m:
                    raise InputError(f"{path} row {r} column 'method'", "an empty cell",
                                     f"the method of a {st} figure")
    key = list(key)
    if key:
        dup = df.duplicated(subset=key, keep=False)
        if dup.any():
            first = df.loc[dup, key].iloc[0]
            same = (df[key] == first).all(axis=1)
            rows = df.loc[same, "_row"].tolist()
            others = int(df.loc[dup & ~same].drop_duplicates(subset=key).shape[0])
            hint = f"{others} more key(s) are duplicated too" if others else None
            raise InputError(f"{path} rows {summarise(rows)}",
                             f"duplicated key {first.to_dict()}", f"one row per {key}", hint)
    df.attrs["path"] = str(path)
    df.attrs["encoding"] = encoding
    return df


def check_values_in(df: pd.DataFrame, column: str, allowed: Iterable[str], what: str) -> None:
    """Raise :class:`InputError` naming the first row whose ``column`` is not in ``allowed``."""
    allowed = set(allowed)
    for r, v in zip(df["_row"], df[column], strict=True):
        if v not in allowed:
            import difflib

            near = difflib.get_close_matches(str(v), sorted(allowed), n=1)
            hint = f"did you mean {near[0]!r}?" if near else None
            raise InputError(f"{df.attrs.get('path', '?')} row {r} column '{column}'",
                             f"unknown {what} {v!r}",
                             f"one of {summarise(sorted(allowed, key=str), limit=12)}", hint)


MARKER = ".peakplan"
#: Markers of sub-folders that another peakplan command wrote inside an output folder and that
#: do not depend on its results (``peakplan sensitivity`` writes ``<run>/sensitivity-<method>``
#: by default, marked ``.peakplan-sensitivity`` by :mod:`model.sensitivity.runner`): they are
#: never counted as foreign and are carried into the new folder when the folder is replaced.
KEPT_MARKERS = (".peakplan-sensitivity",)


def _kept(entry: Path) -> bool:
    """True for a sub-folder carrying one of :data:`KEPT_MARKERS`."""
    return entry.is_dir() and not entry.is_symlink() and any(
        (entry / m).is_file() for m in KEPT_MARKERS)


def _marker_kind_and_names(folder: Path) -> tuple[str, set[str]] | None:
    """(kind, names written) from a folder's marker, or None if it has none."""
    marker = folder / MARKER
    if not marker.is_file():
        return None
    lines = marker.read_text(encoding="utf-8").splitlines()
    kind = lines[0].strip() if lines else ""
    names = {ln[2:] for ln in lines if ln.startswith("- ")}
    return kind, names


def _foreign(folder: Path) -> Path | None:
    """The first entry under ``folder`` that peakplan did not write (None if there is none).

    A folder's marker lists what was written into it; a sub-folder with a marker of its own (a
    report inside a run folder) is checked the same way."""
    info = _marker_kind_and_names(folder)
    if info is None:
        return next(iter(folder.iterdir()), None)
    _, names = info
    for entry in sorted(folder.iterdir()):
        if entry.name == MARKER or _kept(entry):
            continue
        if entry.is_dir() and not entry.is_symlink() and (entry / MARKER).is_file():
            inner = _foreign(entry)
            if inner is not None:
                return inner
        elif entry.name not in names:
            return entry
    return None


def _shown(path: Path, limit: int = 70) -> str:
    """A path for a message: relative to the working folder when inside it, and at most
    ``limit`` characters (a long one keeps its last folders after '...'), so lines stay short."""
    try:
        text = str(path.relative_to(Path(os.path.realpath(os.getcwd())))) or "."
    except ValueError:
        text = str(path)
    if len(text) > limit:
        tail = text[-(limit - 3):]
        text = "..." + (tail[tail.index(os.sep):] if os.sep in tail else tail)
    return text


def _out_where(given: str | Path, real: Path) -> str:
    g = _shown(Path(str(given))) if len(str(given)) > 70 else str(given)
    shown = _shown(real)
    return f"--out {g}" if g.rstrip("/") in (shown, str(real)) else f"--out {g} (= {shown})"


def resolve_out(target: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """The real folder an output path names, checked before anything is created or replaced.

    Every command that writes calls this first (through :func:`output_folder` or, for a
    resumable sensitivity folder, directly): the path is made absolute and resolved as the
    operating system will resolve it when the folder is created — symbolic links followed,
    ``..`` applied after them, a missing intermediate folder taken as the folder it will be
    (``results/new/../../inventories/ankang`` *is* ``inventories/ankang`` once ``results/new``
    exists) — so every later check looks at the folder that would really be replaced.

    Raises InputError (one line naming the option, the path as given and what it resolves to)
    if the path is empty, is the working folder or one of its parents, passes through an
    existing file (``README.md/out``), or is one of ``inputs`` (folders read by the command:
    a data pack, a catalogue, a factor library) or lies inside one.
    """
    given = str(target)
    if not given.strip():
        raise InputError("--out", "an empty path", "a results folder")
    # not os.path.abspath: it applies ".." before links are followed, unlike the OS
    real = Path(os.path.realpath(os.path.join(os.getcwd(), given)))
    where = _out_where(given, real)
    cwd = Path(os.path.realpath(os.getcwd()))
    if real == cwd or real in cwd.parents:
        raise InputError(where, "the working folder or one of its parents",
                         "a results folder of its own")
    probe = real.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(where, f"a path through the file {_shown(probe)}",
                         "a folder path (every part of it a folder or not yet existing)")
    for folder in inputs:
        inp = Path(os.path.realpath(os.path.join(os.getcwd(), str(folder))))
        if real == inp or inp in real.parents:
            what = "the input folder" if real == inp else "a folder inside the input folder"
            raise InputError(where, f"{what} {_shown(inp)}",
                             "a results folder outside the inputs the command reads")
    return real


def check_out(target: str | Path, kind: str, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output folder peakplan may not replace (see :func:`atomic_dir`); return the
    real folder (:func:`resolve_out`), which the caller must then use.

    Raises InputError if ``target`` is (after resolving ``..`` and links) the working folder or
    one of its parents, inside an input folder, a file, a non-empty folder without peakplan's
    marker, a folder written by another command, or a peakplan folder into which something
    else was put since (named in the message).
    """
    given = target
    target = resolve_out(target, inputs)
    where = _out_where(str(given), target)
    if not target.exists():
        return target
    if not target.is_dir():
        raise InputError(where, "an existing file", "a folder to write results into")
    info = _marker_kind_and_names(target)
    if info is None:
        if any(not _kept(e) for e in target.iterdir()):
            raise InputError(where, "a non-empty folder that peakplan did not write",
                             "a new or empty folder (an output folder is replaced whole)",
                             "choose another --out")
        return target
    if info[0] != kind:
        raise InputError(where, f"a folder written by 'peakplan {info[0]}'",
                         f"a new folder, or one written by 'peakplan {kind}'",
                         "choose another --out")
    stray = _foreign(target)
    if stray is not None:
        raise InputError(where, f"{stray.relative_to(target)}, which peakplan did "
                         "not write", "a results folder holding only what peakplan wrote (the "
                         "folder is replaced whole)", "move that file out, or choose another --out")
    return target


@contextlib.contextmanager
def atomic_dir(target: str | Path, kind: str = "run",
               inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success swap it into place.

    If the body raises, the temporary folder is removed and ``target`` is untouched. On
    success the previous ``target`` (if any) is replaced in one rename of the new folder
    (the old one is moved aside first and deleted after the swap).

    Safety: every folder written here holds a marker file ``.peakplan`` naming ``kind`` (run,
    inventory, report, compare) and every file written. An existing ``target`` is replaced only
    if it is empty, or holds that marker with the same kind and nothing else (sub-folders with
    markers of their own, such as a report, count as written); otherwise :class:`InputError`
    (:func:`check_out`) — so ``--out scenarios``, ``--out .`` or a re-run can never delete a
    user's files. A failed write (disk full, permissions) is an InputError too, with the
    earlier results kept. Sub-folders of the old ``target`` marked by :data:`KEPT_MARKERS` (a
    sensitivity run's folder) are moved into the new folder, unless it wrote one of that name.
    The path is resolved first (:func:`resolve_out`: ``..`` and links as the operating system
    applies them, never inside one of ``inputs``) and every step below works on that real
    folder, so a path that only *looks* new cannot replace an old one.
    """
    target = check_out(target, kind, inputs)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise InputError(f"--out {target}", f"a folder that cannot be written ({exc.strerror})",
                         "a writable location") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; results are meant to be shared
    try:
        yield tmp
        names = sorted(p.name for p in tmp.iterdir())
        (tmp / MARKER).write_text(
            f"{kind}\nwritten by peakplan; the next 'peakplan {kind}' with the same --out "
            "replaces this folder whole. Files written:\n" + "".join(f"- {n}\n" for n in names),
            encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"--out {target}", f"a write that failed ({exc.strerror})",
                         "room and permission to write; the earlier results are kept") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    moved: list[str] = []
    try:
        if target.is_dir():
            for entry in sorted(target.iterdir()):
                if _kept(entry) and not (tmp / entry.name).exists():
                    os.replace(entry, tmp / entry.name)
                    moved.append(entry.name)
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(tmp, target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)
        for name in moved:  # put the kept folders back before the new folder goes
            if (tmp / name).exists() and target.is_dir():
                os.replace(tmp / name, target / name)
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"--out {target}", f"a folder that cannot be replaced ({exc.strerror})",
                         "a writable location; the earlier results are kept") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` as UTF-8 CSV with BOM (so Excel shows Chinese labels), without index.

    Floats keep 10 significant digits (enough to re-derive every published figure); a negative
    zero from the solver is written as 0.
    """
    out = df.copy()
    for col in out.select_dtypes("float").columns:
        out[col] = out[col] + 0.0  # -0.0 + 0.0 == 0.0
    out.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.10g")


def write_csv_atomic(df: pd.DataFrame, path: Path) -> None:
    """:func:`write_csv` to a temporary file beside ``path``, then renamed over it: a reader
    never sees half a table and a failed write leaves the old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write_csv(df, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def strict_json(obj: object) -> object:
    """``obj`` with every float NaN or ±Infinity replaced by None (JSON ``null``), in dicts,
    lists and tuples at any depth: RFC 8259 has no NaN or Infinity, and strict parsers refuse
    them."""
    if isinstance(obj, float):
        return obj if obj == obj and obj not in (float("inf"), float("-inf")) else None
    if isinstance(obj, dict):
        return {k: strict_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [strict_json(v) for v in obj]
    if type(obj).__module__ == "numpy" and hasattr(obj, "item"):  # numpy scalars
        return strict_json(obj.item())
    return obj


def write_json(obj: object, path: Path) -> None:
    """Write ``obj`` as pretty UTF-8 JSON that a strict parser reads (NaN and ±Infinity written
    as ``null``, :func:`strict_json`)."""
    path.write_text(json.dumps(strict_json(obj), ensure_ascii=False, indent=2, default=str,
                               allow_nan=False), encoding="utf-8")
