"""Layout helpers shared by the segmenters: spans -> lines, running headers and footers,
footnotes, body font size. Pure functions over :class:`~pipeline.records.Page`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Callable

from .records import Page, Span

_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_JOB_NO = re.compile(r"^GE\.\s?\d{2}\s?-\s?\d{4,6}", re.I)
# a UN document's symbol printed alone at a page's top or foot ("A/HRC/39/12", "A/HRC/WG.6/31/KAZ/1")
_DOC_SYMBOL = re.compile(r"^A\s*/\s*HRC\s*/\s*(?:WG\.6\s*/\s*)?\d{1,2}\s*/\s*(?:L\.\s*\d{1,3}|[A-Z0-9]+)(?:\s*/\s*[A-Z0-9]+)?"
                         r"(?:\s*/\s*Add\.\s*\d+)?$")


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int
    spans: list[Span] = field(default_factory=list)
    role: str = "body"   # body | header | footer | footnote | side
    column: int = 0      # 0: the page's full width; 1 / 2: left / right column of a two-column band (1 / 2 / 3
    #                      on a page of three); SIDE_COLUMN (+k): a table's (k-th) column of short cells beside
    #                      the text (role "side")

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]


#: glyphs that open a list item: "•" and its kin, and Word's Symbol-font bullets read as private-use characters
BULLET_GLYPHS = "•●▪■◦‣∙·○►➢\uf0b7\uf0a7\uf076\uf0d8"

#: ``Line.column`` of a table's first column of short cells beside the text, the next ones count on
#: (see :func:`side_bands`); above the text columns (1 to 3)
SIDE_COLUMN = 10


def join_spans(spans: list[Span]) -> str:
    """The text of spans read left to right: a space where PDFium says one stands or the gap is wide."""
    out = ""
    prev: Span | None = None
    for s in spans:
        if prev is None:
            out = s.text
        else:
            gap = s.x0 - prev.x1
            # PDFium says whether a space precedes the run; a wide gap is a space too
            glue = " " if (s.space_before or gap > 0.3 * (s.size or 10)) and not out.endswith(" ") else ""
            out += glue + s.text
        prev = s
    return re.sub(r"\s+", " ", out).strip()


def group_lines(spans: list[Span], page: int, column: int = 0) -> list[Line]:
    """Group spans into lines (by vertical overlap), top to bottom, left to right."""
    spans = sorted(spans, key=lambda s: (s.top + s.bottom) / 2)
    groups: list[list[Span]] = []
    for s in spans:
        if groups:
            g = groups[-1]
            top = min(x.top for x in g)
            bottom = max(x.bottom for x in g)
            overlap = min(bottom, s.bottom) - max(top, s.top)
            smaller = max(min(bottom - top, s.bottom - s.top), 0.5)
            if overlap >= 0.3 * smaller:
                g.append(s)
                continue
        groups.append([s])
    lines: list[Line] = []
    for g in groups:
        g.sort(key=lambda s: s.x0)
        weights = Counter()
        for s in g:
            weights[s.size] += len(s.text)
        size = weights.most_common(1)[0][0]
        bold_chars = sum(len(s.text) for s in g if s.bold)
        total = sum(len(s.text) for s in g) or 1
        lines.append(Line(
            text=join_spans(g), x0=min(s.x0 for s in g), top=min(s.top for s in g), x1=max(s.x1 for s in g),
            bottom=max(s.bottom for s in g), size=size, bold=bold_chars / total > 0.6, page=page, spans=g,
            column=column,
        ))
    return lines


def build_lines(page: Page, columns: bool = False) -> list[Line]:
    """A page's lines, top to bottom. With ``columns``, a band of the page set in two columns
    (see :func:`column_bands`) is read down its left column, then down its right one; in a band of
    text beside a table's short cells (:func:`side_bands`) the cells become lines of their own
    (``column`` :data:`SIDE_COLUMN`), so that they are not spliced into the text."""
    if not columns:
        return group_lines(page.spans, page.number)
    notes = margin_notes(page.spans)
    noted = {id(s) for s in notes}
    lines = group_lines([s for s in page.spans if id(s) not in noted], page.number)
    lines = _with_margin_notes(_columns_and_sides(lines, page), group_lines(notes, page.number, column=SIDE_COLUMN))
    return lines


def margin_notes(spans: list[Span]) -> list[Span]:
    """Notes set in a page's wide margin beside the text ("Art. 6 and 10 ICCPR", "UPR 2017: rec. 118.12
    (Spain)"): runs smaller than the body text, in a narrow strip left or right of all the runs of body
    size with a clear gap (two body lines' height), and level with the text (not a header or footer).
    Read across, each would be glued to the line of text beside it."""
    big = [s for s in spans if s.size]
    if len(big) < 4:
        return []
    size = body_size(big)
    body = [s for s in big if s.size >= 0.9 * size]
    if len(body) < 3:
        return []
    left, right = min(s.x0 for s in body), max(s.x1 for s in body)
    top, bottom = min(s.top for s in body), max(s.bottom for s in body)
    gap, strip = 2 * size, 0.35 * (right - left)
    notes = [s for s in big if s.size < 0.9 * size and top - 1 <= s.top and s.bottom <= bottom + 1
             and (s.x1 < left - gap or s.x0 > right + gap)]
    sides = [[s for s in notes if s.x1 < left], [s for s in notes if s.x0 > right]]
    return [s for side in sides if side and max(s.x1 for s in side) - min(s.x0 for s in side) <= strip
            and not is_sidebar(side) for s in side]


def is_sidebar(spans: list[Span]) -> bool:
    """A box of text beside the body ("Key recommendations" with its bullets), not margin notes: two
    items or more open with a bullet, or it runs to more words than notes do (60)."""
    bullets = sum(1 for s in spans if s.text.lstrip()[:1] in BULLET_GLYPHS)
    return bullets >= 2 or sum(len(s.text.split()) for s in spans) >= 60


def _with_margin_notes(lines: list[Line], notes: list[Line]) -> list[Line]:
    for ln in notes:
        ln.role = "side"        # beside the text, never in its flow (prose attaches it to the block beside it)
    return lines + notes


def _columns_and_sides(lines: list[Line], page: Page) -> list[Line]:
    bands, right_column = column_bands(lines), 2
    if bands and all(citing_cells(right_texts(lines[a:b + 1], g)) for a, b, g in bands):
        bands = []          # a wide table column of citations, not a column of prose
    if bands and all(numbered_rows(left_texts(lines[a:b + 1], g)) for a, b, g in bands):
        bands = []          # a table of numbered report items ("146.23 | Norway | Implemented | …"), not two columns
    if not bands:
        bands, right_column = side_bands(lines), SIDE_COLUMN
    if not bands:
        return lines

    def read(left_spans: list[Span], right_spans: list[Span]) -> list[Line]:
        sidebar = right_column == SIDE_COLUMN and is_sidebar(right_spans)   # a box of text: read after the text
        left = group_lines(left_spans, page.number, column=1 if right_column == 2 or sidebar else 0)
        if right_column == 2 or sidebar:
            right = group_lines(right_spans, page.number, column=2)
            # a page of three columns: one side of the gutter found holds two of them, read down each in turn
            if (three := _two_within(left, page.number, (1, 2))) is not None:
                left, right = three, group_lines(right_spans, page.number, column=3)
            elif not sidebar and (three := _two_within(right, page.number, (2, 3))) is not None:
                right = three
            return left + right
        right = [ln for k, group in enumerate(side_columns(right_spans, max(_GUTTER_MIN, 0.8 * body_size(lines))))
                 for ln in group_lines(group, page.number, column=SIDE_COLUMN + k)]
        # a side column's cells stand beside their text: keep the page's top-down order
        return sorted(left + right, key=lambda ln: (ln.top, ln.x0))

    return _split_bands(lines, bands, read)


def _two_within(lines: list[Line], page_no: int, cols: tuple[int, int]) -> list[Line] | None:
    """The lines of one side of a column band when that side is itself set in two columns (:func:`column_bands`
    on its lines: a page of three columns), with the columns ``cols``, read down the first, then the second;
    None when it is one column."""
    bands = column_bands(lines) if len(lines) >= 4 else []
    if not bands:
        return None
    return _split_bands(lines, bands, lambda left, right: group_lines(left, page_no, column=cols[0])
                        + group_lines(right, page_no, column=cols[1]))


def _split_bands(lines: list[Line], bands: list[tuple[int, int, float]],
                 read: Callable[[list[Span], list[Span]], list[Line]]) -> list[Line]:
    """``lines`` with each band (first line, last line, gutter x) replaced by what ``read`` makes of the runs left
    and right of its gutter (by their middle); the lines outside the bands stay as they are."""
    out: list[Line] = []
    pos = 0
    for first, last, gutter in bands:
        out += lines[pos:first]
        spans = [s for ln in lines[first:last + 1] for s in ln.spans]
        out += read([s for s in spans if (s.x0 + s.x1) / 2 < gutter], [s for s in spans if (s.x0 + s.x1) / 2 >= gutter])
        pos = last + 1
    return out + lines[pos:]


# a gutter: at least this wide (points, or 0.8 body lines), in the middle 60% of the text width
_GUTTER_MIN = 8.0
_GUTTER_BAND = (0.2, 0.8)
_COLUMN_ROWS = 3       # full lines one column must have (wrapped prose, not a table's short cells)


def _pieces(line: Line, gap: float) -> list[tuple[float, float]]:
    """The stretches of a line's text, (x0, x1) left to right, cut where the space between two
    runs reaches ``gap`` (a word space or a comma set apart never cuts)."""
    out: list[tuple[float, float]] = []
    for s in sorted(line.spans, key=lambda s: s.x0):
        if out and s.x0 - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], s.x1))
        else:
            out.append((s.x0, s.x1))
    return out


def column_bands(lines: list[Line]) -> list[tuple[int, int, float]]:
    """Bands of a page set in two columns: (first line, last line, gutter x) over the page's
    lines as :func:`group_lines` gives them (a line there may join a left and a right column
    line that stand at one height).

    The gutter is the x, in the middle 60% of the text width, where the most lines have text
    on both sides and none across (at least two lines, with a gap of at least ``_GUTTER_MIN``
    points or 0.8 body lines). A band is a run of consecutive lines that leave the gutter free,
    with text filling both sides: at least ``_COLUMN_ROWS`` lines on one side and two on the
    other cover 60% of its width, as wrapped prose does, and the two sides are alike in width.
    Full-width lines (a title, the footnotes) cross the gutter and end a band, and so do a gap
    of more than three lines and the small print at the page's foot; a table whose right column
    holds short cells ("Supported") is no band (see :func:`side_bands`).
    """
    size = body_size(lines)

    def alike(l_width: float, r_width: float, lefts: list, rights: list, band: tuple[int, int, float]) -> bool:
        if min(l_width, r_width) < 0.5 * max(l_width, r_width):
            return False          # columns of prose are alike in width; a table's status column is not
        for k in range(max(0, band[0] - 1), min(band[0] + 3, band[1] + 1)):
            cells = table_header(lines[k], size)
            # "No. | Recommendation | Timeframe | Indicator" over it: one table, not two columns; two cells only where
            # the rows below start side by side as a table's do ("Concern | Recommendation"), not two columns' headings
            # ("Background" | "Recommendations") over paragraphs that start where they will
            if cells >= 3 or (cells == 2 and rows_side_by_side(lines[k + 1:band[1] + 1], band[2], size)):
                return False
        full = sorted((sum(1 for a in lefts if a[1] - a[0] >= 0.6 * l_width),
                       sum(1 for b in rights if b[1] - b[0] >= 0.6 * r_width)))
        return full[0] >= 2 and full[1] >= _COLUMN_ROWS     # a column may end two lines into a page
    return _gutter_bands(lines, _GUTTER_BAND, alike)


#: a header cell naming a column of new recommendations ("Recommendation", "Suggested recommendations", "Recommendations
#: to the Government")
REC_COLUMN = re.compile(r"\W*(?:(?:suggested|proposed|new|our|key)\s+)?recommendations?(?:\s+(?:to|for)\s+[\w\s]{2,40})?\W*",
                        re.I)


def rows_side_by_side(lines: list[Line], gutter: float, size: float) -> bool:
    """Do the blocks of text left and right of ``gutter`` start on the same lines, as a table's rows do (each row's
    cells side by side), at least twice and more often than one side alone starts one? Two columns of prose start
    their paragraphs where they will."""
    both = alone = 0
    last: dict[bool, float] = {}
    for ln in lines:
        starts = []
        for right in (False, True):
            spans = [sp for sp in ln.spans if (sp.x0 >= gutter) == right]
            if not spans:
                continue
            top = min(sp.top for sp in spans)
            if right not in last or top - last[right] > 0.6 * size:
                starts.append(right)
            last[right] = max(sp.bottom for sp in spans)
        both += len(starts) == 2
        alone += len(starts) == 1
    return both >= 2 and both > alone


def table_header(line: Line, size: float) -> int:
    """How many cells the line has if it is a table's header row naming a column of recommendations among short cells
    ("No. | Recommendation | Timeframe | Indicator", "Concern | Recommendation"), else 0. Its phrases stand apart by
    more than word spacing, each of at most five words and none opening in lower case (a justified line of prose, "the
    accepted  recommendation  to"), and one names the recommendations; it is set no larger than the
    text (``size``): two columns' headings ("Introduction" | "Key recommendations") are set larger."""
    if max(sp.size for sp in line.spans) > size + 0.5:
        return 0
    phrases: list[list[Span]] = []
    for sp in sorted(line.spans, key=lambda sp: sp.x0):
        if phrases and sp.x0 - phrases[-1][-1].x1 <= 0.6 * line.size:
            phrases[-1].append(sp)
        else:
            phrases.append([sp])
    texts = [" ".join(sp.text.strip() for sp in ph) for ph in phrases]
    header = (len(texts) >= 2 and all(1 <= len(t.split()) <= 5 and not t[:1].islower() for t in texts)
              and any(REC_COLUMN.fullmatch(t) for t in texts))
    return len(texts) if header else 0


#: where a side column's gutter may stand (share of the text width): right of the middle
_SIDE_BAND = (0.35, 0.9)
# a side cell that cites report paragraphs ("110.2 (Canada)", "124.4; 124.5") or holds words
_SIDE_TEXT = re.compile(r"[A-Za-z]|\d{1,3}\.\d{1,3}")


def side_bands(lines: list[Line]) -> list[tuple[int, int, float]]:
    """Bands of a page set as a table of text beside short cells: (first line, last line, gutter x).

    A submission's recommendations are often a table, "Recommendation | Previous UPR
    recommendations", whose right cells hold citations ("110.2 (Canada); 110.3") or a position
    ("Supported"). Read across, those cells would be spliced into the text. Here, like a
    column band (:func:`column_bands`), the lines leave a gutter free, but the left side is wrapped
    prose (at least ``_COLUMN_ROWS`` lines covering 60% of its width) and the right side is at most
    half as wide, holding words or paragraph numbers (bare page numbers, as in a table of contents,
    are no side column); or the right side, of any width, cites report paragraphs on most of its
    lines (:func:`citing_cells`) beside at least one full line.
    The side may hold several columns of cells ("Previous recommendation | Status"): see
    :func:`side_columns`.
    """
    def beside(l_width: float, r_width: float, lefts: list, rights: list, band: tuple[int, int, float]) -> bool:
        first, last, gutter = band
        full = sum(1 for a in lefts if a[1] - a[0] >= 0.6 * l_width)     # lines of wrapped prose beside
        cells = right_texts(lines[first:last + 1], gutter)
        if citing_cells(cells):
            return full >= 1          # cells that cite paragraphs: a table even of one or two short rows
        # (one line's words right of the gutter are no column of cells: in a justified line read word by word,
        # "“Refrain from adopting   legislation that", a word space can fall where the lines around it end)
        return (bool(_SIDE_TEXT.search(" ".join(cells))) and r_width < 0.5 * l_width and full >= _COLUMN_ROWS
                and len(rights) >= 2)
    return _gutter_bands(lines, _SIDE_BAND, beside)


_CITED_NUMBER = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}(?![\d.]\d)")


