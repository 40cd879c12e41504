"""Progress bars for the commands that take more than a few seconds (``run`` of a pathway,
``--peak-year auto``, ``run --all``, ``mac``, ``inventory``, ``report``).

The CLI opens one bar per command (:func:`bar`); the work inside reports through
:func:`task` (a counted or open-ended step, nested tasks shown as their own lines) and
:func:`advance`, which do nothing when no bar is open (a notebook, a test, a library call), so
the model's functions keep their signatures. The bar is drawn by rich on stderr, only when
stderr is a terminal, and is transient: it disappears when the command ends, leaving the
command's own output. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported only when a bar is drawn
    from rich.progress import TaskID

_BAR: contextvars.ContextVar = contextvars.ContextVar("peakplan_progress", default=None)


class _Bar:
    def __init__(self, console, title: str):
        from rich.progress import (
            BarColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        class Count(ProgressColumn):
            """``3/7`` for a counted step, nothing for an open-ended one."""

            def render(self, task):
                if task.total is None:
                    return Text("")
                return Text(f"{int(task.completed)}/{int(task.total)}", style="green")

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 BarColumn(bar_width=20), Count(), TimeElapsedColumn(),
                                 console=console, transient=True)
        self.stack: list[TaskID] = []
        self.title = title

    def push(self, total: int | None, what: str) -> TaskID:
        task = self.progress.add_task(what, total=total)
        self.stack.append(task)
        return task

    def pop(self, task: TaskID) -> None:
        if task in self.stack:
            self.stack.remove(task)
        self.progress.remove_task(task)


@contextlib.contextmanager
def bar(title: str, show: bool | None = None, console=None) -> Iterator[None]:
    """Open the command's progress bar (``title`` is its first line). ``show`` None: as the
    environment variable ``PEAKPLAN_PROGRESS`` says (``on``: always, ``off``: never), else
    only when stderr is a terminal; ``console`` (a rich Console) for tests."""
    import os

    if show is None and os.environ.get("PEAKPLAN_PROGRESS") in ("on", "off"):
        show = os.environ["PEAKPLAN_PROGRESS"] == "on"
    if show is False:
        yield
        return
    if console is None:
        import sys

        if show is None and not sys.stderr.isatty():
            yield
            return
        from rich.console import Console

        # forced on (PEAKPLAN_PROGRESS=on) into a file or a pipe: drawn as on a terminal
        console = Console(stderr=True, force_terminal=True if show else None)
    b = _Bar(console, title)
    token = _BAR.set(b)
    try:
        with b.progress:
            top = b.push(None, title)
            yield
            b.pop(top)
    finally:
        _BAR.reset(token)


@contextlib.contextmanager
def task(what: str, total: int | None = None) -> Iterator[None]:
    """A step of the work: ``total`` counted sub-steps (:func:`advance`), or open-ended (None).
    Shown as its own line under the command's while it runs; nothing without a bar."""
    b = _BAR.get()
    if b is None:
        yield
        return
    t = b.push(total, what)
    try:
        yield
    finally:
        b.pop(t)


def advance(what: str | None = None, n: int = 1) -> None:
    """Count ``n`` sub-steps done in the innermost task and, with ``what``, say what runs
    next."""
    b = _BAR.get()
    if b is None or not b.stack:
        return
    t = b.stack[-1]
    if what is not None:
        b.progress.update(t, description=what)
    b.progress.advance(t, n)


def describe(what: str) -> None:
    """Say what the innermost task is doing now (no count)."""
    b = _BAR.get()
    if b is not None and b.stack:
        b.progress.update(b.stack[-1], description=what)


def active() -> bool:
    """True when a bar is drawn (callers may skip building descriptions otherwise)."""
    return _BAR.get() is not None
