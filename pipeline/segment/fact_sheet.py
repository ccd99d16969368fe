"""Segmenter for CCPR Centre fact sheets: ruled tables, one per ICCPR topic.

Each table compares the recommendations a state received in the previous UPR cycle with
the Human Rights Committee's recommendations, an NGO assessment of their implementation
and recommendations suggested for the next cycle. Units produced, by column:

* prior-cycle recommendation -> ``recommendation``, one per row (one per item when a cell
  without a country column lists several, each closed by its states in parentheses); ``recommending_states``
  from the country cell, ``response`` from the answer cell (✓/Accepted/Supported ->
  accepted, ✗/Noted/Rejected -> noted), ``cycle`` from the header ("…during the 2nd cycle"),
  else the suggested header's cycle - 1, else ``doc.cycle - 1``.
* Human Rights Committee -> ``committee_recommendation``, one per lettered item ``(a)``,
  ``(b)``… of a numbered paragraph (text = the paragraph's opening words + the item,
  ``paragraph`` = "24(a)"), or one per numbered paragraph without items. Follow-up text
  ("Follow-up letter…", "[B] (a) and (b): Partially implemented", "Committee's evaluation
  of §54 (a): Not implemented") is not a unit: it gives ``grade`` (A–E, B1/B2/C1/C2/D1/D2)
  and ``grade_text`` to the items it names.
* implementation -> ``finding``, one per paragraph (a short line ending a sentence, a
  numbered paragraph "8. …", a bold start after a short line); ``paragraph`` = its number.
* suggested -> ``recommendation`` with ``cycle`` = prior + 1, one per sentence, and a new
  clause where bold words follow a ';'.
* committee/finding/suggested units get ``related_unit_ids`` = the prior rows their cell
  spans. ``locator`` for ids: ``fs:rec:<country>``, ``fs:committee:<paragraph>``,
  ``fs:implementation:<n>``, ``fs:suggested:<n>``; the text is part of every id.
* ``bbox``: the row's recommendation cell for prior rows, the unit's own words for the
  others, on ``page`` (the first page); ``provenance`` "table 3 rows 1-4 col committee".

How the layout is read, and what it must not depend on
-------------------------------------------------------
* Tables come from pdfplumber's ruling-line detection (``page.find_tables()``), called once
  per page and only on pages that have ruling lines. Shading (filled, unstroked rectangles
  thicker than a rule) is left out of that detection: Word draws zebra stripes one rectangle
  per cell, whose sides would read as column rules. Tables that draw no column rules
  (horizontal rules only, shaded rows, white space alone) are rebuilt from the positions of
  the characters no ruled table took, from their header row (:mod:`.grid`); a table going on
  to the next page without its header keeps the columns of the last one. Cell texts are
  built from the page's characters (assigned to cells by their centre, as ``Table.extract``
  does) so that bold runs and line geometry survive.
* Columns are identified by the words of their header cell (:func:`header_kind`), never
  by position or font; of two columns naming recommendations of different cycles, the later
  one is the suggested column (:func:`header_kinds`). An "ICCPR article" column names the
  section of the rows it spans. A table without a header row keeps the previous table's column
  mapping when it has the same number of columns; a repeated header row is skipped.
* A merged cell (pdfplumber's ``None`` for the covered rows) belongs to every row it
  spans; a cell repeated identically in consecutive rows (an unmerged layout) gives the same
  units, because identical units are merged (see "Repeated units").
* Page breaks: the first row of a table that continues a section on a new page is the rest
  of the previous row when its country and answer cells are empty (or the previous row's
  were, or its text starts in lower case). A committee/implementation/suggested cell that
  reaches the bottom of a page continues on the next page when the row continues, when its
  last line was wrapped (the next word would not have fitted), when its text stops
  mid-sentence, or when the continuation starts in lower case. An EMPTY cell at the top of
  the next page continues a cell that spanned several rows (a merged cell whose text ended
  early) and not a single-row cell. (A merged cell that ends exactly at a page break,
  followed by an empty cell, looks the same as one that goes on: it is read as going on.)
  When the page's first row is a row of its own (its recommendation cell has text and does
  not go on), a single-row cell of the last page that ends a sentence ends there, even if its
  last line was full (a cell cut mid-sentence still goes on: it may span the new row too).
* Paragraph breaks inside a cell are found by the "would the next word have fitted"
  test against the cell's own width, so the same text typeset narrower or wider gives the
  same paragraphs; a short line followed by a lower-case word is not a break.
* Section titles are the nearest block of text above a table that is not a running
  header (a block found on several pages but not always next to a table). A table with no
  such title continues the previous section. A row-wide cell inside a table is read as a
  sub-section title. Page footers and headers are outside the tables and never enter unit
  texts.
* Repeated units: a prior-cycle recommendation repeated in several sections (same text,
  same country) is one unit whose ``sections`` lists every section (``section`` = the
  first, ``section_articles`` = the articles all of them name); the same holds for
  identical committee/finding/suggested texts (their ``related_unit_ids`` are merged).
  ``page``/``bbox``/``provenance`` describe the first occurrence, ``pages`` all of them.
* Bold headings inside a cell ("Freedom of expression" before "50. The State party…": a
  short bold run at a paragraph start, without final punctuation, followed by a capital)
  are topic labels, not content: they are left out of unit texts.
"""

from __future__ import annotations

import bisect
import colorsys
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfplumber.utils import extract_words

from ..layout import BULLET_GLYPHS
from ..detect import is_midterm, report_symbols, symbol_cycle
from ..ids import normalize_text, text_key, unit_id
from ..records import Citation, Document, Page, Unit
from .columns import (ANSWER, ARTICLE, COMMITTEE, COUNTRY, CYCLE, GRADE, IMPLEMENTATION, NUMBER, PRIOR, STATUS, SUGGESTED, cycle_in,
                      header_kind, header_kinds, names_columns)
from .grid import RULE_THICKNESS, Grid, Rule, find_grids
from .language import COLOUR_STATUS, makes_recommendation, opening_label
from ..states import is_state, segment_states

log = logging.getLogger(__name__)

BLOCK_KINDS = (COMMITTEE, IMPLEMENTATION, SUGGESTED)

_WORD_OPTS = dict(x_tolerance=1.5, y_tolerance=2.0, keep_blank_chars=False, use_text_flow=False)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|[-,]b[dx]?$", re.I)
_TERMINAL = re.compile(r"[.!?;:][\"'”’»)\]]*$")
_HTML_TAG = re.compile(r"</?(?:ul|ol|li|p|b|i|u|em|strong|sup|sub|br|span|div|font)\b[^>]*>", re.I)
_GRADES = ("B1", "B2", "C1", "C2", "D1", "D2", "A", "B", "C", "D", "E")
_GRADE_RE = r"(?:B1|B2|C1|C2|D1|D2|A|B|C|D|E)"


def section_articles(title: str | None) -> list[int]:
    """ICCPR article numbers a section title names ('Article 21 and 22 ICCPR' -> [21, 22])."""
    if not title:
        return []
    out: list[int] = []
    for m in re.finditer(r"\bart(?:icle|s)?s?\.?\s*(\d+(?:\s*(?:,|and|&|-|–|to)\s*\d+)*)", title, re.I):
        nums = re.findall(r"\d+|-|–|to", m.group(1))
        prev = None
        pending_range = False
        for tok in nums:
            if tok in ("-", "–", "to"):
                pending_range = True
                continue
            n = int(tok)
            if pending_range and prev is not None and prev < n <= prev + 27:
                out.extend(range(prev + 1, n + 1))
            else:
                out.append(n)
            prev, pending_range = n, False
    seen: list[int] = []
    for n in out:
        if 1 <= n <= 27 and n not in seen:
            seen.append(n)
    return seen


#: an answer column's codes, a whole cell each ("A", "N", "Acc.", "Sup."; a legend above the table explains them)
_ANSWER_CODES = {"a": "accepted", "acc": "accepted", "s": "accepted", "sup": "accepted", "supp": "accepted",
                 "n": "noted", "nt": "noted", "r": "noted", "rej": "noted"}


def parse_answer(text: str) -> str | None:
    t = normalize_text(text).lower()
    if not t:
        return None
    if code := _ANSWER_CODES.get(t.strip(" .:;()")):
        return code
    # a partial answer ("Partially accepted", "Supported in part") is noted, as in an addendum (segment.addendum)
    if re.search(r"not\s+(?:accepted|supported)|noted|reject|[✗✘✕✖×]|(?:partially|partly|in\s+part)\s+(?:accept|support)|"
                 r"(?:accept|support)\w*\s+(?:in\s+part|partially|partly)\b", t):
        return "noted"
    if re.search(r"accept|support|agreed|[✓✔☑]", t):
        return "accepted"
    if re.search(r"pending|examin|consider", t):
        return "pending"
    return None


_STATE_QUALIFIER = re.compile(
    r"^(?:the\s+)?(?:republic|islamic|democratic|people'?s|plurinational|bolivarian|federated|"
    r"united republic|kingdom|state of|federal)\b", re.I)


def split_and(text: str) -> list[str]:
    """'Canada and Norway' -> two names, but a state whose name holds "and" ("Bosnia and
    Herzegovina", "Trinidad and Tobago", "United Kingdom of Great Britain and Northern Ireland")
    stays whole: the longest run of pieces that is a known state is taken first."""
    pieces = [p.strip() for p in re.split(r"\s+and\s+(?=[A-Z])", text) if p.strip()]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j = next((j for j in range(len(pieces), i + 1, -1) if is_state(" and ".join(pieces[i:j]))), i + 1)
        out.append(" and ".join(pieces[i:j]))
        i = j
    return out


def parse_countries(texts: list[str]) -> list[str]:
    """Country cell texts -> state names ('Canada; Norway' -> two; 'Korea, Republic of' -> one)."""
    out: list[str] = []
    for text in texts:
        text = clean_text(text)
        if not text:
            continue
        parts = [q for p in re.split(r"\s*[;,]\s*", text) if p.strip() for q in split_and(p.strip())]
        merged: list[str] = []
        for p in parts:
            if merged and _STATE_QUALIFIER.match(p) and not re.match(r"^(?:the\s+)?republic of\s+\w+", p, re.I):
                merged[-1] = f"{merged[-1]}, {p}"
            else:
                merged.append(p)
        if not all(is_state(p) for p in merged) and (named := segment_states(text)):
            merged = named      # one name per line, no commas: read the names, not the separators
        for p in merged:
            if p not in out:
                out.append(p)
    return out


def clean_text(text: str) -> str:
    text = _HTML_TAG.sub(" ", text)
    return normalize_text(text)


BULLETS = BULLET_GLYPHS          # list glyphs that open a bullet
_LEAD_BULLET = re.compile(rf"^[{BULLETS}]\s*")
# a glyph pdfplumber could not map to Unicode: "(cid:127)"; one standing alone is a list bullet
_CID = re.compile(r"\(cid:\d+\)")


def word_text(text: str) -> str:
    """A word as read: an unmapped glyph standing alone is a bullet, inside a word it is dropped."""
    return "•" if _CID.fullmatch(text) else _CID.sub("", text)