def side_columns(spans: list[Span], gap: float) -> list[list[Span]]:
    """A side's runs split into its columns, left to right: where no run of any line covers a
    stretch of at least ``gap`` points, a column ends ("Previous recommendation | Status")."""
    groups: list[list[Span]] = []
    right_edge = None
    for s in sorted(spans, key=lambda s: s.x0):
        if groups and s.x0 - right_edge < gap:
            groups[-1].append(s)
            right_edge = max(right_edge, s.x1)
        else:
            groups.append([s])
            right_edge = s.x1
    return groups


def right_texts(lines: list[Line], gutter: float) -> list[str]:
    """Per line, the text right of ``gutter`` (lines with none left out)."""
    out = [" ".join(s.text for s in ln.spans if s.x0 >= gutter) for ln in lines]
    return [t for t in out if t.strip()]


def left_texts(lines: list[Line], gutter: float) -> list[str]:
    """Per line, the text left of ``gutter`` (lines with none left out)."""
    out = [" ".join(s.text for s in ln.spans if s.x1 <= gutter) for ln in lines]
    return [t for t in out if t.strip()]


#: a table row's first cells: a report item's number, maybe its recommending states ("146.23 Norway",
#: "Rec. 146.41 France, Spain"), and no more than a few words
_ITEM_CELL = re.compile(r"^\W*(?:(?:Recommendations?|Recs?\.?)\s*(?:No\.?\s*)?)?\d{1,3}\.\d{1,3}\b(?!\.\d)", re.I)


