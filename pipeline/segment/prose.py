"""Prose documents: stakeholder submissions, and the paragraph fallback for unknown kinds.

A submission is built from headings (larger, bold or capitalised short lines), paragraphs,
bullets and footnotes. Its recommendations are the bullets (or numbered items) of the part
whose heading speaks of recommendations, and the items of a list that a lead-in opens
("5. The coalition recommends that the Government:"); its findings are the paragraphs of the
other parts, except the cover, introduction, contents and annexes. OHCHR asks submissions to
number their paragraphs, so a leading "5." is usually the paragraph's printed number (kept as
the unit's `paragraph`), not a bullet: the numbering runs on through the whole document, while
a list's items carry bullets, letters, sub-numbers ("5.1") or numbers that restart at 1.
Footnote markers are small raised numbers; the footnotes that cite earlier recommendations
become citations of the paragraph that carries the marker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..ids import text_key, unit_id
from ..layout import (BULLET_GLYPHS, REC_COLUMN, Line, Span, body_size, dehyphenate_join, document_lines, is_marker,
                      join_spans, table_header, text_without_markers)
from ..records import Citation, Document, Page, Unit
from ..states import find_states, is_state, mended, segment_states
from .blocks import blocks_units, is_block_tracker, is_field, opens_block, status_table_rows
from .language import (ask_of, opening_label, author_nouns, before_last_sentence, inline_items, introduces_recommendations,
                       makes_recommendation, opens_with_recommendation, opens_with_verb, own_recommendation, sentences)

# list items: a glyph (Word's Symbol-font bullets read as private-use characters), or a letter,
# roman numeral or number in parentheses: "(a)", "a)", "(iv)", "(2)"
_BULLET = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}✓–—-]|" r"\((?P<p>[a-z]|[ivx]{1,4}|\d{1,2})\)"
                     r"|(?P<l>[a-z]|[ivx]{1,4})\))\s+")
# a printed number: "5.", "5)", "5.1", "5.1." (paragraph numbers, or a list's numbered items)
_NUMBER = re.compile(r"^\s*(?:(?P<n>\d{1,2}(?:\.\d{1,2})*)[.)]\s+|(?P<s>\d{1,2}\.\d{1,2})\s+(?=[A-Z“\"‘(]))")
_LISTED = re.compile(r"^\s*\(?\d{1,2}[.)]\s+")      # what a heading cannot start with, besides a bullet
_TERMINAL = re.compile(r"[.:;!?\"”’)]\s*$")
log = logging.getLogger(__name__)

_SKIP_PART = re.compile(r"\b(introduction|contents|annex|bibliography|references|about\b|acknowledg|endnotes|further reference|methodology"
                        r"|abbreviations|acronyms|glossary"
                        r"|executive summary|^\W*summary\s*:?\s*$|^\s*(?:foot)?notes\s*:?\s*$)", re.I)
# ... of which these hold parts of their own (an annex's "A. Matrix"); after an introduction, a methodology or
# an "About us", a smaller heading ("A. Judicial independence", "1. CHILD MARRIAGE") is the text's next part
_SKIP_CONTAINER = re.compile(r"\b(contents|annex|bibliography|references|endnotes|further reference|abbreviations|acronyms|"
                             r"glossary|executive summary)|^\W*summary\s*:?\s*$|^\s*(?:foot)?notes\s*:?\s*$", re.I)
# the part of a submission that holds its recommendations: "Recommendations", "Key asks for the fourth
# cycle", "Our asks to the Government", "Calls to action"
_RECS_PART = re.compile(r"recommendation|\b(?:key|our|main|priority|specific)\s+asks?\b|^\W*(?:[IVX]+\.?\s+|\d+\.?\s+)?asks\b|"
                        r"\bcalls?\s+to\s+action\b", re.I)
# a recommendation labelled as such: "R1.", "R 2)", "Rec. 3:", "Recommendation 4:" (the number is kept)
REC_LABEL = re.compile(r"^(?:R\s?|Rec\.?\s*|Recommendation\s+(?:No\.?\s*)?)(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*[.:)\u2013\u2014-]\s+(?=\S)")
# ... or with no stop after the label, a tab or spaces only ("R1<tab>Ratify …"): then an ask must follow
_REC_LABEL_BARE = re.compile(r"^(?:R|Rec\.?\s*)(?P<n>\d{1,2})\s+(?=[A-Z])")


def rec_label_unpunctuated(body: str) -> re.Match[str] | None:
    """"R1 Ratify the Optional Protocol …": a recommendation's label with no stop after it, when an ask follows (not
    "R2 Billion was spent …")."""
    m = _REC_LABEL_BARE.match(body)
    return m if m and opens_with_verb(body[m.end():]) else None


# a cover: the title names the document, the lines under it the session, date and submitters
_TITLE = re.compile(r"\bsubmission\b|\bstakeholder|universal periodic review|\bUPR\b|\bmid-?term\s+(?:report|review|assessment)",
                    re.I)
_COVER = re.compile(r"\bsubmitted by\b|\b\d{1,2}(?:st|nd|rd|th) session\b|\bsession of the (?:UPR )?working group\b", re.I)
# a paragraph about the document itself, before its text: "This submission was prepared by …",
# "Submission by CIVICUS …", "Prepared by the Coalition …"
_ABOUT_DOC = re.compile(r"^(?:(?:this|the\s+present)\s+(?:joint\s+|civil[- ]society\s+|stakeholder\s+|mid-?term\s+)?"
                        r"(?:submission|report|contribution|document|compilation|tracker|matrix|table|landscape)"
                        r"\s+(?:(?:was|is|has\s+been|were)\s+(?:jointly\s+)?(?:prepared|submitted|written|compiled|drafted|produced)"
                        # what it is about, before any of it: "This submission highlights concerns about … It covers …",
                        # "This tracker assesses the implementation of …" (not "This report shows that …", a finding)
                        r"|(?:highlights|covers|focuses\s+on|addresses|examines|outlines|summari[sz]es|sets\s+out|"
                        r"(?:assesses|tracks|shows|monitors|presents|reviews|follows\s+up)\b(?!\s+that\b)|"
                        r"provides\s+(?:an?\s+)?(?:overview|update|information)))"
                        r"|(?:joint\s+)?(?:submission|report|contribution)\b[^.]{0,120}?\b(?:prepared|submitted|compiled)?\s*by\b"
                        r"|(?:prepared|submitted)(?:\s+(?:on|in)\s+[^.]{3,40}?)?\s+by\b"
                        # a run-in heading over the authors' own presentation: "About the submitting organisation. …"
                        r"|about\s+(?:the\s+)?(?:submitting\s+|reporting\s+)?(?:organi[sz]ations?|authors?|coalition|submitters?|"
                        r"contributors?)\b"
                        # the authors presenting themselves: "The Women's Rights Network of Georgia unites 23 organisations",
                        # "The Commission is an independent national human rights institution"
                        r"|(?:the\s+)?(?-i:[A-Z][\w'’&.-]*)(?:\s+(?:[\w'’&.()-]+)){0,9}?\s+(?:unites|brings\s+together|gathers|"
                        r"is\s+(?:an?|the)\s+(?:\w+\s+){0,4}?(?:coalition|network|platform|alliance|organi[sz]ation|association|ngo|"
                        r"institution|federation|union))\b"
                        # ... or saying what it does with the recommendations: "The Zimbabwe Human Rights Commission
                        # (ZHRC), established under section 242 of the Constitution, monitors the implementation of the
                        # recommendations that …"
                        r"|(?:the\s+)?(?-i:[A-Z][\w'’&.-]*)[^.]{0,160}?\b(?:monitors|tracks|follows|assesses|reviews)\s+the\s+"
                        r"implementation\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}?recommendations\b"
                        # ... or presenting the document: "The Government of Georgia presents this voluntary mid-term report"
                        r"|(?:the\s+)?(?-i:[A-Z][\w'’&.-]*)[^.]{0,80}?\b(?:presents|submits|publishes)\s+(?:this|the\s+present)\s+"
                        r"(?:[\w-]+\s+){0,3}?(?:report|submission|tracker|matrix|document|contribution)\b)", re.I)
# the authors' contact details: "For further information, please contact …", "Contact: …"
_CONTACT = re.compile(r"^(?:for\s+(?:further|more|additional)\s+information\b|please\s+contact\b|contacts?(?:\s+details|\s+person)?\s*:)"
                      # a letterhead or contact line: an address with a web or mail address, no sentence
                      r"|^(?=.{0,160}?(?:\bwww\.|https?://|\S+@\S+\.\w+))(?!.*(?-i:(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})\.\s+[A-Z]))[^!?]{0,200}$"
                      # (an abbreviation such as "Jr." or "Tel." ends no sentence); a postal address, no sentence: "Plot 17,
                      # Freedom Way, Kabwe", "P.O. Box 3410, Lusaka", "…, 12 Kabulonga Road, Lusaka"
                      r"|^(?=.{0,200}$)(?-i:(?!.*(?<![A-Z])[.!?]\s+[A-Z][a-z]))(?:[A-Z][\w ]{0,40}:\s+[^:]*?)?(?:P\.?\s?O\.?\s+Box\s+\d|"
                      r"Private\s+Bag\b|Plot\s+(?:No\.?\s*)?\d|Stand\s+(?:No\.?\s*)?\d|\d+[A-Za-z]?,?\s+(?-i:(?:[A-Z][a-z]+\s+){1,3})"
                      r"(?:Road|Street|Avenue|Drive|Lane|Way|Boulevard)\b).*"
                      # a letter's furniture: salutation,
                      # subject line, closing ("Dear Members of …,", "Re: …", "Yours sincerely")
                      r"|^(?:dear\s+[^.]{2,80},?|(?:re|subject)\s*:\s.{0,200}|yours\s+(?:sincerely|faithfully|truly),?|"
                      r"(?:with\s+)?(?:kind|best)\s+regards,?|sincerely,?|we\s+remain\s+at\s+your\s+disposal\b.{0,160}|"
                      # the recipient: OHCHR's address in Geneva
                      r"[^!?]{0,300}\b(?:palais\s+(?:wilson|des\s+nations)|ch-?\s?1211|1211\s+geneva)\b[^!?]{0,120})$"
                      # a contacts block: two or more labelled fields ("Address: … Email: … Website: …")
                      # with a mail or web address or a telephone number among them
                      r"|^(?=[^!?]{0,600}$)(?=(?:.*?\b(?:address|e-?mail|tel(?:ephone)?|phone|mobile|fax|website|web)\s*:){2})"
                      r"(?=.*?(?:\S+@\S+\.\w|\bwww\.|https?://|\b(?:tel(?:ephone)?|phone|mobile|fax)\s*:\s*\+?[\d(]))",
                      re.I)
_TOC_LINE = re.compile(r"^.{3,120}?\s\.{0,}\s*\d{1,3}$")
# a table-of-contents entry wherever it stands: a title, dot leaders ("....", ". . .", "…"), a page number
_LEADER_RUN = re.compile(r"(?:\s*[.·…_]\s*){4,}(\d{1,3})?(?=\s|$)")


def is_toc_text(text: str) -> bool:
    """A table of contents, or a stretch of one that was read as one block: titles of 2–150
    characters each followed by dot leaders ("....", ". . .", "…", "___") and, but for a last
    entry with long leaders (6 or more), a page number; nothing after the last leaders. (Four dots
    without a number also end sentences: "as follows....")."""
    runs = list(_LEADER_RUN.finditer(text))
    if not runs or text[runs[-1].end():].strip():
        return False
    starts = [0] + [r.end() for r in runs[:-1]]
    if any(not 2 <= len(text[a:r.start()].strip()) <= 150 for a, r in zip(starts, runs)):
        return False
    return all(r.group(1) is not None or (r is runs[-1] and len(re.sub(r"\s", "", r.group(0))) >= 6) for r in runs)
_SYMBOL = re.compile(r"A\s*/\s*HRC\s*/\s*(?:WG\.6\s*/\s*)?\d{1,2}\s*/\s*(?:L\.\s*\d{1,3}|[A-Z0-9]+)(?:\s*/\s*(?:Add\.\s*)?\d+)?")
# (no digit may follow the number, nor a dot and a digit: "12.03.2019" is a date, not item 12.0)
_CITED = re.compile(r"(?<![\d.])(\d{1,3}\.\d{1,3})(?!\d)(?!\.\d)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?")


@dataclass
class Block:
    kind: str                    # heading | paragraph | bullet
    lines: list[Line] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    label: str | None = None     # printed number ("5", "5.1") or item letter ("a", "iv"); None for glyphs
    side: list[str] = field(default_factory=list)   # a table's cells beside the block's text, top to bottom

    @property
    def text(self) -> str:
        return dehyphenate_join([text_without_markers(ln) for ln in self.lines])

    @property
    def body(self) -> str:
        """The text without its bullet or printed number."""
        return strip_label(self.text)


def label_of(text: str) -> tuple[str, str | None] | None:
    """(kind, label) of a line that opens a bullet or a numbered paragraph, else None:
    "• Ratify" -> ("bullet", None), "(a) Ratify" -> ("bullet", "a"), "5. The" -> ("paragraph", "5")."""
    if m := _BULLET.match(text):
        return "bullet", m.group("p") or m.group("l")
    if m := _NUMBER.match(text):
        return "paragraph", m.group("n") or m.group("s")
    return None


def strip_label(text: str) -> str:
    """Text without the bullet, letter or number it opens with."""
    for pattern in (_BULLET, _NUMBER):
        if m := pattern.match(text):
            return text[m.end():].strip()
    return text.strip()


_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|[A-H]\.)\s+(?=\S)")


def is_heading(line: Line, size: float) -> bool:
    text = line.text.strip()
    numbered = _SECTION_NUMBER.match(text)
    if numbered and (line.bold or line.size >= size + 1.0):
        text = text[numbered.end():]          # "1. Freedom of expression", "II. Torture"
    words = text.split()
    if text[:1].islower():
        return False                          # a sentence going on, never a heading
    if not words or len(words) > 16 or _BULLET.match(text) or _LISTED.match(text) or re.fullmatch(r"[\d\W]+", text):
        return False
    letters = [c for c in text if c.isalpha()]
    caps = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
    bigger = line.size >= size + 1.0
    # (a bold line in which a sentence ends and another begins is a bold lead-in sentence, not a heading)
    sentence_inside = bool(re.search(r"[a-z\d)][.!?]\s+[A-Z]", text))
    return bool((caps and len(letters) > 3) or (bigger and not text.endswith(".")) or (
        line.bold and not _TERMINAL.search(text) and len(words) <= 12 and not sentence_inside))


def footnotes(per_page: list[list[Line]]) -> dict[str, str]:
    """Footnote number -> text, from the footnote blocks of every page."""
    notes: dict[str, str] = {}
    current: str | None = None
    last = 0                         # the last numbered note: UN documents print "2 See A/HRC/46/9, …" in one run
    for lines in per_page:
        for ln in lines:
            if ln.role != "footnote":
                continue
            m = re.match(r"^\s*(\d{1,3}|\*{1,3})\s*(.*)$", ln.text)
            first_small = ln.spans and ln.spans[0].size <= ln.size * 0.9 or (m and m.group(1) == ln.spans[0].text.strip())
            # (a marker set in the note's own size counts when it is the next number: "12 August 2019" goes on)
            next_in_count = bool(m) and m.group(1).isdigit() and int(m.group(1)) == last + 1 and bool(m.group(2))
            if m and (first_small or next_in_count):
                current = m.group(1)
                last = int(current) if current.isdigit() else last
                notes[current] = m.group(2).strip()
            elif current is not None:
                notes[current] = dehyphenate_join([notes[current], ln.text])
    return notes


_NOTES_HEADING = re.compile(r"^\s*(?:end\s*notes|notes|footnotes|notes and references)\s*:?\s*$", re.I)
_ROMAN = {r: i for i, r in enumerate(
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii xxiv xxv xxvi xxvii "
    "xxviii xxix xxx xxxi xxxii xxxiii xxxiv xxxv xxxvi xxxvii xxxviii xxxix xl".split(), 1)}


def _note_number(marker: str) -> int | None:
    return int(marker) if marker.isdigit() else _ROMAN.get(marker)


def endnotes(per_page: list[list[Line]]) -> dict[str, str]:
    """Endnote marker -> text, from the body lines after a heading "Endnotes" / "Notes" to the
    end of the document. A note starts with its marker ("1 A/HRC/…", "iv A/HRC/…"), which must
    be the next in the count: a wrapped line starting with a date ("12 August 2019") goes on."""
    # Word sets endnotes smaller than the body, so a page's notes may read as its footnote block
    lines = [ln for page in per_page for ln in page if ln.role in ("body", "footnote")]
    start = next((i for i in range(len(lines) - 1, -1, -1) if _NOTES_HEADING.match(lines[i].text)), None)
    notes: dict[str, str] = {}
    if start is None:
        return notes
    current, expected = None, 1
    for ln in lines[start + 1:]:
        m = re.match(r"^\s*(\d{1,3}|[ivxlc]{1,6}|\*{1,3})[.)]?\s+(.*)$", ln.text)
        if m and (_note_number(m.group(1)) == expected or m.group(1).startswith("*")):
            current = m.group(1)
            notes[current] = m.group(2).strip()
            expected += 0 if current.startswith("*") else 1
        elif current is not None:
            notes[current] = dehyphenate_join([notes[current], ln.text])
    return notes


#: a note cites recommendations when it says so: "recommendation(s)", "Rec." / "recs", "para(s).", "UPR"
_NOTE_CITES = re.compile(r"recommendation|\brecs?\b|para|\bUPR\b", re.I)
#: a note that holds nothing but items ("38.19.", "38.25 (Germany)", "38.3, 38.5"): it cites them
_ONLY_ITEMS = re.compile(r"(?:\d{2,3}\.\d{1,3}(?:\s*\([^()]{2,60}\))?(?:\s*(?:,|;|and|&|to|[-–—‑])\s*)?)+\.?")
#: a run of items of one paragraph: "115.30–115.32", "97.3-97.6", "151.120 to 151.130", "97.3-6"
_RANGE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\s*(?:-|–|—|‑|to)\s*(?:(\d{1,3})\.)?(\d{1,3})(?![\d.]*\d)")
_MAX_RANGE = 60
_STATES_AFTER = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)?)\)")


def _report_symbol(symbol: str) -> str:
    """A recommendation cited in an addendum ("A/HRC/40/11/Add.1, recommendation 151.120") is the
    report's: an addendum numbers no recommendations of its own."""
    return re.sub(r"/Add\.\d+$", "", symbol)


