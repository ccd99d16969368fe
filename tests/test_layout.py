"""Running headers, footers and footnote markers (pipeline/layout.py), on hand-built pages."""

from __future__ import annotations

from pipeline.layout import document_lines, text_without_markers
from pipeline.records import Page, Span


def _page(number: int, lines: list[tuple[float, str]], height: float = 842.0) -> Page:
    return Page(number=number, width=595, height=height,
                spans=[Span(text=t, x0=72, top=top, x1=72 + 5 * len(t), bottom=top + 10, size=10) for top, t in lines])


def test_a_page_number_above_the_bottom_band_is_a_footer_but_a_recurring_last_row_stays():
    # UN reports print the page number ~90% down an A4 page, above a 9% band
    pages = [_page(n, [(100, f"115.{n} Supported Comment text."), (400, f"115.{n + 10} Supported Comment text."),
                       (748.7, str(n))]) for n in range(1, 7)]
    lines = document_lines(pages)
    assert all(page[-1].role == "footer" for page in lines)
    assert all(ln.role == "body" for page in lines for ln in page[:-1])   # same shape on every page, kept


def test_footnote_markers_leave_the_text():
    page = Page(number=1, width=595, height=842, spans=[
        Span(text="set out in the optional", x0=72, top=100, x1=180, bottom=110, size=10),
        Span(text="18", x0=181, top=98, x1=186, bottom=104, size=6, space_before=False),
        Span(text="protocol", x0=190, top=100, x1=230, bottom=110, size=10)])
    line = document_lines([page])[0][0]
    assert text_without_markers(line) == "set out in the optional protocol"


def _sized(number: int, lines: list[tuple[float, str, float, bool]]) -> Page:
    return Page(number=number, width=595, height=842, spans=[
        Span(text=t, x0=72, top=top, x1=72 + size * 0.5 * len(t), bottom=top + size, size=size, bold=bold)
        for top, t, size, bold in lines])


BODY = [(100 + 14 * i, f"Body line {i} of the submission text runs on here.", 10.5, False) for i in range(30)]


def test_a_running_header_printed_once_is_a_header():
    # a 2-page submission: the small running title is on page 2 only, so it never recurs
    pages = [_sized(1, BODY), _sized(2, [(31, "Joint submission – Universal Periodic Review of Ruritania – 44th session",
                                          8, False)] + BODY)]
    top = document_lines(pages)[1][0]
    assert top.text.startswith("Joint submission") and top.role == "header"


def test_a_small_top_line_that_starts_the_content_stays():
    head_row = [(40, "Recommendation   Position   Comments", 8, False)]       # a table's header row, on its cells
    bold = [(40, "Annex: list of abbreviations", 8, True)]
    for first in (head_row, bold):
        rows = [(40 + 11 + 12 * i, f"115.{i} Supported Comment text.", 10.5, False) for i in range(1, 30)]
        lines = document_lines([_sized(1, BODY), _sized(2, first + (rows if first is head_row else BODY))])
        assert lines[1][0].role == "body", first


# ---------------------------------------------------------------- two columns
def _span(text: str, x0: float, top: float, size: float = 10.0) -> Span:
    return Span(text=text, x0=x0, top=top, x1=x0 + size * 0.5 * len(text), bottom=top + size, size=size)


def _two_column_page() -> Page:
    words = "The authorities continue to block news websites without a court order"
    spans = [_span("A title printed across the whole width of the page, above both columns", 72, 60, 12)]
    spans += [_span(f"L{i} {words[:40]}", 72, 100 + 14 * i) for i in range(8)]       # left column: 72..287
    spans += [_span(f"R{i} {words[:40]}", 310, 100 + 14 * i) for i in range(6)]      # right column: 310..525
    spans += [_span("1 A footnote set in small print across the foot of the page, under both columns", 72, 760, 7)]
    return Page(number=1, width=595, height=842, spans=spans)


def test_a_two_column_band_is_read_down_the_left_column_then_the_right():
    lines = document_lines([_two_column_page()], columns=True)[0]
    assert [ln.text[:2] for ln in lines] == ["A ", *[f"L{i}" for i in range(8)], *[f"R{i}" for i in range(6)], "1 "]
    assert [ln.column for ln in lines] == [0] + [1] * 8 + [2] * 6 + [0]
    plain = document_lines([_two_column_page()])[0]            # without columns: left and right joined
    assert plain[1].text.startswith("L0") and "R0" in plain[1].text


def test_a_table_with_a_short_status_column_is_not_split():
    spans = []
    for i in range(8):
        spans += [_span(f"115.{i} Ratify the Optional Protocol to the Convention against Torture", 72, 100 + 14 * i),
                  _span("Supported", 450, 100 + 14 * i)]
    lines = document_lines([Page(number=1, width=595, height=842, spans=spans)], columns=True)[0]
    # not two columns of prose: the text stays in the page's flow, row by row, and each short cell
    # is set apart beside its row (a side column, see test_a_side_column_of_citations_is_set_apart)
    body = [ln for ln in lines if ln.role == "body"]
    assert [ln.text for ln in body] == [f"115.{i} Ratify the Optional Protocol to the Convention against Torture"
                                        for i in range(8)] and all(ln.column == 0 for ln in body)
    side = [ln for ln in lines if ln.role == "side"]
    assert [ln.text for ln in side] == ["Supported"] * 8 and [ln.top for ln in side] == [ln.top for ln in body]