def numbered_rows(texts: list[str]) -> bool:
    """Do these lines of a left column open, most of them, with a report item's number and say little
    more (a table "Rec. No. | Recommending State | Status | …": its cells, not a column of prose)?"""
    rows = sum(1 for t in texts if _ITEM_CELL.match(t) and len(t.split()) <= 8)
    return rows >= 2 and rows >= 0.6 * len(texts)


def citing_cells(texts: list[str]) -> bool:
    """Do these lines of a table column cite report paragraphs ("110.2 (Canada); 110.3", "A/HRC/41/17,
    110.92") on at least two lines and 40% of them? Such a column is a side column however wide it is
    (another column of short cells may stand beside it): a column of prose cites far more rarely."""
    citing = sum(1 for t in texts if _CITED_NUMBER.search(t))
    return citing >= 2 and citing >= 0.4 * len(texts)


def _gutter_bands(lines: list[Line], band: tuple[float, float], accept) -> list[tuple[int, int, float]]:
    """The shared search of :func:`column_bands` and :func:`side_bands`: the gutter, then the runs of
    lines that leave it free; ``accept(left width, right width, left extents, right extents, (first
    line, last line, gutter))`` decides which runs are bands."""
    if len(lines) < 4:
        return []
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = right - left
    lo, hi = int(left + band[0] * width), int(left + band[1] * width)
    if hi - lo < _GUTTER_MIN:
        return []
    need = max(_GUTTER_MIN, 0.8 * body_size(lines))
    pieces = [_pieces(ln, need) for ln in lines]
    count = [0] * (hi - lo)           # lines with a gap of ``need`` around x and text on both sides
    for line_pieces in pieces:
        for (_, a1), (b0, _) in zip(line_pieces, line_pieces[1:]):
            for x in range(max(int(a1) + 1, lo), min(int(b0), hi)):
                count[x - lo] += 1
    best = max(count)
    if best < 2:
        return []
    start = count.index(best)
    end = start
    while end + 1 < len(count) and count[end + 1] == best:
        end += 1
    # inside the gap the most lines share, the gutter is where the fewest lines have text (a
    # column's ragged right edge and indented lines reach into that gap, full-width lines cross)
    covered = [sum(1 for line_pieces in pieces for x0, x1 in line_pieces if x0 <= x < x1)
               for x in range(start + lo, end + 1 + lo)]
    least = min(covered)
    runs, run = [], None
    for k, c in enumerate(covered + [least + 1]):
        if c == least and run is None:
            run = k
        elif c != least and run is not None:
            runs.append((run, k))
            run = None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    gutter = start + lo + (a + b) / 2
    size = body_size(lines)
    # small print to the page's end (footnotes, the page number) is never part of a band; but a line that joins
    # a column's last line of text to the other column's first note (notes set under each column, one column
    # longer) is the band's last line: its sides part at the gutter
    def text_beside_notes(ln: Line) -> bool:
        return sum(len(s.text.split()) for s in ln.spans if s.size > size - 1.0 and (s.x1 <= gutter or s.x0 >= gutter)) >= 3

    tail = len(lines)
    while tail > 0 and lines[tail - 1].size <= size - 1.0 and not text_beside_notes(lines[tail - 1]):
        tail -= 1

    def crosses(i: int) -> bool:
        return any(x0 < gutter < x1 for x0, x1 in pieces[i])

    def heading_alone(k: int) -> bool:
        ln = lines[k]
        return (all(s.x1 <= gutter for s in ln.spans) and (ln.bold or ln.size >= size + 1.0) and len(ln.text.split()) <= 8
                and ln.top - lines[k - 1].bottom > 0.8 * size)

    def fills_both(first: int, last: int) -> bool:
        sides = []        # per line: the extent of its text left and right of the gutter
        for ln in lines[first:last + 1]:
            l_side = [s for s in ln.spans if s.x1 <= gutter]
            r_side = [s for s in ln.spans if s.x0 >= gutter]
            sides.append(((min(s.x0 for s in l_side), max(s.x1 for s in l_side)) if l_side else None,
                          (min(s.x0 for s in r_side), max(s.x1 for s in r_side)) if r_side else None))
        lefts, rights = [a for a, _ in sides if a], [b for _, b in sides if b]
        if not lefts or not rights:
            return False
        l0, l1 = min(a[0] for a in lefts), max(a[1] for a in lefts)
        r0, r1 = min(b[0] for b in rights), max(b[1] for b in rights)
        return accept(l1 - l0, r1 - r0, lefts, rights, (first, last, gutter))

    bands: list[tuple[int, int, float]] = []
    first = None
    for i, ln in enumerate(lines[:tail] + [None]):
        # a band ends at a line across the gutter, or at a gap of more than three lines
        if ln is not None and not crosses(i) and (first is None or ln.top - lines[i - 1].bottom <= 3 * size):
            first = i if first is None else first
            continue
        last = i - 1
        # a heading over the full-width text below the columns ("Recommendations", bold, set apart) stands on the left
        # side only, so the band would keep it as the left column's last line: it belongs to the text after the band
        while ln is not None and first is not None and last > first and heading_alone(last):
            last -= 1
        if first is not None and fills_both(first, last):
            bands.append((first, last, gutter))
        first = i if ln is not None and not crosses(i) else None
    return bands


