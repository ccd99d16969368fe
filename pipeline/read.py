"""Reading: a file on disk -> a :class:`~pipeline.records.Document` header and its pages.

pypdfium2 reads every page (text runs with their boxes, font size and weight: about 50
pages/s and more); pdfplumber is used only where a segmenter needs ruled tables. Every
way a file can be unreadable ends in a :class:`~pipeline.errors.DocumentError` whose
reason names the cause in one line.
"""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import errors
from .config import Settings
from .ids import file_sha256, normalize_text
from .records import Page, Span

log = logging.getLogger(__name__)

_IMAGE_MAGIC = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
    b"RIFF": "WEBP",
}
_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold (bit 19)
#: a character whose baseline is turned more than this (degrees) off the page's axes is not read:
#: a diagonal watermark ("DRAFT", "ADVANCE UNEDITED VERSION") drawn across the text
SLANT_DEGREES = 10.0

#: superscript digits (U+00B9, U+00B2, U+00B3, U+2070-U+2079) are read at this fraction of their font
#: size, as a raised footnote marker is set: the marker rules of :mod:`pipeline.layout` then take them
SUPERSCRIPT_DIGITS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
SUPERSCRIPT_SCALE = 0.6


def slanted(a: float, b: float) -> bool:
    """True when a character's text matrix (its ``a``, ``b``: the direction of its baseline) turns it
    off the page's axes -- neither horizontal nor vertical, as a diagonal watermark is. Rotated pages
    and text set at 90 degrees are axis-aligned and kept; italics shear (``c``), they do not turn."""
    if a == 0 and b == 0:
        return False
    off = math.degrees(math.atan2(b, a)) % 90.0
    return SLANT_DEGREES < off < 90.0 - SLANT_DEGREES


@dataclass
class ReadResult:
    doc_id: str
    source_file: str
    pages: list[Page]
    page_count: int
    warnings: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.warnings)


_EXPORT = "open it and save or export it as PDF, then ingest again"
#: first bytes of files that end up in a folder of PDFs (magic numbers; compared in lower case)
_OTHER_MAGIC = [
    (b"pk\x03\x04", "a ZIP archive (as a Word .docx, Excel .xlsx or OpenDocument file is)", _EXPORT),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls or .ppt)", _EXPORT),
    (b"{\\rtf", "an RTF document", _EXPORT),
    (b"<!doctype html", "a web page (HTML)", "a download that returned a page instead of the PDF? fetch the PDF itself"),
    (b"<html", "a web page (HTML)", "a download that returned a page instead of the PDF? fetch the PDF itself"),
]


def sniff(head: bytes) -> str | None:
    """Why these first bytes are not a PDF, or None when they look like one."""
    if not head:
        return errors.EMPTY_FILE
    stripped = head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")
    if b"%PDF-" in head[:1024]:
        return None
    for magic, kind in _IMAGE_MAGIC.items():
        if stripped.startswith(magic):
            return errors.NOT_PDF_IMAGE.format(kind=kind)
    for magic, kind, advice in _OTHER_MAGIC:
        if stripped[:len(magic)].lower() == magic:
            return errors.NOT_PDF_KIND.format(kind=kind, advice=advice)
    sample = stripped[:64]
    try:
        text = sample.decode("utf-8")
        if text.isprintable() or all(c.isprintable() or c.isspace() for c in text):
            return errors.NOT_PDF_TEXT.format(head=text[:24])
    except UnicodeDecodeError:
        pass
    return errors.NOT_PDF.format(head=sample[:16])


def _font_of(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, bool, str]:
    if index < 0:
        return 0.0, False, ""
    size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, index))
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1", errors="replace")
    weight = int(pdfium_c.FPDFText_GetFontWeight(textpage.raw, index))
    bold = "bold" in name.lower() or weight >= 600 or bool(flags.value & _BOLD_FLAG)
    return size, bold, name


#: a gap wider than this many type sizes ends a text run: a table's next column, even where the
#: cells' padding leaves only ~1 em between them (word spaces, even justified, stay well below)
RUN_GAP = 0.9


def display_box(rotation: int, width: float, height: float):
    """A function mapping a character box in the page's own coordinates (left, right, bottom, top;
    y up) to the page as displayed (``width`` x ``height``) after its /Rotate (clockwise degrees).
    A landscape table set on a page turned by 90 degrees reads as printed, not one letter a line."""
    if rotation == 90:
        return lambda l, r, b, t: (b, t, height - r, height - l)
    if rotation == 180:
        return lambda l, r, b, t: (width - r, width - l, height - t, height - b)
    if rotation == 270:
        return lambda l, r, b, t: (width - t, width - b, l, r)
    return lambda l, r, b, t: (l, r, b, t)


