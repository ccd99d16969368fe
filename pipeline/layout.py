"""Layout helpers shared by the segmenters: spans -> lines, running headers and footers,
footnotes, body font size. Pure functions over :class:`~pipeline.records.Page`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from .records import Page, Span

_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_JOB_NO = re.compile(r"^GE\.\s?\d{2}\s?-\s?\d{4,6}", re.I)


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
    role: str = "body"   # body | header | footer | footnote

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]


def _join(spans: list[Span]) -> str:
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


def build_lines(page: Page) -> list[Line]:
    """Group a page's spans into lines (by vertical overlap), top to bottom, left to right."""
    spans = sorted(page.spans, key=lambda s: (s.top + s.bottom) / 2)
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
            text=_join(g), x0=min(s.x0 for s in g), top=min(s.top for s in g), x1=max(s.x1 for s in g),
            bottom=max(s.bottom for s in g), size=size, bold=bold_chars / total > 0.6, page=page.number, spans=g,
        ))
    return lines


def body_size(lines: list[Line] | list[Span]) -> float:
    """The font size that carries most characters (the body text's size), of lines or spans."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size)] += len(ln.text)
    return float(weights.most_common(1)[0][0]) if weights else 10.0


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def mark_running_lines(pages: list[list[Line]], heights: list[float], band: float = 0.09) -> None:
    """Mark running headers/footers: lines in the top or bottom band of a page that are page
    numbers, UN job numbers, or recur (digits ignored) on at least a third of the pages. A page's
    first or last line outside the band counts only when it is a page or job number (margins
    differ: UN documents print the page number ~10% above the bottom edge; a table's last row
    recurs in shape and must stay)."""
    counts: Counter[str] = Counter()
    for lines, h in zip(pages, heights):
        counts.update({_shape(ln.text) for ln in lines if ln.top < h * band or ln.bottom > h * (1 - band)})
    need = max(2, round(len(pages) / 3))
    size = body_size([ln for lines in pages for ln in lines])
    for lines, h in zip(pages, heights):
        first = min(lines, key=lambda ln: ln.top) if lines else None
        last = max(lines, key=lambda ln: ln.bottom) if lines else None
        for ln in lines:
            t = ln.text.strip()
            in_top, in_bottom = ln.top < h * band, ln.bottom > h * (1 - band)
            numbered = bool(_PAGE_NO.match(t) or _JOB_NO.match(t))
            if in_top or in_bottom:
                if numbered or counts[_shape(t)] >= need or not re.search(r"[A-Za-z0-9]", t) \
                        or (in_top and ln is first and _set_apart(ln, lines, size)):
                    ln.role = "header" if in_top else "footer"
            elif numbered and (ln is first or ln is last):
                ln.role = "header" if ln is first else "footer"


def _set_apart(line: Line, lines: list[Line], size: float) -> bool:
    """A page's top line that reads as a running header even where it is printed once (a 2-page
    document has it on page 2 only): smaller than the body text, not bold, and separated from
    the next line by more than two body lines (a table's header row sits right on its cells)."""
    below = [ln.top for ln in lines if ln.top > line.bottom]
    gap = (min(below) - line.bottom) if below else 0.0
    return line.size <= size - 1.5 and not line.bold and gap > 2.4 * size


_MARKER = re.compile(r"^(\*{1,3}|\d{1,3}|[a-z]|†|‡)\s")


def mark_footnotes(lines: list[Line], page_height: float, size: float) -> None:
    """Mark a page's footnote block: in the lower half, starting at a line that opens with a
    small (superscript-size) marker or is set smaller than the body, running to the page's end."""
    body = [ln for ln in lines if ln.role == "body"]
    start = None
    for i, ln in enumerate(body):
        if ln.top < page_height * 0.45:
            continue
        first = ln.spans[0]
        small_marker = first.size and first.size <= size * 0.8 and len(first.text.strip()) <= 3
        smaller_text = ln.size <= size - 1.0
        if (small_marker and (smaller_text or _MARKER.match(ln.text))) or (smaller_text and _MARKER.match(ln.text)):
            rest = body[i:]
            # every line from here down must be small print too (a footnote block, not body text)
            if all(r.size <= size - 0.5 or (r.spans[0].size and r.spans[0].size <= size * 0.8) for r in rest):
                start = i
                break
    if start is not None:
        for ln in body[start:]:
            ln.role = "footnote"


def document_lines(pages: list[Page]) -> list[list[Line]]:
    """Lines of every page with roles set (header, footer, footnote, body)."""
    per_page = [build_lines(p) for p in pages]
    mark_running_lines(per_page, [p.height for p in pages])
    size = body_size([ln for lines in per_page for ln in lines if ln.role == "body"])
    for lines, p in zip(per_page, pages):
        mark_footnotes(lines, p.height, size)
    return per_page


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
    """A footnote marker: a short number, asterisks or a dagger set smaller than its line."""
    return bool(re.fullmatch(r"\d{1,3}|\*{1,3}|[†‡]", span_text.strip())) and span_size <= line_size * 0.85


def text_without_markers(line: Line) -> str:
    """The line's text without its footnote markers ("the optional¹⁸ protocol" -> "the optional protocol")."""
    return _join([s for s in line.spans if not is_marker(s.text, s.size, line.size)])
