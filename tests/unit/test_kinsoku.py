"""Chinese line breaking of the briefing's paragraphs (model.report.kinsoku): no line starts
with a closing mark, no number is parted from its Chinese unit, read back from the PDF."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdfcheck import closing_mark_starts, outside_margins, split_numbers, text_lines

#: a cover-like sentence; with 0-59 filler characters in front every break position occurs
SENTENCE = ("农村生活污水处理率{}（由农村生活污水治理决定）；"
            "县城污泥无害化处理率：3.37万元/百分点，其余 rate 2,873,980 CNY/pp "
            "目标作为协同效益同时实现。")


def _pdf(path: Path, plain: bool) -> Path:
    from reportlab.platypus import Paragraph

    import model.report.pdf as pdf

    doc = pdf.Doc(title="kinsoku")
    own = pdf.paragraph_class
    if plain:  # reportlab's own CJK wrapping, as before
        pdf.paragraph_class = lambda: Paragraph
    try:
        for k in range(60):
            doc.para(SENTENCE.format("甲" * k))
        return doc.build(path)
    finally:
        pdf.paragraph_class = own


def test_no_line_starts_with_a_closing_mark(tmp_path):
    fixed = _pdf(tmp_path / "fixed.pdf", plain=False)
    assert closing_mark_starts(fixed) == []
    assert outside_margins(fixed) == [] and split_numbers(fixed) == []
    lines = [t for _, t in text_lines(fixed)]
    assert not any(t.startswith(("/", "万元", "元", "百分点", "年")) for t in lines)
    # nothing lost at the breaks: each paragraph's figures and marks read back whole
    text = "".join(lines).replace(" ", "")
    for piece in ("决定）；县城", "3.37万元/百分点，其余", "rate2,873,980CNY/pp"):
        assert text.count(piece) == 60, piece


def test_the_check_finds_the_old_breaks(tmp_path):
    """reportlab's own CJK wrapping starts lines with '；' and '，' on the same text."""
    assert closing_mark_starts(_pdf(tmp_path / "plain.pdf", plain=True)) != []
