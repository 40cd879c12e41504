"""The briefing's fonts: one regular and one bold CJK face, chosen explicitly by file.

Why explicit files: matplotlib's ``findfont`` picks a face by family name and weight from its
own cache, so with a TrueType collection of several languages (the Noto CJK ``.ttc``) or a
family whose regular face it has not cached, it silently takes another face (the Japanese
face at weight 700 made every glyph of the old briefing bold). Here the faces are named by
file and face index, and both matplotlib and reportlab are given exactly those files.

Only TrueType outlines (``glyf``) are used: reportlab embeds TrueType only ("postscript
outlines are not supported"), and matplotlib's PDF backend embeds a font as Type 42
(TrueType) — a CFF-outline OpenType font (``OTTO``, e.g. Noto Sans CJK) embedded that way is
malformed (poppler warns on every page). :func:`find_cjk_faces` therefore asks fontconfig for
Chinese-capable *TrueType* families and prefers one with a real bold face:

1. ``PEAKPLAN_CJK_FONT=REGULAR.ttf[,BOLD.ttf]`` (a face index as ``file.ttc:1``) if set;
2. ``fc-list :lang=zh`` TrueType families, those with a bold face first, then in the order of
   :data:`PREFERRED`; Debian's ``fonts-lxgw-wenkai`` (LXGW WenKai Regular and Bold, SIL OFL)
   is what ``.ci/run`` installs, so CI draws the Chinese briefing with it.

Latin letters and digits are set in DejaVu Sans (regular and bold), the TrueType files that
matplotlib ships, so figures look the same whatever CJK face is found. When no TrueType CJK
face exists, the PDF's Chinese text uses reportlab's built-in Adobe-GB1 CID font
``STSong-Light`` (no font file needed; not embedded, so a viewer supplies a Song face) and the
charts carry English labels only (one warning line).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Families tried first among those found (TrueType only), then any other with Chinese glyphs.
PREFERRED = ("Microsoft YaHei", "LXGW WenKai", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "AR PL UMing CN", "AR PL SungtiL GB", "Droid Sans Fallback")
ENV = "PEAKPLAN_CJK_FONT"
#: reportlab's built-in CID font for Simplified Chinese (Adobe-GB1), used without a TrueType face.
CID_FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class Face:
    """One face of a font file (``index`` within a TrueType collection)."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class CjkFaces:
    """The chosen CJK faces: ``family`` (the name matplotlib knows them by), ``regular`` and
    ``bold`` (None when the family has no bold face: bold text then uses the regular face)."""

    family: str
    regular: Face
    bold: Face | None


def latin_faces() -> tuple[Path, Path]:
    """(regular, bold) DejaVu Sans TrueType files shipped with matplotlib."""
    import matplotlib

    d = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"


def _is_truetype(face: Face) -> bool:
    """True if the face has TrueType (``glyf``) outlines."""
    try:
        with open(face.path, "rb") as fh:
            magic = fh.read(4)
    except OSError:
        return False
    if magic in (b"\x00\x01\x00\x00", b"true"):
        return True
    if magic != b"ttcf":
        return False
    from fontTools.ttLib import TTFont

    try:
        return "glyf" in TTFont(str(face.path), fontNumber=face.index, lazy=True)
    except Exception:  # a damaged collection is no candidate
        return False


def _parse_face(text: str) -> Face:
    path, _, idx = text.strip().partition(":")
    return Face(Path(path), int(idx) if idx.isdigit() else 0)


def _from_env() -> CjkFaces | None:
    spec = os.environ.get(ENV, "").strip()
    if not spec:
        return None
    parts = [p for p in spec.split(",") if p.strip()]
    reg = _parse_face(parts[0])
    bold = _parse_face(parts[1]) if len(parts) > 1 else None
    if not _is_truetype(reg) or (bold is not None and not _is_truetype(bold)):
        return None
    return CjkFaces(_family_name(reg), reg, bold)


def _family_name(face: Face) -> str:
    from matplotlib import font_manager

    try:
        return font_manager.FontProperties(fname=str(face.path)).get_name()
    except (OSError, RuntimeError, ValueError):
        return face.path.stem