#: the State's position on recommendations it received, introducing their quotes: "Tunisia noted the
#: following recommendation:", "The Government supported two recommendations on the death penalty:"
_STATE_POSITION_LEAD = re.compile(r"\b(?:noted|supported|accepted|rejected|received|did\s+not\s+support)\s+(?:the\s+following|"
                                  r"(?:\w+\s+){0,2}recommendations?)\b[^:]{0,80}:\s*$", re.I)
#: a line naming the earlier recommendations a new one follows up: "Previous recommendations: 118.4
#: (Brazil)", "Related UPR recommendation(s): …", "Relevant prior recommendations – …"
_PREVIOUS_RECS = re.compile(r"^(?:previous|related|relevant|prior|earlier|past|corresponding)\s+(?:(?:upr|prior|previous|"
                            r"third[- ]cycle|second[- ]cycle|cycle)\s+)*recommendations?(?:\s*\(s\))?\s*[:\u2013\u2014-]\s*(?=\S)", re.I)
# a state after the number inside one parenthesis: "(rec. 115.23, Germany)", "(rec. 115.25, Austria; rec. …)",
# "(A/HRC/46/8, para. 112.4, Denmark)"
_COMMA_STATE = re.compile(r"\s*,\s*([A-Z][^,;()]{2,60}?(?:\s*\([^()]*\))?)\s*(?=[);]|\.?\s*$)")


def _without_response(text: str) -> str:
    """The states of a parenthesis without the State's response after them: "United States of America;
    supported" -> "United States of America"."""
    return re.sub(r"\s*[;,]\s*(?:supported|accepted|noted|rejected)\s*$", "", text, flags=re.I)


#: a parenthesis right after another: "121.5 (Trinidad and Tobago) (Saint Lucia)"
_NEXT_PAREN = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def _names_states(text: str) -> bool:
    """Does a parenthesis after a cited number name states ("Canada, Norway", "Bolivia (Plurinational
    State of)", "Saint Vincent and the Grenadines, Holy See"), not gloss the recommendation ("recommendations to
    criminalise torture …")?"""
    return text[:1].isupper() and (all_states(text) or all(is_state(p) or (p[:1].isupper() and len(p.split()) <= 8)
                                                           for p in re.split(r"\s*[,;]\s*|\s+and\s+", text) if p))


def all_states(text: str) -> bool:
    """Does the text list States and nothing else ("Norway", "Antigua and Barbuda, Trinidad and Tobago": a name holding
    "and" is one State, not two words that are none)?"""
    return bool(text.strip()) and segment_states(text) is not None


def parse_citations(note: str) -> list[tuple[str | None, str, str | None, str]]:
    """(symbol, paragraph, state, raw) for each recommendation a footnote cites. A range of items
    ("115.30–115.32") cites every item in it."""
    out = []
    if not _NOTE_CITES.search(note) and not _ONLY_ITEMS.fullmatch(note.strip()):
        return out
    symbols = [(m.start(), _report_symbol(re.sub(r"\s+", "", m.group(0)))) for m in _SYMBOL.finditer(note)]
    cited = list(_CITED.finditer(note))
    # a note may cite several documents, one per clause: "Ibid., para. 111.8; see also A/HRC/47/10, para.
    # 122.8." -- each clause's numbers take a symbol of their own clause first
    clauses = [0] + [m.end() for m in re.finditer(r";|\.\s+(?=[A-Z])", note)] + [len(note) + 1]

    def symbol_at(pos: int) -> str | None:
        k = next(i for i in range(len(clauses) - 1) if clauses[i] <= pos < clauses[i + 1])
        own = [(at, sym) for at, sym in symbols if clauses[k] <= at < clauses[k + 1]]
        mine = [c for c in cited if clauses[k] <= c.start() < clauses[k + 1]]
        if own:
            # "A/HRC/40/11, paras. 114.3 and 114.5": a number takes the symbol before it; "Recommendations
            # 114.7 (Norway) and 114.9 (Japan), A/HRC/40/11": the clause names the symbol after its numbers
            if own[0][0] > mine[0].start():
                return next((sym for at, sym in own if at > pos), own[-1][1])
            return next((sym for at, sym in reversed(own) if at < pos), own[0][1])
        # a clause naming no report: the report named before it, never one a later clause names
        return next((sym for at, sym in reversed(symbols) if at < clauses[k]), None)

    inner: dict[int, list[str]] = {}            # a range's start -> the items between its ends
    for r in _RANGE.finditer(note):
        para, first, last = r.group(1), int(r.group(2)), int(r.group(4))
        if (r.group(3) is None or r.group(3) == para) and 0 < last - first <= _MAX_RANGE:
            inner[r.start()] = [f"{para}.{i}" for i in range(first + 1, last + (r.group(3) is None))]
            if r.group(3) is None and (st := _STATES_AFTER.match(note, r.end())):   # "97.3-6 (Brazil)"
                inner[r.start()][-1] += f" ({st.group(1)})"
    for m in cited:
        symbol = symbol_at(m.start())
        if symbol is None and int(m.group(1).split(".")[0]) < 20:
            continue        # "Ombudsman's Report No. 189, para. 4.3": no report numbers its items so low
        state = _without_response(m.group(2).strip()) if m.group(2) else None
        if state is not None and (not _names_states(state) or _SYMBOL.search(state)):
            state = None        # a gloss, "(recommendations to criminalise torture …)", or the report "(A/HRC/28/10)", is no state
        if state is None and (after_comma := _COMMA_STATE.match(note, m.end())) and is_state(after_comma.group(1)):
            state = after_comma.group(1)        # "(rec. 115.23, Germany)"
        at = m.end()
        while state and (more := _NEXT_PAREN.match(note, at)) and all_states(more.group(1)):
            state, at = f"{state}, {more.group(1)}", more.end()    # one parenthesis per State: "121.5 (Chile) (Peru)"
        out.append((symbol, m.group(1), state, m.group(0).strip()))
        for raw in inner.get(m.start(), []):
            number, _, rest = raw.partition(" (")
            if not any(number == p for _, p, _, _ in out):
                out.append((symbol, number, rest[:-1] or None, raw))
    return out


#: verbs that open a reader's directions, not an ask of the State: "See annex 2 …", "Visit our website …"
_DIRECTIONS = re.compile(r"^\W*(?:see|refer|read|visit|find|click|download|contact|go|turn|write|call|email|e-mail)\b", re.I)


def asks_only(paragraph: str) -> bool:
    """A paragraph of the authors' prose made of nothing but asks: it opens with a verb recommendations begin with
    and every sentence recommends ("Adopt the implementing decree of the 2021 law and provide …. Sanction those
    who exploit them."). Joint submissions print their recommendations so, numbered and in bold, between the
    paragraphs of findings (the caller asks for the bold type: in body type "Separate quarters for minors now
    exist …" opens with such a verb too). Directions to the reader ("See annex 2 …") and lines too short to ask
    anything are none."""
    said = sentences(paragraph)
    return (len(paragraph.split()) >= 6 and opens_with_verb(paragraph) and not _DIRECTIONS.match(paragraph)
            and bool(said) and all(makes_recommendation(x) for x in said))


def note_items(note: str) -> list[tuple[str | None, str, str | None, str]]:
    """(symbol, paragraph, state, raw) for each report item a note names by its number and recommending states
    alone, with no word for recommendation: "133.17 (Slovenia).", "See 118.23 (France); 118.24 (Spain)." A number
    whose parentheses hold no state ("Decree No. 45.12 (2019)") is none."""
    return [c for c in parse_citations(f"recommendations {note}") if c[2] and int(c[1].split(".")[0]) >= 20]


