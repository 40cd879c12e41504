"""Errors that peakplan reports to a user as one line, with an exit status.

Exit statuses (the CLI maps exceptions to these):

* 0 — success, every target met;
* 2 — bad input (:class:`InputError`): nothing was solved, earlier results are untouched;
* 3 — infeasible target set: an answer, results written and marked infeasible;
* 4 — solver failure or numerically unsafe model (:class:`SolverError`).

Also here, because every module that builds an :class:`InputError` needs them and this module
imports nothing heavy: :data:`MAX_MAGNITUDE`, the largest number a model input may hold, and
:func:`summarise`, which keeps a message that names a list to one readable line.
"""

from __future__ import annotations

import numbers
import os
import re
from collections.abc import Iterable

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_SOLVER = 4

#: The largest magnitude a number read at the edge (an input table cell, a scenario value, a
#: converted value) may have: ``|v| <= 1e15``. Why this bound: (1) HiGHS treats a constraint
#: coefficient of 1e15 or more as an error (its ``large_matrix_value`` option is 1e15) and a bound
#: or right-hand side of 1e20 or more as infinite, so a larger input ends deep in the solver
#: instead of in a message; (2) below 2**53 (about 9.007e15) every whole number is exact in double
#: precision, and with the solver's 1e-7 feasibility tolerance a value of 1e15 already carries
#: only about eight meaningful digits beside the model's small coefficients. No figure of a city's
#: inventory or plan comes near it (Ankang's largest, its GDP in CNY, is about 1e11; China's is
#: about 1e14), so a larger value is a typing or unit error (t for 万吨, an extra exponent digit).
MAX_MAGNITUDE = 1e15
#: :data:`MAX_MAGNITUDE` as messages write it.
MAX_MAGNITUDE_TEXT = f"{MAX_MAGNITUDE:.0e}".replace("e+", "e")

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def _one_line(text: object) -> str:
    s = str(text)
    return _NEWLINES.sub(" ", s).strip() if ("\n" in s or "\r" in s) else s


def _relative(text: str) -> str:
    """``text`` with absolute paths under the working folder written relative to it (a file's
    full path can take half of a 300-character line)."""
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted
        return text
    for root in dict.fromkeys((cwd, os.path.realpath(cwd))):
        if len(root) > 1:
            text = text.replace(root + os.sep, "")
    return text


#: The longest message an error carries: with the CLI's ``peakplan: error: `` prefix (17
#: characters) the line stays under 300 characters.
MAX_MESSAGE = 282
_NUMPY_REPR = re.compile(r"np\.(?:str_|int\d*|uint\d*|float\d*|bool_?)\(((?:[^()]|\([^()]*\))*)\)")
_LIST = re.compile(r"\[([^\[\]]*)\]")
_PATH = re.compile(r"(?<![\w.])/(?:[^/\s:'\"]+/){3,}[^/\s:'\"]+")


def _short_list(m: re.Match) -> str:
    items = [x.strip() for x in re.split(r",(?=(?:[^'\"]|'[^']*'|\"[^\"]*\")*$)", m.group(1))]
    if len(items) <= 4:
        return m.group(0)
    return "[" + ", ".join(items[:3]) + f" and {len(items) - 3} more]"


def compact(message: str, limit: int = MAX_MESSAGE) -> str:
    """``message`` as one short line: numpy scalar reprs (``np.str_('om')``) written as their
    value; if longer than ``limit``, absolute paths cut to their last three parts, every list
    of more than four items cut to its first three (``and N more``) and, as a last resort,
    the middle of the message cut (``...``).
    The errors' own messages name the nearest match instead of a whole list (:func:`nearest`);
    this is the guard for lists that come from elsewhere (pydantic, pint, pandas)."""
    text = _relative(_one_line(message))
    text = _NUMPY_REPR.sub(lambda m: m.group(1), text)
    if len(text) > limit:  # an absolute path keeps its last three parts
        text = _PATH.sub(lambda m: ".../" + "/".join(m.group(0).split("/")[-3:]), text)
    if len(text) > limit:
        text = _LIST.sub(_short_list, text)
    if len(text) > limit:
        head = limit * 2 // 3
        text = text[:head] + " ... " + text[-(limit - head - 5):]
    return text


def nearest(word: object, options: Iterable[object]) -> str | None:
    """``"did you mean 'x'?"`` for the option closest to ``word`` (difflib), or None."""
    import difflib

    near = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f"did you mean {near[0]!r}?" if near else None


def one_of(options: Iterable[object], limit: int = 6) -> str:
    """``"one of 'a', 'b', 'c' and 9 more"``: a list of valid values kept short (the hint
    :func:`nearest` names the likely one)."""
    return "one of " + summarise(list(options), limit=limit)


def _cut(text: str, keep: int) -> str:
    return text if len(text) <= keep else text[: max(keep - 4, 0)].rstrip() + " ..."