def body_size(lines: list[Line] | list[Span], step: float = 1.0) -> float:
    """The font size that carries most of the text (the body text's size; lines weigh by their length squared, spans by
    their length), of lines or spans, to the
    whole point (the thresholds of headings, notes and headers are set against that), or to ``step``
    (0.5: a body set in 9.5 pt is 9.5, not 10, so a box set in 9 pt beside it is told apart)."""
    weights: Counter[float] = Counter()
    for ln in lines:
        # (a line weighs by its length squared: the body's lines run the text's width, while a box of figures, a
        # table's cells or a case study set smaller hold many short lines -- red team 54a: a 2-page submission's key
        # figures, table and case study at 8-9 pt outweighed its 11 pt text, and its paragraphs became headings)
        weights[round(ln.size / step) * step] += len(ln.text) ** 2 if isinstance(ln, Line) else len(ln.text)
    return float(weights.most_common(1)[0][0]) if weights else 10.0


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def mark_running_lines(pages: list[list[Line]], heights: list[float], band: float = 0.09) -> None:
    """Mark running headers/footers: lines in the top or bottom band of a page that are page
    numbers, UN job numbers or document symbols standing alone (a 2-page report prints its
    running header once), or recur (digits ignored) on at least a third of the pages. A page's
    first or last line outside the band counts only when it is a page or job number (margins
    differ: UN documents print the page number ~10% above the bottom edge; a table's last row
    recurs in shape and must stay)."""
    counts: Counter[str] = Counter()
    leads: dict[str, set[tuple[str, str]]] = {}     # shape -> (the number opening a bottom line, the rest)
    for lines, h in zip(pages, heights):
        counts.update({_shape(ln.text) for ln in lines if ln.top < h * band or ln.bottom > h * (1 - band)})
        for ln in lines:
            if ln.bottom > h * (1 - band) and (m := _NOTE_START.match(ln.text.strip())):
                leads.setdefault(_shape(ln.text), set()).add((m.group(1), ln.text.strip()[m.end(1):]))
    # a first footnote in the bottom band on several pages ("1 A/HRC/44/6, paras. 115.6 …", "4 A/HRC/44/6, paras. 115.20
    # …") recurs in shape too; but its numbers differ and so do its other figures (a footer opening with the page's
    # number says the same after it)
    notes = {shape for shape, found in leads.items()
             if len({n for n, _ in found}) >= 2 and len({rest for _, rest in found}) >= 2}
    need = max(2, round(len(pages) / 3))
    size = body_size([ln for lines in pages for ln in lines])
    for page_no, (lines, h) in enumerate(zip(pages, heights), 1):
        first = min(lines, key=lambda ln: ln.top) if lines else None
        last = max(lines, key=lambda ln: ln.bottom) if lines else None
        for ln in lines:
            t = ln.text.strip()
            in_top, in_bottom = ln.top < h * band, ln.bottom > h * (1 - band)
            numbered = bool(_PAGE_NO.match(t) or _JOB_NO.match(t) or _DOC_SYMBOL.match(t))
            if in_bottom and not numbered and _in_note_run(ln, lines):
                continue        # a footnote reaching into the bottom band ("12 A/HRC/43/14, para. 95.28." recurs in shape)
            if in_top or in_bottom:
                if numbered or (counts[_shape(t)] >= need and not (in_bottom and _shape(t) in notes)) \
                        or not re.search(r"[A-Za-z0-9]", t) \
                        or (in_top and ln is first and _set_apart(ln, lines, size)) \
                        or (in_bottom and ln is last and _footer_line(ln, lines, size, page_no)):
                    ln.role = "header" if in_top else "footer"
            elif numbered and (ln is first or ln is last):
                ln.role = "header" if ln is first else "footer"