def side_citations(cell: str) -> list[tuple[str | None, str, str | None, str]]:
    """(symbol, paragraph, state, raw) for each report paragraph a table's side cell names:
    "110.2 (Canada); 110.3 (Norway)", "A/HRC/41/99, 110.2". A number counts where the cell speaks of
    recommendations, names a symbol or a state in parentheses, or holds nothing but such numbers
    ("124.4; 124.5"): a figure such as "12.5 %" in a cell of words is no citation. Bare numbers must
    be the items of a report's closing paragraphs (80.1, 115.23: numbered after the report's own
    paragraphs), not SDG targets ("6.1, 16.3") in a "Related SDG target" column nor a column of
    figures (one ends in ".0", which numbers no item)."""
    found = parse_citations(cell if _CITES_WORD.search(cell) else f"recommendations {cell}")
    if not found:
        return []
    bare = not re.sub(r"[\d.,;:()\s–-]|\band\b", "", _CITED.sub("", _SYMBOL.sub("", cell)))
    bare = bare and all(int(paragraph.split(".")[0]) >= 20 for _, paragraph, _, _ in found)
    # (no report numbers an item "x.0": a column holding one is figures, "31.4 36.2 38.0" per cent; nor do the items a
    # cell cites come from three paragraphs or more: "98.4 104.7 110.2 115.6" is a row of figures, red team 49b)
    bare = bare and not any(paragraph.endswith(".0") for _, paragraph, _, _ in found)
    bare = bare and len({paragraph.split(".")[0] for _, paragraph, _, _ in found}) <= 2
    if _CITES_WORD.search(cell) or _SYMBOL.search(cell) or bare or any(state for _, _, state, _ in found):
        return found
    return []


_CITES_WORD = re.compile(r"recommendation|\bpara|\bUPR\b", re.I)
# in running text: "… recommendations 125.12 (Norway) and 125.15 (Chile) …", "paras. 125.30 and 125.31",
# "117.1 (Montenegro) (Rwanda) (Spain) and 117.2 (Australia)" (one group per state, as reports print them)
# (also "rec. no. 118.1", "(see 118.13)", and a State's response before the number: "and noted 119.8")
_INLINE_RUN = re.compile(r"\b(?:recommendations?|recs?\.?|paras?\.?|paragraphs?|recommended\s+in|see(?:\s+also)?|"
                         r"supported|accepted|noted|rejected)\s+(?:(?:nos?|numbers?)\.?\s+)?(?:\d{1,3}\.\d{1,3}(?![\d.]\d)"
                         r"(?:\s*[-–—‑]\s*\d{1,3}(?![.\d]))?"          # (a short range's end: "paras 38.45–47")
                         r"(?:\s*\((?:[^()]|\([^()]*\))*\))*(?:\s*(?:,|;|and|&|-|–|—|to)\s*)?)+", re.I)
# "Paragraph 38.3 of the Juba Peace Agreement", "para. 4.2 of the Constitution": a paragraph of a text named after it
# that is not a UPR document (not "of the report", "of A/HRC/48/9", "of the Working Group's report")
_OTHER_TEXT_PARAGRAPH = re.compile(r"paras?\.?\s|paragraphs?\s", re.I)
_OF_NAMED_TEXT = re.compile(r"\s*,?\s+of\s+(?:the\s+|its\s+|their\s+)?(?!(?:Report|Working\s+Group|UPR|Universal|Human\s+Rights\s+Council|"
                            r"Outcome|A\s*/\s*HRC)\b)(?-i:[A-Z])", re.I)
# "… as recommended by Brazil (A/HRC/36/5, para. 125.4)": a report cited in parentheses
# (the states of an item may stand in parentheses of their own inside: "(A/HRC/38/8, para. 127.5 (Mexico))")
_INLINE_SYMBOL = re.compile(r"\((\s*A\s*/\s*HRC\s*/[^()]*(?:\([^()]*\)[^()]*)*)\)")
_BY_STATE = re.compile(r"\bby\s+(?:the\s+)?(.{2,60}?)\s*$")
# the states named after "recommended by" up to the report in parentheses: each citation of the
# parentheses gets all of them (which made which is not said; linking checks the report item's states)
_MADE_BY = re.compile(r"\b(?:recommended|made|proposed|put\s+forward|suggested)\s+by\s+([^.;()]{2,100}?)\s*$", re.I)
# a report named in parentheses later in the same sentence, with no number of its own
_SYMBOL_LATER = re.compile(r"[^.;()]{0,200}?(?:\([^()]*\)[^.;()]{0,200}?)?\((\s*A\s*/\s*HRC\s*/[^()]*?)\)")


def _symbol_later(text: str, pos: int) -> re.Match[str] | None:
    """The report named in parentheses later in the sentence from ``pos``, if it cites no number of its
    own ("… (A/HRC/37/17)", not "… (A/HRC/36/5, paras. 125.30 and 125.31)")."""
    m = _SYMBOL_LATER.match(text, pos)
    return m if m and not re.search(r"\d{1,3}\.\d{1,3}", _SYMBOL.sub("", m.group(1))) else None


#: words before a list of items in parentheses that say the numbers are recommendations
_LIST_CONTEXT = re.compile(r"recommend|\brecs?\b|\bUPR\b|\b(?:supported|accepted|noted|rejected|received)\b", re.I)
#: ... and around it that they are figures: "rose to (115.4, 115.9 and 116.3) in 2019, 2020 and 2021"
_FIGURES_BEFORE = re.compile(r"\b(?:rose|risen|fell|fallen|reached|stood|increased|decreased|dropped|grew|grown|amounted|"
                             r"totall?ed|averaged|was|were|is|are|of|at|from|between)\s+(?:to\s+|at\s+|by\s+)?$", re.I)
_YEARS_AFTER = re.compile(r"\s*(?:in|for|during|over|between)\s+(?:19|20)\d\d\b", re.I)
_ITEM = r"\d{2,3}\.\d{1,3}(?![\d.]\d)"
_ITEM_LIST = re.compile(rf"\(\s*({_ITEM}(?:\s*(?:,|;|and|&|to|[-–—‑])\s*(?:{_ITEM}|\d{{1,3}}(?![.\d])))+)\s*\)(?!\s*(?:%|per\s*cent|percent))",
                        re.I)
_STATE_THEN_ITEM = re.compile(r"\(([A-Z][^()\d]{2,60})\)\s*(\d{2,3}\.\d{1,3})(?![\d.]\d)(?!\s*(?:%|per\s*cent|percent|million|billion))")
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z“\"])")
_SYMBOL_ALONE = re.compile(r"\(\s*(" + _SYMBOL.pattern + r")\s*\)")     # "(A/HRC/37/14)"


def _symbol_earlier(text: str, pos: int) -> str | None:
    """The report named on its own in parentheses earlier in the sentence that ``pos`` is in: "In its
    third review (A/HRC/37/14), Zambia supported recommendations 118.3, 118.5 and 118.9"."""
    start = max((m.end() for m in _SENTENCE_START.finditer(text, 0, pos)), default=0)
    found = [m.group(1) for m in _SYMBOL_ALONE.finditer(text, start, pos)]
    return found[-1] if found else None


_STATE_FIRST = re.compile(r"\b((?-i:[A-Z][\w’'-]*)(?:\s+(?:(?-i:[A-Z][\w’'-]*)|of|and|the))*)(?:['’]s\s+recommendations?)?"
                          r"\s*\((\d{1,3}\.\d{1,3})\)")
_RECOMMENDATION_OF = re.compile(r"\brecommendations?\s+(?:made\s+|put\s+forward\s+)?(?:of|by|from)\s+(?:the\s+)?"
                                r"([A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|the))*(?:\s+\([^()]*\))?)")


_NUMBER_THEN_STATES = re.compile(r"\((\d{1,3}\.\d{1,3})\s*[,;]\s*([A-Z][^()]{2,80}?)\)")
_STATES_THEN_NUMBER = re.compile(r"\(([A-Z][^()\d]{2,80}?)\s*[,;:]\s*(\d{2,3}\.\d{1,3})\)")
#: a number with the cycle that gave it, in a list of such: "109.47 in the second cycle", "142.18 in the third"
_CYCLE_DATED = re.compile(r"(?:(?:recs?\.?|recommendations?)\s*)?(\d{2,3}\.\d{1,3})\s+(?:in|of|from)\s+the\s+"
                          r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)(?:[\s-]+(?:UPR\s+)?(?:cycle|review))?",
                          re.I)


