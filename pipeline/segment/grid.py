"""Table grids from text positions, for fact-sheet tables that draw no column rules.

Typesetters often draw a table with horizontal rules only (booktabs style), with shaded rows
(zebra stripes) or with white space alone. pdfplumber's ``find_tables`` needs rules on both
axes, so such a table gives no cells. This module rebuilds the grid from what every table
still has:

* **Columns** come from a header row: a line (or a band of up to three tightly set lines) whose
  phrases, separated by more than word spacing, name enough different columns (the caller's
  ``header_kinds`` and ``is_header`` decide: three, or two for a state's "Recommendation | Action
  taken"). Between two header phrases the column boundary is put in the white gutter that the
  table's body lines leave free, so centred
  headers and right-aligned or centred columns are placed correctly; without such a gutter it
  is put just before the next header phrase.
* **Where the table ends**: at the next header row (set like this table's header), at a line
  set in another size, after a gap of more than :data:`END_GAP` line heights unless a row starts
  below it (words in the key column and more of the row), at a line whose words run across a
  column gutter at word spacing (a footer, a paragraph), and before the block of title lines
  that stands above the next header row. A short bold or larger line across the gutters with
  rows below it is a sub-section title row inside the table, as is a short bold line alone in
  the first column; each becomes one cell across the table.
* **Rows**: drawn rules (line objects and thin rectangles) are row boundaries for the columns
  they cross. The top and bottom of shaded rectangles, and extra white space above a line that
  starts a cell in the row-key column (the prior-recommendation column, else the first) are
  row boundaries for every column whose text does not run on across them at the column's usual
  leading: so a merged cell (one suggested-recommendations cell beside two rows) stays one
  cell.
* A page whose table carries on without a header row uses the columns of the last header
  (``carried``): after a running header, a cell may go on alone for up to :data:`CARRY_LINES`
  lines before a line with words in two columns; so does a table going on under a sub-section
  title on the same page.

Everything here is pure geometry on words (objects with ``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``size``, ``bold``); cells are returned as boxes, and the caller reads them as it
reads ruled tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Protocol


class Word(Protocol):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


Line = Sequence[Word]
Box = tuple[float, float, float, float]           # x0, top, x1, bottom

#: a gap wider than this many font sizes between two words of a line separates two header cells
PHRASE_GAP = 0.8
#: two words on either side of a column boundary this close (font sizes) are one run of text
CROSS_GAP = 0.45
#: a header band: lines set at most this many font sizes apart
BAND_GAP = 0.6
#: more white space than this many line heights above a line ends the table
END_GAP = 3.0
#: extra white space (font sizes) beyond the usual leading that opens a row in the key column
ROW_SPACE = 0.4
#: lines whose type sizes differ by more than this (points) are set differently (the table ends);
#: a hair over 0.6 so that sizes read as 7.6 and 7.5999 from the PDF are the same
SIZE_TOLERANCE = 0.601
#: a rectangle thinner than this (points) is a drawn rule, a taller one a shaded area
RULE_THICKNESS = 2.5
#: a cell going on alone at the top of a page may fill this many lines before the next row starts
CARRY_LINES = 15


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on the page (a rule crosses the columns it spans)."""

    y: float
    x0: float
    x1: float


@dataclass
class Grid:
    """One table rebuilt from text positions: its box and its cells (each cell a box)."""

    bbox: Box
    cells: list[Box]
    bounds: list[float]                        # column boundaries, left edge to right edge
    key: int                                   # the column whose cells open rows
    size: float = 8.0                          # the body's font size
    header: bool = True                        # has a header row of its own
    lines: list[int] = field(default_factory=list)   # indices of the page lines inside it


def _top(line: Line) -> float:
    return min(w.top for w in line)


def _bottom(line: Line) -> float:
    return max(w.bottom for w in line)


def _size(line: Line) -> float:
    """The line's type size: its largest word's, a symbol set larger than the text left out (a status icon
    "●" / "◐" / "○" in its cell, a check mark)."""
    sizes = [w.size for w in line if any(ch.isalnum() for ch in w.text)]
    return max(sizes or [w.size for w in line])


