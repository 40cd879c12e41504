"""A briefing PDF whose text flows: reportlab's platypus lays out paragraphs, tables and chart
pages on A4; the charts are pages of matplotlib's own vector PDF (``charts.pdf``,
:mod:`model.report.vector`) placed into their frames afterwards as form XObjects (pypdf), so
their text stays text (selectable, embedded TrueType subsets). A chart page is portrait or
landscape, whichever shows the chart larger.

Text is never placed by hand: a :class:`Doc` collects flowables (:meth:`Doc.heading`,
:meth:`Doc.para`, :meth:`Doc.table`, :meth:`Doc.chart`) and reportlab wraps them inside the
frame. Chinese paragraphs wrap between characters but never inside a number or a Latin word,
never between a number and its Chinese unit, and never before a closing mark (，。；：、）) or
after an opening one (:mod:`model.report.kinsoku`; reportlab's own CJK wrapping let lines
start with "；" and "，"). Fonts:
:func:`model.report.fonts.pdf_fonts` (DejaVu Sans for Latin, the chosen CJK regular and bold
faces for Chinese, every run marked up with its face).

Every character lies inside the page less :data:`MARGIN` on each side (page numbers too): the
frame is inset further, and charts are scaled into the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from model.report.fonts import is_cjk, pdf_fonts
from model.report.kinsoku import paragraph_class

MM = 72.0 / 25.4
#: No character of a briefing lies closer than this to the page's edge (points; 15 mm).
MARGIN = 15 * MM
#: The text frame's inset from the page edge (points; 18 mm).
FRAME = 18 * MM
#: Room kept under the frame for the footer line (points).
FOOTER = 4 * MM


def markup(text: str, bold: bool = False) -> str:
    """``text`` as reportlab paragraph markup: XML-escaped, each run of Chinese characters in
    the CJK face and the rest in the Latin face (regular or bold)."""
    f = pdf_fonts()
    cjk_face = f.cjk_bold if bold else f.cjk
    out: list[str] = []
    run, run_cjk = "", False
    for ch in text:
        c = is_cjk(ch)
        if run and c != run_cjk:
            out.append(_run(run, run_cjk, cjk_face))
            run = ""
        run += ch
        run_cjk = c
    if run:
        out.append(_run(run, bool(run_cjk), cjk_face))
    return "".join(out).replace("\n", "<br/>")


def _run(text: str, cjk: bool, face: str) -> str:
    t = escape(text)
    return f'<font face="{face}">{t}</font>' if cjk else t


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


#: height (points) a chart page keeps above the chart for its heading (two lines), and under
#: it for a caption when there is one
CHART_HEADING = 14 * MM
CHART_CAPTION = 12 * MM


def chart_frames(caption: bool = False) -> dict[str, tuple[float, float]]:
    """The room (width, height in points) a chart has on a portrait and on a landscape A4 page
    of the briefing: the frame less its heading (and caption)."""
    from reportlab.lib.pagesizes import A4, landscape

    text_h = CHART_HEADING + (CHART_CAPTION if caption else 0.0)
    return {name: (pw - 2 * FRAME, ph - 2 * FRAME - FOOTER - text_h)
            for name, (pw, ph) in (("portrait", A4), ("landscape", landscape(A4)))}


def chart_page(width: float, height: float, caption: bool = False) -> tuple[str, float]:
    """(page orientation, scale) that shows a chart ``width`` x ``height`` (points) larger:
    portrait or landscape, whichever scale to its frame is the larger (portrait on a tie)."""
    best = None
    for name, (fw, fh) in chart_frames(caption).items():
        scale = min(fw / width, fh / height)
        if best is None or scale > best[1] + 1e-9:
            best = (name, scale)
    assert best is not None
    return best


@dataclass
class _Slot:
    pdf: Path
    index: int  # the page of ``pdf`` (0 first)
    width: float
    height: float
    page: int = 0
    x: float = 0.0
    y: float = 0.0


@dataclass
class Doc:
    """A briefing being laid out (A4 portrait); :meth:`build` writes it."""

    title: str
    footer: str = ""
    story: list = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)
    _readers: dict = field(default_factory=dict)

    def __post_init__(self):
        from reportlab.lib.styles import ParagraphStyle

        f = pdf_fonts()
        base = ParagraphStyle("body", fontName=f.latin, fontSize=9.5, leading=13.5,
                              spaceAfter=3)
        self.styles = {
            "title": ParagraphStyle("title", parent=base, fontName=f.latin_bold, fontSize=16,
                                    leading=21, spaceAfter=2),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11.5, leading=15,
                                       spaceAfter=6),
            "h": ParagraphStyle("h", parent=base, fontName=f.latin_bold, fontSize=12,
                                leading=16, spaceBefore=8, spaceAfter=3),
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5,
                                   spaceAfter=0),
            "cellb": ParagraphStyle("cellb", parent=base, fontName=f.latin_bold, fontSize=8,
                                    leading=10.5, spaceAfter=0),
        }

    # -- flowables -------------------------------------------------------------------------

    def paragraph(self, text: str, style: str = "body", bold: bool | None = None):
        """One flowing paragraph (no story entry: for table cells)."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        st = self.styles[style]
        b = bold if bold is not None else style in ("title", "h", "cellb")
        if has_cjk(text):  # Chinese line-breaking rules (model.report.kinsoku)
            st = ParagraphStyle(st.name + "-cjk", parent=st, wordWrap="CJK")
            return paragraph_class()(markup(text, b), st)
        return Paragraph(markup(text, b), st)

    def para(self, text: str, style: str = "body", bold: bool | None = None) -> None:
        if text:
            self.story.append(self.paragraph(text, style, bold))

    def heading(self, text: str) -> None:
        from reportlab.platypus import CondPageBreak

        self.story.append(CondPageBreak(40 * MM))  # a heading never ends a page
        self.para(text, "h")

    def space(self, mm: float) -> None:
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, mm * MM))

    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              align_right: tuple[int, ...] = ()) -> None:
        """A table with wrapped cells; ``widths`` are fractions of the frame width; columns in
        ``align_right`` are right-aligned (figures); the header repeats on every page."""
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Table, TableStyle

        frame_w = self.frame_width
        right = ParagraphStyle("cellr", parent=self.styles["cell"], alignment=TA_RIGHT)

        def cell(text: str, j: int, head: bool = False):
            if head and j not in align_right:
                return self.paragraph(text, "cellb")
            if head:  # a figure column's header sits over its right-aligned figures
                p = self.paragraph(text, "cellb")
                p.style = ParagraphStyle(p.style.name + "r", parent=p.style,
                                         alignment=TA_RIGHT)
                return p
            if j in align_right:
                p = self.paragraph(text, "cell")
                p.style = ParagraphStyle(p.style.name + "r", parent=p.style,
                                         alignment=TA_RIGHT)
                return p
            return self.paragraph(text, "cell")

        data = [[cell(h, j, True) for j, h in enumerate(header)]]
        data += [[cell(str(v), j) for j, v in enumerate(r)] for r in rows]
        del right
        t = Table(data, colWidths=[w * frame_w for w in widths], repeatRows=1)
        t.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        self.story.append(t)

    def chart(self, title: str, pdf: Path, index: int = 0, caption: str = "") -> None:
        """A chart on a page of its own: its title as text, the chart (page ``index`` of a
        vector PDF written by matplotlib) scaled to the frame, and a caption under it. The page
        is portrait or landscape, whichever shows the chart larger."""
        from reportlab.platypus import NextPageTemplate, PageBreak

        box = self._reader(pdf).pages[index].mediabox
        w, h = float(box.width), float(box.height)
        name, scale = chart_page(w, h, caption=bool(caption))
        self.story.append(NextPageTemplate(name))
        self.story.append(PageBreak())
        self.para(title, "h")
        slot = _Slot(pdf, index, w * scale, h * scale)
        self.slots.append(slot)
        self.story.append(_ChartBox(slot))
        if caption:
            self.space(2)
            self.para(caption, "small")

    def _reader(self, pdf: Path):
        from pypdf import PdfReader

        key = str(pdf)
        if key not in self._readers:
            self._readers[key] = PdfReader(key)
        return self._readers[key]

    # -- geometry and output ---------------------------------------------------------------

    @property
    def sizes(self) -> dict[str, tuple[float, float]]:
        """Page templates: A4 portrait (the cover, tall charts) and landscape (wide charts)."""
        from reportlab.lib.pagesizes import A4, landscape

        return {"portrait": A4, "landscape": landscape(A4)}

    @property
    def page_size(self) -> tuple[float, float]:
        return self.sizes["portrait"]

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * FRAME

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - 2 * FRAME - FOOTER

    def build(self, out: str | Path) -> Path:
        """Lay the story out into ``out`` and place the charts into their frames."""
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        out = Path(out)
        f = pdf_fonts()
        footer = self.footer

        def on_page(canvas, doc):
            canvas.saveState()
            canvas.setFont(f.latin, 7)
            pw = canvas._pagesize[0]
            n = canvas.getPageNumber()
            canvas.drawRightString(pw - FRAME, MARGIN + 2 * MM, f"{n}")
            if footer and not has_cjk(footer):
                canvas.drawString(FRAME, MARGIN + 2 * MM, footer[:110])
            canvas.restoreState()

        templates = []
        for name, (pw, ph) in self.sizes.items():
            frame = Frame(FRAME, FRAME + FOOTER, pw - 2 * FRAME, ph - 2 * FRAME - FOOTER,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                          id=name)
            templates.append(PageTemplate(id=name, frames=[frame], onPage=on_page,
                                          pagesize=(pw, ph)))
        doc = BaseDocTemplate(str(out), pagesize=self.page_size, pageTemplates=templates,
                              title=self.title, author="peakplan", creator="peakplan")
        doc.build(self.story)
        if self.slots:
            _place_charts(out, self.slots, self._readers)
        return out