def inline_citations(text: str) -> list[tuple[str | None, str, str | None, str]]:
    """(symbol, paragraph, state, raw) for each earlier recommendation a paragraph cites in its own
    text rather than in a note: a report in parentheses with paragraph numbers ("(A/HRC/36/5, para.
    125.4)", its state from "recommended by Brazil" just before), or numbers right after
    "recommendation(s)" / "para(s)." ("recommendations 125.12 (Norway) and 125.15 (Chile)"). A bare
    figure in the text ("12.5 per cent") is none."""
    out: list[tuple[str | None, str, str | None, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _INLINE_SYMBOL.finditer(text):
        found = parse_citations(m.group(1) if _CITES_WORD.search(m.group(1)) else f"recommendations {m.group(1)}")
        by = _BY_STATE.search(text[max(0, m.start() - 80):m.start()])
        state = by.group(1) if by and is_state(by.group(1)) else None
        if state is None and (made := _MADE_BY.search(text[max(0, m.start() - 120):m.start()])):
            state = ", ".join(find_states(made.group(1))) or None   # "recommended by Zambia and Belgium in the third cycle"
        if state is None:       # "the recommendation of Norway to ensure … (A/HRC/37/8, para. 111.67)"
            of = [x for x in _RECOMMENDATION_OF.finditer(text[max(0, m.start() - 250):m.start()]) if is_state(x.group(1))]
            state = of[-1].group(1) if of else None
        out += [(sym, par, st or state, raw) for sym, par, st, raw in found]
        taken.append(m.span())
    for m in _INLINE_RUN.finditer(text):
        if re.match(r"\s*(?:%|per\s*cent|percent)", text[m.end():]) and not re.search(r"[()]", m.group(0)):
            continue          # "noted 25.3 per cent": a figure
        if _OTHER_TEXT_PARAGRAPH.match(m.group(0)) and _OF_NAMED_TEXT.match(text, m.end()):
            continue          # "Paragraph 38.3 of the Juba Peace Agreement": a paragraph of another text
        if not any(a <= m.start() < b for a, b in taken):
            run = re.sub(r"^(?:recommended\s+in|see(?:\s+also)?|supported|accepted|noted|rejected)", "recommendations",
                         m.group(0), flags=re.I)    # "as recommended in 115.3", "(see 118.13)", "noted 119.8"
            by = re.search(r"\b(?:recommended|made|proposed|put\s+forward)\s+by\s+([^.;()]{2,80}?)\s*\(\s*$",
                           text[max(0, m.start() - 100):m.start()])
            if by and "(" not in run and (names := find_states(by.group(1))):
                run = f"{run.rstrip(' ,;')} ({', '.join(names)})"   # "as recommended by Mexico (rec. 128.5)"
            elif (st := re.match(r"\s*([A-Z][^,;()]{2,60}?)\s*[);]", text[m.end():])) and is_state(st.group(1)):
                run = f"{run.rstrip(' ,')}, {st.group(1)})"       # "(rec. 115.23, Germany)": the run stopped at the comma
            elif (lead := re.match(r"\s*(?:of\s+(?:the\s+report\s+)?|in\s+|,\s*)?(?=A\s*/\s*HRC)", text[m.end():])) \
                    and (sym := _SYMBOL.match(text, m.end() + lead.end())):
                run = f"{run} {sym.group(0)}"      # "recommendations 118.7 (Chile) and 118.9 (Uruguay) of A/HRC/39/12"
            elif not _SYMBOL.search(run) and (later := _symbol_later(text, m.end())):
                run = f"{run} {later.group(1)}"    # "recommendation 116.30 (Norway) to repeal … (A/HRC/37/17)"
            elif not _SYMBOL.search(run) and (earlier := _symbol_earlier(text, m.start())):
                run = f"{run} {earlier}"           # "In its third review (A/HRC/37/14), … recommendations 118.3"
            out += parse_citations(run)
            taken.append(m.span())
    # the state first: "the recommendations from Australia (99.46) and New Zealand (99.47)", "Chile's
    # recommendation (99.88)"
    for m in _STATE_FIRST.finditer(text):
        names = segment_states(m.group(1)) or []
        # (one state, or several: "as recommended by Sierra Leone and Belgium (131.5)", "Trinidad and Tobago (121.4)")
        if (is_state(m.group(1)) or (len(names) > 1)) \
                and not any(a <= m.start(2) < b for a, b in taken):
            later = _symbol_later(text, m.end())
            out += parse_citations(f"recommendation {m.group(2)} ({', '.join(names)})" + (f" {later.group(1)}" if later else ""))
            taken.append(m.span(2))
    # a number and its states in one pair of parentheses, either way round: "(126.9, Germany)", "(118.30; Iceland,
    # Slovenia)", "(Canada, 142.10)", "(France and Chile; 142.10)"
    for pattern, num, who in ((_NUMBER_THEN_STATES, 1, 2), (_STATES_THEN_NUMBER, 2, 1)):
        for m in pattern.finditer(text):
            names = segment_states(_without_response(m.group(who))) or []
            if not any(a <= m.start(num) < b for a, b in taken) and names \
                    and int(m.group(num).split(".")[0]) >= 20:
                out += parse_citations(f"recommendation {m.group(num)} ({', '.join(names)})")
                taken.append(m.span())
    # the State in parentheses before the number: "supported the recommendation (Germany) 38.57"
    for m in _STATE_THEN_ITEM.finditer(text):
        names = [n for n in re.split(r"\s*,\s*|\s+and\s+", m.group(1)) if n]
        if not any(a <= m.start(2) < b for a, b in taken) and names and all(is_state(n) for n in names) \
                and int(m.group(2).split(".")[0]) >= 20:
            out += parse_citations(f"recommendation {m.group(2)} ({', '.join(names)})")
            taken.append(m.span())
    # numbers each dated by the cycle that gave it: "(109.47 in the second cycle; 142.18 in the third)"
    for m in re.finditer(r"\(([^()]{8,160})\)", text):
        pieces = [p for p in re.split(r"\s*[;,]\s*|\s+and\s+", m.group(1)) if p]
        if pieces and all(_CYCLE_DATED.fullmatch(p) for p in pieces) \
                and not any(a <= m.start() < b for a, b in taken):
            for p in pieces:
                out += parse_citations(f"recommendation {_CYCLE_DATED.fullmatch(p).group(1)}")
            taken.append(m.span())
    # a number alone in parentheses after what it says of it: "… now applies without reservations (148.3)." -- an
    # item of a report's closing paragraphs (numbered 20 on), not a figure or a target ("SDG (16.10)", "art. (20.1)")
    for m in re.finditer(r"\((\d{2,3}\.\d{1,3})\)(?!\s*(?:%|per\s*cent|percent|million|billion))", text):
        if not any(a <= m.start(1) < b for a, b in taken) and int(m.group(1).split(".")[0]) >= 20 \
                and not re.search(r"(?:articles?|arts?\.|sections?|s\.|sdgs?|targets?|goals?|indicators?|laws?|acts?|"
                                  r"no\.|para(?:graph)?s?\.?|chapters?|figures?|tables?|[%$€£])\s*$",
                                  text[max(0, m.start() - 14):m.start()], re.I):
            out += parse_citations(f"recommendation {m.group(1)}")
            taken.append(m.span())
    # a list or range of items alone in parentheses: "(38.23, 38.24 and 38.26)", "(38.12; 38.14)", "(38.2 and 38.29 to
    # 38.33)", "(paras 38.45–47)" -- items of a report's closing paragraphs (numbered 20 on), each of them
    for m in _ITEM_LIST.finditer(text):
        numbers = re.findall(r"(?<![\d.])(\d{1,3})\.(\d{1,3})", m.group(1))
        # (only where the sentence speaks of recommendations before it, or asks: "The recommendations on journalists …
        # (38.23, 38.24 and 38.26) were supported", "Establish a moratorium (38.12; 38.14)"; figures are no items:
        # "the index reached (115.3; 116.2)", "rose to (115.4, 115.9 and 116.3) in 2019, 2020 and 2021", red team 49b)
        said = text[max((x.end() for x in _SENTENCE_START.finditer(text, 0, m.start())), default=0):m.start()]
        if not (_LIST_CONTEXT.search(said) or opens_with_verb(said)) or any(n == "0" for _, n in numbers) \
                or _FIGURES_BEFORE.search(said) or _YEARS_AFTER.match(text, m.end()):
            continue
        if not any(a <= m.start(1) < b for a, b in taken) and all(int(p) >= 20 for p, _ in numbers) \
                and not re.search(r"(?:articles?|arts?\.|sections?|s\.|sdgs?|targets?|goals?|indicators?|laws?|acts?|"
                                  r"no\.|chapters?|figures?|tables?|[%$€£])\s*$", text[max(0, m.start() - 14):m.start()], re.I):
            out += parse_citations(f"recommendations {m.group(1)}")
            taken.append(m.span())
    # a bare number with its recommending state, as reports print them: "including 115.102 (Australia)"
    at = 0
    while m := _CITED.search(text, at):
        at = m.end()
        if m.group(2) and not (_names_states(_without_response(m.group(2))) and all_states(_without_response(m.group(2)))):
            at = m.start(2)   # no states in its parentheses: they may hold the citation ("SDG 16.10 (111.8 (Australia))")
            continue
        if m.group(2) and not any(a <= m.start() < b for a, b in taken):
            # (the end of a range, "as recommended in 122.1–122.3 (Ukraine, Switzerland, Norway)", cites the range)
            start = re.search(r"(?<![\d.])(\d{1,3}\.\d{1,3})\s*[-–—]\s*$", text[max(0, m.start() - 12):m.start()])
            end = m.end()
            while (more := _NEXT_PAREN.match(text, end)) and all_states(more.group(1)):
                end = more.end()              # one parenthesis per State: "121.10 (Antigua and Barbuda) (Saint Lucia)"
            cite = text[m.start():end].strip()
            out += parse_citations(f"recommendations {start.group(1)}–{cite}" if start else f"recommendation {cite}")
    return out


#: what an item line says besides its citations: "Recommendations 110.3 (Canada), 110.4 (Ireland) – supported",
#: "Recommendations assessed: 110.5 (France); 111.5 (Estonia) – noted", "Recommendation 110.14 (Mexico)"
_ITEM_LINE_WORDS = re.compile(r"\b(?:recommendations?|recs?|nos?|paras?|paragraphs?|assessed|covered|addressed|concerned|"
                              # (a sub-heading set at once below it may join it: "… – supported Assessment")
                              r"assessment|evaluation|analysis|progress|status|follow[- ]up|"
                              r"supported|accepted|noted|rejected|partially|in\s+part|and|of|the|cycle|first|second|third|"
                              r"fourth|fifth|UPR|A\s*/\s*HRC\s*/\s*[\w/.]+)\b|\([^()]*(?:\([^()]*\)[^()]*)*\)|[\W\d_]", re.I)
#: a numbered heading ("2. Freedom of expression", "III. Justice", "B. Torture") opens a section of its own
_NUMBERED_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|[A-H]\.)\s+\S")
#: a UN masthead's block read as a paragraph: "General Assembly  Distr.: General  4 November 2024  Original: English"
_MASTHEAD = re.compile(r"^(?=.{0,160}$).*\bDistr\.?\s*:?\s*(?:General|Limited|Restricted)\b", re.I)
#: a submission whose text stands for the most part under an introduction, an annex … (words, share) is reported
SKIPPED_WORDS_WARN, SKIPPED_SHARE_WARN = 150, 0.5
#: an item line names only a few items: a heading citing a whole range ("Follow-up to 110.1–110.60") is a part
ITEM_LINE_MAX = 8


def item_line_citations(text: str) -> list[tuple[str | None, str, str | None, str]]:
    """The citations of a line that names the report items the text under it assesses and says nothing
    else (a mid-term report's "Recommendations 110.3 (Canada), 110.4 (Ireland) – supported" over its
    "Assessment"), as a heading or in body type; [] for any other text."""
    if len(text) > 300:
        return []
    cited = inline_citations(text)
    if not cited or len({p for _, p, _, _ in cited}) > ITEM_LINE_MAX:
        return []
    return cited if not _ITEM_LINE_WORDS.sub(" ", text).strip() else []


#: the header cell of a narrow first column of row numbers ("No.", "#", "N°"), beside the column of new recommendations
#: (:data:`pipeline.layout.REC_COLUMN`)
_NUMBER_HEADER = re.compile(r"(?:no|n°|nº|#|num(?:ber)?|ref)\.?", re.I)
#: ... and of a column naming the earlier recommendations a row follows up ("Previous UPR recommendations")
_PRIOR_COLUMN = re.compile(r"\W*(?:(?:previous|prior|past|related|relevant|earlier)\s+)?(?:(?:\d(?:st|nd|rd|th)|first|second|third|"
                           r"fourth)[\s-]+cycle[\s-]+)?(?:UPR\s+)?recommendations?\s*(?:\([^)]*\))?\W*", re.I)


@dataclass
class RecTable:
    """A table whose header names a column of new recommendations ("Issue | Recommendation | Related SDG
    target"): where that column stands, and where a column of the earlier recommendations it follows up
    does, if one does."""
    x0: float
    x1: float
    prior: tuple[float, float] | None = None

    def runs_across(self, block: Block) -> bool:
        """Does the block run across the recommendation column's left edge, as a paragraph set under the table does
        (a row's cells stand apart)?"""
        return any(sp.x0 < self.x0 - 2 and sp.x1 > self.x0 + 2 * ln.size for ln in block.lines for sp in ln.spans)

    def cells(self, block: Block) -> tuple[str, str, str]:
        """(the row's words left of the recommendation column -- its theme --, the recommendation, the
        earlier recommendations' cell) of one row block; other columns (SDG targets) are left out."""
        parts: dict[str, list[str]] = {"theme": [], "rec": [], "prior": []}
        for ln in block.lines:
            by_col: dict[str, list[Span]] = {"theme": [], "rec": [], "prior": []}
            for sp in sorted(ln.spans, key=lambda sp: sp.x0):
                mid = (sp.x0 + sp.x1) / 2
                col = ("rec" if self.x0 <= mid < self.x1 else "prior" if self.prior and self.prior[0] <= mid < self.prior[1]
                       else "theme" if mid < self.x0 else None)
                if col:
                    by_col[col].append(sp)
            for col, spans in by_col.items():
                if spans:
                    parts[col].append(join_spans(spans))      # ("witnesses" "," at no space: "witnesses,")
        return tuple(dehyphenate_join(parts[c]) if parts[c] else "" for c in ("theme", "rec", "prior"))


def recommendation_table(block: Block) -> RecTable | None:
    """The table a header row opens when it names a column of new recommendations among short header cells
    ("Issue | Recommendation | Related SDG target", "Theme | Suggested recommendation | Previous UPR
    recommendation"); None for any other heading."""
    if not block.lines or len(block.lines) > 3:
        return None
    spans = sorted(block.lines[0].spans, key=lambda sp: sp.x0)
    if len(spans) < 2 or any(len(sp.text.split()) > 6 for sp in spans):
        return None
    # (cells stand apart by more than a title's word spacing; three cells or more by a little less: narrow columns)
    gap = (1.0 if len(spans) >= 3 else 1.5) * block.lines[0].size
    if any(b.x0 - a.x1 < gap and not (k == 0 and _NUMBER_HEADER.fullmatch(a.text.strip()) and b.x0 - a.x1 >= 0.5 * gap)
           for k, (a, b) in enumerate(zip(spans, spans[1:]))):
        return None                       # words of one title, not cells (but a narrow "No." column first)
    rec = next((k for k, sp in enumerate(spans) if REC_COLUMN.fullmatch(sp.text)), None)
    if rec is None:
        return None
    edge = lambda k: spans[k + 1].x0 - 2 if k + 1 < len(spans) else float("inf")      # noqa: E731
    # a header cell wrapped over the band's lines: "Related 3rd-cycle" / "recommendation(s)"
    cells = [" ".join([sp.text] + [w.text for ln in block.lines[1:] for w in ln.spans
                                   if sp.x0 - 2 <= w.x0 < edge(k)]) for k, sp in enumerate(spans)]
    prior = next((k for k, sp in enumerate(spans) if k != rec and _PRIOR_COLUMN.fullmatch(cells[k])
                  and not REC_COLUMN.fullmatch(sp.text)), None)
    return RecTable(spans[rec].x0 - 2, edge(rec), (spans[prior].x0 - 2, edge(prior)) if prior is not None else None)


def attach_side_cells(blocks: list[Block], per_page: list[list[Line]]) -> None:
    """Give each block the table cells printed beside it (lines of role "side", see
    :func:`pipeline.layout.side_bands`): a cell belongs to the row whose text starts at its height
    or above it, on its page -- the block with the latest first line at or above the cell's top."""
    firsts = [(b.lines[0].page, b.lines[0].top, k) for k, b in enumerate(blocks) if b.lines]
    side = sorted((ln for lines in per_page for ln in lines if ln.role == "side"),
                  key=lambda ln: (ln.page, ln.column, ln.top))       # a cell's lines together, column by column
    for ln in side:
        here = [(top, k) for page, top, k in firsts if page == ln.page and top <= ln.top + ln.size * 0.5]
        if here:
            blocks[max(here)[1]].side.append(ln.text.strip())


def _text_box(ln: Line) -> tuple[float, float]:
    """A line's top and bottom without its raised footnote markers ("standards¹" reaches above the line)."""
    spans = [s for s in ln.spans if not is_marker(s.text, s.size, ln.size)] or ln.spans
    return (min(s.top for s in spans), max(s.bottom for s in spans)) if spans else (ln.top, ln.bottom)


def _gap(above: Line, below: Line) -> float:
    """The space between two lines' text, markers left out (a raised marker made the space under its line look
    wider, and the paragraph was cut there)."""
    return _text_box(below)[0] - _text_box(above)[1]


def usual_line_gap(body: list[Line], size: float) -> float:
    """The space between the lines of one paragraph: the smallest gap that recurs. (A median
    would do in long prose, but where most paragraphs have one or two lines it is the space
    between paragraphs, and paragraphs then run together.)"""
    gaps = sorted(_gap(a, b) for a, b in zip(body, body[1:])
                  if a.page == b.page and a.column == b.column and 0 < _gap(a, b) < size * 3)
    if not gaps:
        return size * 0.3
    floor = gaps[len(gaps) // 10]
    tight = [g for g in gaps if g <= floor + size * 0.3]
    return tight[len(tight) // 2]


def _flow(ln: Line) -> tuple[int, int]:
    """Where a line stands in the reading flow: its page and column (a column break is read
    like a page break)."""
    return ln.page, ln.column


def blocks_of(per_page: list[list[Line]]) -> list[Block]:
    """Body lines -> headings, paragraphs and bullets, joined across line, column and page breaks."""
    body = [ln for lines in per_page for ln in lines if ln.role == "body"]
    size = body_size(body)
    blocks: list[Block] = []
    prev: Line | None = None
    line_gap = usual_line_gap(body, size)
    right_edge: dict[tuple[int, int], float] = {}         # where full lines end, per page and column
    for flow in {_flow(ln) for ln in body}:
        ends = sorted(ln.x1 for ln in body if _flow(ln) == flow)
        right_edge[flow] = ends[int(len(ends) * 0.9)] if ends else 0.0
    for at, ln in enumerate(body):
        text = ln.text.strip()
        if not text:
            continue
        same_flow = prev is not None and _flow(ln) == _flow(prev)
        # a bold sentence set inside a paragraph (no extra space above it, at the paragraph's own
        # text column) is part of the paragraph, not a heading: its words must not be lost
        inside = (blocks and blocks[-1].kind in ("paragraph", "bullet") and same_flow
                  and _gap(prev, ln) <= line_gap + size * 0.45 and ln.x0 >= prev.x0 - 2
                  and abs(ln.size - prev.size) < 0.5)
        wrapped = (blocks and blocks[-1].kind == "heading" and same_flow
                   and _gap(prev, ln) < min(line_gap * 2.5, ln.size) and not blocks[-1].text.endswith(":")
                   and abs(ln.size - prev.size) < 0.5 and ln.bold == prev.bold)
        # a heading's second line may start in lower case ("… and access to" / "information"):
        # set like the heading (bold or larger than the body), right under it, it goes on
        heading_goes_on = (wrapped and text[:1].islower() and (prev.bold or prev.size >= size + 1.0)
                           and len(text.split()) <= 12 and not _TERMINAL.search(re.sub(r"\([^()]*\)$", "", text)))
        # (a table header's cell wrapped: "Related 3rd-cycle" / "recommendation(s)")
        # a table's header row right under its lead-in ("The Network recommends …:" / "No. | Recommendation | Timeframe")
        # opens the table: it is no line of the lead-in
        header_row = not wrapped and table_header(ln, size) and recommendation_table(Block("heading", [ln])) is not None
        # ... and so does a box's bold title set smaller than the text ("Box 1. Unexploded ordnance and schooling")
        box_title = ln.bold and bool(_BOX_TITLE.match(text)) and len(text.split()) <= 14 and not _TERMINAL.search(text[-1:])
        if heading_goes_on or header_row or box_title or (not inside and is_heading(ln, size)
                                             and not _ask_runs_on(ln, body[at + 1] if at + 1 < len(body) else None, line_gap)):
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
            short_end = _TERMINAL.search(text_without_markers(prev)) and prev.x1 < right_edge.get(_flow(prev), prev.x1) - size * 4
            # ... or at a first line indented past the paragraph's left edge after a line that closes a sentence
            # (the paragraphs of a narrow column, whose last lines are seldom short)
            # (not the second line of a numbered paragraph, set under its text past the number: a hanging indent)
            indented = (last.kind == "paragraph" and len(last.lines) >= 2 and text[:1].isupper()
                        and _TERMINAL.search(text_without_markers(prev))
                        and ln.x0 - min(x.x0 for x in last.lines) >= 0.8 * size and ln.x0 - prev.x0 >= 0.8 * size)
            same_page_close = same_flow and _gap(prev, ln) <= line_gap + size * 0.45 and not short_end and not indented
            # on to the next column or page: the paragraph goes on unless its sentence ended -- or its sentence ended
            # on a full line (set to the right edge, as a paragraph's last line seldom is) and the next opens at the
            # paragraph's left edge, not indented as a new paragraph's first line
            full_stop = (prev.x1 >= right_edge.get(_flow(prev), prev.x1) - size * 1.5 and text[:1].isupper()
                         and ln.x0 - min(x.x0 for x in last.lines) < 0.8 * size
                         and not REC_LABEL.match(text) and not rec_label_unpunctuated(text))   # ("R7. Restore …")
            next_flow = (ln.page == prev.page + 1 or (ln.page == prev.page and ln.column > prev.column)) \
                and (not _TERMINAL.search(last.text) or full_stop)
            # ... or after a report item quoted whole with the State's position ("… (Uruguay) – Supported"): the
            # assessment under it is a paragraph of its own
            quote_ended = bool(_POSITION_END.search(text_without_markers(prev))) and quoted_item(last.text) is not None
            # ... and an item number that a wrapped sentence carries to the next line is no paragraph's number:
            # "… called for in recommendation" / "31.20 (Canada) has not been achieved …"
            carried = (same_page_close and not _TERMINAL.search(text_without_markers(prev))
                       and (m := _NUMBER.match(text)) is not None and m.group("s") is not None
                       and (text[m.end():].startswith("(") or bool(_CITING_END.search(text_without_markers(prev)))))
            if (same_page_close or next_flow) and (not label_of(text) or carried) and not quote_ended:
                new_block = False
            # a bullet's wrapped lines are indented past the bullet glyph
        if new_block and text[:1].islower() and prev is not None and _flow(ln) != _flow(prev) \
                and (k := _interrupted(blocks, ln)) is not None:
            # the rest of a paragraph that a box read after it (a sidebar beside the column) cut from its page's
            # end: it goes on there, and the box stands before it
            blocks.append(blocks.pop(k))
            new_block = False
        if new_block:
            kind, label = label_of(text) or ("paragraph", None)
            blocks.append(Block(kind, [ln], label=label))
        else:
            blocks[-1].lines.append(ln)
        for s in ln.spans[1:]:
            if is_marker(s.text, s.size, ln.size):
                blocks[-1].markers.append(s.text.strip())
        prev = ln
    return blocks


#: a bullet opening an ask inside a table's recommendation cell: "• Investigate … • Bring every detainee …"
_CELL_BULLET = re.compile(r"(?:^|\s)[" + re.escape(BULLET_GLYPHS) + r"](?=\s)")
#: a box's numbered title: "Box 1. Unexploded ordnance and schooling", "Box 2: …"
_BOX_TITLE = re.compile(r"(?:text\s+)?box\s+\d{1,2}\s*[.:–-]\s*\S", re.I)
#: the authors' thanks or offer of help closing a submission
_COURTESY = re.compile(r"(?P<subject>(?:(?:the|our)\s+)?(?:[\w'’-]+\s+){0,6}?|we\s+)(?:(?:also|further|would\s+like\s+to|wish(?:es)?\s+to|sincerely|warmly)\s+)*"
                       r"(?:stands?\s+ready\s+to|thanks?\b(?!\s+to\b)|(?:is|are)\s+(?:grateful|thankful)\b|expresse?s?\s+(?:its|our|their)\s+"
                       r"(?:gratitude|thanks|appreciation)|remains?\s+(?:available|at\s+the\s+disposal)\b|(?:is|are)\s+at\s+the\s+disposal\b"
                       r"|looks?\s+forward\s+to)", re.I)


def split_markers(marker: str, notes: dict[str, str]) -> list[str]:
    """The notes a raised marker calls: itself, or two notes set side by side and read as one number ("³⁴" read as
    "34" where the document has notes 3 and 4 but no note 34, red team 54a)."""
    if marker in notes or not marker.isdigit():
        return [marker]
    for k in range(1, len(marker)):
        a, b = marker[:k], marker[k:]
        if a in notes and b in notes and not b.startswith("0") and int(b) == int(a) + 1:
            return [a, b]
    return [marker]


def courtesy(body: str) -> bool:
    """The authors' thanks or offer of help ("The Coalition stands ready to support …", "UNICEF thanks the Government …"),
    not the State's (a finding may say what the Government thanked someone for)."""
    m = _COURTESY.match(body)
    return bool(m) and len(body.split()) <= 40 and not re.search(
        r"\b(?:government|state|authorities|police|ministry|president|parliament|courts?)\b", m.group("subject"), re.I)


#: a table's cell left of its recommendations of at least this many words is a concern (a finding), not a theme's name
CONCERN_WORDS = 10
#: a paragraph presenting the table of recommendations under it
_TABLE_LEAD = re.compile(r"\bthe\s+following\s+recommendations\b|\brecommendations\s+(?:below|in\s+the\s+table)\b"
                         r"|\b(?:the|this)\s+table\s+(?:below\s+)?(?:links|lists|sets\s+out|presents|gives|shows)\b", re.I)
#: a line ending where a sentence names a recommendation by its number on the next line
_CITING_END = re.compile(r"\b(?:recommendations?|recs?\.|paras?\.|paragraphs?|items?|nos?\.)\s*$", re.I)
_POSITION_END = re.compile(r"\)\s*[–—-]\s*(?:supported|accepted|noted|rejected)(?:\s+in\s+part)?\.?\s*$", re.I)


def _ask_runs_on(ln: Line, nxt: Line | None, line_gap: float) -> bool:
    """A bold paragraph that asks, whose first line looks like a heading ("20. The UNCT recommends that Timor-Leste
    adopt a permanent reparations" / "programme for the victims …"): the next line, set like it right under it, goes
    on in lower case. It is a paragraph, not a heading over the text below (its words were lost)."""
    if nxt is None or _flow(nxt) != _flow(ln) or nxt.bold != ln.bold or abs(nxt.size - ln.size) >= 0.5 \
            or _gap(ln, nxt) >= min(line_gap * 2.5, ln.size) or not nxt.text.strip()[:1].islower():
        return False
    text = _SECTION_NUMBER.sub("", ln.text.strip(), count=1)
    words = text.split()
    if len(words) < 6 or sum(w[:1].isupper() for w in words) > len(words) / 2:
        return False            # a heading in title case, a table's header ("Issue Recommendation Related SDG" / "target")
    return bool(own_recommendation(text) or opens_with_verb(text))


def _interrupted(blocks: list[Block], ln: Line) -> int | None:
    """The paragraph a line opening a page or column in lower case goes on from, when blocks set in
    another size (a sidebar, a box) were read between them: the latest paragraph in the line's size,
    unfinished (no closing stop), ending on this page or the one before; None when that latest
    paragraph ended its sentence or is the block just before (joined as usual)."""
    for k in range(len(blocks) - 1, max(-1, len(blocks) - 25), -1):
        b = blocks[k]
        last = b.lines[-1]
        if b.kind in ("paragraph", "bullet") and abs(last.size - ln.size) < 0.5:
            if k < len(blocks) - 1 and not _TERMINAL.search(b.text) and last.page in (ln.page, ln.page - 1):
                return k
            return None
    return None


def _bbox(lines: list[Line]) -> list[float]:
    first = [ln for ln in lines if ln.page == lines[0].page]
    return [round(min(l.x0 for l in first), 1), round(min(l.top for l in first), 1),
            round(max(l.x1 for l in first), 1), round(max(l.bottom for l in first), 1)]


@dataclass
class OpenList:
    """A list that a lead-in opened: the lead-in's printed number and left edge, and the number
    its next numbered item would carry."""
    number: str | None
    x0: float
    next_item: int = 1


def is_list_item(block: Block, opened: OpenList | None, next_paragraph: int | None, size: float) -> bool:
    """Does a block belong to the list a lead-in opened, rather than start the next paragraph?

    Bullets and lettered items always do. A number is ambiguous: the document's paragraphs are
    numbered through to the end, so after "5. … recommends that the Government:" a "6." is the
    next paragraph, while a sub-number of the lead-in ("5.1"), or a number that starts or
    continues the list's own count ("1.", "2."), is an item. When both counts fit (or neither),
    an item is indented past the lead-in, or recommends something where the count fits the list.
    """
    if opened is None:
        return False
    if block.kind == "bullet":
        return True
    if block.label is None:
        return False
    indented = block.lines[0].x0 > opened.x0 + size * 0.5
    if "." in block.label:
        if opened.number:
            return block.label.startswith(opened.number + ".")
        return indented or opens_with_recommendation(block.body)   # "6.1 Ratify …", not "6.2 The coalition notes …"
    n = int(block.label)
    continues_list, continues_paragraphs = n == opened.next_item, n == next_paragraph
    if continues_list != continues_paragraphs:
        return continues_list
    return indented or (continues_list and opens_with_recommendation(block.body))


def reference(block: Block, opened: OpenList | None, item: bool) -> str | None:
    """The printed number a reader would cite a unit by: the paragraph's own number ("5", "5.1"),
    or an item's letter or number after its lead-in's number ("5(a)"); None for glyph bullets."""
    if block.label is None:
        return None
    if item and opened is not None and opened.number and "." not in block.label:
        return f"{opened.number}({block.label})"
    if block.kind == "bullet" and not block.label.isdigit():
        return None           # a lone letter is no reference
    return block.label


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# a cover's dateline: "Human Rights Bureau, Dushanbe – 9 October 2023", "Geneva, March 2024"
_DATELINE = re.compile(rf"(?:\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}(?:\s+\d{{1,2}},)?)\s+\d{{4}}\s*$")


# a cover's byline: "by the Mongolian Coalition for Human Rights Defenders (18 organizations)"
_BYLINE = re.compile(r"^\s*(?:submitted\s+|prepared\s+|presented\s+)?by\s+\S", re.I)
# a cover's subtitle naming the cycle: "Malawi – 4th cycle – Lilongwe Disability Rights Forum"
_CYCLE = re.compile(r"\b(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth)\s+(?:UPR\s+)?cycle\b", re.I)


def is_cover(block: Block, heading: str | None, units_so_far: int, titled: bool = False, margin: float | None = None) -> bool:
    """Cover text: on page 1, before any unit, under the document's title ("Joint submission to
    the … Universal Periodic Review"), naming the session or who submitted the document, or a
    single line that ends with a date (the submitters' place and date), is a byline ("by the …
    Coalition"), restates the title ("Submission to the Universal Periodic Review of …") or names the
    cycle without making a sentence (a subtitle), or is a short line that makes no sentence. A paragraph about the document itself ("This
    submission was prepared by …", "Submission by …", "The Provedoria (PDHJ) is the national human rights
    institution …") before any unit, on its first three pages (a cover and a contents page may come first), is
    cover text under any heading. ``titled``: a heading of page 1 so far was the title (set over two headings, "Submission to
    the Universal Periodic Review of" / "Mongolia"); a line restating the title under the authors' name
    is cover text too. ``margin``: the left edge of page 1's text; a short line set centred well right of it (the
    authors' town under their name) is cover text under any heading."""
    if units_so_far == 0 and block.lines[0].page == 1 and block.label is None and len(block.lines) == 1 \
            and margin is not None and block.lines[0].x0 > margin + 3 * block.lines[0].size \
            and len(block.text.split()) <= 12 and not block.text.rstrip().endswith((".", ":", ";")):
        return True          # "Goroka, Eastern Highlands Province, Papua New Guinea" centred under the authors' name
    if units_so_far == 0 and block.lines[0].page <= 3 and block.label in (None, "1") and _ABOUT_DOC.match(block.body):
        return True          # (a UN document numbers it: "1. The present report was prepared pursuant to …")
    if units_so_far == 0 and block.lines[0].page == 1 and block.label is None and len(block.lines) <= 2 \
            and _TITLE.search(block.text) and not block.text.rstrip().endswith("."):
        return True          # the title restated under the authors' name ("Stakeholder submission to the UPR of …")
    if units_so_far == 0 and block.lines[0].page == 1 and block.label is None and len(block.lines) <= 6 \
            and _TITLE.search(block.text) and _COVER.search(block.text):
        return True          # a cover block under a title that names only the State ("KAZAKHSTAN" / "Joint Stakeholder
                             # Submission to the Universal Periodic Review / 34th Session … / Submitted by …", red team 48b)
    return (units_so_far == 0 and block.lines[0].page == 1 and block.label is None and bool(heading)
            and (titled or bool(_TITLE.search(heading or "")))
            and (bool(_COVER.search(block.text)) or (len(block.lines) == 1 and (
                bool(_DATELINE.search(block.text)) or bool(_BYLINE.match(block.text)) or bool(_TITLE.search(block.text))
                or (bool(_CYCLE.search(block.text)) and not block.text.rstrip().endswith("."))
                # a short subtitle that makes no sentence ("National Human Rights Institution with 'A' status")
                or (len(block.text.split()) <= 12 and not block.text.rstrip().endswith((".", ":", ";"))
                    and not re.search(r"\d", block.text))))))      # (not an item line: "Recommendations 110.3 (Canada)")


_IBID = re.compile(r"^\s*(?:ibid\.?|ibidem|id\.)\s*,?\s*", re.I)


def with_ibid_sources(notes: dict[str, str]) -> dict[str, str]:
    """Notes -> notes, "Ibid., para. 130.52 (Ireland)." given the report its note before names
    ("A/HRC/37/16, para. 130.52 (Ireland)."), in the notes' order."""
    out: dict[str, str] = {}
    source: str | None = None
    for marker, text in notes.items():
        if (m := _IBID.match(text)) and source and not _SYMBOL.search(text):
            text = f"{source}, {text[m.end():]}"
        found = _SYMBOL.findall(text)
        source = found[-1] if found else (source if _IBID.match(notes[marker]) else None)
        out[marker] = text
    return out


def tracker_runs(blocks: list[Block]) -> dict[int, int]:
    """Runs of blocks written as a tracker's labelled blocks (:mod:`.blocks`): start index -> end index.
    A run opens at a block heading ("Recommendation 128.14 (Chile) – Supported", "128.25 (Australia) –
    Noted") and goes on to the next heading that is not one; it counts when it holds two block headings
    and a labelled field ("Status:", "Assessment:")."""
    runs: dict[int, int] = {}
    at = 0

    def opens(k: int) -> bool:
        return bool(opens_block([ln.text for b in blocks[k:k + 4] for ln in b.lines][:6], 0))

    while at < len(blocks):
        if not opens(at):
            at += 1
            continue
        end = at + 1
        # (a field set like a heading, "Source: …" in italics, is no heading)
        while end < len(blocks) and not (blocks[end].kind == "heading" and not opens(end)
                                         and not is_field(blocks[end].lines[0].text)):
            end += 1
        if is_block_tracker([ln.text for b in blocks[at:end] for ln in b.lines]):
            runs[at] = end
        at = end
    return runs


def status_tables(blocks: list[Block]) -> dict[int, list[tuple[str, str | None, str, str]]]:
    """Blocks that are rows of a status table (:func:`.blocks.status_table_rows`): block index -> its
    rows; none unless the document holds at least two such rows (one line that opens with a number and
    a status word is no table)."""
    tables = {at: rows for at, b in enumerate(blocks)
              if b.kind != "heading" and (rows := status_table_rows([text_without_markers(ln) for ln in b.lines]))}
    return tables if sum(len(rows) for rows in tables.values()) >= 2 else {}


def segment_submission(doc: Document, pages: list[Page]) -> tuple[list[Unit], list[Citation]]:
    per_page = document_lines(pages, columns=True)
    notes = with_ibid_sources({**endnotes(per_page), **footnotes(per_page)})
    blocks = blocks_of(per_page)
    attach_side_cells(blocks, per_page)
    body_lines = [ln for lines in per_page for ln in lines if ln.role == "body"]
    size, fine = body_size(body_lines), body_size(body_lines, step=0.5)     # (fine: to tell boxes apart)
    margin = min((ln.x0 for ln in body_lines if ln.page == 1), default=None)   # the left edge of page 1's text
    units: list[Unit] = []
    citations: list[Citation] = []
    part: str | None = None          # top heading of the current part
    heading: str | None = None       # nearest heading
    in_recs = False
    recs_size = 0.0                  # size of the heading that opened the recommendations part
    heading_size = 0.0               # size of the nearest heading
    part_size = 0.0                  # size of the heading that opened the current part
    context = False                  # a paragraph of context under a sub-heading of the recommendations part
    opened: OpenList | None = None   # the list a lead-in ("… calls on the government to:") opened
    next_paragraph: int | None = None   # the number the next numbered paragraph would carry
    in_toc = False
    seen_heading = False
    goes_on = False                  # the last unit may go on in the next block (no heading between)
    box: tuple | None = None         # reading a box set smaller than the text: the state around it
    titled = False                   # a heading of page 1 was the document's title ("Submission to the UPR of …")
    rec_table: RecTable | None = None   # a table of new recommendations the rows below belong to
    table_row: dict[str, Unit] = {}     # the units of its last row: "concern" (a finding), "rec"
    # the report items an item line above names ("Recommendations 110.3 (Canada), 110.4 (Ireland) – supported"):
    # the findings under it that cite nothing themselves assess them, until a heading above its level
    assessed: list[tuple[str | None, str, str | None, str]] = []
    assessed_until = 0.0             # a heading larger than this ends them
    # a mid-term report assesses the recommendations of the cycle it is written in; its own are for the next review
    from ..detect import is_midterm, is_national_report       # (here: detect imports this package)
    new_cycle = doc.cycle + 1 if doc.cycle and is_midterm(doc.title or "") else doc.cycle
    # front matter (cover, blurb) stands before the table of contents, when there is one
    toc = [i for i, b in enumerate(blocks) if b.kind == "heading" and re.fullmatch(r"(table of )?contents", b.text.strip(), re.I)]
    if toc:
        blocks = blocks[toc[0]:]
    # the authors' name opens the document: "The Defender recommends …" is theirs in the Defender's report
    authors = author_nouns(" ".join(ln.text for ln in (per_page[0] if per_page else [])[:4]))
    runs = tracker_runs(blocks)
    tables = status_tables(blocks)
    resume = 0
    text_words = skipped_words = 0   # the words of the text, and of those under an introduction, an annex …
    skipped_under: dict[str | None, None] = {}
    for at, block in enumerate(blocks):
        if at < resume:
            continue
        if at in runs:
            # the last cycle's recommendations entry by entry, in the body or an annex: "128.25 (Australia) –
            # Noted", the recommendation, "Status: Not implemented. …" (the labelled blocks of a tracker)
            resume = runs[at]
            lines = [ln for b in blocks[at:resume] for ln in b.lines]
            # (a mid-term report's entries are of the cycle it is written in)
            own = doc.cycle is not None and new_cycle != doc.cycle
            units += blocks_units(doc, lines, (doc.cycle if own else doc.cycle - 1) if doc.cycle else None, ordinal=len(units),
                                  section=heading or part)
            goes_on, opened = False, None
            continue
        if at in tables:
            # the last cycle's recommendations by number and status, with no column of their text (a state's
            # mid-term annex, "Recommendation No. | Status | Responsible body"), in the body or an annex: each
            # row is a finding on the item it names, its status label the printed status
            for para, states, label, row_text in tables[at]:
                uid = unit_id(doc.doc_id, "finding", f"row:{para}:{len(units)}", row_text)
                units.append(Unit(unit_id=uid, doc_id=doc.doc_id, unit_type="finding", section=heading or part,
                                  sections=[heading or part] if (heading or part) else [], text=row_text,
                                  page=block.lines[0].page, pages=sorted({ln.page for ln in block.lines}),
                                  bbox=_bbox(block.lines), provenance=f"status table row {para} under '{heading}'",
                                  ordinal=len(units), grade_text=label))
                cited = inline_citations(f"{para} ({states})") if states else []
                for symbol, paragraph, state, raw in cited or [(None, para, None, para)]:
                    citations.append(Citation(unit_id=uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
            goes_on, opened = False, None
            continue
        text = block.text
        if block.kind == "heading" and (table := recommendation_table(block)) is not None:
            rec_table, goes_on, opened = table, False, None       # its header row: the rows below are read by columns
            continue
        if block.kind == "heading" or (rec_table is not None and block.kind != "paragraph"):
            rec_table = None
        if rec_table is not None and rec_table.runs_across(block):
            rec_table = None          # a paragraph under the table, across its columns: the table is over
        if rec_table is None:
            table_row = {}
        if rec_table is not None and not (part and _SKIP_PART.search(part)):
            theme, rec, prior = rec_table.cells(block)
            # the row's number ("No.", "#" column) is no theme nor part of the concern: "2 Corporal punishment …"
            theme = re.sub(r"^\W*\d{1,3}(?:\.\d{1,2})?\.?(?:\s+|$)(?=[A-Z“\"(]|$)", "", theme)
            cells = {"concern": theme, "rec": rec}
            # the rest of a row: a concern cell longer than the recommendation beside it, or a row broken across a
            # page under its header row repeated: each cell that goes on in lower case (or a figure) joins its unit; a
            # bullet opens the next ask
            going_on = {k: t for k, t in cells.items() if t and k in table_row and not t[:1].isupper()
                        and not _CELL_BULLET.match(t) and not _TERMINAL.search(table_row[k].text)}
            for k, t in going_on.items():
                u = table_row[k]
                u.text = dehyphenate_join([u.text, t])
                u.pages = sorted(set(u.pages or []) | {ln.page for ln in block.lines})
                found = inline_citations(t) if k == "concern" else side_citations(prior or " ".join(block.side))
                for symbol, paragraph, state, raw in found:
                    citations.append(Citation(unit_id=u.unit_id, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
                if k == "concern":
                    u.grade_text = printed_status(u.text)
            if going_on:
                theme, rec = ("" if "concern" in going_on else theme), ("" if "rec" in going_on else rec)
                if not theme and not rec:
                    continue
                table_row = {k: table_row[k] for k in going_on}    # (the row goes on: a second ask in it)
            else:
                table_row = {}
            if len(theme.split()) >= CONCERN_WORDS:
                # a "Concern | Recommendation" table: the concern cell is the authors' finding, not a theme's name
                uid = unit_id(doc.doc_id, "finding", f"table:{len(units)}", theme)
                units.append(Unit(unit_id=uid, doc_id=doc.doc_id, unit_type="finding", section=heading,
                                  sections=[heading] if heading else [], text=theme, page=block.lines[0].page,
                                  pages=sorted({ln.page for ln in block.lines}), bbox=_bbox(block.lines),
                                  provenance=f"table row (concern) under '{heading}'", ordinal=len(units),
                                  grade_text=printed_status(theme)))
                for symbol, paragraph, state, raw in inline_citations(theme):
                    citations.append(Citation(unit_id=uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
                table_row["concern"], theme = units[-1], ""
            # a recommendation cell that lists several asks, each after a bullet: one recommendation each (red team 54b)
            for ask in (a.strip() for a in _CELL_BULLET.split(rec)):
                if len(ask.split()) < 3:
                    continue
                # a row of a table of recommendations: its recommendation cell is one recommendation of the
                # authors' (the theme cell names its section; an SDG target's cell is no citation)
                uid = unit_id(doc.doc_id, "recommendation", f"table:{len(units)}", ask)
                units.append(Unit(unit_id=uid, doc_id=doc.doc_id, unit_type="recommendation", cycle=new_cycle,
                                  section=theme or heading, sections=[s_ for s_ in (heading, theme) if s_],
                                  text=ask, page=block.lines[0].page, pages=sorted({ln.page for ln in block.lines}),
                                  bbox=_bbox(block.lines), provenance=f"table row under '{heading}'", ordinal=len(units)))
                prior = prior or " ".join(block.side)        # (a narrow column set apart as the row's side cells)
                for symbol, paragraph, state, raw in (side_citations(prior) if prior else []):
                    citations.append(Citation(unit_id=uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
                table_row["rec"] = units[-1]
            if table_row:
                goes_on = False
                continue
        if block.kind == "heading":
            seen_heading = True
            goes_on = False           # a recommendation never runs on over a heading
            if re.fullmatch(r"(table of )?contents", text.strip(), re.I):
                in_toc = True
                continue
            if (in_toc and _TOC_LINE.match(text)) or is_toc_text(text):
                continue
            in_toc = False
            if at + 1 < len(blocks) and is_table_row(blocks[at + 1]) and block.lines[0].size <= size + 0.5:
                continue          # the title of a small table or box ("Key statistics"), not of the text after it
            if is_pull_quote(blocks, at):
                continue          # words of the text set again between paragraphs: no heading
            if box is not None and block.lines[0].size >= fine - 0.25:
                (heading, heading_size, part, part_size, in_recs, recs_size), box = box, None   # the box is over
            if box is None and is_box_title(block, blocks[at + 1] if at + 1 < len(blocks) else None, fine):
                # a box or table set smaller than the text ("KEY RECOMMENDATION", "Recommendations", "Table 1"):
                # its title rules the box's own text; the text after the box is back in the part around it
                box = (heading, heading_size, part, part_size, in_recs, recs_size)
            hsize = block.lines[0].size
            if named := item_line_citations(text):
                # "Recommendations 110.3 (Canada), 110.4 (Ireland) – supported" over "Assessment": the items the
                # findings below assess, not a part of recommendations (nor the section's name)
                assessed, assessed_until = named, hsize + 0.25
                continue
            if assessed and (hsize > assessed_until or _NUMBERED_HEADING.match(text)):
                assessed = []
            heading = text
            titled = titled or (block.lines[0].page == 1 and bool(_TITLE.search(text)))
            heading_size = hsize
            if _RECS_PART.search(text) and not re.search(r"follow[- ]up|implementation of|concluding\s+observations|"
                                                         r"assessment|evaluation|progress|status\s+of|"
                                                         r"committee|treaty\s+bod|special\s+rapporteur", text, re.I):
                in_recs, part, recs_size, part_size = True, text, hsize, hsize
            elif _SKIP_PART.search(text):
                in_recs, part, part_size = False, text, hsize
            elif in_recs and hsize > recs_size + 0.5:
                in_recs = False           # a heading above the recommendations part's own: a new part
                part, part_size = text, hsize
            elif not in_recs and not (part and _SKIP_CONTAINER.search(part) and hsize < part_size - 0.5):
                part, part_size = text, hsize     # (a sub-heading of an annex or a summary stays in it)
            # a heading of the recommendations part, or one that reads as a lead-in, opens a list
            opened = OpenList(None, block.lines[0].x0) if in_recs or introduces_recommendations(text) else None
            continue
        if (in_toc and _TOC_LINE.match(text)) or is_toc_text(text):
            continue
        in_toc = False
        if is_pull_quote(blocks, at):
            continue
        if box is not None and block.lines[0].size >= fine - 0.25:
            (heading, heading_size, part, part_size, in_recs, recs_size), box = box, None   # the box is over
            goes_on, opened = False, None
        listed = is_list_item(block, opened, next_paragraph, size)
        if block.label and block.label.isdigit():
            if listed and opened is not None:
                opened.next_item = int(block.label) + 1
            elif block.kind == "paragraph":
                next_paragraph = int(block.label) + 1     # counted in skipped parts too
        words = len(block.text.split())
        text_words += words
        if not seen_heading or (part and _SKIP_PART.search(part)) or (heading and _SKIP_PART.search(heading)):
            if seen_heading:
                skipped_words += words
                skipped_under.setdefault(heading if heading and _SKIP_PART.search(heading) else part, None)
            continue
        if is_cover(block, heading, len(units), titled, margin) or _CONTACT.match(block.body) or _is_caption(block.body) \
                or is_legend(block.body) \
                or _MASTHEAD.match(block.body) \
                or is_table_row(block):
            continue
        body = block.body
        states_position = False
        if block.kind == "paragraph" and not block.markers and (named := item_line_citations(body)):
            # the same line in body type: the items the text below assesses, until a heading of the level of the
            # one above it
            assessed, assessed_until = named, heading_size - 0.25
            goes_on, opened = False, None
            continue
        if block.kind == "paragraph" and _TABLE_LEAD.search(body) and at + 1 < len(blocks) \
                and blocks[at + 1].kind == "heading" and recommendation_table(blocks[at + 1]) is not None:
            continue      # the words that present the table below ("… raise the following recommendations. The table links …")
        if units and (prev := _PREVIOUS_RECS.match(body)):
            # "Previous recommendations: 118.4 (Brazil), 118.9 (Mexico)" printed under a recommendation: they
            # are its citations, not a unit
            for symbol, paragraph, state, raw in parse_citations(f"recommendations {body[prev.end():]}"):
                citations.append(Citation(unit_id=units[-1].unit_id, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
            continue
        if theme_label(block, blocks[at + 1] if at + 1 < len(blocks) else None):
            heading = body.rstrip(" :")      # "• Freedom of expression" over its own "–" items: their theme
            goes_on = False
            continue
        if listed and body.endswith(":") and introduces_recommendations(body) and not before_last_sentence(body) \
                and not _STATE_POSITION_LEAD.search(body):
            continue      # a numbered lead-in of the part's list ("5.1 The Commission recommends that the Government:")
        lead = opened
        labelled = REC_LABEL.match(body) or rec_label_unpunctuated(body)   # "R1. Repeal …", "Recommendation 3: Repeal …"
        # "Recommendation 95.1: “Ratify …” (Denmark) (Czechia)", "95.6 Ensure … (Australia) – Supported": a report item
        # quoted whole (a report's closing paragraphs number it), not an ask of the authors' own
        quoted = quoted_item(body) if block.kind == "paragraph" else None
        if not quoted and block.kind == "paragraph" and block.label and (quoted := quoted_item(f"{block.label} {body}")):
            body = f"{block.label} {body}"          # (its number read as the paragraph's label)
        if quoted:
            labelled = None
        elif labelled:
            body = body[labelled.end():].strip()
        if block.kind == "paragraph" and not listed and not labelled:
            # the rest of a recommendation broken by a page or a figure: it goes on in lower case or on
            # a later page; a table's rows each open in capitals on the same page, ended or not
            if goes_on and units[-1].unit_type == "recommendation" and not _TERMINAL.search(units[-1].text) \
                    and (in_recs or opened) and block.label is None \
                    and (text[:1].islower() or block.lines[0].page > (units[-1].pages or [0])[-1]):
                units[-1].text = dehyphenate_join([units[-1].text, text])
                continue
            # a quotation set off from the finding that quotes it (a law's words, indented, in quotes): it
            # belongs to that finding, as its evidence, and is no finding of its own
            if goes_on and units[-1].unit_type == "finding" and block.label is None and text[:1] in "“\"‘«" \
                    and units[-1].bbox and block.lines[0].x0 > units[-1].bbox[0] + 12:
                units[-1].text = f"{units[-1].text} {text}"
                units[-1].pages = sorted(set(units[-1].pages or []) | {ln.page for ln in block.lines})
                for symbol, paragraph, state, raw in inline_citations(text):     # a quoted recommendation's source
                    citations.append(Citation(unit_id=units[-1].unit_id, symbol=symbol, paragraph=paragraph, state=state,
                                              raw=raw))
                continue
            opened = None
            # (the State's own position on quoted recommendations, "Tunisia noted the following recommendation:",
            # opens a finding that the quotes below it join, not a list of the authors' recommendations)
            states_position = bool(_STATE_POSITION_LEAD.search(body))
            if (introduces_recommendations(body) or (in_recs and body.endswith(":"))) and not states_position:
                opened = OpenList(block.label if block.kind == "paragraph" else None, block.lines[0].x0)
                body = before_last_sentence(body)
                if in_recs or len(body.split()) < 6:
                    continue          # a lead-in ("... calls on the government to:")
                # a finding that ends with the lead-in of its list: the finding is kept, the lead-in not
            if in_recs and len(body.split()) < 4:
                continue
            context = False
            if in_recs and not opens_with_recommendation(body):
                if heading_size < recs_size - 0.5 and heading != part:
                    context = True    # context under a theme sub-heading of the part: a finding; bullets follow
                else:
                    in_recs = False   # assessment prose after the list: the recommendations part is over
        else:
            context = False
        if block.kind == "paragraph" and not labelled and not quoted and courtesy(body):
            continue              # thanks and offers of help ("The Coalition stands ready to support …"): no unit
        if (in_recs and not context) or listed or labelled or quoted:
            unit_type, cycle = "recommendation", new_cycle
        else:
            if len(body.split()) < 6 and not (block.kind == "paragraph" and not listed and states_position):
                continue
            unit_type, cycle = "finding", None
        ref = labelled.group("n") if labelled else reference(block, lead, listed)
        kind = "item" if listed and block.kind == "paragraph" else block.kind    # "5.1", or "1." in a list
        where = f"{kind} {ref}" if ref else kind
        if listed and lead is not None and lead.number and not ref:
            where += f" of paragraph {lead.number}"
        beside = " ".join(block.side)
        # assessment prose may recommend in the authors' own voice ("We urge the Government to …",
        # "Recommendation: …"): each such sentence is a recommendation too; a paragraph made of
        # nothing else is no finding
        if unit_type == "finding" and block.kind == "paragraph" and all(ln.bold for ln in block.lines) and asks_only(body):
            unit_type, cycle = "recommendation", new_cycle   # a bold paragraph of its own that only asks
        said = sentences(body) if unit_type == "finding" else []
        own = [(k, r) for k, r in enumerate((own_recommendation(x, authors) for x in said), 1) if r]
        pieces = [] if own and len(own) == len(said) else [(unit_type, cycle, body, where)]
        # (asks numbered inside the sentence, "urge the authorities to: (i) …; (ii) …", are one each)
        for k, r in own:
            items = inline_items(r)
            pieces += [("recommendation", new_cycle, item, f"sentence {k}{f', item {j}' if items else ''} of {where}")
                       for j, item in enumerate(items or [r], 1)]
        first_uid = None
        goes_on = bool(pieces)
        for p_type, p_cycle, p_text, p_where in pieces:
            uid = unit_id(doc.doc_id, p_type, f"sub:{len(units)}", p_text)
            first_uid = first_uid or uid
            states: list[str] = []
            label = printed_status(p_text) if p_type == "finding" else None
            para = ref
            response = None
            if p_type == "recommendation" and len(pieces) == 1 and (quoted := quoted_item(p_text)):
                # a row that quotes a report item, "118.8 Incorporate … (Czechia)", beside its status ("Not
                # implemented"), in a table whose header was not read: the item of the cycle assessed, not a new ask
                para, p_text, states, response = quoted
                p_cycle = (doc.cycle if new_cycle != doc.cycle else doc.cycle - 1) if doc.cycle else None
                label = beside if beside and _STATUS_WORDS.match(beside) else None
                # the findings after it, up to the next heading of this level, assess it
                assessed, assessed_until = [(None, para, ", ".join(states), f"{para} ({', '.join(states)})")], heading_size - 0.25
            units.append(Unit(
                unit_id=uid, doc_id=doc.doc_id, unit_type=p_type, cycle=p_cycle, paragraph=para, section=heading,
                sections=[heading] if heading else [], text=p_text, page=block.lines[0].page,
                pages=sorted({ln.page for ln in block.lines}), bbox=_bbox(block.lines), recommending_states=states,
                provenance=f"{p_where} under '{heading}'" + (f"; beside it: {beside}" if beside else ""),
                ordinal=len(units), grade_text=label, response=response,
            ))
        for marker in (m for mark in block.markers for m in split_markers(mark, notes)):
            note = notes.get(marker)
            if not note:
                continue
            for symbol, paragraph, state, raw in parse_citations(note) or note_items(note):
                citations.append(Citation(unit_id=first_uid, symbol=symbol, paragraph=paragraph, state=state,
                                          raw=raw, footnote=marker))
        for symbol, paragraph, state, raw in side_citations(beside):     # a table's "previous recommendations" cell
            citations.append(Citation(unit_id=first_uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
        for symbol, paragraph, state, raw in ([] if quoted else inline_citations(body)):   # cited in the text itself
            citations.append(Citation(unit_id=first_uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
        if assessed and pieces and pieces[0][0] == "finding" and not any(c.unit_id == first_uid for c in citations):
            for symbol, paragraph, state, raw in assessed:      # the items the item line above names
                citations.append(Citation(unit_id=first_uid, symbol=symbol, paragraph=paragraph, state=state, raw=raw))
    if skipped_words >= SKIPPED_WORDS_WARN and skipped_words > SKIPPED_SHARE_WARN * text_words:
        # most of the text was read as front or back matter: a heading level taken wrongly loses it silently
        log.warning("submission: %d of its %d words stand under headings read as front or back matter (%s) and gave "
                    "no units", skipped_words, text_words, ", ".join(f"'{h[:40]}'" for h in skipped_under if h))
    if is_national_report(doc.symbol):
        # the State's own report asks nothing of itself in the review: its "calls on its development partners to: (a) …"
        # are requests for technical assistance, no recommendations of the next cycle (red team 53b)
        asks = {u.unit_id for u in units if u.unit_type == "recommendation" and u.cycle == new_cycle}
        units = [u for u in units if u.unit_id not in asks]
        citations = [c for c in citations if c.unit_id not in asks]
    return merge_repeated(units, complete_citations(citations))


# a mid-term entry opens with the recommendation it assesses: "Recommendation 121.3 (Germany):",
# "Recommendations 118.2–118.4 (Chile, Peru) –", "121.10 (Australia):"
_CITED_LEAD = re.compile(r"^(?:Recommendations?\s+|Recs?\.\s*)?\d{1,3}\.\d{1,3}(?:\s*(?:[-\u2013,]|and)\s*\d{1,3}\.\d{1,3})*"
                         r"\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*[:.\u2013\u2014-]\s+", re.I)


#: a status label alone (a table's status cell read beside its row)
_STATUS_WORDS = re.compile(r"\s*(?:(?:fully|largely|partially|partly|not(?:\s+yet)?)\s+)?implemented\s*\.?\s*$|"
                           r"\s*(?:not\s+started|in\s+progress|ongoing|completed?|no\s+information)\s*\.?\s*$", re.I)
#: "118.8 Incorporate a definition of torture … (Czechia)": a report item quoted with its number and states
_QUOTED_ITEM = re.compile(r"^(?:(?:[Rr]ecommendations?|[Rr]ec\.?)\s+(?:[Nn]o\.?\s*)?)?(?P<para>\d{2,3}\.\d{1,3})\s*[:.–—-]?\s+"
                          r"(?P<text>[A-Z“\"‘].*?)\s*(?P<states>(?:\([^()]+\)\s*)+?)[.;]?"
                          # the State's position after it: "… (Australia) – Supported"
                          r"(?:\s*[–—:-]\s*(?P<response>(?i:supported|accepted|noted|rejected)(?i:\s+in\s+part)?)\.?)?\s*$", re.S)


def quoted_item(text: str) -> tuple[str, str, list[str], str | None] | None:
    """(paragraph, text, states, response) of a report item quoted whole with its number first ("118.8 …",
    "Recommendation 95.1: “…”") and its recommending states last ("(Czechia)", "(Denmark) (Czechia)"), perhaps
    with the State's position after them ("– Supported"); None for anything else (an ask of the authors' own never
    opens with a report paragraph's number). The quote marks around the text go."""
    m = _QUOTED_ITEM.match(text)
    if not m or int(m.group("para").split(".")[0]) < 20:
        return None
    names = [n for group in re.findall(r"\(([^()]+)\)", m.group("states"))
             for n in re.split(r"\s*[,;]\s*|\s+and\s+", group) if n]
    if not names or not all(is_state(n) for n in names):
        return None
    said = (m.group("response") or "").lower()
    response = None if not said else "accepted" if said in ("supported", "accepted") else "noted"
    quote = m.group("text").rstrip(" .;")
    if quote[:1] in "“\"‘" and quote[-1:] in "”\"’":
        quote = quote[1:-1].rstrip(" .;")
    return m.group("para"), quote, names, response


def printed_status(finding: str) -> str | None:
    """The status an entry of a mid-term assessment prints after the recommendation it assesses
    ("Recommendation 121.4 (Austria): Red. Overcrowding …" -> "Not implemented"), as a tracker's status
    column would; traffic-light colours are read only there. None for any other paragraph."""
    lead = _CITED_LEAD.match(finding)
    return opening_label(finding[lead.end():], colours=True) if lead else None


def theme_label(block: Block, following: Block | None) -> bool:
    """A list item that names a theme for the items under it: a few words with no full stop ("•
    Freedom of expression", "a) Torture:"), followed by an item set further in ("– Repeal …")."""
    if block.kind != "bullet" or following is None or following.kind != "bullet" or not block.lines:
        return False
    body = block.body.strip()
    return (0 < len(body.split()) <= 8 and not _TERMINAL.search(body.rstrip(" :")) and not body.endswith((";", ","))
            and not opens_with_verb(body) and len(block.lines) == 1
            and following.lines[0].x0 > block.lines[0].x0 + 6)


def complete_citations(citations: list[Citation]) -> list[Citation]:
    """A paragraph cited twice for one recommendation, in the text ("115.102 (Australia)") and in a note
    ("A/HRC/36/3, paras. 115.100 to 115.106"), is one citation with what each copy knows: the state of
    the one, the symbol of the other. Copies that still differ (two states, two reports) stay apart.
    A state name broken at a line end ("Netherla-nds") is mended first."""
    known: dict[tuple[str, str], dict[str, str]] = {}
    for c in citations:
        c.state = mended(c.state) if c.state else c.state
        k = known.setdefault((c.unit_id, c.paragraph), {})
        for field_name in ("state", "symbol"):
            value = getattr(c, field_name)
            if value and k.setdefault(field_name, value) != value:
                k[field_name] = ""          # two different values: fill in neither
    out: list[Citation] = []
    seen: set[tuple] = set()
    for c in citations:
        k = known[(c.unit_id, c.paragraph)]
        c.state = c.state or k.get("state") or None
        c.symbol = c.symbol or k.get("symbol") or None
        key = (c.unit_id, c.symbol, c.paragraph, c.state)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# a caption under or over a figure or a table: "Figure 1: Femicides registered …, 2016–2024", "Table 2. …"
_CAPTION = re.compile(r"^(?:figure|fig\.|chart|graph|table|map|box|diagram|photo(?:graph)?|image|picture|illustration)\s+"
                      r"\d{1,2}(?:\.\d{1,2})?\s*(?:[.:–—-]\s+\S|\s(?-i:[A-Z]))"      # ("Table 1 Status of …", not "Table 1 shows")
                      # the source line under a table or figure: "Source: Multiple Indicator Cluster Survey 2019."
                      r"|^sources?\s*:\s+\S", re.I)


#: a sentence that only points at the table or figure below it: "The table below summarises the information received
#: from the Ministry of Justice and the PDHJ's own assessment."
_POINTS_AT_TABLE = re.compile(r"^(?:the\s+)?(?:following\s+)?(?:table|figure|chart|graph|box|matrix)s?\s+(?:below|above|that\s+follows)?"
                              r"\s*(?:summari[sz]es|shows?|sets?\s+out|lists?|presents?|gives?|provides?|contains?)\b(?!\s+that\b)[^.;]*[.:]?$",
                              re.I)


#: a legend of the status labels (or codes) a table uses: "Legend: Implemented Partially implemented Not implemented",
#: "Rating: F = fully implemented · P = partially implemented · N = not implemented"
_LEGEND_PART = re.compile(r"(?i:\b(?:legend|rating|key|scale)\s*:)|\b[A-Z]{1,3}\s*[=:–—-](?=\s)|"
                          r"(?i:\b(?:(?:fully|largely|partially|partly|not(?:\s+yet)?)\s+)?implemented\b|\bno\s+information\b|"
                          r"\bin\s+progress\b|\bnot\s+started\b|\bon-?going\b|\bno\s+data\b|"
                          r"\b(?:green|amber|yellow|orange|red|grey|gray)\b|"
                          # (swatch labels read out of their order: "Implemented implemented Partially … information No")
                          r"\b(?:not|no|yet|information|partially|partly|fully|largely)\b)|[\W_]+")


def is_legend(text: str) -> bool:
    """A legend of the status labels a table uses, and nothing else: no finding."""
    return len(re.findall(r"implemented|no\s+information|in\s+progress|not\s+started", text, re.I)) >= 2 \
        and not _LEGEND_PART.sub("", text).strip()


def _is_caption(text: str) -> bool:
    """A figure's or table's caption: it names itself so and is one short line of words, not a sentence
    that goes on ("Table 1 shows that …" has no separator after the number); or one sentence pointing at the
    table below ("The table below summarises …"), which assesses nothing."""
    return (bool(_CAPTION.match(text)) or bool(_POINTS_AT_TABLE.match(text.strip()))) and len(text.split()) <= 30


def is_table_row(block: Block) -> bool:
    """A row of a small table of figures set in the text ("Women aged 20–24 married before 18 | 33 per
    cent"): a short line of words, no sentence and no recommendation, with a cell beside it that cites
    no recommendation."""
    # (a label may close with its unit in parentheses: "Stunting, children under 5 (%)"; two cells or more of bare
    # figures beside it are figures, even where they read as item numbers ("98.7 | 98.2 | 97.6") and the label opens
    # with a word that can be a verb ("Lower secondary completion rate")
    label = re.sub(r"\s*\([^()]*\)\s*$", "", block.body)
    figures = len(block.side) >= 2 and all(re.fullmatch(r"[\d.,%\s–-]+", c.strip()) for c in block.side)
    return (bool(block.side) and len(block.body.split()) <= 12 and bool(label) and not _TERMINAL.search(label)
            and (figures or (not opens_with_verb(block.body) and not side_citations(" ".join(block.side)))))


_SUMMARY = re.compile(r"summary|key\s+recommendations?\b|main\s+recommendations|priority\s+recommendations|overview|"
                      r"at\s+a\s+glance|list\s+of\s+recommendations", re.I)


_QUOTE_MARKS = "“”\"«»„"


def is_pull_quote(blocks: list[Block], at: int) -> bool:
    """A pull quote: a few words of the text set again, large or apart, between paragraphs ("“Relatives in
    at least 17 cases were summoned …”"): the block opens or closes with a quotation mark and its words
    stand in a paragraph near it. It is neither a heading nor a unit."""
    text = blocks[at].text.strip()
    if not text or not (text[0] in _QUOTE_MARKS or text[-1] in _QUOTE_MARKS):
        return False
    key = text_key(text)
    if len(key.split()) < 4:
        return False
    near = blocks[max(0, at - 4): at] + blocks[at + 1: at + 5]
    return any(b.kind != "heading" and key in text_key(b.text) and len(b.text) > len(text) + 20 for b in near)


def is_box_title(block: Block, following: Block | None, size: float) -> bool:
    """A heading over text set smaller than the body: the title of a box, callout or table inside a
    chapter ("KEY RECOMMENDATION", "Case study", "Table 1: Reported cases …"), not a heading of the
    text after it. The title is set as small as the box's text, or names a table, figure or box."""
    return (following is not None and following.lines[0].size < size - 0.25
            and (block.lines[0].size < size - 0.25 or _is_caption(block.text)))


def merge_repeated(units: list[Unit], citations: list[Citation]) -> tuple[list[Unit], list[Citation]]:
    """A recommendation printed twice in a submission (a "Key recommendations" box on page 1, a "KEY
    RECOMMENDATION" callout in a chapter, a "Summary of recommendations" at the end) is one
    recommendation: the copy in its thematic section is kept, where it stands (the first where neither
    or both are in a summary), with every section it stands in and the citations of both. Copies are
    compared by their asks ("The Commission recommends that the State adopt …" is "adopt …")."""
    keep: dict[str, Unit] = {}
    merged: dict[str, str] = {}                  # dropped unit id -> kept unit id
    out: list[Unit] = []
    for u in units:
        if u.unit_type != "recommendation":
            out.append(u)
            continue
        key = text_key(ask_of(u.text))      # a box's "The Commission recommends that the State adopt …" is item (c)
        first = keep.get(key)
        if first is None:
            keep[key] = u
            out.append(u)
            continue
        secs = [s for s in (first.sections or [first.section]) + (u.sections or [u.section]) if s]
        if _SUMMARY.search(first.section or "") and not _SUMMARY.search(u.section or ""):
            out.remove(first)                        # the thematic copy stands for both, where it stands
            out.append(u)
            keep[key] = u
            merged[first.unit_id] = u.unit_id
            kept = u
        else:
            merged[u.unit_id] = first.unit_id
            kept = first
        kept.sections = list(dict.fromkeys([kept.section] + secs)) if kept.section else list(dict.fromkeys(secs))
    if merged:
        seen: set[tuple] = set()
        kept_citations = []
        for c in citations:
            c.unit_id = merged.get(c.unit_id, c.unit_id)
            key = (c.unit_id, c.symbol, c.paragraph, c.state, c.footnote)
            if key not in seen:                  # both copies citing the same recommendation: one citation
                seen.add(key)
                kept_citations.append(c)
        citations = kept_citations
        for i, u in enumerate(out):
            u.ordinal = i
    return out, citations


def segment_paragraphs(doc: Document, pages: list[Page]) -> list[Unit]:
    """Fallback for unknown kinds: every body paragraph, with its nearest heading."""
    blocks = blocks_of(document_lines(pages, columns=True))
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