_NOTE_START = re.compile(r"^(\d{1,3})\s+\S")


def _in_note_run(line: Line, lines: list[Line]) -> bool:
    """A line of a page's footnotes: it opens with a note's number and sits right under a line of the same size
    that opens with one too (the notes above it), at their line spacing."""
    if not _NOTE_START.match(line.text.strip()):
        return False
    above = [ln for ln in lines if ln.bottom <= line.top + 1 and ln is not line]
    if not above:
        return False
    prev = max(above, key=lambda ln: ln.bottom)
    return (abs(prev.size - line.size) < 0.5 and line.top - prev.bottom <= 0.6 * line.size
            and bool(_NOTE_START.match(prev.text.strip())))


def _set_apart(line: Line, lines: list[Line], size: float) -> bool:
    """A page's top line that reads as a running header even where it is printed once (a 2-page
    document has it on page 2 only): smaller than the body text, not bold, and separated from
    the next line by more than two body lines (a table's header row sits right on its cells), or
    set off to the right of the text's left edge (flush right or centred, as headers are)."""
    below = [ln.top for ln in lines if ln.top > line.bottom]
    gap = (min(below) - line.bottom) if below else 0.0
    left = min((ln.x0 for ln in lines if ln is not line), default=line.x0)
    return line.size <= size - 1.5 and not line.bold and (gap > 2.4 * size or line.x0 - left > 4 * size)