def _fontconfig() -> list[tuple[str, int, Face]]:
    """(family, fontconfig weight, face) of every TrueType face with Chinese glyphs."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, ":lang=zh", "file", "family", "weight", "index",
                              "fontformat"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition(": ")
        props = dict(p.split("=", 1) for p in rest.split(":") if "=" in p)
        if props.get("fontformat") != "TrueType":
            continue
        family = rest.split(":")[0].split(",")[0].strip()
        try:
            weight = int(props.get("weight", "80"))
            index = int(props.get("index", "0"))
        except ValueError:
            continue
        found.append((family, weight, Face(Path(path.strip()), index)))
    return found


def _choose(found: list[tuple[str, int, Face]]) -> CjkFaces | None:
    by_family: dict[str, dict[str, Face]] = {}
    for family, weight, face in sorted(found, key=lambda f: (str(f[2].path), f[2].index)):
        slot = by_family.setdefault(family, {})
        if 75 <= weight <= 100:  # fontconfig: 80 regular, 100 medium
            slot.setdefault("regular", face)
        elif weight >= 180:  # 200 bold
            slot.setdefault("bold", face)
    cands = [(fam, faces) for fam, faces in by_family.items() if "regular" in faces]
    if not cands:
        return None

    def rank(item):
        fam, faces = item
        pref = PREFERRED.index(fam) if fam in PREFERRED else len(PREFERRED)
        return ("bold" not in faces, "Mono" in fam, pref, fam)

    fam, faces = sorted(cands, key=rank)[0]
    return CjkFaces(fam, faces["regular"], faces.get("bold"))


@lru_cache(maxsize=1)
def find_cjk_faces() -> CjkFaces | None:
    """The CJK faces of the briefing (module docstring), or None when no TrueType face with
    Chinese glyphs is installed."""
    return _from_env() or _choose(_fontconfig())


@lru_cache(maxsize=1)
def matplotlib_family() -> str | None:
    """Register the chosen faces with matplotlib and return their family name (None without
    faces). Both files are added, so ``weight="bold"`` finds the bold face by file."""
    faces = find_cjk_faces()
    if faces is None:
        return None
    from matplotlib import font_manager

    for face in (faces.regular, faces.bold):
        if face is not None:
            font_manager.fontManager.addfont(str(face.path))
    return _family_name(faces.regular)


@dataclass(frozen=True)
class PdfFonts:
    """reportlab font names registered for the PDF: Latin regular/bold and CJK regular/bold,
    and whether the CJK face is embedded (TrueType) or the built-in CID font."""

    latin: str
    latin_bold: str
    cjk: str
    cjk_bold: str
    embedded: bool
    description: str


@lru_cache(maxsize=1)
def pdf_fonts() -> PdfFonts:
    """Register the briefing's fonts with reportlab (once) and name them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    reg, bold = latin_faces()
    pdfmetrics.registerFont(TTFont("PP-Latin", str(reg)))
    pdfmetrics.registerFont(TTFont("PP-Latin-Bold", str(bold)))
    faces = find_cjk_faces()
    if faces is not None:
        pdfmetrics.registerFont(TTFont("PP-CJK", str(faces.regular.path),
                                       subfontIndex=faces.regular.index))
        b = faces.bold or faces.regular
        pdfmetrics.registerFont(TTFont("PP-CJK-Bold", str(b.path), subfontIndex=b.index))
        desc = (f"{faces.family}: regular {faces.regular.path.name}, bold "
                + (faces.bold.path.name if faces.bold else "none (regular used)"))
        return PdfFonts("PP-Latin", "PP-Latin-Bold", "PP-CJK", "PP-CJK-Bold", True, desc)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return PdfFonts("PP-Latin", "PP-Latin-Bold", CID_FALLBACK, CID_FALLBACK, False,
                    f"{CID_FALLBACK} (reportlab's built-in CID font, not embedded)")


def is_cjk(ch: str) -> bool:
    """True for characters the Latin face lacks and the CJK face draws (CJK radicals and
    punctuation, kana, Han, full-width forms)."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F \
        or 0xFF00 <= o <= 0xFFEF