def page_spans(page: pdfium.PdfPage) -> list[Span]:
    """Text runs of one page in top-down coordinates of the page as displayed, in PDFium's reading order.

    A run is a stretch of characters on one line in one font size; it ends at a line
    break, a change of size or weight, a jump back or a wide gap (a table column). Left out,
    as no reader sees them: characters set diagonally (a watermark, see :func:`slanted`),
    lines beyond the page's crop box, runs drawn a second time on themselves (a "fake bold"
    overprint, :func:`_without_overprints`), and invisible characters (render mode 3, an OCR
    layer) lying over visible text (:func:`_covered`). Coordinates count from the crop box's
    corner, whatever its origin.
    """
    height = page.get_height()           # as displayed (PDFium applies the page's /Rotate to its size)
    turn = display_box(page.get_rotation() % 360, page.get_width(), height)
    box_l, box_b, box_r, box_t = page.get_cropbox()
    textpage = page.get_textpage()
    spans: list[Span] = []
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n else ""
        handle = textpage.raw
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        matrix = pdfium_c.FS_MATRIX()
        matrix_ref = ctypes.byref(matrix)
        # the text objects that paint nothing (usually none: then no character is asked for its object)
        invisible = {ctypes.cast(obj.raw, ctypes.c_void_p).value
                     for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=15)
                     if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) in _INVISIBLE_MODES}
        # first pass: every character with its box, size and visibility (str items: a break or a space)
        items: list = []                           # str (a break or a space) or a glyph tuple (see _covered)
        for i in range(min(n, len(text))):
            ch = text[i]
            if ch in "\r\n":
                items.append("\n")
                continue
            if ch.isspace() or ch == "\x02":
                items.append(" ")
                continue
            size = float(pdfium_c.FPDFText_GetFontSize(handle, i))
            if pdfium_c.FPDFText_GetMatrix(handle, i, matrix_ref):  # the size as drawn
                if (matrix.b or matrix.a <= 0) and slanted(matrix.a, matrix.b):
                    continue
                size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            if ch in SUPERSCRIPT_DIGITS:     # "journalists¹": a footnote marker set as a character, not raised
                size *= SUPERSCRIPT_SCALE
            pdfium_c.FPDFText_GetCharBox(handle, i, *refs)
            l, r, b, t = left.value, right.value, bottom.value, top.value
            outside = not (box_l - 1 <= (l + r) / 2 <= box_r + 1 and box_b - 1 <= (b + t) / 2 <= box_t + 1)
            obj = ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value
            x0, x1, y0, y1 = turn(l - box_l, r - box_l, b - box_b, t - box_b)
            items.append((ch, i, x0, x1, y0, y1, size, obj in invisible, outside, obj))
        hidden = _covered([g for g in items if g.__class__ is tuple]) if invisible else set()
        # second pass: the visible characters into runs
        run: dict | None = None
        space = True
        last_box: tuple[float, float, float, float] | None = None
        last_obj: int | None = -1
        fonts: dict[int | None, tuple[float, bool, str]] = {}    # text object -> its font (size, bold, name)

        def close() -> None:
            nonlocal run
            if run is not None:
                words = normalize_text("".join(run["chars"]))
                if words:
                    spans.append(Span(
                        text=words, x0=round(run["x0"], 2), top=round(height - run["y1"], 2),
                        x1=round(run["x1"], 2), bottom=round(height - run["y0"], 2), size=round(run["size"], 1),
                        bold=run["bold"], font=run["font"], space_before=run["space"]))
            run = None

        for g in items:
            if g.__class__ is str:
                if g == "\n":
                    close()
                elif run is not None:
                    run["chars"].append(" ")
                space = True
                continue
            ch, index, x0, x1, y0, y1, size, _, outside, obj = g
            if index in hidden:
                continue
            if run is not None and (x0, x1, y0, y1) == last_box:
                run["chars"].append(ch)     # a ligature ("ﬃ") is read as letters sharing one box
                continue
            last_box = (x0, x1, y0, y1)
            if obj != last_obj:             # a new text object: its font may be another weight
                last_obj = obj
                if obj not in fonts:
                    fonts[obj] = _font_of(textpage, index)
            if run is not None:
                mid, run_mid = (y0 + y1) / 2, (run["y0"] + run["y1"]) / 2
                line_h = max(run["y1"] - run["y0"], y1 - y0, 1.0)
                if (abs(size - run["size"]) > 0.6 or abs(mid - run_mid) > 0.5 * line_h
                        or x0 < run["x1"] - 2.0 or x0 - run["x1"] > RUN_GAP * max(size, 4.0)
                        or fonts[obj][1] != run["bold"]):      # "7." in bold, then the paragraph's text
                    close()
            if outside and run is None:
                continue            # a line set beyond the page's edge; a run that overflows it is kept whole
            if run is None:
                _, bold, font = fonts[obj]
                run = {"chars": [], "x0": x0, "x1": x1, "y0": y0, "y1": y1, "size": size,
                       "bold": bold, "font": font, "space": space}
            run["chars"].append(ch)
            run["x0"], run["x1"] = min(run["x0"], x0), max(run["x1"], x1)
            run["y0"], run["y1"] = min(run["y0"], y0), max(run["y1"], y1)
            space = False
        close()
    finally:
        textpage.close()
    return _without_overprints(spans)