def phrases(line: Line, gap: float = PHRASE_GAP) -> list[list[Word]]:
    """The line's words grouped into phrases: a gap wider than ``gap`` font sizes starts a new one."""
    out: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - out[-1][-1].x1 <= gap * max(w.size, out[-1][-1].size):
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _groups(band: Sequence[Line]) -> list[tuple[float, float, str]]:
    """Header cells of a band of lines: phrases whose x-ranges overlap are one cell (a wrapped
    header), read top to bottom. Returns (x0, x1, text) left to right."""
    cells: list[list] = []                      # [x0, x1, [(top, x0, text)]]
    for line in band:
        for ph in phrases(line):
            x0, x1 = ph[0].x0, ph[-1].x1
            text = " ".join(w.text for w in ph)
            hit = [c for c in cells if x0 < c[1] and c[0] < x1]
            if hit:
                c = hit[0]
                for other in hit[1:]:
                    c[0], c[1] = min(c[0], other[0]), max(c[1], other[1])
                    c[2].extend(other[2])
                    cells.remove(other)
                c[0], c[1] = min(c[0], x0), max(c[1], x1)
                c[2].append((_top(ph), x0, text))
            else:
                cells.append([x0, x1, [(_top(ph), x0, text)]])
    cells.sort(key=lambda c: c[0])
    return [(c[0], c[1], " ".join(t for _, _, t in sorted(c[2]))) for c in cells]


def header_band(lines: Sequence[Line], i: int, header_kinds: Callable[[list[str]], list[str | None]],
                is_header: Callable[[dict[str, str]], bool]) -> tuple[int, list[tuple[float, float, str]]] | None:
    """Does a header row start at line ``i``? Returns (lines in the band, header cells), the widest
    band of up to three tightly set lines, in one weight, that names enough columns."""
    best = None
    bold = _bold(lines[i])
    for j in range(i, min(i + 3, len(lines))):
        if j > i:
            gap = _top(lines[j]) - _bottom(lines[j - 1])
            if gap > BAND_GAP * _size(lines[j - 1]) or _bold(lines[j]) != bold:
                break
        groups = _groups(lines[i:j + 1])
        if len(groups) < 2 or any(len(t.split()) > 12 for _, _, t in groups):
            continue
        kinds: dict[str, str] = {}
        for (_, _, t), k in zip(groups, header_kinds([t for _, _, t in groups])):
            if k and k not in kinds:
                kinds[k] = t
        if is_header(kinds):
            best = (j - i + 1, groups)
    return best


def _gutter(lo: float, hi: float, spans: list[tuple[float, float]]) -> float | None:
    """The middle of the widest stretch of [lo, hi] that no span covers, or None."""
    cuts = sorted((max(lo, a), min(hi, b)) for a, b in spans if a < hi and b > lo)
    best, best_w, x = None, 0.0, lo
    for a, b in cuts + [(hi, hi)]:
        if a - x > best_w:
            best, best_w = (x + a) / 2, a - x
        x = max(x, b)
    return best if best_w >= 1.0 else None


def column_bounds(groups: list[tuple[float, float, str]], body: Sequence[Line]) -> list[float]:
    """Column boundaries (left edge, gutters, right edge) from header cells and the body's words."""
    spans = [(w.x0, w.x1) for line in body for w in line]
    bounds = [min([groups[0][0]] + [a for a, _ in spans]) - 1.0]
    for (a0, a1, _), (b0, b1, _) in zip(groups, groups[1:]):
        mid_a, mid_b = (a0 + a1) / 2, (b0 + b1) / 2
        x = _gutter(mid_a, mid_b, spans + [(a0, a1), (b0, b1)])
        bounds.append(x if x is not None else b0 - 2.0)
    bounds.append(max([groups[-1][1]] + [b for _, b in spans]) + 1.0)
    return bounds