def _footer_line(line: Line, lines: list[Line], size: float, page_no: int) -> bool:
    """A page's bottom line that reads as a running footer even where it is printed once (a one-page
    document): it ends with the page's number, is not larger than the body text, and stands more
    than two body lines below the text above it ("UNCT Jordan – UPR submission, fourth cycle 1")."""
    if not re.search(rf"(?<![\d.,]){page_no}\s*$", line.text.strip()) or line.size > size + 0.5:
        return False
    above = [ln.bottom for ln in lines if ln.bottom < line.top]
    return bool(above) and line.top - max(above) > 2.0 * size


_MARKER = re.compile(r"^(\*{1,3}|\d{1,3}|[a-z]|†|‡)\s")


def mark_footnotes(lines: list[Line], page_height: float, size: float, continued: bool = False,
                   last: bool = False) -> bool:
    """Mark a page's footnote block: in the lower half, starting at a line that opens with a
    small (superscript-size) marker or is set smaller than the body, running to the page's end.
    ``continued``: the page before ended in a footnote block, so a note may go on at the top of
    this page's block without a marker (small print, lower case: "… of the Child (Spain).”").
    ``last``: the document's last page, where notes set as Word's endnotes (under a short rule, with
    no heading) follow the text wherever it ends: there a block of small print that opens with a
    small marker and runs to the end is the notes, high on the page too.
    Returns whether the page has a footnote block."""
    body = [ln for ln in lines if ln.role == "body"]
    start = None
    for i, ln in enumerate(body):
        first = ln.spans[0]
        small_marker = first.size and first.size <= size * 0.8 and len(first.text.strip()) <= 3
        smaller_text = ln.size <= size - 1.0
        if ln.top < page_height * 0.45 and not (last and i > 0 and small_marker and smaller_text):
            continue
        goes_on = (continued and smaller_text and (i == 0 or body[i - 1].size > size - 0.5)
                   and bool(re.match(r"[\W\d]*[a-z]", ln.text)))         # a sentence going on, not a new block
        if (small_marker and (smaller_text or _MARKER.match(ln.text))) or (smaller_text and _MARKER.match(ln.text)) or goes_on:
            rest = body[i:]
            # every line from here down must be small print too (a footnote block, not body text)
            if all(r.size <= size - 0.5 or (r.spans[0].size and r.spans[0].size <= size * 0.8) for r in rest):
                start = i
                break
    if start is not None:
        for ln in body[start:]:
            ln.role = "footnote"
    return start is not None