# =============================================================================== text streams
@dataclass(eq=False)
class Tok:
    """One word of a cell: its text, where it stands and whether a paragraph starts before it."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool
    size: float
    hard: bool = False          # a hard line break (paragraph break) precedes this word
    line_start: bool = False    # first word of a line


@dataclass(eq=False)
class Frag:
    """The text of one table cell on one page."""

    toks: list[Tok]
    page: int
    bbox: tuple[float, float, float, float]
    limit: float                # right edge of the text area (for the 'next word fits' test)
    rows: int = 1               # physical table rows the cell spans on its page
    colour: str | None = None   # a traffic light's colour filling an empty cell or drawn in it (see cell_colours)
    shade: str | None = None    # a traffic light's colour shading the cell behind its words (a row shaded by status)
    fill: float | None = None   # how full the icon drawn in the empty cell is: 0 outlined, 0.5 half, 1 filled (a Harvey ball)
    label: str | None = None    # the status label the page's key of swatches gives the icon's colour (see swatch_key)

    @property
    def text(self) -> str:
        return stream_text(self.toks)[0]


def _is_bold(chars: list[dict]) -> bool:
    for c in chars:
        if c["text"].strip() and c["text"].isalnum():
            return bool(_BOLD_FONT.search(c.get("fontname", "") or ""))
    return bool(chars and _BOLD_FONT.search(chars[0].get("fontname", "") or ""))


def _without_markers(chars: list[dict]) -> list[dict]:
    """A cell's characters without footnote markers: digits set small (at most 82% of the cell's
    usual size: word processors set superscripts at 58-80%) and raised above the baseline of the
    text beside them ("… in 2022.¹ Maula …")."""
    sizes = sorted(c.get("size", 0) for c in chars if c.get("text", "").strip())
    if not sizes:
        return chars
    usual = sizes[len(sizes) // 2]
    out = []
    for c in chars:
        small = c.get("size", 0) <= 0.82 * usual and c.get("text", "").isdigit()
        if small:
            # the full-size text it is raised against, on its own line (a baseline below the marker's, not the
            # line above, which a raised marker also touches): the nearest character left of it (a marker
            # after a word), else right of it
            beside = [o for o in chars if o is not c and o.get("size", 0) > 0.82 * usual
                      and o["top"] < c["bottom"] and c["top"] < o["bottom"] and o["bottom"] > c["bottom"] + 1.0]
            left = [o for o in beside if c["x0"] - 2 * usual <= o["x1"] <= c["x0"] + 1.0]
            right = [o for o in beside if c["x1"] - 1.0 <= o["x0"] <= c["x1"] + 2 * usual]
            near = (max(left, key=lambda o: o["x1"]) if left else min(right, key=lambda o: o["x0"]) if right else None)
            if near is not None:
                if out and out[-1] is near:
                    # the word keeps the marker's width, so a line is not taken to stop short before it
                    out[-1] = {**near, "x1": max(near["x1"], c["x1"])}
                continue                   # raised beside full-size text: a marker
        out.append(c)
    return out


def _lines_of(chars: list[dict], page_no: int) -> list[list[Tok]]:
    chars = _without_markers(chars)
    words = extract_words(chars, return_chars=True, **_WORD_OPTS)
    toks = []
    for w in words:
        if not w["text"].strip():
            continue
        size = max((c.get("size", 0) for c in w["chars"]), default=0) or (w["bottom"] - w["top"])
        text = word_text(w["text"])
        if not text.strip():
            continue
        toks.append(Tok(text, page_no, w["x0"], w["top"], w["x1"], w["bottom"], _is_bold(w["chars"]), size))
    toks.sort(key=lambda t: (t.top, t.x0))
    lines: list[list[Tok]] = []
    for t in toks:
        if lines:
            ref = lines[-1]
            mid = (t.top + t.bottom) / 2
            ref_top = min(x.top for x in ref)
            ref_bottom = max(x.bottom for x in ref)
            if ref_top - 0.5 <= mid <= ref_bottom + 0.5:
                ref.append(t)
                continue
        lines.append([t])
    for line in lines:
        line.sort(key=lambda t: t.x0)
    return lines


def _space_width(tok: Tok) -> float:
    return 0.25 * tok.size


def _fits(prev_line_end: Tok, next_tok: Tok, limit: float) -> bool:
    """Would ``next_tok`` have fitted at the end of the line ending with ``prev_line_end``?"""
    width = next_tok.x1 - next_tok.x0
    return prev_line_end.x1 + _space_width(prev_line_end) + width <= limit - 0.5


def make_frag(chars: list[dict], page_no: int, bbox: tuple[float, float, float, float]) -> Frag:
    lines = _lines_of(chars, page_no)
    if lines:
        left_pad = max(0.0, min(line[0].x0 for line in lines) - bbox[0])
        limit = max(bbox[2] - left_pad, max(line[-1].x1 for line in lines))
    else:
        limit = bbox[2]
    spaced = paragraph_gaps(lines)
    toks: list[Tok] = []
    for i, line in enumerate(lines):
        line[0].line_start = True
        ends_sentence = i > 0 and bool(_TERMINAL.search(lines[i - 1][-1].text))
        if i > 0 and (_fits(lines[i - 1][-1], line[0], limit) or (spaced[i] and ends_sentence)
                      or _LEAD_BULLET.match(line[0].text)) \
                and not line[0].text[:1].islower():
            line[0].hard = True           # (a list mark opens an item even after a full line)
        toks.extend(line)
    return Frag(toks, page_no, bbox, limit)


#: extra white space (in font sizes) above a line, beyond the cell's usual leading, that opens a paragraph
PARAGRAPH_SPACE = 0.4


def paragraph_gaps(lines: list[list[Tok]]) -> list[bool]:
    """Per line: is there more white space above it than the cell's usual leading?

    A paragraph whose last line is nearly full ends where the next one starts after extra space
    (``space before/after`` of word processors and browsers); the fit test alone cannot see that
    break. The usual leading is the lower quartile of the gaps between lines of the cell, so a cell
    of one-line paragraphs, all spaced, still has none marked: nothing tells its leading apart.
    :func:`make_frag` cuts there only after a line that ends a sentence: a merged cell's text can
    also jump over the padding of a row it crosses in mid-sentence.
    """
    out = [False] * len(lines)
    gaps = [min(t.top for t in b) - max(t.bottom for t in a) for a, b in zip(lines, lines[1:])]
    if len(gaps) < 2:
        return out
    usual = sorted(gaps)[(len(gaps) - 1) // 4]
    for i, gap in enumerate(gaps, start=1):
        size = max(t.size for t in lines[i - 1])
        out[i] = gap > usual + PARAGRAPH_SPACE * size
    return out


def _join_sep(prev: Tok, nxt: Tok) -> str:
    if nxt.line_start and not nxt.hard and len(prev.text) > 1 and prev.text.endswith("-") \
            and prev.text[-2].isalnum() and nxt.text[:1].isalnum():
        return ""  # a word wrapped at its own hyphen: 'ill-' + 'treatment'
    return " "


def stream_text(toks: list[Tok]) -> tuple[str, list[int]]:
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, t in enumerate(toks):
        if i:
            sep = _join_sep(toks[i - 1], t)
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(t.text)
        pos += len(t.text)
    return "".join(parts), starts


def frag_continues(prev: Frag, nxt: Frag) -> bool:
    """Does the text of ``nxt`` (top of a new page) look like the rest of ``prev``?"""
    if not prev.toks or not nxt.toks:
        return True
    last, first = prev.toks[-1], nxt.toks[0]
    if not _fits(last, first, prev.limit):
        return True  # the last line was wrapped: the words went on
    if not _TERMINAL.search(last.text) or re.fullmatch(r"\d{1,3}\.", last.text):
        return True
    if (m := re.match(r"\(([b-z])\)", first.text)) and last.text.endswith(";"):
        # the next lettered item of the list the page before broke off: "… (b) Ensure …;" | "(c) Improve …"
        letters = re.findall(r"\(([a-z])\)", " ".join(t.text for t in prev.toks))
        return bool(letters) and ord(letters[-1]) == ord(m.group(1)) - 1
    return first.text[:1].islower()


def join_frags(frags: list[Frag]) -> list[Tok]:
    toks: list[Tok] = []
    for f in frags:
        if not f.toks:
            continue
        if toks:
            first = f.toks[0]
            first.line_start = True
            prev_frag_limit = next(p.limit for p in reversed(frags) if p.toks and p.toks[-1] is toks[-1])
            # a paragraph ends where the line stopped short of the cell's edge after a full stop; a cell cut
            # by a page or a row mid-sentence ("… from 6,412 in 2021 to" | "9,025 in 2023 …") goes on
            first.hard = (_fits(toks[-1], first, prev_frag_limit) and not first.text[:1].islower()
                          and bool(_TERMINAL.search(toks[-1].text)))
        toks.extend(f.toks)
    return toks


# =============================================================================== splitting
_ABBREV = {
    "e.g", "i.e", "incl", "no", "nos", "art", "arts", "para", "paras", "mr", "ms", "mrs", "dr",
    "st", "vs", "cf", "p", "pp", "vol", "ibid", "op", "cit", "approx", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "al", "ch", "sect", "gen", "prof",
}
_OPEN = "“\"‘'(«["


class Stream:
    """A cell's words as one string, with a map back to the words (pages, boxes, bold)."""

    def __init__(self, toks: list[Tok]):
        self.toks = toks
        self.s, self.starts = stream_text(toks)
        self.ends = [st + len(t.text) for st, t in zip(self.starts, toks)]
        self.mask = list(self.s)
        for m in _HTML_TAG.finditer(self.s):      # '<li>', '</ul>' left in the text by the source
            self.mask[m.start():m.end()] = " " * (m.end() - m.start())
        # a short line ends a paragraph when it ends a sentence or clause, or when the next
        # line starts with bold words, a number or a list mark
        self.boundaries: set[int] = {
            self.starts[i] for i, t in enumerate(toks)
            if t.hard and i and (_TERMINAL.search(toks[i - 1].text) or t.bold
                                 or re.match(r"[\d•▪·\-–(]", t.text))}
        self._drop_headings()
        self.masked = "".join(self.mask)

    # a bold run at a paragraph start, without final punctuation, followed by a capitalised
    # non-bold word: a topic label such as "Freedom of expression" before "50. The State..."
    def _drop_headings(self) -> None:
        toks, n = self.toks, len(self.toks)
        i = 0
        while i < n:
            if not toks[i].bold:
                i += 1
                continue
            j = i
            while j < n and toks[j].bold and not (j > i and toks[j].hard):
                j += 1
            run = toks[i:j]
            at_start = i == 0 or toks[i].hard or bool(_TERMINAL.search(toks[i - 1].text))
            nxt = toks[j] if j < n else None
            if (at_start and nxt is not None and len(run) <= 12
                    and not re.search(r"[.!?;:,)\]”\"’]$", run[-1].text)
                    and (nxt.text[:1].isupper() or nxt.text[:1].isdigit() or nxt.text[:1] in "“\"" + BULLETS)
                    and sum(ch.isalpha() for t in run for ch in t.text) >= 3):
                a, b = self.starts[i], self.ends[j - 1]
                for k in range(a, b):
                    self.mask[k] = " "
                self.boundaries.add(a)
                self.boundaries.add(self.starts[j])
            i = j

    def tok_index_at(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def snap(self, offset: int) -> int:
        k = self.tok_index_at(offset)
        return self.starts[k] if k < len(self.starts) else len(self.s)

    def segments(self, cuts: set[int]) -> list[tuple[int, int]]:
        pts = sorted({0, len(self.s)} | {self.snap(c) for c in cuts})
        return [(a, b) for a, b in zip(pts, pts[1:]) if b > a]

    def piece(self, a: int, b: int) -> tuple[str, list[Tok]]:
        text = _LEAD_BULLET.sub("", clean_text(self.masked[a:b]))          # the list glyph is no text
        ks = [t for t, st in zip(self.toks, self.starts) if a <= st < b and self.masked[st:st + 1].strip()]
        return text, ks

    # --------------------------------------------------------------- boundaries
    def number_markers(self) -> list[re.Match]:
        """'8. Over the last…' paragraph numbers at a sentence or paragraph start; also after a topic label
        that opens the paragraph as CCPR fact sheets print it ("… killing [B]. Enforced disappearances 24.
        The State party should …"): such a paragraph's region starts at its label (:meth:`topic_start`)."""
        out = []
        for m in re.finditer(r"(?<![\w.,§/-])(\d{1,3})\.\s+(?=[A-Z“\"‘'(])", self.masked):
            before = self.masked[:m.start()].rstrip()
            if not before or m.start() in self.boundaries or _TERMINAL.search(before) \
                    or re.search(r"\(\.\.\.\)$", before) or self.topic_start(m) is not None:
                out.append(m)
        # the paragraph named by the reference before it: "CCPR/C/TKM/CO/2, para. 21: The State party should: (a) …"
        for m in re.finditer(r"(?:paras?\.|paragraph|§)\s*(\d{1,3})\s*:\s+(?=[A-Z“\"‘'(])", self.masked):
            if re.search(r"[A-Z]+(?:/[\w.()-]+)+\s*(?:\((?:19|20)\d\d\))?\s*,?\s*$", self.masked[:m.start()]):
                out.append(m)
        return sorted(out, key=lambda m: m.start())

    def topic_start(self, m: re.Match) -> int | None:
        """Where a topic label before a paragraph number starts ("Enforced disappearances 24. The State party
        …"): a few words in capitals or lower case opening with a capital, after a sentence's end (or at the
        cell's start), and the paragraph in the Committee's voice. None when there is none."""
        if not re.match(r"\d{1,3}\.\s+The\s+(?:State\s+party|Committee)\b", self.masked[m.start():]):
            return None
        label = re.search(r"(?:^|(?<=[.;:\]]))\s*([A-Z][\w’'-]*(?:[ ,]+(?:and\s+|of\s+|the\s+)?[\w’'-]+){0,5})\s*$",
                          self.masked[:m.start()])
        return label.start(1) if label and not re.search(r"\d", label.group(1)) else None

    def sentence_cuts(self) -> set[int]:
        cuts: set[int] = set()
        s = self.masked
        for m in re.finditer(r"[.!?…][\"'”’»)\]]*\s+(?=\S)", s):
            nxt = s[m.end():m.end() + 1]
            if not (nxt.isupper() or nxt.isdigit() or nxt in _OPEN):
                k = self.tok_index_at(m.end())
                if not (k < len(self.toks) and self.toks[k].bold and nxt.isalpha()):
                    continue
            word = re.search(r"(\S+)$", s[:m.start() + 1])
            w = word.group(1) if word else ""
            core = w.rstrip(".!?…").lstrip(_OPEN)
            if w.endswith(".") and (core.lower() in _ABBREV or re.fullmatch(r"[A-Z]", core)
                                    or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core)
                                    or re.fullmatch(r"\d{1,3}", core) and self._starts_item(m.start() - len(core))):
                continue
            cuts.add(m.end())
        return cuts

    def _starts_item(self, offset: int) -> bool:
        before = self.masked[:offset].rstrip()
        return not before or bool(_TERMINAL.search(before)) or offset in self.boundaries

    def bold_clause_cuts(self) -> set[int]:
        """A bold run starting right after ';' begins a new clause."""
        cuts = set()
        for i in range(1, len(self.toks)):
            t, p = self.toks[i], self.toks[i - 1]
            if t.bold and not p.bold and p.text.endswith(";"):
                cuts.add(self.starts[i])
        return cuts


@dataclass
class Piece:
    text: str
    toks: list[Tok]
    paragraph: str | None = None
    grade: str | None = None
    grade_text: str | None = None