def test_a_side_column_of_citations_is_set_apart():
    # a submission's table: wrapped recommendations left, the earlier recommendations they repeat right
    rows = [(["Decriminalize defamation and bring the law on the media in", "line with article 19 of the Covenant."],
             ["110.2 (Canada); 110.3", "(Norway)"]),
            (["Stop blocking websites without a court order and publish the", "list of the blocked resources at once."],
             ["110.4 (Sweden)"])]
    spans, top = [], 100.0
    for left, right in rows:
        for k, text in enumerate(left):
            spans.append(_span(text, 72, top + 14 * k))
        for k, text in enumerate(right):
            spans.append(_span(text, 420, top + 14 * k))
        top += 14 * len(left) + 10
    lines = document_lines([Page(number=1, width=595, height=842, spans=spans)], columns=True)[0]
    assert [ln.text for ln in lines if ln.role == "body"] == [t for left, _ in rows for t in left]
    assert [ln.text for ln in lines if ln.role == "side"] == ["110.2 (Canada); 110.3", "(Norway)", "110.4 (Sweden)"]


def test_a_table_of_contents_keeps_its_page_numbers():
    spans = []
    for i, title in enumerate(["Introduction to the report and its methodology", "Follow-up to the previous review",
                               "Freedom of expression and of the media today", "Torture and ill-treatment in custody",
                               "Recommendations for action by the State"]):
        spans += [_span(title, 72, 100 + 14 * i), _span(str(3 + 2 * i), 500, 100 + 14 * i)]
    lines = document_lines([Page(number=1, width=595, height=842, spans=spans)], columns=True)[0]
    assert all(ln.role == "body" and ln.text[-1].isdigit() for ln in lines) and len(lines) == 5


def test_single_column_prose_has_no_band():
    page = _sized(1, BODY)
    assert [ln.text for ln in document_lines([page], columns=True)[0]] == [ln.text for ln in document_lines([page])[0]]


def _two_column_notes_page() -> Page:
    body = "The authorities continue to block news websites without any court order at all"
    spans = [_span(body, 72, 100 + 14 * i) for i in range(20)]
    notes = [("1", "A/HRC/28/10, recommendations 124.4", "(Brazil) and 124.5 (Germany)."),
             ("2", "Amnesty International, Kazakhstan:", "the right to protest, 2019."),
             ("3", "A/HRC/28/10, recommendation 126.3", "(France)."),
             ("4", "Ibid., recommendation 125.7 (Chile).", None)]
    for col, (x, chunk) in enumerate(((72, notes[:2]), (320, notes[2:]))):
        y = 700
        for marker, first, rest in chunk:
            spans += [_span(marker, x, y - 2, 5.5), _span(first, x + 6, y, 8)]
            y += 10
            if rest:
                spans.append(_span(rest, x + 6, y, 8))
                y += 10
    return Page(number=1, width=595, height=842, spans=spans)


def test_footnotes_set_in_two_columns_are_read_column_by_column():
    lines = document_lines([_two_column_notes_page()], columns=True)[0]
    notes = [ln.text for ln in lines if ln.role == "footnote"]
    assert notes == ["1 A/HRC/28/10, recommendations 124.4", "(Brazil) and 124.5 (Germany).",
                     "2 Amnesty International, Kazakhstan:", "the right to protest, 2019.",
                     "3 A/HRC/28/10, recommendation 126.3", "(France).", "4 Ibid., recommendation 125.7 (Chile)."]
    # without the columns (a WG report's reading), the block is read across as before
    across = [ln.text for ln in document_lines([_two_column_notes_page()])[0] if ln.role == "footnote"]
    assert across[0].startswith("1 A/HRC/28/10") and "126.3" in across[0]


def test_footnotes_in_one_column_are_left_alone():
    page = _two_column_notes_page()
    page = Page(number=1, width=595, height=842, spans=[s for s in page.spans if s.x0 < 300])
    lines = document_lines([page], columns=True)[0]
    assert [ln.text for ln in lines if ln.role == "footnote"][:2] == ["1 A/HRC/28/10, recommendations 124.4",
                                                                    "(Brazil) and 124.5 (Germany)."]


def test_a_running_footer_printed_once_is_a_footer():
    """A one-page document prints its running footer once (red team, round 14: "UNCT Jordan – UPR
    submission, fourth cycle 1" became a finding): the page's last line, in the bottom band, ending
    with the page's number and set well below the text. A last body line ending with a number stays."""
    footer = BODY[:20] + [(790, "UNCT Freedonia – UPR submission, fourth cycle 1", 8.0, False)]
    page = document_lines([_sized(1, footer)])[0]
    assert page[-1].role == "footer" and all(ln.role == "body" for ln in page[:-1])
    long_body = [(100 + 14 * i, f"Body line {i} of the submission text runs on here.", 10.5, False) for i in range(49)]
    close = long_body + [(100 + 14 * 49, "and the rate of the year fell to 1", 10.5, False)]     # at 786, in the band
    assert all(ln.role == "body" for ln in document_lines([_sized(1, close)])[0])