def crosses(line: Line, bounds: list[float]) -> bool:
    """Does the line run across a column boundary (a title, a footer): a word straddling it among
    words at word spacing, or two words set at word spacing on either side of it? Two cells a small
    padding apart do not, nor does a long word alone in its cell that reaches a little past the
    boundary another page's text gave ("Netherlands" in a narrow states column)."""
    words = sorted(line, key=lambda w: w.x0)
    near = [w.x1 <= v.x0 and v.x0 - w.x1 <= CROSS_GAP * max(w.size, v.size) for w, v in zip(words, words[1:])]
    for x in bounds[1:-1]:
        for k, (a, b) in enumerate(zip(words, words[1:] + [None])):
            if a.x0 < x < a.x1 and min(x - a.x0, a.x1 - x) > 0.5 and \
                    ((k > 0 and near[k - 1]) or (k < len(near) and near[k]) or min(x - a.x0, a.x1 - x) > 0.25 * (a.x1 - a.x0)):
                return True
            if b is not None and a.x1 <= x <= b.x0 and b.x0 - a.x1 <= CROSS_GAP * max(a.size, b.size):
                return True
    return False


def _columns_used(line: Line, bounds: list[float]) -> set[int]:
    return {column_of((w.x0 + w.x1) / 2, bounds) for w in line}


def column_of(x: float, bounds: list[float]) -> int:
    for c in range(len(bounds) - 2, -1, -1):
        if x >= bounds[c]:
            return c
    return 0