#: PDF text render modes that paint nothing: 3 (invisible: an OCR layer) and 7 (clipping only)
_INVISIBLE_MODES = frozenset({3, 7})


# A glyph of page_spans is a tuple: (letter, index in PDFium's text page, x0, x1, y0, y1 -- y up, from the
# crop box's corner --, size, invisible, outside the crop box, its text object).


def _without_overprints(spans: list[Span]) -> list[Span]:
    """The runs without those drawn again on top of an earlier run (the same words, within its box, on
    its line, in its size: a "fake bold" heading or item number overprinted later on the page, a text
    layer drawn twice). PDFium merges an overprint that follows its original at once; one drawn later
    is a run of its own."""
    lines: dict[int, list[Span]] = {}          # whole-point top -> the runs kept there
    out: list[Span] = []
    for sp in spans:
        near = [h for k in (math.floor(sp.top) - 1, math.floor(sp.top), math.floor(sp.top) + 1)
                for h in lines.get(k, ())]
        if any(abs(h.top - sp.top) < 0.5 and abs(h.size - sp.size) < 0.6 and h.x0 - 0.5 <= sp.x0
               and sp.x1 <= h.x1 + 0.5 and sp.text in h.text for h in near):
            continue
        lines.setdefault(math.floor(sp.top), []).append(sp)
        out.append(sp)
    return out


def _covered(glyphs: list[tuple], cell: float = 8.0) -> set[int]:
    """Indices of the invisible glyphs (an OCR layer) that lie over visible text: over a visible glyph or
    within a type size of one on its line. An invisible layer alone on its page region (a scanned
    page's OCR text) is kept."""
    grid: dict[tuple[int, int], list[tuple]] = {}
    for g in glyphs:
        if not g[7] and not g[8]:
            grid.setdefault((int(g[2] // cell), int(g[4] // cell)), []).append(g)
    covered: set[int] = set()
    for g in glyphs:
        if not g[7]:
            continue
        mx, my = (g[2] + g[3]) / 2, (g[4] + g[5]) / 2
        cx, cy = int(mx // cell), int(my // cell)
        # over a visible glyph, or in the word space beside one on its line (an OCR layer's words are
        # rarely as wide as the printed ones)
        if any(h[2] - h[6] <= mx <= h[3] + h[6] and h[4] - 0.5 <= my <= h[5] + 0.5
               for dx in (-2, -1, 0, 1, 2) for dy in (-2, -1, 0, 1, 2) for h in grid.get((cx + dx, cy + dy), ())):
            covered.add(g[1])
    return covered


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF or raise DocumentError with the reason."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise errors.DocumentError(errors.ENCRYPTED) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise errors.DocumentError(errors.ENCRYPTED) from exc
        raise errors.DocumentError(errors.TRUNCATED.format(detail=str(exc).strip().rstrip("."))) from exc


def read_pdf(path: Path, settings: Settings | None = None) -> ReadResult:
    """Read a PDF's pages. Raises DocumentError when nothing usable can be read."""
    settings = settings or Settings()
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(2048)
    reason = sniff(head)
    if reason:
        raise errors.DocumentError(reason)
    if size > settings.max_file_mb * 1024 * 1024:
        raise errors.DocumentError(errors.TOO_LARGE.format(size_mb=size / 2**20, limit_mb=settings.max_file_mb))
    doc_id = file_sha256(path)
    pdf = open_pdf(path)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise errors.DocumentError(errors.TRUNCATED.format(detail="no pages could be found"))
        warnings: list[str] = []
        limit = min(n_pages, settings.max_pages)
        if n_pages > settings.max_pages:
            warnings.append(errors.TOO_MANY_PAGES.format(pages=n_pages, limit=settings.max_pages))
        pages: list[Page] = []
        empty: list[int] = []
        for number in range(1, limit + 1):
            try:
                page = pdf[number - 1]
                spans = page_spans(page)
                pages.append(Page(number=number, width=page.get_width(), height=page.get_height(), spans=spans))
                page.close()
            except pdfium.PdfiumError as exc:  # a damaged page: keep the others
                warnings.append(errors.PAGE_FAILED.format(page=number, detail=str(exc).strip()))
                continue
            if sum(len(s.text) for s in spans) < settings.min_chars_per_page:
                empty.append(number)
        if len(empty) == len(pages):
            raise errors.DocumentError(errors.NO_TEXT.format(pages=n_pages))
        # a page with no text is normal (a blank page); many such pages mean scans
        if empty and len(empty) >= max(2, len(pages) // 4):
            warnings.append(errors.SOME_PAGES_NO_TEXT.format(pages=_ranges(empty)))
        return ReadResult(doc_id=doc_id, source_file=str(path), pages=pages, page_count=n_pages, warnings=warnings)
    finally:
        pdf.close()


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