def _fit(where: str, found: str, expected: str, hint: str | None) -> str:
    """An InputError's line cut to :data:`MAX_MESSAGE`, least informative part first: an
    explanatory hint (a 'did you mean' is kept), then the end of ``expected`` (down to 60
    characters), then the end of ``found`` (down to 80), then the path in ``where``."""
    where = _relative(where)
    where = _PATH.sub(lambda m: ".../" + "/".join(m.group(0).split("/")[-3:]), where)

    def line(f: str, e: str, h: str | None) -> str:
        return f"{where}: found {f}; expected {e}" + (f" ({h})" if h else "")

    if hint and not hint.startswith("did you mean"):
        over = len(line(found, expected, hint)) - MAX_MESSAGE
        hint = _cut(hint, len(hint) - over) if over < len(hint) - 20 else None
    over = len(line(found, expected, hint)) - MAX_MESSAGE
    if over > 0:
        expected = _cut(expected, max(60, len(expected) - over))
    over = len(line(found, expected, hint)) - MAX_MESSAGE
    if over > 0:
        found = _cut(found, max(80, len(found) - over))
    return line(found, expected, hint)


class PeakplanError(Exception):
    """Base class of errors shown to the user as a single line (no traceback), under 300
    characters (:func:`compact`)."""

    exit_code = 1

    def __init__(self, *args: object):
        if len(args) == 1 and isinstance(args[0], str):
            args = (compact(args[0]),)
        super().__init__(*args)


class InputError(PeakplanError):
    """Bad input: names where (file, row, key), what was found and what was expected.

    Parameters
    ----------
    where:
        Location, e.g. ``"inventories/ankang/energy.csv row 12 column 'value'"``.
    found:
        What was read, e.g. ``"'—'"``.
    expected:
        What would be valid, e.g. ``"a number"``.
    hint:
        Optional fix, e.g. ``"did you mean 'targets'?"``.

    The message is always one line: a line break inside any part (e.g. from a third-party
    parser's message) is replaced by a space; a path under the working folder is written
    relative to it. Lists in any part should be rendered with
    :func:`summarise` so the line stays readable.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, where: str, found: str, expected: str, hint: str | None = None):
        where, found, expected = (_relative(_one_line(x)) for x in (where, found, expected))
        hint = _relative(_one_line(hint)) if hint else hint
        self.where, self.found, self.expected, self.hint = where, found, expected, hint
        msg = f"{where}: found {found}; expected {expected}"
        if hint:
            msg += f" ({hint})"
        if len(msg) > MAX_MESSAGE:
            msg = _fit(where, found, expected, hint)
        super().__init__(msg)  # compacted by PeakplanError


class InfeasibleError(PeakplanError):
    """A command that needs a feasible target set met an infeasible one (``mac``): exit
    status 3, the message naming the targets short and by how much (``peakplan run`` writes
    the full diagnosis)."""

    exit_code = EXIT_INFEASIBLE


class SolverError(PeakplanError):
    """The solver failed or the model is numerically unsafe to publish."""

    exit_code = EXIT_SOLVER


def _is_int(x: object) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _int_runs(values: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for v in sorted(set(values)):
        if runs and v == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], v)
        else:
            runs.append((v, v))
    return runs


def summarise(items: Iterable[object], limit: int = 5, noun: str | None = None) -> str:
    """Render a list for a one-line message: ranges for whole numbers, else the first few items.

    Whole numbers (e.g. years, row numbers) are sorted, de-duplicated and collapsed into runs of
    consecutive values, a run of three or more written ``first-last``; anything else keeps its
    order and is written with ``repr`` (quotes show stray spaces). At most ``limit`` runs or items
    are written, then ``and N more`` (N counts items, not runs). With ``noun``, the number of
    distinct items follows in brackets. Examples::

        summarise(range(2026, 2201), noun="years")   -> '2026-2200 (175 years)'
        summarise([2, 3, 4, 9, 12, 13])              -> '2-4, 9, 12, 13'
        summarise(["a", "b", "c"], limit=2)          -> "'a', 'b' and 1 more"
        summarise([], noun="rows")                   -> 'none (0 rows)'

    Meant for every :class:`InputError` part that carries a list (unknown columns, duplicated
    rows, missing years, allowed values), so a 175-year gap or a 300-column header stays one short
    line. ``limit`` below 1 counts as 1.
    """
    items = list(items)
    limit = max(1, int(limit))
    parts: list[tuple[str, int]] = []  # (text, number of items it stands for)
    if items and all(_is_int(x) for x in items):
        for a, b in _int_runs([int(x) for x in items]):  # type: ignore[call-overload]
            if b - a >= 2:
                parts.append((f"{a}-{b}" if a >= 0 else f"{a} to {b}", b - a + 1))
            else:
                parts.extend((str(v), 1) for v in range(a, b + 1))
    else:
        parts = [(repr(x), 1) for x in items]
    count = sum(n for _, n in parts)
    shown = parts[:limit]
    text = ", ".join(t for t, _ in shown) if parts else "none"
    rest = count - sum(n for _, n in shown)
    if rest:
        text += f" and {rest} more"
    if noun:
        text += f" ({count} {noun})"
    return text
