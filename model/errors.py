"""Errors that peakplan reports to a user as one line, with an exit status.

Exit statuses (the CLI maps exceptions to these):

* 0 — success, every target met;
* 2 — bad input (:class:`InputError`): nothing was solved, earlier results are untouched;
* 3 — infeasible target set: an answer, results written and marked infeasible;
* 4 — solver failure or numerically unsafe model (:class:`SolverError`).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_SOLVER = 4


class PeakplanError(Exception):
    """Base class of errors shown to the user as a single line (no traceback)."""

    exit_code = 1


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
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, where: str, found: str, expected: str, hint: str | None = None):
        self.where, self.found, self.expected, self.hint = where, found, expected, hint
        msg = f"{where}: found {found}; expected {expected}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class SolverError(PeakplanError):
    """The solver failed or the model is numerically unsafe to publish."""

    exit_code = EXIT_SOLVER


def summarise(items, limit: int = 5) -> str:
    """A list for a one-line message: consecutive integers as ranges ("2026-2200 (175 years)"),
    otherwise the first ``limit`` items and "and N more"."""
    items = list(items)
    if items and all(isinstance(i, int) for i in items):
        parts, start = [], items[0]
        for a, b in zip(items, [*items[1:], None], strict=True):
            if b is None or b != a + 1:
                parts.append(f"{start}" if start == a else f"{start}-{a}")
                start = b
        text = ", ".join(parts[:limit]) + (f" and {len(parts) - limit} more ranges"
                                           if len(parts) > limit else "")
        return f"{text} ({len(items)} years)" if len(items) > 1 else text
    head = ", ".join(repr(i) for i in items[:limit])
    return head + (f" and {len(items) - limit} more" if len(items) > limit else "")