def usual_gap(body: Sequence[Line], bounds: list[float]) -> float:
    """The usual white space between two lines of one cell: the lowest tenth of the gaps between
    successive lines of each column (most gaps may be between rows when most cells hold one line)."""
    gaps = []
    for c in range(len(bounds) - 1):
        col = [(min(w.top for w in ws), max(w.bottom for w in ws))
               for ws in ([w for w in line if column_of((w.x0 + w.x1) / 2, bounds) == c] for line in body) if ws]
        gaps.extend(b[0] - a[1] for a, b in zip(col, col[1:]))
    gaps = sorted(g for g in gaps if g >= -0.5)
    return gaps[(len(gaps) - 1) // 10] if gaps else 0.0


def _runs_on(col_lines: list[tuple[float, float, str]], y: float, usual: float, size: float) -> bool:
    """Does the column's text run on across ``y`` (lines just above and below at the usual leading,
    the one above not ending a sentence, or the one below starting in lower case)?"""
    above = [ln for ln in col_lines if (ln[0] + ln[1]) / 2 < y]
    below = [ln for ln in col_lines if (ln[0] + ln[1]) / 2 >= y]
    if not above or not below:
        return False
    a, b = above[-1], below[0]
    if b[0] - a[1] > usual + ROW_SPACE * size:
        return False
    ends = a[2].rstrip().endswith((".", ";", ":", "!", "?"))
    return not ends or b[2][:1].islower()


def build_grid(body: Sequence[Line], bounds: list[float], top: float, bottom: float, rules: Sequence[Rule],
               shades: Sequence[float], key: int, header_bottom: float | None,
               title_rows: Sequence[Line] = ()) -> list[Box]:
    """The cells of a table between ``top`` and ``bottom`` whose column boundaries are ``bounds``;
    ``title_rows``: lines of ``body`` that are sub-section titles across the table."""
    wide = [ln for ln in body if any(ln is t for t in title_rows)]
    body = [ln for ln in body if not any(ln is t for t in title_rows)]
    ncols = len(bounds) - 1
    size = median([_size(line) for line in body]) if body else 8.0
    usual = usual_gap(body, bounds)
    per_col: list[list[tuple[float, float, str]]] = [[] for _ in range(ncols)]
    for line in body:
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(column_of((w.x0 + w.x1) / 2, bounds), []).append(w)
        for c, ws in by_col.items():
            ws.sort(key=lambda w: w.x0)
            per_col[c].append((min(w.top for w in ws), max(w.bottom for w in ws), " ".join(w.text for w in ws)))
    cuts: list[set[float]] = [set() for _ in range(ncols)]
    if header_bottom is not None:
        for c in range(ncols):
            cuts[c].add(header_bottom)
    for r in rules:                               # drawn rules: boundaries where they are drawn
        if top + 1.0 < r.y < bottom - 1.0:
            for c in range(ncols):
                a, b = bounds[c], bounds[c + 1]
                if min(r.x1, b) - max(r.x0, a) >= 0.5 * (b - a):
                    cuts[c].add(r.y)
    soft = [y for y in shades if top + 1.0 < y < bottom - 1.0]
    key_lines = per_col[key]
    drawn = soft + [r.y for r in rules]
    body_top = header_bottom if header_bottom is not None else top
    if key_lines and any((ln[0] + ln[1]) / 2 < key_lines[0][0] for col in per_col for ln in col) and not any(
            body_top <= y <= key_lines[0][0] for y in drawn):
        soft.append(key_lines[0][0] - 1.0)      # text above the first key cell: the rest of a row cut by the page
    for prev, line in zip(key_lines, key_lines[1:]):
        if line[0] - prev[1] > usual + ROW_SPACE * size and not any(prev[1] <= y <= line[0] for y in drawn):
            soft.append(line[0] - min(1.0, (line[0] - prev[1]) / 2))   # white space alone opens the row
    for y in soft:
        if header_bottom is not None and y <= header_bottom + 0.5:
            continue
        for c in range(ncols):
            if not _runs_on(per_col[c], y, usual, size):
                cuts[c].add(y)
    titles = _title_lines(body, bounds, key) if key == 0 else []
    for ln in wide:
        lines_above = [x for x in body if _bottom(x) <= _top(ln)]
        lines_below = [x for x in body if _top(x) >= _bottom(ln)]
        a = (max(map(_bottom, lines_above)) + _top(ln)) / 2 if lines_above else (
            header_bottom if header_bottom is not None else top)
        b = (_bottom(ln) + min(map(_top, lines_below))) / 2 if lines_below else _bottom(ln) + 1.0
        titles.append((a, b))
    for a, b in titles:                          # a title row: cut above and below it in every column
        for c in range(ncols):
            cuts[c] |= {a, b}
    cells: list[Box] = []
    for c in range(ncols):
        ys = [top] + sorted(y for y in _merge_close(sorted(cuts[c])) if top < y < bottom) + [bottom]
        cells.extend((bounds[c], a, bounds[c + 1], b) for a, b in zip(ys, ys[1:]) if b - a > 1.0)
    for a, b in titles:                          # ... read as one cell across the table
        cells = [cl for cl in cells if not (cl[1] >= a - 2.0 and cl[3] <= b + 2.0)] + [(bounds[0], a, bounds[-1], b)]
    return cells


def _title_lines(body: Sequence[Line], bounds: list[float], key: int) -> list[tuple[float, float]]:
    """Sub-section titles set as a row of their own in the first column ("Torture"): a line of a few
    bold words, no sentence, nothing in the other columns, in a table whose cells are not bold.
    Returns the band (top, bottom) each title row takes."""
    if all(_bold(ln) for ln in body):
        return []
    out = []
    for k, ln in enumerate(body):
        words = " ".join(w.text for w in ln)
        if not (all(w.bold for w in ln) and _columns_used(ln, bounds) == {key} and len(ln) <= 8
                and not words.rstrip().endswith((".", ";", ":", ","))):
            continue
        above = _bottom(body[k - 1]) if k else _top(ln) - 2.0
        below = _top(body[k + 1]) if k + 1 < len(body) else _bottom(ln) + 2.0
        if _top(ln) - above > 0 and below - _bottom(ln) > 0:
            out.append(((above + _top(ln)) / 2, (_bottom(ln) + below) / 2))
    return out


def _merge_close(ys: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > tol:
            out.append(y)
    return out


def find_grids(lines: Sequence[Line], rules: Sequence[Rule], shades: Sequence[float],
               header_kinds: Callable[[list[str]], list[str | None]], is_header: Callable[[dict[str, str]], bool],
               key_kinds: Sequence[str], carried: Grid | None = None) -> list[Grid]:
    """Tables of a page rebuilt from its text lines (top to bottom), its horizontal rules and the
    tops and bottoms of its shaded areas. ``carried``: the last table of the previous page, whose
    columns a table going on without a header row keeps."""
    grids: list[Grid] = []
    i, n = 0, len(lines)
    if carried is not None:
        first = _first_tabular(lines, carried.bounds, carried.size)
        if first is not None and not any(header_band(lines, k, header_kinds, is_header) for k in range(first + 1)):
            g = _table_from(lines, first, first, carried.bounds, carried.key, rules, shades, header_kinds, is_header)
            if g is not None:
                grids.append(g)
                i = g.lines[-1] + 1
    while i < n:
        band = header_band(lines, i, header_kinds, is_header)
        if band is None:
            if grids and _goes_on(lines, i, grids[-1]):
                g = _table_from(lines, i, i, grids[-1].bounds, grids[-1].key, rules, shades, header_kinds, is_header)
                if g is not None:
                    grids.append(g)
                    i = g.lines[-1] + 1
                    continue
            i += 1
            continue
        nband, groups = band
        end = _region_end(lines, i + nband, header_kinds, is_header, (_bold(lines[i]), _size(lines[i])))
        bounds = column_bounds(groups, _tabular_lines(lines[i + nband:end], groups))
        key = _key_column(groups, header_kinds, key_kinds)
        g = _table_from(lines, i, i + nband, bounds, key, rules, shades, header_kinds, is_header, end)
        if g is not None:
            grids.append(g)
            i = g.lines[-1] + 1
        else:
            i += nband
    return grids


def _key_column(groups, header_kinds, key_kinds) -> int:
    kinds = header_kinds([t for _, _, t in groups])
    for k in key_kinds:
        if k in kinds:
            return kinds.index(k)
    return 0


def _tabular_lines(body: Sequence[Line], groups) -> list[Line]:
    """Body lines for the gutter search: those with no phrase covering the whole gap between two
    header cells (a title or footer line would fill the gutters; a centred cell's text may start
    left of its header, but it does not reach the cell before)."""
    gaps = [(a[1], b[0]) for a, b in zip(groups, groups[1:])]
    return [ln for ln in body if not any(run[0].x0 <= lo and run[-1].x1 >= hi for run in phrases(ln, CROSS_GAP)
                                         for lo, hi in gaps)]


def _goes_on(lines: Sequence[Line], i: int, last: Grid) -> bool:
    """Does the table ``last`` go on at line ``i``, under a sub-section title (one to three lines
    right after it that run across its gutters, "Right of peaceful assembly")? The lines from ``i``
    must fill its columns as a table does, with words in its key column."""
    between = range(last.lines[-1] + 1, i)
    if not 1 <= len(between) <= 3 or not all(crosses(lines[k], last.bounds) for k in between):
        return False
    if _first_tabular(lines[i:], last.bounds) != 0:
        return False
    return any(last.key in _columns_used(lines[k], last.bounds) for k in range(i, min(i + 4, len(lines))))


def _first_tabular(lines: Sequence[Line], bounds: list[float], size: float | None = None) -> int | None:
    """The first line of a page that goes on with a table whose columns are ``bounds``: after the
    page's running header (lines that run across a gutter, or a first line set apart from the text
    below it by more than two lines of the table's ``size``), a line that does not run across a
    gutter, followed within :data:`CARRY_LINES` lines by one with words in two columns or more (a
    cell going on at the top of the page may fill one column alone)."""
    for i, line in enumerate(lines):
        if crosses(line, bounds):
            continue
        if size and i + 1 < len(lines) and i <= 1 and _top(lines[i + 1]) - _bottom(line) > 2.0 * size:
            continue                               # a running header, however aligned
        if size and _section_heading(line, size):
            return None                            # "4. Final considerations": the document's next part
        for k in range(i, min(i + CARRY_LINES, len(lines))):
            if crosses(lines[k], bounds):
                # a cell going on alone, then a sub-section title across the table and rows under it: the
                # table goes on (the title is a row of its own)
                j = k
                while j < min(k + 3, len(lines)) and crosses(lines[j], bounds):
                    j += 1
                return i if k > i and j < len(lines) and not crosses(lines[j], bounds) \
                    and len(_columns_used(lines[j], bounds)) >= 2 else None
            if len(_columns_used(lines[k], bounds)) >= 2:
                return i
        return None
    return None


def _section_heading(line: Line, size: float) -> bool:
    """A numbered heading of the document ("4. Final considerations", "IV. Conclusions"), set bold or larger than
    the table: the table does not go on past it onto a new page."""
    text = " ".join(w.text for w in sorted(line, key=lambda w: w.x0))
    return (bool(re.match(r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z]", text)) and len(line) <= 10
            and (_bold(line) or _size(line) > size + 0.6))


def _title_row(lines: Sequence[Line], k: int, end: int, bounds: list[float]) -> bool:
    """Is line ``k``, which runs across the gutters, a sub-section title row inside the table? A short
    line, bold or larger than the line after it, followed by a line that fills the table's columns."""
    ln = lines[k]
    if len(ln) > 14 or k + 1 >= end or crosses(lines[k + 1], bounds):
        return False
    nxt = lines[k + 1]
    return (_bold(ln) and not _bold(nxt) or _size(ln) > _size(nxt) + 0.6) and len(_columns_used(nxt, bounds)) >= 2


def _bold(line: Line) -> bool:
    return sum(w.bold for w in line) * 2 >= len(line)


def _new_header(lines: Sequence[Line], j: int, header_kinds, is_header, style: tuple[bool, float] | None) -> bool:
    """Does a header row start at line ``j`` of a table whose own header row is set in ``style``
    (bold, size)? A body line naming columns by chance ("… before the recommendation was made",
    "… the Committee on Enforced Disappearances") is set like the body, not like the header."""
    if header_band(lines, j, header_kinds, is_header) is None:
        return False
    if style is None:
        return True
    return _bold(lines[j]) == style[0] and abs(_size(lines[j]) - style[1]) <= SIZE_TOLERANCE


def _row_starts(lines: Sequence[Line], j: int, bounds: list[float], key: int) -> bool:
    """After a wide white band, does line ``j`` open another row of the table: words in the key
    column, none across a gutter, and more of the row beside or below it (a footer is one line)?"""
    line = lines[j]
    if crosses(line, bounds) or key not in _columns_used(line, bounds):
        return False
    if len(_columns_used(line, bounds)) >= 2:
        return True
    return j + 1 < len(lines) and _top(lines[j + 1]) - _bottom(line) <= _size(line) and not crosses(lines[j + 1], bounds)


def _region_end(lines: Sequence[Line], start: int, header_kinds, is_header,
                style: tuple[bool, float] | None = None, gap_stop: bool = True,
                bounds: list[float] | None = None, key: int = 0) -> int:
    """Index after the last line that may belong to the table whose body starts at ``start``;
    ``style``: (bold, size) of the table's header row. With ``gap_stop`` off and the table's
    ``bounds``, white space ends the table only when the line after it opens no row
    (:func:`_row_starts`)."""
    if start >= len(lines):
        return start
    # the body's type size: the median of its first lines, not the first line alone (a sub-section
    # title row set larger often opens the body)
    size = median(_size(ln) for ln in lines[start:start + 12])
    j = start
    while j < len(lines):
        line = lines[j]
        if j > start:
            gap = _top(line) - _bottom(lines[j - 1])
            if gap > END_GAP * size and (gap_stop or bounds is None or not _row_starts(lines, j, bounds, key)):
                break
            if (abs(_size(line) - size) > SIZE_TOLERANCE and not _title_between_rows(lines, j, size)
                    and not _own_type_column(lines, start, j)) \
                    or _new_header(lines, j, header_kinds, is_header, style):
                break
        j += 1
    if j < len(lines) and _new_header(lines, j, header_kinds, is_header, style):
        j = _before_title(lines, start, j)
    return j


def _own_type_column(lines: Sequence[Line], start: int, j: int) -> bool:
    """Is line ``j`` a line of a column the table sets in a type of its own (a "Sources" or notes column
    in smaller type)? Words of its size stood in the table's lines so far, it starts where they start,
    and it runs across no word of another size above it (a footnote or a paragraph under the table
    runs under the other columns)."""
    line = lines[j]
    s = _size(line)
    above = [w for ln in lines[start:j] for w in ln]
    seen = [w for w in above if abs(w.size - s) <= SIZE_TOLERANCE]
    if not seen:
        return False
    a, b = min(w.x0 for w in line), max(w.x1 for w in line)
    return (min(w.x0 for w in seen) - 2.0 <= a <= max(w.x0 for w in seen) + 2.0
            and not any(w.x0 < b and a < w.x1 for w in above if abs(w.size - s) > SIZE_TOLERANCE))


def _title_between_rows(lines: Sequence[Line], j: int, size: float) -> bool:
    """A short bold or larger line with body lines after it: a sub-section title row, not the end."""
    ln = lines[j]
    return (len(ln) <= 14 and (_bold(ln) or _size(ln) > size) and j + 1 < len(lines)
            and abs(_size(lines[j + 1]) - size) <= SIZE_TOLERANCE)


def _before_title(lines: Sequence[Line], start: int, j: int) -> int:
    """Leave out the title block that stands right above the next header row: the tightly set
    lines before it, after the widest gap of the region."""
    if j - start < 2:
        return j
    gaps = [(_top(lines[k]) - _bottom(lines[k - 1]), k) for k in range(start + 1, j)]
    widest, k = max(gaps)
    rest = [g for g, kk in gaps if kk != k]
    if rest and widest > 1.5 * max(rest) and all(_bold(ln) for ln in lines[k:j]):
        return k
    return j


def _table_from(lines: Sequence[Line], first: int, body_start: int, bounds: list[float], key: int,
                rules: Sequence[Rule], shades: Sequence[float], header_kinds, is_header,
                end: int | None = None) -> Grid | None:
    """The grid of one table: its header band (lines first..body_start-1, maybe none) and body."""
    if end is None:
        end = _region_end(lines, body_start, header_kinds, is_header)
    # white space alone does not end the table when its columns go on below it (a merged cell that
    # grew with empty paragraphs)
    end = max(end, _region_end(lines, body_start, header_kinds, is_header, gap_stop=False, bounds=bounds, key=key))
    last = body_start
    titles: list[int] = []
    for k in range(body_start, end):
        if crosses(lines[k], bounds):
            if _title_row(lines, k, end, bounds):
                titles.append(k)        # a sub-section title row inside the table: the rows go on
                continue
            break
        last = k + 1
    titles = [k for k in titles if k < last]
    body = list(lines[body_start:last])
    if len(titles) == len(body):
        return None
    top = _top(lines[first]) - 1.5
    bottom = _bottom(body[-1]) + 1.5
    header_bottom = None
    if body_start > first:
        header_bottom = (_bottom(lines[body_start - 1]) + _top(body[0])) / 2
    # a rule just under the last line is the table's bottom edge
    below = [r.y for r in rules if bottom <= r.y <= bottom + _size(body[-1]) * 1.5]
    if below:
        bottom = min(below) + 0.5
    cells = build_grid(body, bounds, top, bottom, rules, shades, key, header_bottom,
                       [body[k - body_start] for k in titles])
    return Grid((bounds[0], top, bounds[-1], bottom), cells, bounds, key, median(_size(ln) for ln in body),
                header=body_start > first,
                lines=list(range(first, last)))
