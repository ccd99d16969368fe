"""Prose documents: stakeholder submissions, and the paragraph fallback for unknown kinds.

A submission is built from headings (larger, bold or capitalised short lines), paragraphs,
bullets and footnotes. Its recommendations are the bullets (or numbered items) of the part
whose heading speaks of recommendations; its findings are the paragraphs of the other
parts, except the introduction, contents and annexes. Footnote markers are small raised
numbers; the footnotes that cite earlier recommendations become citations of the paragraph
that carries the marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids import unit_id
from ..layout import Line, body_size, dehyphenate_join, document_lines
from ..records import Citation, Document, Page, Unit
from .language import introduces_recommendations, makes_recommendation

_BULLET = re.compile(r"^\s*(?:[•●▪■◦‣∙·○►➢✓–—-]|\(?[a-z]\)|\(?\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.:;!?\"”’)]\s*$")
_SKIP_PART = re.compile(r"\b(introduction|contents|annex|bibliography|references|about\b|acknowledg|endnotes|further reference|methodology)", re.I)
_RECS_PART = re.compile(r"recommendation", re.I)
_TOC_LINE = re.compile(r"^.{3,120}?\s\.{0,}\s*\d{1,3}$")
_SYMBOL = re.compile(r"A\s*/\s*HRC\s*/\s*(?:WG\.6\s*/\s*)?\d{1,2}\s*/\s*[A-Z0-9]+(?:\s*/\s*(?:Add\.\s*)?\d+)?")
_CITED = re.compile(r"(?<![\d.])(\d{1,3}\.\d{1,3})(?![\d.]\d)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)?)\))?")


@dataclass
class Block:
    kind: str                    # heading | paragraph | bullet | lead
    lines: list[Line] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return dehyphenate_join([_text_without_markers(ln) for ln in self.lines])


def _is_marker(span_text: str, span_size: float, line_size: float) -> bool:
    return bool(re.fullmatch(r"\d{1,3}|\*{1,3}|[†‡]", span_text.strip())) and span_size <= line_size * 0.85


def _text_without_markers(line: Line) -> str:
    parts = [s for s in line.spans if not _is_marker(s.text, s.size, line.size)]
    if not parts:
        return ""
    out = parts[0].text
    for s in parts[1:]:
        out += (" " if s.space_before else "") + s.text
    return out


_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|[A-H]\.)\s+(?=\S)")


def is_heading(line: Line, size: float) -> bool:
    text = line.text.strip()
    numbered = _SECTION_NUMBER.match(text)
    if numbered and (line.bold or line.size >= size + 1.0):
        text = text[numbered.end():]          # "1. Freedom of expression", "II. Torture"
    words = text.split()
    if not words or len(words) > 16 or _BULLET.match(text) or re.fullmatch(r"[\d\W]+", text):
        return False
    letters = [c for c in text if c.isalpha()]
    caps = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
    bigger = line.size >= size + 1.0
    return bool((caps and len(letters) > 3) or (bigger and not text.endswith(".")) or (line.bold and not _TERMINAL.search(text) and len(words) <= 12))


def footnotes(per_page: list[list[Line]]) -> dict[str, str]:
    """Footnote number -> text, from the footnote blocks of every page."""
    notes: dict[str, str] = {}
    current: str | None = None
    for lines in per_page:
        for ln in lines:
            if ln.role != "footnote":
                continue
            m = re.match(r"^\s*(\d{1,3}|\*{1,3})\s*(.*)$", ln.text)
            first_small = ln.spans and ln.spans[0].size <= ln.size * 0.9 or (m and m.group(1) == ln.spans[0].text.strip())
            if m and first_small:
                current = m.group(1)
                notes[current] = m.group(2).strip()
            elif current is not None:
                notes[current] = dehyphenate_join([notes[current], ln.text])
    return notes


def parse_citations(note: str) -> list[tuple[str | None, str, str | None, str]]:
    """(symbol, paragraph, state, raw) for each recommendation a footnote cites."""
    out = []
    if not re.search(r"recommendation|para", note, re.I):
        return out
    symbol = None
    pos = 0
    for m in _CITED.finditer(note):
        before = note[pos:m.start()]
        if sym := list(_SYMBOL.finditer(before)):
            symbol = re.sub(r"\s+", "", sym[-1].group(0))
        pos = m.end()
        state = m.group(2).strip() if m.group(2) else None
        out.append((symbol, m.group(1), state, m.group(0).strip()))
    return out


def blocks_of(per_page: list[list[Line]]) -> list[Block]:
    """Body lines -> headings, paragraphs and bullets, joined across line and page breaks."""
    body = [ln for lines in per_page for ln in lines if ln.role == "body"]
    size = body_size(body)
    blocks: list[Block] = []
    prev: Line | None = None
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and 0 < b.top - a.bottom < size * 3]
    gaps.sort()
    line_gap = gaps[len(gaps) // 2] if gaps else size * 0.3
    right_edge: dict[int, float] = {}         # where full lines end, per page
    for page in {ln.page for ln in body}:
        ends = sorted(ln.x1 for ln in body if ln.page == page)
        right_edge[page] = ends[int(len(ends) * 0.9)] if ends else 0.0
    for ln in body:
        text = ln.text.strip()
        if not text:
            continue
        if is_heading(ln, size):
            wrapped = (blocks and blocks[-1].kind == "heading" and prev is not None and ln.page == prev.page
                       and ln.top - prev.bottom < min(line_gap * 2.5, ln.size) and not blocks[-1].text.endswith(":")
                       and abs(ln.size - prev.size) < 0.5 and ln.bold == prev.bold)
            if wrapped:
                blocks[-1].lines.append(ln)          # a heading wrapped over two lines
            else:
                blocks.append(Block("heading", [ln]))
            prev = ln
            continue
        new_block = True
        if blocks and prev is not None and blocks[-1].kind in ("paragraph", "bullet"):
            last = blocks[-1]
            # a paragraph ends where the space grows, or after a short line that closes a sentence
            short_end = _TERMINAL.search(_text_without_markers(prev)) and prev.x1 < right_edge.get(prev.page, prev.x1) - size * 4
            same_page_close = (ln.page == prev.page and ln.top - prev.bottom <= line_gap + size * 0.45
                               and not short_end)
            next_page_cont = ln.page == prev.page + 1 and not _TERMINAL.search(last.text)
            if (same_page_close or next_page_cont) and not _BULLET.match(text):
                new_block = False
            # a bullet's wrapped lines are indented past the bullet glyph
        if new_block:
            blocks.append(Block("bullet" if _BULLET.match(text) else "paragraph", [ln]))
        else:
            blocks[-1].lines.append(ln)
        for s in ln.spans[1:]:
            if _is_marker(s.text, s.size, ln.size):
                blocks[-1].markers.append(s.text.strip())
        prev = ln
    return blocks


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def _bbox(lines: list[Line]) -> list[float]:
    first = [ln for ln in lines if ln.page == lines[0].page]
    return [round(min(l.x0 for l in first), 1), round(min(l.top for l in first), 1),
            round(max(l.x1 for l in first), 1), round(max(l.bottom for l in first), 1)]


def segment_submission(doc: Document, pages: list[Page]) -> tuple[list[Unit], list[Citation]]:
    per_page = document_lines(pages)
    notes = footnotes(per_page)
    blocks = blocks_of(per_page)
    units: list[Unit] = []
    citations: list[Citation] = []
    part: str | None = None          # top heading of the current part
    heading: str | None = None       # nearest heading
    in_recs = False
    recs_size = 0.0                  # size of the heading that opened the recommendations part
    lead_in = False                  # bullets follow "… calls on the government to:"
    in_toc = False
    seen_heading = False
    # front matter (cover, blurb) stands before the table of contents, when there is one
    toc = [i for i, b in enumerate(blocks) if b.kind == "heading" and re.fullmatch(r"(table of )?contents", b.text.strip(), re.I)]
    if toc:
        blocks = blocks[toc[0]:]
    for block in blocks:
        text = block.text
        if block.kind == "heading":
            seen_heading = True
            if re.fullmatch(r"(table of )?contents", text.strip(), re.I):
                in_toc = True
                continue
            if in_toc and _TOC_LINE.match(text):
                continue
            in_toc = False
            heading = text
            lead_in = introduces_recommendations(text)
            size = block.lines[0].size
            if _RECS_PART.search(text) and not re.search(r"follow[- ]up|implementation of", text, re.I):
                in_recs, part, recs_size = True, text, size
            elif _SKIP_PART.search(text):
                in_recs, part = False, text
            elif in_recs and size > recs_size + 0.5:
                in_recs = False           # a heading above the recommendations part's own: a new part
                part = text
            elif not in_recs and (part is None or block.lines[0].size > max(b.size for b in block.lines) - 0.1):
                part = part if (part and not _SKIP_PART.search(part) and heading != text) else text
            continue
        if in_toc and _TOC_LINE.match(text):
            continue
        in_toc = False
        if not seen_heading or (part and _SKIP_PART.search(part)) or (heading and _SKIP_PART.search(heading)):
            continue
        if block.kind != "bullet":
            if units and units[-1].unit_type == "recommendation" and not _TERMINAL.search(units[-1].text) \
                    and (in_recs or lead_in):
                units[-1].text = dehyphenate_join([units[-1].text, text])
                continue
            lead_in = introduces_recommendations(text)
            if lead_in or (in_recs and (text.endswith(":") or len(text.split()) < 4)):
                continue              # a lead-in ("... calls on the government to:")
            if in_recs and not makes_recommendation(text):
                in_recs = False       # assessment prose after the list: the recommendations part is over
        if in_recs or (lead_in and block.kind == "bullet"):
            unit_type, body = "recommendation", _strip_bullet(text)
            cycle = doc.cycle
        else:
            if block.kind == "bullet":
                body = _strip_bullet(text)
            else:
                body = text
            if len(body.split()) < 6:
                continue
            unit_type, cycle = "finding", None
        uid = unit_id(doc.doc_id, unit_type, f"sub:{len(units)}", body)
        units.append(Unit(
            unit_id=uid, doc_id=doc.doc_id, unit_type=unit_type, cycle=cycle, section=heading,
            sections=[heading] if heading else [], text=body, page=block.lines[0].page,
            pages=sorted({ln.page for ln in block.lines}), bbox=_bbox(block.lines),
            provenance=f"{block.kind} under '{heading}'", ordinal=len(units),
        ))
        for marker in block.markers:
            note = notes.get(marker)
            if not note:
                continue
            for symbol, paragraph, state, raw in parse_citations(note):
                citations.append(Citation(unit_id=uid, symbol=symbol, paragraph=paragraph, state=state,
                                          raw=raw, footnote=marker))
    return units, citations


def segment_paragraphs(doc: Document, pages: list[Page]) -> list[Unit]:
    """Fallback for unknown kinds: every body paragraph, with its nearest heading."""
    blocks = blocks_of(document_lines(pages))
    units: list[Unit] = []
    heading = None
    for block in blocks:
        if block.kind == "heading":
            heading = block.text
            continue
        text = block.text
        if len(text.split()) < 4:
            continue
        units.append(Unit(
            unit_id=unit_id(doc.doc_id, "paragraph", f"para:{len(units)}", text), doc_id=doc.doc_id,
            unit_type="paragraph", cycle=doc.cycle, section=heading, text=text, page=block.lines[0].page,
            pages=sorted({ln.page for ln in block.lines}), bbox=_bbox(block.lines),
            provenance=f"{block.kind} {len(units)}", ordinal=len(units),
        ))
    return units