def document_lines(pages: list[Page], columns: bool = False) -> list[list[Line]]:
    """Lines of every page with roles set (header, footer, footnote, side, body); ``columns``: read
    two-column bands column by column, and set a table's short side cells apart (prose documents)."""
    per_page = [build_lines(p, columns) for p in pages]
    for lines in per_page:
        for ln in lines:
            if ln.column >= SIDE_COLUMN:
                ln.role = "side"        # beside the text, never in its flow (prose attaches it to its row)
    mark_running_lines(per_page, [p.height for p in pages])
    size = body_size([ln for lines in per_page for ln in lines if ln.role == "body"])
    continued = False
    for k, (lines, p) in enumerate(zip(per_page, pages)):
        continued = mark_footnotes(lines, p.height, size, continued, last=k == len(pages) - 1)
        if columns:
            per_page[k] = footnotes_by_column(lines)
    return per_page


def _opens_note(span: Span, line: Line) -> bool:
    """Does this run open a footnote: a marker set small, or a bare note number ("4 Ibid.")?"""
    return is_marker(span.text, span.size, line.size) or bool(re.fullmatch(r"\d{1,3}", span.text.strip()))


def footnotes_by_column(lines: list[Line]) -> list[Line]:
    """A page's lines with its footnote block read column by column where it is set in two
    columns: a gutter that no footnote line crosses, text on both sides of it on at least two
    lines, and a note marker opening the right side of one of them. Read across, the right column's
    notes would be glued to the left column's ones."""
    notes = [ln for ln in lines if ln.role == "footnote"]
    if len(notes) < 2:
        return lines
    left, right = min(ln.x0 for ln in notes), max(ln.x1 for ln in notes)
    size = body_size(notes)
    pieces = [_pieces(ln, max(2.0, 0.5 * size)) for ln in notes]
    best: tuple[int, float] | None = None
    for x in range(int(left + 0.3 * (right - left)), int(left + 0.7 * (right - left))):
        if any(a < x < b for line_pieces in pieces for a, b in line_pieces):
            continue
        both = [ln for ln, lp in zip(notes, pieces) if lp[0][0] < x < lp[-1][1]]
        opens = any(_opens_note(min((s for s in ln.spans if s.x0 > x), key=lambda s: s.x0), ln) for ln in both)
        if len(both) >= 2 and opens and (best is None or len(both) > best[0]):
            best = (len(both), float(x))
    if best is None:
        return lines
    gutter = best[1]
    spans = [s for ln in notes for s in ln.spans]
    regrouped = (group_lines([s for s in spans if s.x1 <= gutter], notes[0].page, column=1)
                 + group_lines([s for s in spans if s.x0 >= gutter], notes[0].page, column=2))
    for ln in regrouped:
        ln.role = "footnote"
    return [ln for ln in lines if ln.role != "footnote"] + regrouped


