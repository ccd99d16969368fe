from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import errors
from pipeline.config import Settings
from pipeline.read import read_pdf, sniff
from tests.fixtures import builders


def test_sniff_names_the_kind_of_non_pdf():
    assert sniff(b"") == errors.EMPTY_FILE
    assert "PNG image" in sniff(builders.png_bytes())
    assert "JPEG image" in sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert "plain text" in sniff(b"Recommendations of the Working Group\n")
    assert sniff(b"%PDF-1.7\n...") is None
    # review round 24: a renamed .docx showed its raw bytes
    assert "ZIP archive (as a Word .docx" in sniff(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml")
    assert "old Office file" in sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00")
    assert "web page" in sniff(b"<!DOCTYPE html><html><head>")


def test_reads_runs_with_boxes_sizes_and_spaces(submission_pdf: Path):
    read = read_pdf(submission_pdf)
    assert read.page_count == 11 and len(read.doc_id) == 64
    page = read.pages[2]
    heading = next(s for s in page.spans if s.text == "FOLLOW UP TO THE PREVIOUS REVIEW")
    body = next(s for s in page.spans if s.text.startswith("During its second UPR"))
    assert heading.bold and heading.size > body.size
    assert 0 < body.top < body.bottom < page.height
    # words split into several PDF runs keep their spaces
    text = " ".join(s.text for s in page.spans)
    assert "made to it by other states." in text


def test_font_size_is_the_drawn_size_not_the_nominal_one(wg2010: Path):
    # this report sets fonts at size 1 scaled by the text matrix
    page = read_pdf(wg2010).pages[16]
    sizes = {round(s.size) for s in page.spans if len(s.text) > 20}
    assert sizes and min(sizes) >= 8


@pytest.mark.parametrize("kind, expect", [
    ("empty", "empty file"),
    ("truncated", "damaged or truncated PDF"),
    ("text", "not a PDF: the file holds plain text"),
    ("image", "not a PDF: the file is a PNG image"),
    ("encrypted", "encrypted PDF"),
    ("scanned", "no text layer"),
    ("large", "over the 1 MB limit"),
])
def test_each_bad_file_fails_with_a_reason(tmp_path: Path, wg2014: Path, kind: str, expect: str):
    files = builders.bad_batch(tmp_path, wg2014)
    with pytest.raises(errors.DocumentError) as exc:
        read_pdf(files[kind], Settings(max_file_mb=1))
    assert expect in exc.value.reason
    assert "\n" not in exc.value.reason


def test_page_limit_reads_the_first_pages_and_says_so(wg2014: Path):
    read = read_pdf(wg2014, Settings(max_pages=5))
    assert len(read.pages) == 5 and read.page_count == 28
    assert read.partial and "only the first 5" in read.warnings[0]


def _portrait_and_turned(tmp_path):
    """The same three lines on a plain portrait page and on a landscape page turned by /Rotate 90
    (text drawn along the page's y axis, as scanners and print drivers store turned pages)."""
    from reportlab.pdfgen import canvas

    lines = ["Recommendations on security legislation", "Repeal the Prevention of Terrorism Act",
             "Return all private land occupied by the military"]
    plain = canvas.Canvas(str(tmp_path / "plain.pdf"), pagesize=(595, 842), invariant=1)
    for k, text in enumerate(lines):
        plain.drawString(60, 842 - 100 - 20 * k, text)         # baseline 100 + 20k points from the top
    plain.save()
    # reportlab writes the media box of a page it rotates turned: this one is 842 x 595, shown 595 x 842
    turned = canvas.Canvas(str(tmp_path / "turned.pdf"), pagesize=(595, 842), invariant=1)
    turned.setPageRotation(90)
    for k, text in enumerate(lines):
        turned.saveState()
        turned.translate(100 + 20 * k, 60)      # shown 90 degrees clockwise: user x -> down, user y -> right
        turned.rotate(90)
        turned.drawString(0, 0, text)
        turned.restoreState()
    turned.save()
    return tmp_path / "plain.pdf", tmp_path / "turned.pdf"


def test_a_turned_page_reads_as_displayed(tmp_path):
    from pipeline.read import read_pdf

    plain, turned = (read_pdf(p).pages[0] for p in _portrait_and_turned(tmp_path))
    assert (turned.width, turned.height) == pytest.approx((plain.width, plain.height), abs=1)
    assert [s.text for s in turned.spans] == [s.text for s in plain.spans]
    for a, b in zip(turned.spans, plain.spans):
        assert (a.x0, a.top) == pytest.approx((b.x0, b.top), abs=3)


@pytest.mark.parametrize("a, b, turned", [(1, 0, False), (0, 1, False), (-1, 0, False), (0, -1, False),
                                           (0.7071, 0.7071, True), (0.866, 0.5, True), (0.9659, 0.2588, True),
                                           (0.9998, 0.0175, False), (12, 0, False)])
def test_slanted_is_any_baseline_off_the_axes(a, b, turned):
    from pipeline.read import slanted

    assert slanted(a, b) is turned


def test_a_diagonal_watermark_and_superscript_markers(tmp_path):
    """A grey "DRAFT" drawn at 45 degrees across the text is not read; "¹" set in the text's own size is read
    as a small marker, so the layout leaves it out of the line's text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from pipeline.layout import document_lines, text_without_markers
    from pipeline.read import read_pdf

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVuSans (for the superscript glyph) is not installed")
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    c = canvas.Canvas(str(tmp_path / "w.pdf"), pagesize=(595, 842))
    c.setFont("DejaVu", 10)
    c.drawString(72, 700, "Six journalists were detained in 2016.\u00b9 None was charged.")
    c.drawString(72, 686, "The law remains in force.")
    c.saveState()
    c.setFillGray(0.85)
    c.setFont("DejaVu", 60)
    c.translate(150, 600)
    c.rotate(45)
    c.drawString(0, 0, "DRAFT")
    c.restoreState()
    c.save()
    page = read_pdf(tmp_path / "w.pdf").pages[0]
    assert not any("D" == s.text or "DRAFT" in s.text for s in page.spans)
    lines = document_lines([page])[0]
    assert [text_without_markers(ln) for ln in lines if ln.role == "body"][:2] == [
        "Six journalists were detained in 2016. None was charged.", "The law remains in force."]


def test_what_no_reader_sees_is_not_read(tmp_path):
    """Red team round 23 (PDF producers' habits): an invisible OCR layer (render mode 3) over the visible
    text, a line set beyond the page's right edge, a heading overprinted late on the page ("fake bold"),
    a page whose crop box does not start at 0,0. The visible words are read once, where they are shown;
    an invisible layer alone (a scanned page) and a ligature's letters are kept."""
    from reportlab.pdfgen import canvas

    from pipeline.layout import document_lines

    c = canvas.Canvas(str(tmp_path / "q.pdf"), pagesize=(612, 792))
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Journalists were detained in 2016.")
    t = c.beginText(72, 700)
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 10)
    t.textLine("Joumallsts were detalned ln 2016.")      # an OCR layer over the visible line
    c.drawText(t)
    c.drawString(72, 660, "The law remains in force.")
    c.drawString(650, 660, "Editor note: drop this paragraph")      # beyond the 612-wide page
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 620, "II. Recommendations")
    c.setFont("Helvetica", 10)
    c.drawString(72, 600, "Repeal the criminal defamation provisions.")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72.3, 620, "II. Recommendations")                  # the overprint, drawn last
    c.showPage()
    t = c.beginText(72, 700)                                         # a scanned page: its OCR layer only
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 10)
    t.textLine("Scanned page text")
    c.drawText(t)
    c.save()
    pages = read_pdf(tmp_path / "q.pdf").pages
    texts = [ln.text for ln in document_lines(pages[:1])[0]]
    assert texts == ["Journalists were detained in 2016.", "The law remains in force.", "II. Recommendations",
                     "Repeal the criminal defamation provisions."]
    assert [s.text for s in pages[1].spans] == ["Scanned page text"]


def test_coordinates_count_from_the_crop_box(tmp_path):
    from reportlab.pdfgen import canvas

    for name, box in (("plain", None), ("shifted", (50, 50, 662, 842))):
        c = canvas.Canvas(str(tmp_path / f"{name}.pdf"), pagesize=(612, 792))
        if box:                     # the page drawn 50 pt up and right, and only that part shown
            c.setPageSize((box[2], box[3]))
            c.setCropBox(box)
            c.translate(50, 50)
        c.setFont("Helvetica", 10)
        c.drawString(72, 700, "Affirmative action, efficiency")        # "ff", "ffi": ligatures keep their letters
        c.save()
    plain, shifted = (read_pdf(tmp_path / f"{n}.pdf").pages[0] for n in ("plain", "shifted"))
    assert [s.text for s in shifted.spans] == [s.text for s in plain.spans]
    assert "".join(s.text for s in plain.spans).replace(" ", "") == "Affirmativeaction,efficiency"
    for a, b in zip(shifted.spans, plain.spans):
        assert (a.x0, a.top) == pytest.approx((b.x0, b.top), abs=0.5)
