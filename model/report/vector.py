"""Every chart of a report as one vector page of one PDF (``charts.pdf``), which the briefing
places on its pages.

Why one file: matplotlib embeds (and subsets, with fontTools) each TrueType face once per PDF
file. With one PDF per chart the large CJK face was parsed and subset twenty times and that
took most of ``peakplan report`` (34 of 87 s spent saving charts in a profile of the shipped
2025 run); in one file it is done once per face. Each page is the figure's tight box (every
text of the figure on the page, including texts kept out of the constrained layout, such as a
MAC chart's notes), with the layout computed for the PNG kept as it is.

:func:`collecting` opens the file and makes it the target of :func:`add` (which the chart
functions call through :func:`model.report.charts._save`); outside it, charts are PNG only.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn
    from matplotlib.backends.backend_pdf import PdfPages

_CURRENT: contextvars.ContextVar = contextvars.ContextVar("peakplan_vector", default=None)


@dataclass
class VectorCharts:
    """The vector PDF being written: ``path`` and ``pages`` (chart name -> page index, 0
    first)."""

    path: Path
    pages: dict[str, int] = field(default_factory=dict)
    _pdf: PdfPages | None = None

    def add(self, fig, name: str) -> None:
        """Append ``fig`` as one page in its tight box (its layout as already drawn)."""
        for t in fig.findobj(lambda a: hasattr(a, "get_in_layout") and not a.get_in_layout()):
            t.set_in_layout(True)
        fig.set_layout_engine("none")  # keep the PNG's layout: no second layout pass
        if self._pdf is None:
            raise ValueError(f"{self.path}: the vector PDF is not open (use collecting())")
        self._pdf.savefig(fig, bbox_inches="tight", pad_inches=0.05)
        self.pages[name] = len(self.pages)


@contextlib.contextmanager
def collecting(path: str | Path) -> Iterator[VectorCharts]:
    """Open ``path`` as the charts' vector PDF for the duration of the block; closed (fonts
    embedded) on leaving, also on an error."""
    from matplotlib.backends.backend_pdf import PdfPages

    pdf = PdfPages(str(path), metadata={"Creator": "peakplan", "Producer": None,
                                        "Title": "peakplan charts"})
    v = VectorCharts(Path(path), _pdf=pdf)
    token = _CURRENT.set(v)
    try:
        yield v
    finally:
        _CURRENT.reset(token)
        import matplotlib as mpl

        # the faces are embedded when the file closes: as TrueType (Type 42), so the text
        # stays selectable and poppler reads it (Type 3 is matplotlib's default)
        with mpl.rc_context({"pdf.fonttype": 42}):
            pdf.close()


def current() -> VectorCharts | None:
    """The vector PDF charts are being collected into, or None."""
    return _CURRENT.get()