def dehyphenate_join(parts: list[str]) -> str:
    """Join wrapped lines; a line that ends in a hyphen joins the next without a space."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if re.search(r"[A-Za-z]-$", out) and part[:1].islower():
            out += part   # a compound word broken at its hyphen: "well-" + "being"
        elif out:
            out += " " + part
        else:
            out = part
    return re.sub(r"\s+", " ", out).strip()


def median_x0(lines: list[Line]) -> float:
    return median(ln.x0 for ln in lines) if lines else 0.0


def is_marker(span_text: str, span_size: float, line_size: float) -> bool:
    """A footnote or endnote marker: a short number, a lower-case roman numeral (Word's default
    for endnotes), asterisks or a dagger, set smaller than its line."""
    return bool(re.fullmatch(r"\d{1,3}|[ivxlc]{1,6}|\*{1,3}|[†‡]", span_text.strip())) and span_size <= line_size * 0.85


def text_without_markers(line: Line) -> str:
    """The line's text without its footnote markers ("the optional¹⁸ protocol" -> "the optional protocol";
    a marker set before a full stop leaves no space before it: "in Colombo¹." -> "in Colombo."; markers "¹,²"
    go with the comma between them)."""
    marks = [is_marker(s.text, s.size, line.size) for s in line.spans]
    # the comma or dash between two markers is theirs: "torture.¹,²" -> "torture."
    for k in range(1, len(line.spans) - 1):
        s = line.spans[k]
        if marks[k - 1] and marks[k + 1] and re.fullmatch(r"\s*[,–-]\s*", s.text) and s.size <= line.size * 0.85:
            marks[k] = True
    kept = [s for s, m in zip(line.spans, marks) if not m]
    text = join_spans(kept)
    return re.sub(r"\s+(?=[.,;:!?](?:\s|$))", "", text) if len(kept) < len(line.spans) else text