class _ChartBox:
    """Placeholder flowable of a chart's size that records where it was drawn."""

    def __new__(cls, slot: _Slot):
        from reportlab.platypus import Flowable

        class Box(Flowable):
            def __init__(self, s: _Slot):
                super().__init__()
                self.slot = s
                self.width, self.height = s.width, s.height

            def wrap(self, aw, ah):
                return self.slot.width, self.slot.height

            def drawOn(self, canvas, x, y, _sW=0):
                self.slot.page = canvas.getPageNumber()
                self.slot.x, self.slot.y = x, y
                super().drawOn(canvas, x, y, _sW)

            def draw(self):
                pass

        return Box(slot)


def _place_charts(out: Path, slots: list[_Slot], readers: dict) -> None:
    """Draw each chart's vector page into its page of ``out`` at its slot: the chart page
    becomes a form XObject (its content and resources copied once, fonts shared between the
    charts of one file) drawn with one ``cm … Do`` operator. Merging the pages' content
    streams instead (pypdf's ``merge_transformed_page``) re-parsed every operator of every
    chart and took 16 s of a 2025 report."""
    import os

    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    writer = PdfWriter(clone_from=str(out))
    for k, s in enumerate(slots):
        src = readers[str(s.pdf)].pages[s.index]
        box = src.mediabox
        left, bottom = float(box.left), float(box.bottom)
        form = DecodedStreamObject()
        form.set_data(src.get_contents().get_data())
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (
                left, bottom, float(box.right), float(box.top))]),
            NameObject("/Resources"): src["/Resources"].get_object().clone(writer),
        })
        ref = writer._add_object(form.flate_encode())
        page = writer.pages[s.page - 1]
        res = cast(DictionaryObject, page["/Resources"].get_object())
        if "/XObject" not in res:
            res[NameObject("/XObject")] = DictionaryObject()
        name = f"/PeakplanChart{k}"
        cast(DictionaryObject, res["/XObject"].get_object())[NameObject(name)] = ref
        scale = s.width / float(box.width)
        op = DecodedStreamObject()
        op.set_data(f"q {scale:.6f} 0 0 {scale:.6f} {s.x - left * scale:.4f} "
                    f"{s.y - bottom * scale:.4f} cm {name} Do Q\n".encode("ascii"))
        # a page with a chart slot has contents; kept as references (raw_get): a content
        # stream must be an indirect object, never written inline into the array (PDF 32000-1
        # §7.3.8), or readers such as pdfminer see no page after the first chart
        contents = page.raw_get("/Contents")
        obj = contents.get_object()
        parts = [p for p in obj] if isinstance(obj, list) else [contents]
        page[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(op)])
    tmp = out.with_suffix(".tmp.pdf")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, out)