def _has_words(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 3


def split_findings(toks: list[Tok]) -> list[Piece]:
    st = Stream(toks)
    cuts = set(st.boundaries)
    numbers = {}
    for m in st.number_markers():
        cuts.add(m.start())
        numbers[m.start()] = m
    out = []
    for a, b in st.segments(cuts):
        para = None
        m = numbers.get(a)
        if m:
            para = m.group(1)
            a2 = m.end()
        else:
            a2 = a
        text, ks = st.piece(a2, b)
        if _has_words(text):
            out.append(Piece(text, ks or st.piece(a, b)[1], para))
    return out


_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s+(?=\S)")


#: a row-wide cell that suggests a recommendation: "Suggested recommendation: …", "Recommendation for the 4th cycle: …"
_SUGGESTION_LABEL = re.compile(r"^(?:(?:suggested|proposed|new|recommended)\s+recommendations?(?:\s+for\s+[^:]{2,40})?|"
                               r"recommendations?\s+for\s+the\s+(?:next|\w+(?:\s+upr)?)\s+cycle)\s*:\s*", re.I)
_SUGGESTION_ROW = re.compile(_SUGGESTION_LABEL.pattern + r"\S", re.I)


def split_suggested(toks: list[Tok]) -> list[Piece]:
    st = Stream(toks)
    cuts = set(st.boundaries) | st.sentence_cuts() | st.bold_clause_cuts()
    out: list[Piece] = []
    spans: list[tuple[int, int]] = []
    for a, b in st.segments(cuts):
        text, ks = st.piece(a, b)
        text = _LIST_NUMBER.sub("", text)          # "1. Adopt …": the list's number is no text
        text = _SUGGESTION_LABEL.sub("", text)     # "Suggested recommendation: Adopt …" (a row-wide cell's label)
        if not _has_words(text) or _FILLER.fullmatch(text):
            continue                               # "No further recommendation.", "N/A": the cell holds none
        if out and a not in st.boundaries and not makes_recommendation(text):
            a0 = spans[-1][0]             # an explanation stays with the recommendation it explains
            merged, mks = st.piece(a0, b)
            out[-1], spans[-1] = Piece(merged, mks), (a0, b)
            continue
        out.append(Piece(text, ks))
        spans.append((a, b))
    return out


#: a grade set bare before its dash at the start of a sentence: "… of the President. B2 – Defamation was moved …"
_BARE_GRADE = re.compile(r"(?:(?<=[.;:]\s)|^)(?-i:(" + _GRADE_RE + r"))\s*[\u2013\u2014]\s+(?=[A-Z])")
_FOLLOWUP = re.compile(r"follow[- ]?up\s+(?:letter|report|assessment|evaluation|reply|grade)|follow[- ]?up\s*[:,(]"
                       r"|" + _BARE_GRADE.pattern +
                       r"|committee['’]?s\s+(?:evaluation|assessment)|\[" + _GRADE_RE + r"\]|\bgrade\s*:\s*" + _GRADE_RE + r"\b"
                       r"|\bgrade\s*[:\u2013\u2014-]\s*(?:largely|partially|not|un)\s*satisfactory", re.I)
# a follow-up line that holds nothing but its grades: "Follow-up (2016): (a) [C1]; (b) [B2]", "Grade: D"
_GRADE_LABELS = re.compile(r"\[" + _GRADE_RE + r"\]|\([a-z]\)|\(?(?:19|20)\d\d\)?|\b[A-Z]+(?:/[\w.-]+)+|"
                           r"\b(?:follow[- ]?up|grades?|para(?:graph)?s?|committee['’]?s?|"
                           r"assessments?|evaluations?|"
                           r"and|or|to|(?:largely|partially|not|un)\s*satisfactory|" + _GRADE_RE + r")\b|[§\d.,;:()–—-]", re.I)
# a reference to the Committee's document alone, before its first paragraph: "CCPR/C/MWI/CO/1, para."
# (or the word alone, a bold lead-in "Para." before "21. The State party should …")
_REFERENCE_ONLY = re.compile(r"\s*(?:(?:[A-Z]+(?:/[\w.()-]+)+)(?:\s*\(?(?:19|20)\d\d\)?)?\s*,?\s*(?:(?:paras?|paragraphs?)\.?|§)?|"
                             r"(?:paras?|paragraphs?)\.?)"     # (its year may follow: "CCPR/C/UZB/CO/4 (2015), para.")
                             # (and the items it names: "CCPR/C/ARM/CO/3, para. 17 (a)-(d)")
                             r"\s*\d{0,3}(?:\s*\([a-z]\)(?:\s*(?:,|and|to|-|–)\s*\([a-z]\))*)?\s*[.,:;]?\s*", re.I)
#: the reference line with the grade printed beside it as a badge (a letter set on a coloured box)
_REFERENCE_BADGE = re.compile(_REFERENCE_ONLY.pattern + r"(?-i:(?P<grade>" + _GRADE_RE + r"))(?=\s+\d{1,3}\.?\s|\s*$)", re.I)
# a cell that says it holds nothing: "No corresponding recommendation.", "N/A", "None", "—"
_FILLER = re.compile(r"\s*(?:no\s+(?:corresponding|similar|relevant|related|matching)\s+(?:\w+\s+){0,3}?"
                     r"(?:recommendations?|observations?)|no\s+(?:further|new|additional|other|suggested|specific)\s+"
                     r"recommendations?(?:\s+(?:is|are)\s+(?:made|suggested|proposed|needed))?"
                     r"|not\s+applicable|n\s*/\s*a|none|nil|[-–—]+)\s*\.?\s*", re.I)
_ITEM = re.compile(r"\(([a-z])\)\s*(?=\S)")
# a grade printed at the end of its item, before the item's ";" or "." ("(a) Ensure … body [B2]; (b) …")
_TRAILING_GRADE = re.compile(r"\s\[(" + _GRADE_RE + r")\]\s*(?=[;.](?:\s|$)|$)")
_ITEM_GRADE_END = re.compile(r"\s*\[(" + _GRADE_RE + r")\]\s*([;.]?)\s*$")
_STATUS = re.compile(r"^(?:(?:not(?:\s+yet)?|partially|partly|largely|fully|substantially)\s+)?implemented\b"
                     r"|^no\s+(?:information|reply|response|cooperation|follow-up\s+report)\b"
                     r"|^(?:information\s+)?insufficient\b", re.I)


def _letters(scope: str) -> list[str]:
    found = re.findall(r"\(([a-z])\)|\b(to|and|or)\b|([-–])", scope)
    letters: list[str] = []
    rng = False
    for letter, word, dash in found:
        if letter:
            if rng and letters:
                a = letters[-1]
                letters.extend(chr(c) for c in range(ord(a) + 1, ord(letter) + 1))
            else:
                letters.append(letter)
            rng = False
        elif word == "to" or dash:
            rng = True
    return letters


#: the Committee's grades spelled out ("Grade: partially satisfactory"), the scale of DOMAIN.md
_GRADE_WORDS = ((re.compile(r"\blargely\s+satisfactory\b", re.I), "A"),
                (re.compile(r"\bpartially\s+satisfactory\b", re.I), "B"),
                (re.compile(r"\b(?:not|un)\s*satisfactory\b", re.I), "C"),
                (re.compile(r"\bno\s+cooperation\b", re.I), "D"),
                (re.compile(r"\b(?:measures?\s+)?contrary\s+to\s+(?:or\s+rejecting\s+)?the\s+recommendations?\b", re.I), "E"))
_GRADE_IN_WORDS = re.compile(r"\bgrade\s*[:\u2013\u2014-]\s*(largely\s+satisfactory|partially\s+satisfactory|"
                             r"(?:not|un)\s*satisfactory|no\s+cooperation|(?:measures?\s+)?contrary\s+to\s+(?:or\s+rejecting\s+)?"
                             r"the\s+recommendations?)", re.I)


def _grade_word_letter(words: str) -> str | None:
    return next((g for pattern, g in _GRADE_WORDS if pattern.search(words)), None)


def _grade_statements(text: str) -> list[tuple[str | None, list[str], str | None, str | None]]:
    """(paragraph, letters, grade, grade_text) for each follow-up evaluation in ``text``."""
    # a grade spelled out stands for its letter: "Grade: partially satisfactory" -> "Grade: B (partially satisfactory)"
    text = _GRADE_IN_WORDS.sub(lambda m: f"Grade: {_grade_word_letter(m.group(1))} ({m.group(1)})", text)
    text = _BARE_GRADE.sub(lambda m: f"[{m.group(1)}] ", text)       # "B2 – Defamation …" -> "[B2] Defamation …"
    out = []
    scope_re = r"(?:(?:§\s*|para(?:graph)?\.?\s*)(\d{1,3})\s*)?((?:\([a-z]\)(?:\s*(?:,|and|or|to|-|–)\s*)?)*)"
    pat = re.compile(r"\[(" + _GRADE_RE + r")\]\s*" + scope_re + r"\s*:?\s*([^\[]*)"
                     r"|" + scope_re + r"\s*:\s*((?:(?:not|partially|partly|largely|fully)\s+)?implemented)"
                     # the grade after its items: "paragraph 13: (a) [B1]; (b) [C2]"
                     r"|(?:(?:§\s*|para(?:graph)?\.?\s*)(\d{1,3})\s*:?\s*)?(\([a-z]\)(?:\s*(?:,|and|or|to|-|–)\s*\([a-z]\))*)"
                     r"\s*\[(" + _GRADE_RE + r")\]"
                     # spelled out: "Grade: D (no follow-up report received …)"
                     r"|\bgrade\s*:\s*(" + _GRADE_RE + r")\b(?:\s*\(([^()]*)\))?", re.I)
    for m in pat.finditer(text):
        if m.group(10):
            para, scope, grade, gtext = m.group(8), m.group(9), m.group(10).upper(), None
        elif m.group(11):
            para, scope, grade = None, "", m.group(11).upper()
            gtext = (m.group(12) or "").strip() or None
        elif m.group(1):
            grade, para, scope, rest = m.group(1).upper(), m.group(2), m.group(3) or "", m.group(4) or ""
            rest = rest.strip()
            sm = _STATUS.match(rest)
            gtext = sm.group(0) if sm else (re.split(r"(?<=[.;])\s", rest, 1)[0].rstrip(".;").strip() or None)
            if gtext and len(gtext) > 80:
                gtext = gtext[:80].rsplit(" ", 1)[0]
        else:
            para, scope, gtext, grade = m.group(5), m.group(6) or "", m.group(7), None
            if not scope and not para:
                continue
        if gtext:
            gtext = gtext[:1].upper() + gtext[1:]
        out.append((para, _letters(scope), grade if grade in _GRADES else None, gtext))
    return out


def item_badges(toks: list[Tok]) -> tuple[list[Tok], dict[int, str]]:
    """A grade badge printed beside a lettered item ("(a) protect journalists …   [B]"): a grade letter set bold and
    larger than the word before it, past the cell's first line (the reference line's badge is read with the
    reference). Returns the words without them, and the grade of each badge by the word it follows."""
    kept: list[Tok] = []
    badges: dict[int, str] = {}
    first_line = True
    for i, t in enumerate(toks):
        if i and t.line_start:
            first_line = False
        if (not first_line and kept and not t.line_start and t.bold and re.fullmatch(_GRADE_RE, t.text)
                and t.size > kept[-1].size + 0.4):
            badges[len(kept) - 1] = t.text
            continue
        kept.append(t)
    return kept, badges


def split_committee(toks: list[Tok]) -> list[Piece]:
    """One piece per lettered item (with its paragraph's opening words) or per numbered paragraph."""
    toks, badges = item_badges(toks)
    st = Stream(toks)
    s = st.masked
    markers: list[tuple[int, str, str | None, int]] = []  # (start, kind, number, body_start)
    for m in st.number_markers():
        topic = st.topic_start(m)
        # (a topic label before the number, "Enforced disappearances 24. The State party …", is the paragraph's
        # heading: it ends the item before and is no text of the paragraph, as a bold one is not)
        markers.append((m.start() if topic is None else topic, "para", m.group(1), m.end()))
    for m in _FOLLOWUP.finditer(s):
        if _TRAILING_GRADE.match(s, max(0, m.start() - 1)) and not re.search(r"follow[- ]?up", s[max(0, m.start() - 40):m.start()], re.I):
            continue                # "(a) … body [B2]; (b) …": the grade closes its item, no follow-up text starts
        markers.append((m.start(), "followup", None, m.start()))
    markers.sort()
    regions: list[tuple[str, str | None, int, int]] = []
    if not markers or markers[0][0] > 0:
        regions.append(("para", None, 0, markers[0][0] if markers else len(s)))
    in_followup = False
    for i, (start, kind, num, body) in enumerate(markers):
        end = markers[i + 1][0] if i + 1 < len(markers) else len(s)
        if kind == "followup":
            if in_followup:
                continue
            # the follow-up text runs to the next numbered paragraph
            nxt = next((mk[0] for mk in markers[i + 1:] if mk[1] == "para"), len(s))
            regions.append(("followup", None, start, nxt))
            in_followup = True
            continue
        if in_followup and start < regions[-1][3]:
            continue
        in_followup = False
        regions.append(("para", num, body, end))

    pieces: list[Piece] = []
    last_para_with_items: str | None = None
    last_para: str | None = None
    for kind, num, a, b in regions:
        if kind == "followup":
            followup = _followup_pieces(st, a, b)
            default_para = last_para_with_items or last_para
            stated: str | None = None
            applied = False
            for para, letters, grade, gtext in _grade_statements(clean_text(s[a:b])):
                stated = para or stated
                target = para or stated or default_para
                for p in pieces:
                    if p.grade or p.grade_text:
                        continue
                    pnum, _, plet = (p.paragraph or "").partition("(")
                    plet = plet.rstrip(")")
                    if (pnum or None) == target or (target is None and not pnum):
                        if not letters or plet in letters:
                            p.grade, p.grade_text = grade, gtext
                            applied = True
            # a line of grades alone says nothing once its grades sit on the items they grade
            pieces.extend(f for f in followup if not (applied and not _GRADE_LABELS.sub("", f.text).strip()))
            continue
        items = []
        prev_letter = None
        for m in _ITEM.finditer(s, a, b):
            letter = m.group(1)
            if prev_letter is not None and ord(letter) != ord(prev_letter) + 1:
                continue
            before = s[a:m.start()].rstrip()
            # (an "(a)" that a "(b)" follows opens the list after any words: "The State party should (a) ratify …")
            first_of_list = letter == "a" and prev_letter is None and re.search(r"\(b\)", s[m.end():b])
            if before and not first_of_list and not re.search(r"(?:[:;.,]|\band|\bor|\(\.\.\.\))$", before):
                continue
            items.append((m.start(), letter))
            prev_letter = letter
        label = num
        if num:
            last_para = num
        if not items:
            text, ks = st.piece(a, b)
            if _has_words(text):
                pieces.append(Piece(text, ks, label))
            continue
        if num:
            last_para_with_items = num
        closing = _closing_sentence(s, items[-1][0], b)
        for k, (start, letter) in enumerate(items):
            end = items[k + 1][0] if k + 1 < len(items) else (closing or b)
            # the paragraph's opening words ("The State party should:") stay with its first
            # item only, as printed: no text is duplicated into the other items
            text, ks = st.piece(a if k == 0 else start, end)
            if not _has_words(st.piece(start, end)[0]):
                continue
            pieces.append(Piece(text, ks, f"{num}({letter})" if num else f"({letter})"))
        if closing is not None:
            text, ks = st.piece(closing, b)
            if _has_words(text):
                pieces.append(Piece(text, ks, num))
    for p in pieces:                # the grade that closes an item is that item's: "… independent body [B2];"
        if (tm := _ITEM_GRADE_END.search(p.text)) and not p.grade:
            p.grade, p.text = tm.group(1).upper(), p.text[:tm.start()] + tm.group(2)
    for p in pieces:                # a badge beside the item
        if not p.grade and (grade := next((g for k, g in badges.items() if toks[k] in p.toks), None)):
            p.grade = grade
    if bm := _REFERENCE_BADGE.match(st.s):     # a grade badge beside the reference line: "CCPR/C/TJK/CO/3, para. 24  [C]"
        number = re.search(r"(\d{1,3})\s*$", st.s[:bm.start("grade")])
        for p in pieces:
            if p.paragraph and not p.grade and (number is None or p.paragraph.partition("(")[0] == number.group(1)):
                p.grade = bm.group("grade")
    return [p for p in pieces if not (p.paragraph is None and (_REFERENCE_ONLY.fullmatch(p.text)
                                                                or _REFERENCE_BADGE.fullmatch(p.text.strip())))]


# after a paragraph's last lettered item, a new sentence in the Committee's own voice closes
# the paragraph ("The Committee notes that the above laws ...", "In this regard, the State party")
_CLOSING = re.compile(r"(?<=[.;])\s+(?=(?:The|In this (?:regard|respect|context),?\s+the)\s+"
                      r"(?:Committee|State\s+party)\b)")


def _closing_sentence(s: str, last_item: int, end: int) -> int | None:
    m = _CLOSING.search(s, last_item, end)
    return m.end() if m else None


_STATEMENT = re.compile(
    r"(?:\[" + _GRADE_RE + r"\]\s*)?(?:§\s*\d{1,3}\s*)?\([a-z]\)(?:\s*(?:,|and|or|to|-|–)\s*\([a-z]\))*\s*:\s*"
    r"(?:(?:not|partially|partly|largely|fully|substantially)\s+)?implemented\b"
    r"|\[" + _GRADE_RE + r"\]", re.I)


def _followup_pieces(st: Stream, a: int, b: int) -> list[Piece]:
    """The Committee's follow-up evaluation, one piece per graded statement and excerpt.

    A piece starts at each grade statement ("[B] (a) and (b): Partially implemented",
    "§54 (a): Not implemented"), after a statement closed by a full stop (the Committee's
    comment that follows is its own piece) and at an excerpt that opens with "(...)".
    The label before the first statement ("Follow-up letter, 2018:") stays with it.
    """
    s = st.masked
    cuts: set[int] = set()
    for m in _STATEMENT.finditer(s, a, b):
        cuts.add(m.start())
        tail = re.match(r"\.\s+(?=\S)", s[m.end():b])
        if tail:
            cuts.add(m.end() + tail.end())
    for m in re.finditer(r"\(\.\.\.\)\s*(?=[A-Z])", s[a:b]):
        before = s[a:a + m.start()].rstrip()
        if before and _TERMINAL.search(before):
            cuts.add(a + m.start())
    first_statement = min((c for c in cuts), default=None)
    cuts.discard(first_statement)       # the label before it belongs to the first statement
    pts = sorted({a, b} | {st.snap(c) for c in cuts if a < c < b})
    spans: list[tuple[int, int]] = []
    for x, y in zip(pts, pts[1:]):
        if spans and not _has_words(st.piece(x, y)[0]):
            spans[-1] = (spans[-1][0], y)         # "(b) [C2];" alone says too little: it goes on the statement
        else:
            spans.append((x, y))
    out = []
    for x, y in spans:
        text, ks = st.piece(x, y)
        if not _has_words(text):
            continue
        grades = _grade_statements(text)
        grade = next((g for _, _, g, _ in grades if g), None)
        gtext = next((t for _, _, _, t in grades if t), None)
        out.append(Piece(text, ks, None, grade, gtext))
    return out


# =============================================================================== table reading
@dataclass(eq=False)
class Cell:
    kind: str | None
    r0: int                      # first physical row (index within the table)
    r1: int                      # last physical row
    c0: int                      # first column
    c1: int                      # last column
    frag: Frag
    fixed: bool = False          # its kind comes from its own words, not its column (a row-wide suggestion)


@dataclass
class PhysTable:
    page: int
    index_on_page: int
    bbox: tuple[float, float, float, float]
    ncols: int
    header: dict[int, str] | None        # column index -> kind, when this table has a header row
    header_texts: dict[str, str]
    rows: int
    cells: list[Cell]                    # data cells (header rows left out)
    title_rows: dict[int, str]           # physical row -> title text (a row-wide cell)
    title_blocks: list["Block"] = field(default_factory=list)   # text blocks above the table
    skipped: bool = False                # no header and no columns to carry on: its text is no table's
    foot_blocks: list["Block"] = field(default_factory=list)    # text blocks below a page's last table


@dataclass
class Block:
    text: str
    key: str
    top: float
    bottom: float
    bold: bool = False


def _snap_values(values: list[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _text_blocks(chars: list[dict], page_no: int) -> list[Block]:
    """Lines of text outside the tables grouped into blocks (a wrapped title is one block)."""
    lines = _lines_of(chars, page_no)
    blocks: list[Block] = []
    prev = None
    for line in lines:
        text = " ".join(t.text for t in line)
        top, bottom = min(t.top for t in line), max(t.bottom for t in line)
        size = max(t.size for t in line)
        bold = sum(t.bold for t in line) * 2 >= len(line)
        if prev is not None and blocks:
            p_bottom, p_size, p_bold = prev
            if abs(size - p_size) <= 0.6 and bold == p_bold and top - p_bottom <= 0.8 * size:
                b = blocks[-1]
                b.text = f"{b.text} {text}"
                b.key = text_key(b.text)
                b.bottom = bottom
                prev = (bottom, size, bold)
                continue
        blocks.append(Block(text, text_key(text), top, bottom, bold))
        prev = (bottom, size, bold)
    return blocks


def _has_rulings(page) -> bool:
    objs = page.objects
    return bool(objs.get("line") or objs.get("rect") or objs.get("curve"))


def read_tables(pdf, page_numbers: list[int]) -> list[PhysTable]:
    tables: list[PhysTable] = []
    carried: Grid | None = None
    for pno in page_numbers:
        page = pdf.pages[pno - 1]
        try:
            # a character drawn twice on itself ("fake bold": "RReeccoommmmeennddaattiioonn") is read once
            found, carried = _read_page(page.dedupe_chars(tolerance=1), pno, carried)
            tables.extend(found)
        except Exception as exc:  # noqa: BLE001 - one damaged page must not lose the others
            log.warning("fact sheet: page %d could not be read as tables (%s: %s)", pno, type(exc).__name__, exc)
        finally:
            page.close()
    return tables


def rule_ends(vertical_edges: list[dict], tol: float = 1.0) -> list[float]:
    """Where the column rules of each table on a page start and end: the top and bottom of each
    run of rules that touch or overlap one another from top to bottom (snapped). Word and
    LibreOffice draw a cell's borders cell by cell, so column rules also end at every row; only
    the ends of a whole run are where a table may be cut open."""
    runs: list[list[float]] = []
    for top, bottom in sorted((e["top"], e["bottom"]) for e in vertical_edges):
        if runs and top <= runs[-1][1] + tol:
            runs[-1][1] = max(runs[-1][1], bottom)
        else:
            runs.append([top, bottom])
    return _snap_values([y for run in runs for y in run], tol)


def cut_settings(page, shading: list[dict] | None = None) -> dict:
    """pdfplumber settings that close a table cut open at a page break: a row broken across pages
    often has no ruling line at the cut (browser and HTML exports), so its cells would be lost. A
    horizontal line is added where a table's column rules start or end (:func:`rule_ends`), and where
    a shaded band that opens a table ends (:func:`band_bottoms`: a header row repeated on a new page
    over the rest of a row broken at the page end, told from it by its shading alone); where a border
    exists it coincides with it and changes nothing. A line at every row, where per-cell rules end,
    would cut merged cells into rows."""
    verticals = [e for e in page.edges if e.get("orientation") == "v" and e["bottom"] - e["top"] > 2]
    if not verticals:
        return {}
    return {"explicit_horizontal_lines": _snap_values(rule_ends(verticals) + band_bottoms(verticals, shading or []))}


def band_bottoms(vertical_edges: list[dict], shading: list[dict], tol: float = 1.0) -> list[float]:
    """The bottoms of the shaded bands that open a run of column rules (a table) and cover its whole
    width, one rectangle or one per cell (Word), ending above the run's end: a header row's shading."""
    runs: list[list[float]] = []          # top, bottom, x0, x1 of each run of touching column rules
    for e in sorted(vertical_edges, key=lambda e: e["top"]):
        if runs and e["top"] <= runs[-1][1] + tol:
            runs[-1][1] = max(runs[-1][1], e["bottom"])
            runs[-1][2], runs[-1][3] = min(runs[-1][2], e["x0"]), max(runs[-1][3], e["x1"])
        else:
            runs.append([e["top"], e["bottom"], e["x0"], e["x1"]])
    out: list[float] = []
    for top, bottom, x0, x1 in runs:
        band = [r for r in shading if abs(r["top"] - top) <= tol and r["bottom"] < bottom - tol]
        for low in sorted({round(r["bottom"], 1) for r in band}):
            covered = sorted((r["x0"], r["x1"]) for r in band if abs(r["bottom"] - low) <= tol)
            reach, ok = x0 + tol, covered[0][0] <= x0 + tol
            for a, b in covered:
                ok = ok and a <= reach + tol
                reach = max(reach, b)
            if ok and reach >= x1 - tol:
                out.append(low)
    return out


def _is_shading(obj: dict) -> bool:
    """A filled, unstroked rectangle thicker than a rule both ways: a shaded cell or row, not a border.
    Word exports zebra stripes one rectangle per cell, whose sides would read as column rules."""
    return (obj.get("object_type") == "rect" and bool(obj.get("fill")) and not obj.get("stroke")
            and obj.get("width", 0) > RULE_THICKNESS and obj.get("height", 0) > RULE_THICKNESS)


def _not_shading(obj: dict) -> bool:
    return not _is_shading(obj)


#: a traffic light's colour -> the status it prints in a tracker's status column (the convention every
#: legend states: green implemented, amber / yellow / orange partially, red not implemented)
TRAFFIC_LABELS = {"green": "Implemented", "amber": "Partially implemented", "red": "Not implemented"}


def traffic_colour(colour, tint: bool = False) -> str | None:
    """The traffic light a fill colour is (RGB, grey or CMYK, 0-1), or None for any other colour (greys,
    blues, pale zebra stripes). With ``tint``, a pale tint of one counts too (a row shaded behind its
    words: light green, light amber, light red), by its hue."""
    if not isinstance(colour, (tuple, list)):
        return None
    if len(colour) == 4:                           # CMYK
        c, m, y, k = colour
        colour = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    if len(colour) != 3:
        return None
    r, g, b = (float(v) for v in colour)
    if tint and max(r, g, b) - min(r, g, b) >= 0.08:
        hue = colorsys.rgb_to_hsv(r, g, b)[0] * 360
        return "red" if hue < 15 or hue >= 340 else "amber" if 25 <= hue < 60 else "green" if 85 <= hue < 160 else None
    if g >= 0.45 and g > r + 0.15 and g > b + 0.1:
        return "green"
    if r >= 0.75 and g < 0.45 and b < 0.45:
        return "red"
    if r >= 0.8 and 0.45 <= g <= 0.9 and b < 0.45:
        return "amber"
    return None


#: a shape drawn in outline no larger than this (points) each way is an icon, not a box around a cell
ICON_SIZE = 20.0


def cell_colours(page, frags: list["Frag"]) -> None:
    """Set ``colour`` on the empty cells among ``frags`` that a traffic light fills or marks (a filled
    rectangle or shape, a dot, of one traffic colour lying at least 60 % inside the cell), and ``shade`` on
    any cell that one traffic colour shades (covering at least half of it: a row shaded by its status)."""
    fills = [(o, traffic_colour(o.get("non_stroking_color")), traffic_colour(o.get("non_stroking_color"), tint=True))
             for o in list(page.rects) + list(page.curves) if o.get("fill")]
    # an icon drawn in outline only ("○" in red): a small shape stroked in a traffic colour marks the cell as a dot does
    fills += [(o, traffic_colour(o.get("stroking_color")), None) for o in list(page.rects) + list(page.curves)
              if not o.get("fill") and o.get("stroke") and o["x1"] - o["x0"] <= ICON_SIZE and o["bottom"] - o["top"] <= ICON_SIZE]
    fills = [f for f in fills if f[1] or f[2]]
    if not fills:
        return
    key = swatch_key(page)
    for f in frags:
        x0, top, x1, bottom = f.bbox
        area = max(x1 - x0, 0.01) * max(bottom - top, 0.01)
        inside, behind = set(), set()
        for o, name, shade in fills:
            w, h = max(o["x1"] - o["x0"], 0.01), max(o["bottom"] - o["top"], 0.01)
            shared = max(0.0, min(x1, o["x1"]) - max(x0, o["x0"])) * max(0.0, min(bottom, o["bottom"]) - max(top, o["top"]))
            if name and shared >= 0.6 * w * h:
                inside.add(name)
            if shade and shared >= 0.5 * area:
                behind.add(shade)
        if len(inside) == 1 and not f.toks:
            f.colour = next(iter(inside))
            f.fill = icon_fill(page, f.bbox)
            if key:
                f.label = next((key[c] for o, name, _ in fills if name and (c := _rgb(o.get("non_stroking_color"))) in key
                                and x0 - 1 <= o["x0"] and o["x1"] <= x1 + 1 and top - 1 <= o["top"] and o["bottom"] <= bottom + 1),
                               None)
        if len(behind) == 1:
            f.shade = next(iter(behind))


def _rgb(colour) -> tuple[float, ...] | None:
    return tuple(round(float(v), 2) for v in colour) if isinstance(colour, (tuple, list)) and colour else None


def swatch_key(page) -> dict[tuple[float, ...], str]:
    """A key of colour swatches printed on the page: colour -> the status label right of its swatch ("■ Implemented
    ■ In progress ■ Not started"), when two swatches at least carry a status label. A tracker's own key may give a
    traffic colour another meaning than the usual one (orange: "Not started")."""
    swatches = [o for o in list(page.rects) + list(page.curves) if o.get("fill") and o["x1"] - o["x0"] <= ICON_SIZE
                and o["bottom"] - o["top"] <= ICON_SIZE and _rgb(o.get("non_stroking_color"))]
    if len(swatches) < 2:
        return {}
    words = page.extract_words()
    key: dict[tuple[float, ...], str] = {}
    for o in swatches:
        mid = (o["top"] + o["bottom"]) / 2
        line = sorted((w for w in words if w["top"] <= mid <= w["bottom"] and w["x0"] >= o["x1"] - 0.5),
                      key=lambda w: w["x0"])
        if not line or line[0]["x0"] - o["x1"] > 12:
            continue
        label = [line[0]]
        for w in line[1:]:
            if w["x0"] - label[-1]["x1"] > 6 or any(label[-1]["x1"] <= so["x0"] <= w["x0"] for so in swatches):
                break
            label.append(w)
        text = " ".join(w["text"] for w in label)
        if _LABEL_CELL.fullmatch(text):
            key.setdefault(_rgb(o["non_stroking_color"]), text)
    return key if len(set(key.values())) >= 2 else {}


def icon_fill(page, bbox: tuple[float, float, float, float]) -> float | None:
    """How full the icon drawn in a cell is (a Harvey ball): the filled area of the small shapes inside ``bbox`` over
    the area of the icon's outline (0 for an outline alone, about 0.5 for a half-filled ball, 1 for a filled one);
    None when the cell holds no icon."""
    x0, top, x1, bottom = bbox
    shapes = [o for o in list(page.rects) + list(page.curves) if o["x1"] - o["x0"] <= ICON_SIZE
              and o["bottom"] - o["top"] <= ICON_SIZE and x0 - 1 <= o["x0"] and o["x1"] <= x1 + 1
              and top - 1 <= o["top"] and o["bottom"] <= bottom + 1]
    if not shapes:
        return None
    area = lambda o: max(o["x1"] - o["x0"], 0.01) * max(o["bottom"] - o["top"], 0.01)     # noqa: E731
    outline = max(area(o) for o in shapes)
    filled = sum(area(o) for o in shapes if o.get("fill"))
    return round(min(filled / outline, 1.0), 2)


#: the colour words of a traffic-light legend ("Green: implemented; Amber: partially …"), or the labels beside
#: its swatches ("■ Implemented ■ Partially implemented ■ Not implemented")
_COLOUR_WORD = re.compile(r"\b(green|amber|yellow|orange|red)\b")
_LEGEND_LABEL = re.compile(r"\b(partially\s+implemented|not\s+implemented|(?<!partially\s)(?<!not\s)implemented)\b")


def label_frag(frag: "Frag", colour: str, label: str | None = None) -> "Frag":
    """A cell that prints the status label a traffic light's ``colour`` stands for (or ``label``), where ``frag`` stands."""
    x0, top, x1, bottom = frag.bbox
    return Frag([Tok(label or TRAFFIC_LABELS[colour], frag.page, x0, top, x1, bottom, False, 0.0, line_start=True)],
                frag.page, frag.bbox, x1)


def harvey_label(fill: float | None) -> str | None:
    """The status a Harvey ball prints by how full it is: filled, half-filled (a quarter to most of it), outlined."""
    if fill is None:
        return None
    return "Implemented" if fill >= 0.85 else "Partially implemented" if fill >= 0.2 else "Not implemented"


def page_rules(page) -> tuple[list[Rule], list[float]]:
    """The page's horizontal rules (line objects, rectangles thinner than a rule) and the tops and
    bottoms of its shaded rectangles, for :func:`grid.find_grids`."""
    rules = [Rule((ln["top"] + ln["bottom"]) / 2, min(ln["x0"], ln["x1"]), max(ln["x0"], ln["x1"]))
             for ln in page.lines if abs(ln["bottom"] - ln["top"]) <= RULE_THICKNESS]
    shades: list[float] = []
    for r in page.rects:
        if r["height"] <= RULE_THICKNESS and r["width"] > RULE_THICKNESS:
            rules.append(Rule((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
        elif _is_shading(r):
            shades.extend((r["top"], r["bottom"]))
        elif r["height"] > RULE_THICKNESS and r["width"] > RULE_THICKNESS:      # a stroked box: its top and bottom are rules
            rules.extend(Rule(y, r["x0"], r["x1"]) for y in (r["top"], r["bottom"]))
    return rules, shades


@dataclass
class _GridTable:
    """A grid rebuilt from text positions, shaped like pdfplumber's Table for :func:`_read_table`."""

    bbox: tuple[float, float, float, float]
    cells: list[tuple[float, float, float, float]]


_COORDS = ("x0", "x1", "top", "bottom", "y0", "y1", "doctop", "width", "height")


def snap_coordinates(page, places: int = 3) -> None:
    """Round the coordinates of the page's objects in place, before anything reads them.

    A page turned by /Rotate, or content placed with a rotation matrix computed in floating point
    (cos 90° = 6e-17), gives rules whose two ends differ by 1e-14: pdfplumber then takes a
    horizontal rule for a vertical edge (it compares ``top == bottom``) and the table falls apart.
    A thousandth of a point changes nothing else. For the same reason pdfminer leaves a rectangle
    drawn through such a matrix a curve; one whose rounded corners make an upright box becomes a
    rectangle again, so that shading and borders are told apart as on any page."""
    objects = page.objects
    for objs in objects.values():
        for obj in objs:
            for key in _COORDS:
                value = obj.get(key)
                if isinstance(value, float):
                    obj[key] = round(value, places)
            if obj.get("pts"):
                obj["pts"] = [(round(x, places), round(y, places)) for x, y in obj["pts"]]
    boxes = [c for c in objects.get("curve", []) if _is_box(c.get("pts") or [])]
    if boxes:
        for c in boxes:
            c["object_type"] = "rect"
        objects["curve"] = [c for c in objects["curve"] if c.get("object_type") == "curve"]
        objects.setdefault("rect", []).extend(boxes)


def _is_box(pts: list[tuple[float, float]]) -> bool:
    """Four corners (the first repeated at the end or not) of an upright rectangle, in order."""
    if len(pts) == 5 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) != 4 or len({x for x, _ in pts}) != 2 or len({y for _, y in pts}) != 2:
        return False
    return all(a[0] == b[0] or a[1] == b[1] for a, b in zip(pts, pts[1:] + pts[:1]))


def _read_page(page, pno: int, carried: Grid | None = None) -> tuple[list[PhysTable], Grid | None]:
    """The tables of one page, with the text above each: ruled tables (``find_tables`` called once
    when the page draws lines), then tables without column rules rebuilt from the text positions
    of the characters no ruled table took (:mod:`.grid`). Returns the tables and the last grid
    rebuilt, whose columns a table going on at the top of the next page keeps."""
    snap_coordinates(page)
    found = []
    ruled = page.filter(_not_shading)
    if _has_rulings(ruled):
        shading = [r for r in page.rects if _is_shading(r)]
        found = sorted(ruled.find_tables(table_settings=cut_settings(ruled, shading)), key=lambda t: (t.bbox[1], t.bbox[0]))
    chars = [c for c in page.chars if c.get("upright", True)]
    assigned: set[int] = set()
    page_tables: list[PhysTable] = []
    for ti, tb in enumerate(found):
        pt = _read_table(tb, chars, pno, ti, assigned)
        if pt is not None:
            page_tables.append(pt)
    rest = [c for i, c in enumerate(chars) if i not in assigned]
    last_grid = None
    if rest:
        rules, shades = page_rules(page)
        grids = find_grids(_lines_of(rest, pno), rules, shades, header_kinds, names_columns, (PRIOR, SUGGESTED),
                           carried if not page_tables else None)
        for g in grids:
            pt = _read_table(_GridTable(g.bbox, g.cells), chars, pno, len(page_tables), assigned)
            if pt is not None:
                page_tables.append(pt)
                last_grid = g
        page_tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
        for k, pt in enumerate(page_tables):
            pt.index_on_page = k
    if not page_tables:
        return [], None
    cell_colours(page, [c.frag for pt in page_tables for c in pt.cells])
    outside = [c for i, c in enumerate(chars) if i not in assigned]
    blocks = _text_blocks(outside, pno) if outside else []
    prev_bottom = 0.0
    for pt in page_tables:
        pt.title_blocks = [b for b in blocks if prev_bottom - 0.5 <= b.top and b.bottom <= pt.bbox[1] + 0.5]
        prev_bottom = pt.bbox[3]
    page_tables[-1].foot_blocks = [b for b in blocks if b.top >= prev_bottom - 0.5]
    return page_tables, last_grid


def _super_headers(first: int, spans: list[tuple[int, int, int, int]], frags: dict, header: dict[int, str],
                   header_texts: dict[str, str], header_rows: set[int]) -> None:
    """Rows above the header row whose cells are all short and span several columns ("Third UPR cycle
    (2020)" over the prior, country and answer columns) are header rows too: no data, and their words
    join the header text of the columns they span (so "… cycle" gives those columns' cycle). A cell
    that names a column itself gives its kind to the columns under it that name none ("Assessment"
    over "Government | Civil society"; "Suggested recommendations …" spanning both header rows)."""
    for r in range(first):
        row = [(ci, sp) for ci, sp in enumerate(spans) if sp[2] == r]
        texts = [frags[ci].text for ci, _ in row]
        if not row or any(len(t.split()) > 12 for t in texts) or not any(sp[1] > sp[0] for _, sp in row):
            return
    for r in range(first):
        header_rows.add(r)
        for ci, (c0, c1, _, _) in ((ci, sp) for ci, sp in enumerate(spans) if sp[2] == r):
            own = header_kind(frags[ci].text)
            if own in (COMMITTEE, IMPLEMENTATION, SUGGESTED, STATUS):
                for c in range(c0, c1 + 1):
                    header.setdefault(c, own)
            for kind in {header.get(c) for c in range(c0, c1 + 1)} - {None}:
                header_texts[kind] = f"{frags[ci].text} {header_texts.get(kind, '')}".strip()


def _split_band_header(spans: list[tuple[int, int, int, int]], cells_bb: list[tuple], frags: dict, per_cell: dict,
                       xs: list[float], col_of: Callable[[float], int], pno: int, first_rows: int) -> None:
    """A header row printed as one shaded band without column rules (Word's and InDesign's header bar): one cell
    over the columns that the body's rules divide. Its words, cut at those rules (a word at the column it starts
    in), are the header's cells when they name the columns (:func:`names_columns`); a title row across the table
    stays one cell. Changes the table's cells in place."""
    for r in range(first_rows):
        row = [ci for ci, sp in enumerate(spans) if sp[2] == r]
        if len(row) != 1 or spans[row[0]][1] - spans[row[0]][0] < 2:
            continue
        ci = row[0]
        c0, c1, r0, r1 = spans[ci]
        by_col: dict[int, list[dict]] = defaultdict(list)
        prev: tuple[dict, int] | None = None
        for ch in per_cell.get(ci, []):
            col = prev[1] if prev is not None and continues_word(prev[0], ch) else col_of((ch["x0"] + ch["x1"]) / 2)
            by_col[col].append(ch)
            prev = (ch, col)
        x0, top, x1, bottom = cells_bb[ci]
        boxes = {c: (max(x0, xs[c]), top, xs[c + 1] if c + 1 < len(xs) else x1, bottom) for c in range(c0, c1 + 1)}
        parts = {c: make_frag(by_col[c], pno, boxes[c]) for c in sorted(by_col) if c in boxes}
        kinds = header_kinds([f.text for f in parts.values()])
        if len(parts) < 3 or not names_columns({k: f.text for k, f in zip(kinds, parts.values()) if k}):
            return
        for n, c in enumerate(range(c0, c1 + 1)):
            k = ci if n == 0 else len(cells_bb)
            if n:
                cells_bb.append(boxes[c])
                spans.append((c, c, r0, r1))
            else:
                cells_bb[ci], spans[ci] = boxes[c], (c, c, r0, r1)
            frags[k] = parts.get(c) or make_frag([], pno, boxes[c])
        return


def repeated_header_rows(spans: list[tuple[int, int, int, int]], frags: dict, header_rows: set[int]) -> set[int]:
    """Rows further down that print the header row again, cell for cell (a header repeated above a row
    that a page break would split, or at the top of a page's part of the table): no data."""
    def row_texts(r: int) -> dict[int, str]:
        return {sp[0]: clean_text(frags[ci].text).lower() for ci, sp in enumerate(spans)
                if sp[2] == r and clean_text(frags[ci].text)}
    first = row_texts(min(header_rows))
    if len(first) < 2:
        return set()
    rows = {sp[2] for sp in spans if sp[2] > max(header_rows)}
    return {r for r in rows if row_texts(r) == first}


def continues_word(prev: dict, ch: dict) -> bool:
    """Whether ``ch``, drawn right after ``prev``, is the next letter of the same word: same line,
    same font and size, touching. A word wider than its narrow column ("Recommending" over a
    "Position" header) runs over the column rule, and its last letters must not go to the next cell."""
    return (bool(prev["text"].strip()) and bool(ch["text"].strip())
            and prev.get("fontname") == ch.get("fontname") and abs(prev["size"] - ch["size"]) < 0.1
            and abs(prev["top"] - ch["top"]) < 0.5 and abs(ch["x0"] - prev["x1"]) < 0.5)


def _read_table(tb, chars: list[dict], pno: int, ti: int, assigned: set[int]) -> PhysTable | None:
    cells_bb = [tuple(c) for c in tb.cells]
    if len(cells_bb) < 2:
        return None
    xs = _snap_values([c[0] for c in cells_bb])
    ys = _snap_values([c[1] for c in cells_bb])

    def col_of(x: float) -> int:
        return max(0, bisect.bisect_right(xs, x + 1.0) - 1)

    def row_of(y: float) -> int:
        return max(0, bisect.bisect_right(ys, y + 1.0) - 1)

    grid: dict[tuple[int, int], int] = {}
    spans = []
    for ci, (x0, top, x1, bottom) in enumerate(cells_bb):
        c0, c1 = col_of(x0), max(col_of(x0), col_of(x1 - 1.5))
        r0, r1 = row_of(top), max(row_of(top), row_of(bottom - 1.5))
        spans.append((c0, c1, r0, r1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                grid.setdefault((r, c), ci)
    x_min, top_min, x_max, bottom_max = tb.bbox
    per_cell: dict[int, list[dict]] = defaultdict(list)
    prev: tuple[dict, int] | None = None
    for i, ch in enumerate(chars):
        hx, vy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x_min <= hx < x_max and top_min <= vy < bottom_max):
            prev = None
            continue
        ci = grid.get((row_of(vy), col_of(hx)))
        x0, top, x1, bottom = cells_bb[ci] if ci is not None else (0.0, 0.0, 0.0, 0.0)
        if ci is None or not (x0 <= hx < x1 and top <= vy < bottom):
            # the snapped lookup missed (a character centred just above a row's top): the cell that holds it
            ci = next((k for k, (a, t, b, u) in enumerate(cells_bb) if a <= hx < b and t <= vy < u), None)
        if prev is not None and ci != prev[1] and continues_word(prev[0], ch):
            ci = prev[1]        # a word too long for its cell runs over the rule: it stays in its cell
        if ci is not None:
            per_cell[ci].append(ch)
            assigned.add(i)
        prev = (ch, ci) if ci is not None else None
    ncols = len(xs)
    nrows = len(ys)
    frags = {ci: make_frag(per_cell.get(ci, []), pno, cells_bb[ci]) for ci in range(len(cells_bb))}

    _split_band_header(spans, cells_bb, frags, per_cell, xs, col_of, pno, min(nrows, 3))
    # header rows: several cells naming different columns, each short
    header: dict[int, str] | None = None
    header_texts: dict[str, str] = {}
    header_rows: set[int] = set()
    for r in range(min(nrows, 3)):
        row_cells = [ci for ci, sp in enumerate(spans) if sp[2] == r]
        kinds: dict[int, str] = {}
        texts: dict[str, str] = {}
        ok = True
        row_kinds = header_kinds([frags[ci].text for ci in row_cells])
        for ci, k in zip(row_cells, row_kinds):
            text = frags[ci].text
            if len(text.split()) > 25:
                ok = False
                break
            # (a second assessment column is one too: "Government assessment | Civil society assessment")
            if k and (k not in texts or k == IMPLEMENTATION):
                texts.setdefault(k, text)
                for c in range(spans[ci][0], spans[ci][1] + 1):
                    kinds[c] = k
        if ok and names_columns(texts):
            header_rows.add(r)
            if header is None:
                header, header_texts = kinds, texts
            else:
                # a second header row under group cells ("Position of the State" over "Recommending State |
                # Response"): the columns it names are its own, more specific than the group's kind
                header.update(kinds)
                for k, text in texts.items():
                    header_texts.setdefault(k, text)
        elif header_rows:
            break
    if header is not None:
        _super_headers(min(header_rows), spans, frags, header, header_texts, header_rows)
        header_rows |= repeated_header_rows(spans, frags, header_rows)
    cells: list[Cell] = []
    title_rows: dict[int, str] = {}
    for ci, (c0, c1, r0, r1) in enumerate(spans):
        if r0 in header_rows:
            continue
        frag = frags[ci]
        if c1 - c0 + 1 >= max(3, ncols - 1) and frag.toks and c0 == 0:
            if _SUGGESTION_ROW.match(clean_text(frag.text)):
                # a row-wide "Suggested recommendation: …" under its recommendation's row: a suggestion
                cells.append(Cell(SUGGESTED, r0, r1, c0, c1, frag, fixed=True))
                continue
            title_rows[r0] = clean_text(frag.text)   # a row-wide cell: a sub-section title
            continue
        frag.rows = r1 - r0 + 1
        cells.append(Cell(None, r0, r1, c0, c1, frag))
    return PhysTable(pno, ti, tuple(tb.bbox), ncols, header, header_texts, nrows, cells, title_rows)


# =============================================================================== assembling
@dataclass(eq=False)
class LRow:
    """A logical prior-cycle row (one or more physical rows, possibly over several pages)."""

    table_no: int
    row_no: int
    section: str | None
    frags: list[Frag] = field(default_factory=list)
    countries: list[Frag] = field(default_factory=list)
    answers: list[Frag] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    page: int = 0
    statuses: list[Frag] = field(default_factory=list)     # printed status of implementation
    number: str | None = None        # the report paragraph a "Rec. No." column prints beside the row
    numbers: list[str] = field(default_factory=list)   # ... or the items a row stands for ("139.1 – 139.5")
    cycle: int | None = None         # the cycle a "Cycle" column prints beside the row ("2nd")
    grades: list[Frag] = field(default_factory=list)       # a grade column's cells beside the row ("B1")


@dataclass(eq=False)
class LBlock:
    """A committee/implementation/suggested cell, merged over rows and possibly pages."""

    kind: str
    table_no: int
    section: str | None
    frags: list[Frag] = field(default_factory=list)
    rows: list[LRow] = field(default_factory=list)


@dataclass
class LTable:
    table_no: int
    title: str | None
    prior_cycle: int | None
    suggested_cycle: int | None
    rows: list[LRow] = field(default_factory=list)
    blocks: list[LBlock] = field(default_factory=list)
    cur_section: str | None = None      # the title, or the last sub-title row met


# a table's title repeated over its continuation: "Article 19 ICCPR – … (continued)", "… (cont'd)", "… – continued"
_CONTINUED = re.compile(r"\s*(?:\((?:continued|cont(?:['’]d|\.)?)\)|[–—-]\s*continued)\s*$", re.I)


#: a title block farther above its table than this many times its own height is not its title
TITLE_GAP = 2.5


def _title_of(pt: PhysTable, running: set[str]) -> str | None:
    """The title printed above a table, without a continuation mark (the table goes on)."""
    # a title stands close above its table; a line far above it (a running header printed on one
    # page only, the document's own title) names no section
    cands = [b for b in pt.title_blocks if b.key and len(b.text) <= 250 and b.key not in running
             and pt.bbox[1] - b.bottom <= TITLE_GAP * (b.bottom - b.top) and not _LEGEND_LINE.match(b.text)
             and not _LABELS_ONLY.fullmatch(b.text)]
    if not cands:
        return None
    nearest = max(cands, key=lambda b: b.bottom)
    if _PROSE.search(nearest.text):
        return None             # an introduction in sentences ("Prepared by … This tracker assesses …") is no title
    return _CONTINUED.sub("", clean_text(nearest.text)) or None


#: a legend of the table's status labels or icons above it, no title: "Legend: ● Implemented ◐ Partially …"
_LEGEND_LINE = re.compile(r"\W*(?:legend\b|(?:key|rating|scale)\s*:)", re.I)
#: a key of swatches read as one block: status labels only ("Implemented In progress Not started Regression No
#: information"), its words maybe interleaved over two lines
_LABELS_ONLY = re.compile(r"\W*(?:(?:key|legend)\W+)?(?:(?:fully|partially|partly|not|no|in|under|on|yet|to|be|started|"
                          r"implemented|implementation|progress|information|data|regression|regressed|achieved|track|way|"
                          r"action|assessed|applicable|unknown|pending|completed?|ongoing|done|worse(?:ned)?|deteriorat\w*)"
                          r"\W*){2,}", re.I)

#: prose, not a title: two sentences, or a sentence of many words
_PROSE = re.compile(r"[.!?]\s+[A-Z].*[.!?]\s*$|^(?=(?:\S+\s+){15,}).*[.!?]\s*$", re.S)


def _title_at_foot(pt: PhysTable, running: set[str], feet: Counter) -> str | None:
    """A section title printed as the last text of a page, under its last table, whose table starts on
    the next page: a short bold block that is no running footer (it is not under other pages too) and
    no page number."""
    cands = [b for b in pt.foot_blocks if b.bold and b.key and len(b.text) <= 250 and len(b.text.split()) <= 20
             and b.key not in running and feet[b.key] <= 1 and re.search(r"[A-Za-z]{3}", b.text)]
    return (_CONTINUED.sub("", clean_text(cands[0].text)) or None) if cands else None


def _running_blocks(tables: list[PhysTable]) -> set[str]:
    """Blocks seen on several pages that are not always the nearest block above a table."""
    pages_of: dict[str, set[int]] = defaultdict(set)
    not_nearest: set[str] = set()
    for pt in tables:
        if not pt.title_blocks:
            continue
        nearest = max(pt.title_blocks, key=lambda b: b.bottom)
        for b in pt.title_blocks:
            pages_of[b.key].add(pt.page)
            if b is not nearest:
                not_nearest.add(b.key)
    return {k for k, pgs in pages_of.items() if len(pgs) >= 2 and k in not_nearest}


def assessed_cycle(tables: list[PhysTable]) -> int | None:
    """The cycle of the recommendations a sheet assesses when the text above its first table names one
    Working Group report by its symbol ("Implementation matrix: third cycle UPR recommendations
    (A/HRC/44/9)"): a title's "third cycle" may be the cycle assessed or the review the sheet prepares,
    the report's symbol is not. None when it names none, or several (a tracker of two cycles)."""
    if not tables:
        return None
    symbols = set(report_symbols(" ".join(b.text for b in tables[0].title_blocks)))
    return symbol_cycle(symbols.pop()) if len(symbols) == 1 else None


def assemble(tables: list[PhysTable], doc_cycle: int | None, own_cycle: bool = False, warn: bool = True,
             assessed: int | None = None) -> list[LTable]:
    """Physical tables -> logical tables (sections), rows and blocks. Without a cycle in the headers, the
    prior recommendations are of the cycle before the document's, or of the document's own cycle when it
    is a mid-term report (``own_cycle``) and suggests nothing for the next."""
    running = _running_blocks(tables)
    feet = Counter(b.key for pt in tables for b in pt.foot_blocks)        # a footer recurs under several pages
    ltables: list[LTable] = []
    current: LTable | None = None
    mapping: dict[int, str] | None = None
    mapping_ncols = 0
    status_columns: set[int] = set()      # assessment columns found to print status labels only (see _add_phys)
    row_shades: set[str] = set()          # the traffic colours shading the rows so far (see _add_phys)
    before: PhysTable | None = None
    for pt in tables:
        title = _title_of(pt, running)
        if title is None and before is not None and pt.index_on_page == 0 and before.page == pt.page - 1:
            title = _title_at_foot(before, running, feet)     # a title left alone at the foot of the page before
        before = pt
        if pt.header is not None:
            if pt.header != mapping:
                status_columns = set()
            mapping, mapping_ncols = pt.header, pt.ncols
        elif mapping is None or pt.ncols != mapping_ncols:
            # (a table of short cells only, a colour legend or a key, holds no recommendation: no loss)
            if warn and any(len(c.frag.text.split()) > LEGEND_WORDS for c in pt.cells):
                log.warning("fact sheet: page %d table %d has no header and no usable column mapping; skipped",
                            pt.page, pt.index_on_page + 1)
            pt.skipped = True
            continue
        new_section = current is None or (title is not None and text_key(title) != text_key(current.title or ""))
        if new_section:
            prior_cycle = cycle_in(pt.header_texts.get(PRIOR, "")) if pt.header else None
            sugg_cycle = cycle_in(pt.header_texts.get(SUGGESTED, "")) if pt.header else None
            if prior_cycle is None and sugg_cycle:
                prior_cycle = sugg_cycle - 1
            if prior_cycle is None and current is not None:
                prior_cycle = current.prior_cycle
            if prior_cycle is None and assessed is not None:
                prior_cycle = assessed
            if prior_cycle is None and doc_cycle:
                suggests = pt.header is not None and SUGGESTED in pt.header.values()
                prior_cycle = doc_cycle if own_cycle and not suggests else doc_cycle - 1
            if sugg_cycle is None and prior_cycle is not None:
                sugg_cycle = prior_cycle + 1
            current = LTable(len(ltables) + 1, title, prior_cycle, sugg_cycle, cur_section=title)
            ltables.append(current)
            continuing = False
        else:
            continuing = True
        _add_phys(current, pt, mapping, continuing, status_columns, row_shades)
    return ltables


def _add_phys(lt: LTable, pt: PhysTable, mapping: dict[int, str], continuing: bool,
              status_columns: set[int] | None = None, row_shades: set[str] | None = None) -> None:
    for c in pt.cells:
        if c.fixed:
            continue            # a row-wide suggestion (see _read_table) keeps its kind
        kinds = [mapping.get(col) for col in range(c.c0, c.c1 + 1)]
        c.kind = next((k for k in kinds if k), None)
    # prose in a column whose header names no kind ("Government | Civil society" with no "assessment")
    # is left out: say so, so that the document is marked partial rather than silently short
    lost = [c for c in pt.cells if c.kind is None and len(c.frag.text.split()) >= UNREAD_WORDS]
    if lost:
        log.warning("fact sheet: page %d table %d: %d cells in columns whose header names no known column "
                    "were not read (e.g. '%s …')", pt.page, pt.index_on_page + 1, len(lost),
                    " ".join(lost[0].frag.text.split()[:8]))
    status_cells = [c for c in pt.cells if c.kind == STATUS]
    colour_only = not any(c.frag.toks for c in status_cells) and sum(1 for c in status_cells if c.frag.colour) >= 2
    drawn = [c.frag for c in status_cells if not c.frag.toks and c.frag.colour]
    # Harvey balls: icons of one colour, filled, half-filled or outlined: how full each is prints the status, not its colour
    harvey = len({f.colour for f in drawn}) == 1 and len({harvey_label(f.fill) for f in drawn}) >= 2
    for c in status_cells if colour_only else []:      # (a column that prints words somewhere is read by its words)
        if not c.frag.toks and c.frag.colour:
            # a status printed as the cell's colour only, or as how full its icon is: its label
            c.frag = label_frag(c.frag, c.frag.colour, harvey_label(c.frag.fill) if harvey else c.frag.label)
    if status_cells and all(not c.frag.toks for c in status_cells) and len(status_cells) >= 2:
        log.warning("fact sheet: page %d table %d: its status column prints no label (a colour other than a traffic "
                    "light's, or a symbol?): the rows' statuses were not read", pt.page, pt.index_on_page + 1)
    if any(len(c.frag.text.split()) > STATUS_WORDS for c in status_cells):
        for c in status_cells:          # a "status" column written as prose is an assessment
            c.kind = IMPLEMENTATION
    for col in sorted({c.c0 for c in pt.cells if c.kind == IMPLEMENTATION}):
        # ... and an "assessment" column of status labels only ("Partially implemented", "Unable to assess",
        # beside an "Action taken" column of prose) prints each row's status: no findings of their own
        cells = [c for c in pt.cells if c.kind == IMPLEMENTATION and c.c0 == col]
        said = [clean_text(c.frag.text) for c in cells if _has_words(c.frag.text)]
        if all(_LABEL_CELL.fullmatch(t) for t in said) and (len(said) >= 2 or col in (status_columns or ())):
            for c in cells:             # (one row on a new page: as the column was on the page before)
                c.kind = STATUS
            if status_columns is not None:
                status_columns.add(col)
    data_rows = sorted({c.r0 for c in pt.cells if c.kind})
    if not data_rows:
        return
    first_row = data_rows[0]
    if continuing and any(r < first_row for r in pt.title_rows):
        continuing = False      # a section's band opens the page's table ("Articles 7 and 10 ICCPR – Torture"): no cell goes on

    prior_cells = sorted((c for c in pt.cells if c.kind == PRIOR), key=lambda c: c.r0)
    # a tracker with no status column that shades each row by its status (green / amber / red: two colours at
    # least over the sheet, every row shaded): the shade prints the row's status
    # and a legend naming the colours above or below a table of the sheet: two tints alternating as zebra stripes
    # are no statuses
    shades = row_shades if row_shades is not None else set()
    shades |= {pc.frag.shade for pc in prior_cells if pc.frag.shade}
    around = " ".join(b.text for b in pt.title_blocks + pt.foot_blocks).lower()
    if len(set(_COLOUR_WORD.findall(around))) >= 2 or len(set(_LEGEND_LABEL.findall(around))) >= 2:
        shades.add("legend")
    shaded_rows = STATUS not in mapping.values() and len(shades - {"legend"}) >= 2 and "legend" in shades \
        and bool(prior_cells) and all(pc.frag.shade for pc in prior_cells if pc.frag.toks)
    # prior rows: one per prior cell; attach countries/answers by overlapping physical rows
    row_of_cell: list[tuple[Cell, LRow]] = []
    prev_last = lt.rows[-1] if lt.rows else None
    section_by_row: dict[int, str | None] = {}
    for r in range(pt.rows):
        if r in pt.title_rows:
            lt.cur_section = pt.title_rows[r]
        section_by_row[r] = lt.cur_section
    for c in pt.cells:                 # an article column ("Art. 7") names the section of the rows it spans
        if c.kind == ARTICLE and _has_words(c.frag.text):
            for r in range(c.r0, c.r1 + 1):
                section_by_row[r] = clean_text(c.frag.text)
    section = section_by_row.get(first_row)

    def overlapping(kind: str, cell: Cell) -> list[Cell]:
        return [c for c in pt.cells if c.kind == kind and c.r0 <= cell.r1 and c.r1 >= cell.r0]

    first_is_continuation = False
    meta_columns = bool({COUNTRY, ANSWER, STATUS} & set(mapping.values()))
    for idx, pc in enumerate(prior_cells):
        countries = [c.frag for c in overlapping(COUNTRY, pc)]
        answers = [c.frag for c in overlapping(ANSWER, pc)]
        statuses = [c.frag for c in overlapping(STATUS, pc)]
        no_meta = not any(f.toks for f in countries + answers + statuses)
        if idx == 0 and continuing and prev_last is not None and pc.r0 == first_row:
            prev_no_meta = not any(f.toks for f in prev_last.countries + prev_last.answers + prev_last.statuses)
            starts_lower = bool(pc.frag.toks) and pc.frag.toks[0].text[:1].islower()
            # only another cell's last line went on to this page ("Northern Ireland" of a country cell)
            empty_prior = not pc.frag.toks
            if not meta_columns:
                # no state, answer or status column to tell: the previous row's text must be unfinished
                # (or empty: its cell starts on this page), or this cell opens with the rest of the
                # row's inline meta ("Position: Noted")
                prev_text = stream_text(join_frags(prev_last.frags))[0].rstrip()
                no_meta = prev_no_meta = not (_TERMINAL.search(prev_text) or prev_text.endswith(")"))
                no_meta = no_meta or bool(pc.frag.toks and (_META_NEXT.match(pc.frag.text) or _POSITION_AFTER.match(
                    pc.frag.text)))         # ... or a bare one ("Supported" alone at the page's top)
            # (a row that prints its own item number at the page's top is a row of its own, however unfinished the
            # last page's text: "para. 120.46" under "… in mainstream schools", or its cell opens with it: "115.28 Sweden
            # Take …", red team 52b)
            own_number = not starts_lower and (any(_CELL_PARAGRAPH.fullmatch(number_text(c.frag.text)) or number_cell_parts(c.frag)
                                                   for c in overlapping(NUMBER, pc))
                                               or bool(_PRIOR_NUMBER.match(pc.frag.text) or _PIPED_HEAD.match(pc.frag.text)))
            if (no_meta or prev_no_meta or starts_lower or empty_prior) and not own_number:
                first_is_continuation = True
                prev_last.frags.append(pc.frag)
                prev_last.countries.extend(f for f in countries if f.toks)
                prev_last.answers.extend(f for f in answers if f.toks)
                prev_last.statuses.extend(f for f in statuses if f.toks)
                prev_last.grades.extend(c.frag for c in overlapping(GRADE, pc) if c.frag.toks)
                row_of_cell.append((pc, prev_last))
                continue
        lr = LRow(lt.table_no, len(lt.rows) + 1, section_by_row.get(pc.r0, section), [pc.frag],
                  [f for f in countries], [f for f in answers], pc.frag.bbox, pt.page, statuses)
        lr.grades = [c.frag for c in overlapping(GRADE, pc) if c.frag.toks]
        if shaded_rows and pc.frag.shade and not any(f.toks for f in lr.statuses):
            lr.statuses = [label_frag(pc.frag, pc.frag.shade)]
        numbered = [m.group(1) for c in overlapping(NUMBER, pc) if (m := _CELL_PARAGRAPH.fullmatch(number_text(c.frag.text)))]
        if not numbered:
            # a number cell that prints the recommending States and the position under the item: "para. 120.45" /
            # "Brazil" / "Supported"
            for c in overlapping(NUMBER, pc):
                if parts := number_cell_parts(c.frag):
                    numbered.append(parts[0])
                    if parts[1] is not None and not any(f.toks for f in lr.countries):
                        lr.countries = [parts[1]]
                    if parts[2] is not None and not any(f.toks for f in lr.answers):
                        lr.answers = [parts[2]]
        lr.number = numbered[0] if len(numbered) == 1 else None
        if lr.number is None:           # a row standing for several items: "139.1 – 139.5", "116.1; 116.2"
            lr.numbers = [n for c in overlapping(NUMBER, pc) for n in cell_items(c.frag.text)]
        cycles = {cycle_in(c.frag.text) for c in overlapping(CYCLE, pc)} - {None}
        lr.cycle = cycles.pop() if len(cycles) == 1 else None
        lt.rows.append(lr)
        row_of_cell.append((pc, lr))

    def rows_covered(cell: Cell) -> list[LRow]:
        return [lr for pc, lr in row_of_cell if pc.r0 <= cell.r1 and pc.r1 >= cell.r0]

    # the page's first row is a row of its own (its recommendation cell has text and does not go on from
    # the last page): a single-row cell of the last page's row that ends a sentence ends there, however full
    # its last line (a cell cut mid-sentence goes on: a merged cell may span the new row too); when that row
    # prints its own number ("139.19" in a "No." column), the cell ends there even unpunctuated (a bullet list
    # of comments seldom closes with a stop)
    own_first_row = not first_is_continuation and any(pc.r0 == first_row and pc.frag.toks for pc in prior_cells)
    numbered_first_row = own_first_row and any(pc.r0 == first_row and lr.number for pc, lr in row_of_cell)
    for kind in BLOCK_KINDS:
        prev_block = next((b for b in reversed(lt.blocks) if b.kind == kind), None)
        for c in sorted((c for c in pt.cells if c.kind == kind), key=lambda c: c.r0):
            covered = rows_covered(c)
            if not covered and c.fixed:
                # a row-wide "Suggested recommendation: …" under its recommendation's row follows that row up
                above = [(pc.r1, lr) for pc, lr in row_of_cell if pc.r1 < c.r0]
                covered = [max(above, key=lambda a: a[0])[1]] if above else [prev_last] if prev_last else []
            joined = False
            if (continuing and c.r0 == first_row and prev_block is not None and prev_last is not None
                    and prev_last in prev_block.rows and prev_block.frags):
                last = prev_block.frags[-1]
                # an empty cell under a merged cell that reached the page bottom: the merged
                # cell goes on (a single-row cell above it says nothing: not joined)
                empty_under_merged = not c.frag.toks and last.rows > 1
                ended = (own_first_row and last.rows <= 1 and bool(c.frag.toks) and bool(last.toks)
                         and not c.frag.toks[0].text[:1].islower()
                         and (numbered_first_row or (bool(_TERMINAL.search(last.toks[-1].text))
                                                     and not re.fullmatch(r"\d{1,3}\.", last.toks[-1].text))))
                if first_is_continuation or empty_under_merged or (c.frag.toks and not ended
                                                                    and frag_continues(last, c.frag)):
                    prev_block.frags.append(c.frag)
                    for lr in covered:
                        if lr not in prev_block.rows:
                            prev_block.rows.append(lr)
                    joined = True
            if joined:
                continue
            sec_c = section_by_row.get(c.r0, section)
            blk = LBlock(kind, lt.table_no, sec_c, [c.frag], covered)
            lt.blocks.append(blk)


# =============================================================================== units
@dataclass
class _Acc:
    unit: Unit
    sections: list[str]
    pages: set[int]
    related_rows: list[LRow]


def _pages_bbox(toks: list[Tok]) -> tuple[int | None, list[int], list[float] | None]:
    if not toks:
        return None, [], None
    pages = sorted({t.page for t in toks})
    first = [t for t in toks if t.page == pages[0]]
    bbox = [round(min(t.x0 for t in first), 2), round(min(t.top for t in first), 2),
            round(max(t.x1 for t in first), 2), round(max(t.bottom for t in first), 2)]
    return pages[0], pages, bbox


def segment_fact_sheet(path: Path, doc: Document, pages: list[Page]) -> list[Unit]:
    """Units of a CCPR Centre fact sheet (see the module docstring)."""
    return read_fact_sheet(path, doc, pages)[0]


def read_fact_sheet(path: Path, doc: Document, pages: list[Page], first_page: int = 1, prose_around: bool = False
                    ) -> tuple[list[Unit], dict[int, list[tuple[float, float, float, float]]], list[Citation]]:
    """The units of the tables from ``first_page`` on, the boxes of the tables read per page, and the citations
    of the items a row stands for when it stands for several or names by number only (:func:`build_units`).
    ``prose_around``: a submission's prose reader reads the rest, a skipped table's text too, so a
    table without a header is no loss to warn of."""
    path = Path(path)
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        with_text = {p.number for p in pages if p.spans} if pages else None
        numbers = [i for i in range(first_page, n + 1) if with_text is None or i in with_text]
        tables = read_tables(pdf, numbers)
    ltables = assemble(tables, doc.cycle, own_cycle=is_midterm(doc.title or ""), warn=not prose_around,
                       assessed=assessed_cycle(tables) if first_page == 1 else None)
    boxes: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
    for t in tables:
        if not t.skipped:                # a table read; a skipped one's text is left to the prose reader
            boxes[t.page].append(tuple(t.bbox))
    units, citations = build_units(ltables, doc)
    return legend_codes(traffic_lights(units), pages), dict(boxes), citations


#: a legend of status codes printed near a table: "F = fully implemented · P = partially implemented · N = not
#: implemented", "Rating: I – implemented; PI – partially implemented"
_LEGEND = re.compile(r"(?:(?<![\w-])(?P<code>[A-Z]{1,3})\s*(?:=|:|[–—-])|(?<!\S)(?P<symbol>[^\w\s.,;:()\[\]'\"’“”-])\s*(?:=|:|[–—-])?)"
                     r"\s*(?P<label>(?:(?:fully|largely|partially|partly|not(?:\s+yet)?)\s+)?"
                     r"implemented|not\s+started|in\s+progress|ongoing|no\s+information|no\s+progress)\b", re.I)


def legend_codes(units: list[Unit], pages: list[Page]) -> list[Unit]:
    """Printed statuses that are codes a legend of the document spells out ("F", "P", "N" under "F = fully
    implemented · P = partially implemented · N = not implemented"), or icons it spells out ("● Implemented
    ◐ Partially implemented ○ Not implemented ? No information"), read as the statuses they stand for. Only
    codes the legend defines, and only where two codes at least are defined (one "A: implemented" in a
    sentence is no legend); the Committee's grades keep their own scale."""
    labels = {u.grade_text.strip() for u in units if u.grade_text and len(u.grade_text.strip()) <= 3}
    if not labels:
        return units
    text = " ".join(s.text for p in pages for s in p.spans)
    legend: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        if m.group("symbol"):           # a status icon: "● Implemented ◐ Partially implemented ○ Not implemented"
            legend.setdefault(m.group("symbol"), m.group("label"))
        elif m.group("code").isupper():
            legend.setdefault(m.group("code"), m.group("label"))
    if len(legend) < 2 or not labels & legend.keys():
        return units
    for u in units:
        code = (u.grade_text or "").strip()
        if code in legend:
            u.grade_text = legend[code][:1].upper() + legend[code][1:]
    return units


#: a traffic-light status column: green / amber / red, printed as a letter or the colour's name
_LIGHTS = {"g": "Implemented", "a": "Partially implemented", "r": "Not implemented", **COLOUR_STATUS}


def traffic_lights(units: list[Unit]) -> list[Unit]:
    """Printed statuses that are traffic lights ("G" / "A" / "R", or the colours' names) read as the statuses
    they stand for. A sheet whose status labels are all such letters or colours, one of them green or red,
    is one: there "A" is amber (partially implemented), not the Committee's grade A (implemented)."""
    labels = {u.grade_text.strip().lower() for u in units if u.grade_text}
    if not labels or not labels <= set(_LIGHTS) or not labels & {"g", "r", "green", "red"}:
        return units
    for u in units:
        if u.grade_text:
            u.grade_text = _LIGHTS[u.grade_text.strip().lower()]
    return units


def _row_labels(accs: list["_Acc"]) -> list["_Acc"]:
    """A row's printed status, where one of its assessment cells prints it: a cell holding the label alone
    ("Implemented.") is no finding but the row's label, and a label that opens an assessment ("No information. The
    Commission has not received data …") is the row's too -- the other findings of that row alone (the State's
    "Action taken" beside the NHRI's assessment) take it, so the State's claim does not outweigh the printed status
    (red team 49c)."""
    def own_row(acc: "_Acc"):
        return acc.related_rows[0] if acc.unit.unit_type == "finding" and len(acc.related_rows) == 1 else None

    label_of: dict[int, str] = {}
    kept: list[_Acc] = []
    for acc in accs:
        lr = own_row(acc)
        label = acc.unit.grade_text if lr is not None else None
        if lr is not None and _LABEL_CELL.fullmatch(acc.unit.text):
            label_of.setdefault(id(lr), label or clean_text(acc.unit.text).rstrip("."))
            continue                    # the label alone: the row's status, no finding
        if lr is not None and label and opening_label(acc.unit.text):
            label_of.setdefault(id(lr), label)
        kept.append(acc)
    for acc in kept:
        if (lr := own_row(acc)) is not None and acc.unit.grade_text is None and acc.unit.grade is None \
                and id(lr) in label_of:
            acc.unit.grade_text = label_of[id(lr)]
    return kept


def build_units(ltables: list[LTable], doc: Document) -> tuple[list[Unit], list[Citation]]:
    """The units of the tables, and the citations of the items a row stands for when it stands for several
    ("139.1 – 139.5") or names them by number only."""
    accs: list[_Acc] = []
    prior_index: dict[tuple[str, str], _Acc] = {}
    other_index: dict[tuple[str, int | None, str], _Acc] = {}
    row_acc: dict[int, list[_Acc]] = defaultdict(list)   # id(LRow) -> its prior units (a cell may list several)
    counters: dict[str, int] = defaultdict(int)

    def add_section(acc: _Acc, sec: str | None) -> None:
        if sec and sec not in acc.sections:
            acc.sections.append(sec)

    for lt in ltables:
        # document order: by first row, prior column first, then committee, implementation, suggested
        items: list[tuple[int, int, object]] = []
        for lr in lt.rows:
            items.append((lr.row_no, 0, lr))
        for blk in lt.blocks:
            first = min((r.row_no for r in blk.rows), default=0)
            items.append((first, 1 + BLOCK_KINDS.index(blk.kind), blk))
        items.sort(key=lambda x: (x[0], x[1]))
        for _, _, obj in items:
            if isinstance(obj, LRow):
                _prior_unit(obj, lt, doc, prior_index, accs, row_acc, add_section)
            else:
                _block_units(obj, lt, doc, other_index, accs, counters, add_section)

    accs = _row_labels(accs)
    units: list[Unit] = []
    for ordinal, acc in enumerate(accs):
        u = acc.unit
        u.sections = acc.sections
        u.section = acc.sections[0] if acc.sections else None
        u.section_articles = section_articles(u.section)
        if len(acc.sections) > 1:
            arts = list(u.section_articles)
            for sec in acc.sections[1:]:
                arts += [a for a in section_articles(sec) if a not in arts]
            u.section_articles = arts
        u.pages = sorted(acc.pages)
        related: list[str] = []
        for lr in acc.related_rows:
            for pa in row_acc.get(id(lr), []):
                if pa.unit.unit_id not in related:
                    related.append(pa.unit.unit_id)
        u.related_unit_ids = related
        u.ordinal = ordinal
        units.append(u)
    # a row that stands for several items ("139.1 – 139.5"), or names its items by number only: what is said
    # beside it (and the finding that carries its printed status) cites every one of them
    citations: list[Citation] = []
    for acc in accs:
        if acc.unit.unit_type == "recommendation":
            continue
        items = list(dict.fromkeys(n for lr in acc.related_rows for n in lr.numbers))
        citations += [Citation(unit_id=acc.unit.unit_id, symbol=None, paragraph=n, state=None, raw=n) for n in items]
    return units, citations


#: a prior cell that carries its own states and position (three-column sheets):
#: "… the Convention against Torture (Denmark) Position: Supported 3" (a footnote number may follow)
#: a State's position printed bare after the states, on a line of its own: "… (Denmark) Supported"
_BARE_POSITION = r"(?:(?:not\s+)?(?:supported|accepted)|noted|rejected)(?:\s+in\s+part)?"
_INLINE_META = re.compile(r"\s*\((?P<states>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[.;,]?\s*"
                          r"(?:(?:position|response|answer|status)\s*:\s*(?P<answer>[^:()]{1,40}?)|(?P<bare>" + _BARE_POSITION + r"))?"
                          r"\s*\.?\s*\d{0,3}\s*$", re.I)


_LIST_END = re.compile(r"\s*[;,]\s*(?:and|or)?\s*$")
_LAST_PAREN = re.compile(r"\s*\((?P<states>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")

# a prior cell that opens with the report paragraph it quotes: "124.17 Ensure …", "124.17. Ensure …",
# "124.17 … protect" / "124.17 […] protect" (a quote cut at its start)
_PRIOR_NUMBER = re.compile(r"^\s*(\d{1,3}\.\d{1,3})\.?\s+(?:\[?(?:…|\.\.\.)\]?\s*(?=[A-Za-z“\"(])|(?=[A-Z“\"(]))")


#: a prior cell opening with its number, States and position set apart by bars: "130.12 | Germany | Supported Ensure …"
_PIPED_HEAD = re.compile(r"\s*(?:(?:rec(?:ommendation)?s?|para(?:graph)?|no)\.?\s*)?(?P<number>\d{1,3}\.\d{1,3})\.?"
                         r"\s*(?P<bar>[|¦]|\s[-–—]\s)\s*(?P<rest>.*)", re.S | re.I)
_PIPED_POSITION = re.compile(r"\s*(?P<position>" + _BARE_POSITION + r"|pending|under\s+consideration)\.?\s*(?:[|¦]\s*)?"
                             r"(?-i:(?=[A-Z“\"(]))", re.I)


def split_piped_head(text: str) -> tuple[str, list[str], str | None, str] | None:
    """(paragraph, recommending States, response, text) of a prior cell whose first line packs the item's number,
    its States and the position between bars ("130.12 | Germany, Norway | Supported" over the text; the position
    may be left out); None when the cell does not open so or its second part names no State."""
    if not (m := _PIPED_HEAD.match(text)):
        return None
    bar = m.group("bar").strip()          # "|", or a dash set between spaces: "Rec. 115.20 - Mexico, Chile - Supported"
    states_part, _, after = m.group("rest").partition(bar if bar in "|¦" else f" {bar} ")
    if after:                          # "Germany, Norway | Supported Ensure …" (the position may be left out)
        pos = _PIPED_POSITION.match(after)
        states = parse_countries([states_part])
        if not states or not all(is_state(s) for s in states):
            return None
        if pos:
            return m.group("number"), states, parse_answer(pos.group("position")), after[pos.end():].strip()
        return m.group("number"), states, None, after.strip()
    if lead := leading_states(states_part):      # no second bar: the longest run of words naming States opens the text
        return m.group("number"), lead[0], None, lead[1]
    return None


def leading_states(text: str) -> tuple[list[str], str] | None:
    """(States, the rest) of a text that opens with the States' names and goes on with a capitalised word ("Sweden,
    Norway Take urgent measures …", a number cell's lines read with the text); None when it does not."""
    words = text.split()
    for k in range(min(len(words) - 1, 12), 0, -1):
        states = parse_countries([" ".join(words[:k])])
        if states and all(is_state(s) for s in states) and words[k][:1].isupper():
            return states, " ".join(words[k:])
    return None


def split_inline_meta(text: str) -> tuple[str, list[str], str | None]:
    """(text, recommending states, response) of a prior cell that prints its states in a closing
    parenthesis and maybe its position after them; the text unchanged when the parenthesis
    names no known state ("… (CAT)", "… (2019)")."""
    m = _INLINE_META.search(text)
    if not m:
        return text, [], None
    states = parse_countries([m.group("states")])
    if not states or not all(is_state(s) for s in states):
        return text, [], None
    head = text[:m.start()].rstrip(" ;,")
    # one parenthesis per state: "… officers (Denmark) (Ireland)"
    while (more := _LAST_PAREN.search(head)) and (extra := parse_countries([more.group("states")])) and all(
            is_state(s) for s in extra):
        states = extra + [s for s in states if s not in extra]
        head = head[:more.start()].rstrip(" ;,")
    return head, states, parse_answer(m.group("answer") or m.group("bare") or "")


_META_NEXT = re.compile(r"(?:position|response|answer|status)\s*:|\d{1,3}\s*$", re.I)
#: a bare position after the states, which the cut between two recommendations of one cell goes past
_POSITION_AFTER = re.compile(r"\s*(?:(?:position|response|answer)\s*:\s*)?" + _BARE_POSITION + r"\b\s*\.?", re.I)
_STATES_PAREN = re.compile(r"\((?P<states>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[.;,]?")


def split_prior_items(text: str) -> list[str]:
    """A prior cell that lists several recommendations, each closed by its states in parentheses
    ("• Ratify … (Denmark, Czechia) • Establish … (France)", or one paragraph each), cut after each
    such parenthesis that more words follow; a cell of one recommendation is returned whole."""
    cuts = []
    for m in _STATES_PAREN.finditer(text):
        end = m.end()
        if pos := _POSITION_AFTER.match(text, end):
            end = pos.end()             # "(Denmark) Supported 164.2 Abolish …": the position is the first one's
        rest = text[end:].lstrip()
        if not rest or not (rest[0] in BULLETS or rest[0].isupper() or rest[0].isdigit()) or _META_NEXT.match(rest):
            continue
        states = parse_countries([m.group("states")])
        if states and all(is_state(s) for s in states):
            cuts.append(end)
    if not cuts:
        return [text]
    bounds = [0] + cuts + [len(text)]
    items = [_LEAD_BULLET.sub("", text[a:b].strip()) for a, b in zip(bounds, bounds[1:])]
    return [t for t in items if _has_words(t)]


#: where a report item opens with its number inside a cell, at the start or after the end of the one before
_NUMBERED_ITEM = re.compile(r"(?:^|(?<=[;.)])\s+)(?=\d{2,3}\.\d{1,3}\.?\s+[A-Z“\"])")


def split_numbered_items(text: str) -> list[str]:
    """A prior cell quoting several report items, each opening with its number ("143.5 Amend … (Germany);
    143.6 Simplify … (Norway)"), cut before each number; a cell that does not open with a number, or names one
    item, or whose numbers are not those of one report's closing paragraphs, is returned whole."""
    starts = [m.end() for m in _NUMBERED_ITEM.finditer(text)]
    if len(starts) < 2 or text[:starts[0]].strip():
        return [text]
    heads = {int(text[a:].split(".", 1)[0]) for a in starts}
    if max(heads) - min(heads) > 2:
        return [text]       # (the items of one report's closing paragraphs, 142.x and 143.y; not "… 20.5 per cent")
    return [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]


_CELL_PARAGRAPH = re.compile(r"(\d{1,3}\.\d{1,3})\.?")


def cell_items(cell: str) -> list[str]:
    """The report items a number cell names when it names several: a range ("139.1 – 139.5", "97.3-6") or a list
    ("116.1; 116.2", "134.12, 134.15 and 135.2"); [] for one number or anything else."""
    from .prose import parse_citations        # (prose imports this module's neighbours only)

    text = number_text(cell)
    if not re.fullmatch(r"[\d.\s,;–—-]+|[\d.\s,;–—-]*(?:\b(?:and|to)\b[\d.\s,;–—-]*)+", text):
        return []
    found = list(dict.fromkeys(p for _, p, _, _ in parse_citations(f"recommendations {text}")))
    return found if len(found) > 1 else []


_POSITION_WORDS = re.compile(r"(?:partially\s+)?(?:supported|accepted|noted|rejected)\.?", re.I)


def number_cell_parts(frag: "Frag") -> tuple[str, "Frag | None", "Frag | None"] | None:
    """A number cell that prints more than the item's number: "para. 120.45" / "Brazil" / "Supported" -> the
    paragraph, the States' words and the position's (each as a cell of its own, None when not printed); None
    when the cell does not open with a paragraph number."""
    toks = list(frag.toks)
    while toks and re.fullmatch(r"(?:para(?:graph)?s?|rec(?:ommendation)?s?|no)\.?", toks[0].text, re.I):
        toks = toks[1:]
    if len(toks) < 2 or not (m := _CELL_PARAGRAPH.fullmatch(toks[0].text)):
        return None
    rest = toks[1:]
    k = len(rest)
    while k > 0 and _POSITION_WORDS.fullmatch(" ".join(t.text for t in rest[k - 1:])):
        k -= 1
    states, position = rest[:k], rest[k:]
    if states and not re.search(r"[A-Za-z]", " ".join(t.text for t in states)):
        return None

    def sub(part: list[Tok]) -> "Frag | None":
        return Frag(part, frag.page, frag.bbox, frag.limit) if part else None
    return m.group(1), sub(states), sub(position)


def number_text(cell: str) -> str:
    """A number column's cell as one token: a paragraph number wrapped in a narrow column ("118.1" over
    "2") is printed on two lines."""
    return re.sub(r"(?<=[\d.])\s+(?=[\d.])", "", cell.strip())


# UN matrices print where the state's position comes from under each recommendation
_SOURCE_OF_POSITION = re.compile(r"\s*Source\s+of\s+position\s*:\s*A\s*/\s*HRC\s*/\s*[\w./]+(?:\s*/\s*Add\.\s*\d+)?", re.I)


def _prior_unit(lr: LRow, lt: LTable, doc: Document, index, accs, row_acc, add_section) -> None:
    toks = join_frags(lr.frags)
    text = _SOURCE_OF_POSITION.sub("", clean_text(stream_text(toks)[0])).strip()
    if not _has_words(text):
        # a row that names its items by number only ("139.1, 139.2, 139.3" beside a cluster's status): no text to
        # quote; its printed status is a finding that cites them (:func:`build_units`)
        numbers = cell_items(text) or ([m.group(1)] if (m := _CELL_PARAGRAPH.fullmatch(number_text(text))) else [])
        if numbers:
            lr.numbers = numbers        # (the assessment beside it cites them: "38.12" | "Executions have been …")
        if numbers and (label := row_status([lr])):
            said = f"{', '.join(numbers)}: {label}" + (f" ({lr.section})" if lr.section else "")
            unit = Unit(unit_id=unit_id(doc.doc_id, "finding", f"fs:numbers:{lt.table_no}:{lr.row_no}", said),
                        doc_id=doc.doc_id, unit_type="finding", text=said, page=lr.page, grade_text=label,
                        bbox=list(map(lambda v: round(v, 2), lr.bbox)) if lr.bbox else None,
                        provenance=f"table {lt.table_no} row {lr.row_no}: items by number and their status")
            acc = _Acc(unit, [], {f.page for f in lr.frags if f.toks}, [lr])
            add_section(acc, lr.section)
            accs.append(acc)
        return
    # a country cell broken across pages is one cell ("United Kingdom of Great Britain and" | "Northern Ireland")
    states = parse_countries([" ".join(f.text for f in lr.countries if f.toks)])
    answers = [f.text for f in lr.answers if f.toks]
    response = next((r for r in (parse_answer(a) for a in answers) if r), None)
    items = [(text, states, response)]
    if piped := split_piped_head(text):
        number, piped_states, piped_response, text = piped
        items = [(f"{number} {text}", states or piped_states, response or piped_response)]
    elif states and len(numbered := split_numbered_items(text)) > 1:
        # two items in one cell, each opening with its own number ("143.5 Amend … (Germany); 143.6 Simplify …
        # (Norway)"), the country cell naming the states of both: each item with the states of its own parentheses
        items = []
        for item in numbered:
            item, item_states, inline = split_inline_meta(item)
            items.append((item, item_states or states, response or inline))
    elif not states:          # no country column: the states may close the cell, "… (Canada, Norway)"
        items = []
        for item in split_prior_items(text):
            item, item_states, inline = split_inline_meta(item)
            items.append((item, item_states, response or inline))
    pages = {f.page for f in lr.frags + lr.countries + lr.answers if f.toks}
    for text, states, response in items:
        text = _LIST_END.sub("", text)      # quoted as printed in the report's list: "…;" or "…; and"
        paragraph = None
        if m := _PRIOR_NUMBER.match(text):      # "124.17 Ensure …": the report's paragraph, printed first
            paragraph, text = m.group(1), text[m.end():]
            if not states and (lead := leading_states(text)):
                states, text = lead             # ... and its States on the line under it: "115.28" / "Sweden" / "Take …"
        elif lr.number and len(items) == 1:     # ... or in a "Rec. No." column beside it
            paragraph = lr.number
        key = (text_key(text), text_key(" ".join(states)))
        acc = index.get(key)
        if acc is None:
            loc = f"fs:rec:{text_key(' '.join(states)) or 'unknown'}"
            bbox = list(map(lambda v: round(v, 2), lr.bbox)) if lr.bbox else None
            unit = Unit(
                unit_id=unit_id(doc.doc_id, "recommendation", loc, text), doc_id=doc.doc_id,
                unit_type="recommendation", cycle=lr.cycle or lt.prior_cycle, recommending_states=states,
                response=response, text=text, paragraph=paragraph, page=lr.page, bbox=bbox,
                provenance=f"table {lt.table_no} row {lr.row_no} col prior",
                grade_text=row_status([lr]) if len(items) == 1 else None,    # its printed status, if any
            )
            acc = _Acc(unit, [], set(), [])
            index[key] = acc
            accs.append(acc)
        elif acc.unit.response is None and response:
            acc.unit.response = response
        if acc.unit.grade_text is None and len(items) == 1:
            acc.unit.grade_text = row_status([lr])
        acc.pages |= pages
        add_section(acc, lr.section)
        row_acc[id(lr)].append(acc)


#: a header-less table whose cells all hold at most this many words is a legend or a key, skipped quietly
LEGEND_WORDS = 8

#: a cell of at least this many words in a column of no known kind is reported as text not read
UNREAD_WORDS = 12

#: a status column with a cell of more words than this is prose (an assessment), not printed labels
STATUS_WORDS = 4
#: a cell that holds a status label and nothing else
_LABEL_CELL = re.compile(r"\W*(?:(?:(?:fully|largely|partially|partly|substantially|not(?:\s+yet)?)\s+)?(?:implemented|started|"
                         r"achieved)|partially|no\s+(?:information|data|progress|action)|in\s+progress|on-?going|pending|unknown|"
                         r"unable\s+to\s+assess|not\s+assessed|completed?|[✓✔◐✗✘])\W*", re.I)


def row_grade(rows: list[LRow]) -> str | None:
    """The Committee grade a grade column prints beside the rows a Committee cell covers ("B1"), when
    they print one and the same."""
    grades = {clean_text(" ".join(f.text for f in lr.grades if f.toks)).strip("[]() ").upper() for lr in rows}
    grades.discard("")
    grade = grades.pop() if len(grades) == 1 else None
    return grade if grade in _GRADES else None


def column_statements(rows: list[LRow]) -> list[tuple[str | None, list[str], str | None, str | None]]:
    """The grades a grade column prints item by item beside the rows a Committee cell covers ("(a) [C] /
    (b) [A]", "(a) B2; (b) C1"), or a status in words ("Not implemented"), as
    :func:`_grade_statements` gives them: (paragraph, letters, grade, grade_text)."""
    texts = list(dict.fromkeys(t for lr in rows if (t := clean_text(" ".join(f.text for f in lr.grades if f.toks)))))
    text = " ".join(texts)
    if not text:
        return []
    # "(a) B2" is "(a) [B2]": the grade after its item, bracketed or not
    text = re.sub(r"(\([a-z]\))\s*[:–-]?\s*\[?(" + _GRADE_RE + r")\]?(?![\w\]])", r"\1 [\2]", text)
    if sm := _STATUS.match(text):
        return [(None, [], None, sm.group(0)[:1].upper() + sm.group(0)[1:])]
    return [st for st in _grade_statements(text) if st[1] and (st[2] or st[3])]


def graded_by_column(paragraph: str | None, statements: list[tuple[str | None, list[str], str | None, str | None]]
                     ) -> tuple[str | None, str | None]:
    """(grade, grade_text) a grade column's statements give the Committee item ``paragraph`` ("17(b)")."""
    num, _, letter = (paragraph or "").partition("(")
    letter = letter.rstrip(")")
    for para, letters, grade, gtext in statements:
        if (not letters or letter in letters) and (para is None or para == num):
            return grade, gtext
    return None, None


def row_status(rows: list[LRow]) -> str | None:
    """The status of implementation printed beside the rows an assessment covers ("Partially
    implemented"), when they print one and the same."""
    labels = {clean_text(" ".join(f.text for f in lr.statuses if f.toks)) for lr in rows}
    labels.discard("")
    return labels.pop() if len(labels) == 1 else None


def _block_units(blk: LBlock, lt: LTable, doc: Document, index, accs, counters, add_section) -> None:
    toks = join_frags(blk.frags)
    if not toks:
        return
    if blk.kind == COMMITTEE:
        pieces, utype, cycle = split_committee(toks), "committee_recommendation", None
    elif blk.kind == IMPLEMENTATION:
        pieces, utype, cycle = split_findings(toks), "finding", None
    else:
        pieces, utype, cycle = split_suggested(toks), "recommendation", lt.suggested_cycle
    rows = sorted(blk.rows, key=lambda r: r.row_no)
    printed = row_status(rows) if blk.kind == IMPLEMENTATION else None
    # a grade column grades the row's Committee items; in a tracker with no Committee column, its findings
    column_grade = row_grade(rows) if blk.kind == COMMITTEE or (
        blk.kind == IMPLEMENTATION and not any(b.kind == COMMITTEE for b in lt.blocks)) else None
    # ... or grades its items one by one ("(a) [C] / (b) [A]"), or prints a status in words ("Not implemented")
    statements = column_statements(rows) if blk.kind == COMMITTEE and column_grade is None else []
    row_txt = (f"row {rows[0].row_no}" if len(rows) == 1 else
               f"rows {rows[0].row_no}-{rows[-1].row_no}") if rows else "row ?"
    for piece in pieces:
        if _FILLER.fullmatch(piece.text):
            continue
        key = (utype, cycle, text_key(piece.text))
        acc = index.get(key)
        if acc is None:
            counters[blk.kind] += 1
            loc_part = piece.paragraph if (blk.kind == COMMITTEE and piece.paragraph) else str(counters[blk.kind])
            loc = f"fs:{blk.kind}:{loc_part}"
            page, pages, bbox = _pages_bbox(piece.toks)
            by_column = (None, None) if piece.grade or piece.grade_text else graded_by_column(piece.paragraph, statements)
            unit = Unit(
                unit_id=unit_id(doc.doc_id, utype, loc, piece.text), doc_id=doc.doc_id, unit_type=utype,
                cycle=cycle, paragraph=piece.paragraph, text=piece.text, page=page, bbox=bbox,
                provenance=f"table {lt.table_no} {row_txt} col {blk.kind}",
                grade=piece.grade or column_grade or by_column[0], grade_text=piece.grade_text or by_column[1] or printed or (
                    opening_label(piece.text) if blk.kind == IMPLEMENTATION else None),
            )
            acc = _Acc(unit, [], set(pages), [])
            index[key] = acc
            accs.append(acc)
        else:
            acc.pages |= {t.page for t in piece.toks}
            if acc.unit.grade is None and acc.unit.grade_text is None and (piece.grade or piece.grade_text):
                acc.unit.grade, acc.unit.grade_text = piece.grade, piece.grade_text
        add_section(acc, blk.section)
        for lr in rows:
            if lr not in acc.related_rows:
                acc.related_rows.append(lr)