# ---------------------------------------------------------------- margin notes
def _page_with_margin_notes(note_x: float) -> Page:
    words = "The authorities continue to block news websites"
    spans = [_span(f"P{i} {words}", 160, 100 + 14 * i) for i in range(8)]          # text: 160..~410
    spans += [_span("UPR 2017: rec. 118.12", note_x, 100, 7), _span("(Spain), supported", note_x, 109, 7)]
    spans += [_span("1 A footnote in small print under the text of the page", 160, 760, 7)]
    return Page(number=1, width=595, height=842, spans=spans)


def test_notes_in_a_wide_margin_are_side_lines_not_glued_to_the_text():
    """Red team round 18: notes set small in a wide left margin were read across, into the line of text
    beside them ("UPR 2017: rec. 118.12 (Spain), 3. In 2017 …"). Left or right of the text, they are
    side lines now (prose attaches them to the paragraph beside them); the footnote stays a footnote."""
    for note_x in (24, 450):
        lines = document_lines([_page_with_margin_notes(note_x)], columns=True)[0]
        body = [ln for ln in lines if ln.role == "body"]
        assert [ln.text[:2] for ln in body] == [f"P{i}" for i in range(8)], note_x
        assert sorted(ln.text for ln in lines if ln.role == "side") == ["(Spain), supported", "UPR 2017: rec. 118.12"]
        assert [ln.role for ln in lines if ln.text.startswith("1 A")] == ["footnote"]


def test_margin_notes_give_citations_and_no_text():
    """The round-18 PDF (invented academic contribution on Ecuador): its margin notes cite report
    paragraphs for the paragraph beside them and are in no unit's text (the helper's truth)."""
    import json
    from pathlib import Path

    from pipeline.ids import text_key
    from pipeline.ingest import process_file

    folder = Path(__file__).resolve().parent / "fixtures" / "submission"
    truth = json.loads((folder / "r18_academic_ecuador_margin_notes_truth.json").read_text(encoding="utf-8"))
    r = process_file(folder / truth["pdf"])
    by_start = {text_key(u.text)[:30]: u for u in r.units}
    for t in truth["units"]:
        u = by_start.get(text_key(t["start"])[:30])
        if u is None:
            assert t.get("optional"), t["start"]
            continue
        assert u.unit_type == t["kind"]
        cited = sorted((c.paragraph, c.state) for c in r.citations if c.unit_id == u.unit_id)
        assert cited == sorted((c["paragraph"], c["state"]) for c in t["cites"] or []), t["start"]
    for text in truth["must_not_be_in_text"]:
        assert not any(text in u.text for u in r.units), text


def test_a_marker_before_a_full_stop_leaves_no_space():
    """Red team round 20: "… in Colombo¹." read "in Colombo ." once the marker was dropped."""
    from pipeline.layout import Line, text_without_markers

    spans = [_span("Detainees are held in Colombo", 72, 100), _span("1", 222, 98, 6), _span(".", 226, 100)]
    line = Line(text="", x0=72, top=98, x1=230, bottom=110, size=10.0, bold=False, page=1, spans=spans)
    assert text_without_markers(line) == "Detainees are held in Colombo."
    # red team 42a: two markers with a raised comma between them, "torture.¹,²", left "torture.,"
    spans = [_span("all allegations of torture.", 72, 100), _span("1", 200, 98, 6), _span(",", 204, 98, 6),
             _span("2", 207, 98, 6)]
    line = Line(text="", x0=72, top=98, x1=212, bottom=110, size=10.0, bold=False, page=1, spans=spans)
    assert text_without_markers(line) == "all allegations of torture."
    # (a comma in body type between words stays)
    spans = [_span("Colombo", 72, 100), _span("1", 110, 98, 6), _span(",", 114, 100), _span("Galle", 120, 100)]
    line = Line(text="", x0=72, top=98, x1=150, bottom=110, size=10.0, bold=False, page=1, spans=spans)
    assert text_without_markers(line) == "Colombo, Galle"


def test_margin_notes_and_a_sidebar():
    """Review round 28a: a box of key recommendations beside the text is no margin notes."""
    from pipeline.layout import is_sidebar
    from pipeline.records import Span

    def spans(*texts):
        return [Span(text=t, x0=450, top=100 + 12 * i, x1=540, bottom=109 + 12 * i, size=8) for i, t in enumerate(texts)]

    assert not is_sidebar(spans("UPR 2017: rec. 118.12", "(Spain)", "Art. 6 and 10 ICCPR"))
    assert is_sidebar(spans("Key recommendations", "• Adopt a plan to end", "shackling.", "• Allocate the budget"))

