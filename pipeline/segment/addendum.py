"""Addenda to Working Group reports (A/HRC/<s>/<n>/Add.1): the state's responses.

An addendum ("Views on conclusions and/or recommendations, voluntary commitments and replies
presented by the State under review") answers the recommendations the report left pending, in
one of three ways, often mixed in one document:

* **table rows**: ``115.27 | Supported | The Government takes note of …``. The *position cell*
  decides: the response words that immediately follow the row's number(s), or a cell (a
  separate text run) that holds nothing but a position. Words in the comments column
  ("takes note of the concerns", "notes that …") never count.
* **prose sentences**: "Recommendations 115.1, 115.3 and 115.7 to 115.12 are supported.",
  "Turkmenistan cannot support recommendations 115.6 and 115.13". A sentence whose first response
  phrase comes before its first number gives each number the nearest response *before* it
  ("X supports A and B and notes C"); otherwise the nearest response *after* it ("A and B are
  supported, C is noted"; "Recommendations 115.1–115.5: supported").
  A clause break ("but", "while", "whereas", ";") hands numbers to the response on the other
  side ("X supports 115.1, while 115.3 is noted").
* **cluster headings**: "The following recommendations are supported:" then lines of numbers
  (or of numbered recommendation texts, whose own words - "Support the work of …" - are the
  recommendation, not a response). Such a heading governs the sentences that follow it until
  the next numbered paragraph, section heading or sentence giving its own response.

A sentence that mentions numbers without a response phrase sets nothing ("The positions on
recommendations 115.27 to 115.60 are set out in the table below.").

Vocabulary (from how addenda are written):

* accepted: "supports/supported", "accepts/accepted", "enjoy(s) the support", "endorses",
  "to/will support", "(has) already (been) implemented", "in the process of implementation",
  "is being implemented": a state that calls a recommendation implemented supports it (states
  use "already implemented or in the process of implementation" for recommendations they accept).
  Bare "support"/"accept" count only after "to", "will", "can"…: at the start of a line they are
  the imperative of a recommendation's text.
* noted: "noted", "notes", "takes note", "rejects/rejected", and any negated acceptance:
  "cannot support", "does not accept", "is not in a position to support" (or "to commit itself"), "unable to support",
  "did not enjoy the support", "not supported".
* ignored: "supports the spirit/principle/objective of …" (a hedge that usually precedes a refusal),
  "notes that …", "as noted", "it should be noted".

**Partial answers** ("partially supported", "supported in part", "Supported/Noted") map to
``noted``. Our schema has only accepted / noted / pending: ``accepted`` would claim a commitment
the state did not give for the whole recommendation as worded, and ``pending`` would claim it
gave no answer. ``noted`` is the conservative choice: it never inflates acceptance counts, and it
is how the unsupported part is treated by analysts who split such answers. The mapping is the
single entry ``_SCHEMA["partial"]``.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..layout import Line, document_lines
from ..records import Page

_NUM_RX = r"(?<![\d.])(\d{1,3})\.(\d{1,3})(?:\s*(?:-|–|—|‑|to)\s*(?:(\d{1,3})\.)?(\d{1,3}))?(?!\.?\d)"
_NUM = re.compile(_NUM_RX)
#: points right of a row's text column beyond which a run is another table column
_COLUMN_GAP = 20.0
# the number cell of a table row: "115.1", "115.1, 115.3 and 115.7–115.9" at the start of a line
_LEADING = re.compile(rf"\s*{_NUM_RX}(?:\s*(?:,|and|&)\s*{_NUM_RX})*")

# response phrases, tried left to right; at one position the first alternative wins
_PHRASES: list[tuple[str, str]] = [
    ("partial", r"(?:partially|partly|in\s+part)\s+(?:support|accept)\w*"
                r"|(?:support|accept)\w*\s+(?:in\s+part|partially|partly)\b"
                r"|(?:support|accept)\w*\s*/\s*not\w*|noted\s*/\s*(?:support|accept)\w*"
                # the numbers between: "supports recommendation 127.2 in part"
                r"|(?:support|accept)\w*\s+(?:recommendations?\s+)?\d{1,3}\.\d{1,3}(?:\s*(?:,|and|to|–|-)\s*\d{1,3}\.\d{1,3})*"
                r"\s+(?:in\s+part|partially|partly)\b"
                # or the words that name it: "accepts this recommendation in part", "supports them partially"
                r"|(?:support|accept)\w*\s+(?:(?:this|these|the|that|those|both|its|their)\s+)?(?:recommendations?|them|it)"
                r"\s+(?:only\s+)?(?:in\s+part|partially|partly)\b"),
    ("noted", r"(?:not|cannot|never|unable|\w+n[’']t)\b(?:[\s,]+\w+){0,5}?[\s,]+(?:support|accept|endors|commit)\w*"),
    ("hedge", r"support(?:s|ed)?\s+(?:the\s+)?"
              r"(?:spirit|principles?|intent|intention|objectives?|aims?|thrust|goals?)\b"),
    ("noted", r"(?<!as\s)(?<!be\s)noted\b(?!\s+that)|notes\b(?!\s+that)|(?:takes|taken|took|to\s+take)\s+note\b"
              r"|reject(?:s|ed)\b"),
    ("accepted", r"support(?:s|ed)\b|accept(?:s|ed)\b|endorse[sd]\b|enjoys?\s+(?:the\s+)?(?:full\s+)?support"
                 r"|(?:to|will|can|shall|would)\s+(?:fully\s+)?(?:support|accept)\b"
                 r"|already\s+(?:been\s+|being\s+)?implemented|(?:has|have)\s+been\s+implemented"
                 r"|in\s+the\s+process\s+of\s+(?:being\s+)?implement\w*|being\s+implemented"),
]
_PHRASE = re.compile(r"\b(?:" + "|".join(f"(?P<{label}{i}>{rx})" for i, (label, rx) in enumerate(_PHRASES)) + ")", re.I)
# words a position cell may hold that prose would not use on their own
_CELL_ONLY = re.compile(r"(?:already\s+)?implemented|under\s+implementation", re.I)
_CELL_LEAD = " \t:|-–—.)"        # separators between the number cell and the position cell

_SCHEMA = {"accepted": "accepted", "noted": "noted", "partial": "noted"}

_SENTENCE_END = re.compile(r"(?<=[.;:])[ \t]*\n\s*|(?<=[.;])\s+(?=[A-Z(])|(?<=\d)[ \t]*\n(?=[A-Z])")
_CHANGED = re.compile(r"\b(?:now|subsequently|since\s+then|has\s+since|have\s+since|later|after\s+further|upon\s+further"
                      r"|on\s+(?:further\s+)?reflection|following\s+(?:further\s+)?consultations?)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|\b(?:but|while|whereas|however)\b", re.I)
# numbers set apart from the sentence's answer: "supports all …, with the exception of 122.7, which it notes"
_EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|(?:with\s+)?the\s+exceptions?\s+of|apart\s+from|other\s+than|save\s+for|"
                     r"excluding|but\s+not)\s+(?:for\s+)?(?:recommendations?\s+|paragraphs?\s+|paras?\.?\s+)?$", re.I)
_PARAGRAPH_START = re.compile(r"^(?:\d{1,3}|[IVXL]+|[A-Z])\.(?:\s|$)")   # "3.", "II.", "B."


_OTHER_NUMBERED = re.compile(r"(\b(?:targets?|goals?|SDGs?|indicators?|articles?|arts?\.|sections?|rules?|chapter|annex|"
                             # a law's or a decree's number ("Law No. 18.446", "Decree 12.345", "Act No. 11.340")
                             r"resolution|(?:laws?|decrees?|acts?|bills?|ordinances?)(?:\s+(?:No|Nos|Nr|n°)\.?)?)\s*)"
                             r"(\d{1,3}\.\d{1,3}(?:\.\d+)*)", re.I)
# ... and numbers that are no item of this report: a share ("18.5 per cent") or an item of another report,
# named after it ("recommendation 110.5 (A/HRC/44/12)")
_NOT_AN_ITEM = re.compile(r"()(\d{1,3}\.\d{1,3})(?=\s*(?:per\s*cent|percent|%|(?:(?:of|from)\s+the\s+(?:\w+\s+){0,2}"
                          r"(?:cycle|review|report)\s*)?\(\s*A\s*/\s*HRC\s*/))", re.I)


_REPORT_REFERENCE = re.compile(r"\(\s*A\s*/\s*HRC\s*/\s*\d+\s*/\s*\d+[^()]*\)")


def _numbers(text: str) -> list[str]:
    """Recommendation numbers in a text, ranges expanded ("124.10-124.12", "125.3 to 125.5").

    Dates ("23.11.2016") and plain numbers are not recommendation numbers (nor, masked before,
    numbered things of another kind: "target 16.2 of the Sustainable Development Goals")."""
    out: list[str] = []
    for m in _NUM.finditer(text):
        para, first = m.group(1), int(m.group(2))
        last = int(m.group(4)) if m.group(4) else first
        if m.group(3) and m.group(3) != para:
            last = first
        out.extend(f"{para}.{n}" for n in range(first, max(first, last) + 1) if last - first < 400)
    return out


def _responses(text: str) -> list[tuple[int, int, str]]:
    """Response phrases in a text as (start, end, label), label 'accepted' | 'noted' | 'partial'.
    Hedges ("supports the spirit of") are dropped."""
    out = []
    for m in _PHRASE.finditer(text):
        label = _label(m)
        if label != "hedge":
            out.append((m.start(), m.end(), label))
    return out


def _label(m: re.Match[str]) -> str:
    return re.sub(r"\d+$", "", m.lastgroup or "")


def _cell_label(text: str, whole: bool = False) -> str | None:
    """The position a table cell opens with ("Supported", "Not accepted", "Partially supported",
    "Already implemented"); with ``whole``, only if the cell holds nothing else."""
    text = text.lstrip(_CELL_LEAD)
    if m := _PHRASE.match(text):
        label = _label(m)
    elif m := _CELL_ONLY.match(text):
        label = "accepted"
    else:
        return None
    if label == "hedge" or (whole and text[m.end():].strip(" .;")):
        return None
    return label


_NAMES_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.I)
_ALL_UNDER = re.compile(r"\ball\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?recommendations\s+(?:under|in|of)\s+this\s+"
                        r"(?:heading|section|cluster|chapter|group|part|category|theme)|\ball\s+of\s+them\b", re.I)
# a recommendation's position on a line of its own, under its text: "Position: Supported"
_POSITION_LINE = re.compile(r"^\s*(?:(?:the\s+)?(?:state(?:['’]s)?\s+)?(?:position|response|reply)|answer)\s*[:\u2013\u2014-]\s*(.+?)\s*\.?$",
                            re.I)


def _row(line: Line) -> tuple[list[str], str] | None:
    """A table row: a line opening with recommendation number(s) whose position cell gives a
    response, either right after the numbers or as a separate text run holding only a position
    (when the recommendation's text stands between). Returns (numbers, label), or None."""
    lead = _LEADING.match(line.text)
    if not lead:
        return None
    # the position cell, when it is a run of its own: "Supported in" wrapped over "part" in a narrow column is a
    # partial support (noted), not "Supported" followed by the comments' words
    first = line.spans[0].text if line.spans else ""
    cell = (first[lead.end():].strip() or (line.spans[1].text.strip() if len(line.spans) > 1 else "")) \
        if _LEADING.match(first) else ""
    if re.fullmatch(r"(?:supported|accepted)\s+in", cell, re.I):
        return _numbers(lead.group(0)), "noted"
    label = _cell_label(line.text[lead.end():])
    if label is None:
        label = next((lb for s in line.spans[1:] if (lb := _cell_label(s.text, whole=True))), None)
    return (_numbers(lead.group(0)), label) if label else None


def _number_alone(line: Line) -> bool:
    """Does the line's first text run hold the row's number(s) and nothing else?"""
    first = line.spans[0].text if line.spans else ""
    lead = _LEADING.match(first)
    return lead is not None and not first[lead.end():].strip()


def _text_column(line: Line) -> float:
    """Where a numbered row's text starts: its second text run when the first holds the number(s)
    alone, else the line's start (number and text in one run)."""
    return line.spans[1].x0 if _number_alone(line) and len(line.spans) > 1 else line.x0


#: a prose line that stops in the middle of a list or a clause: the line after it goes on with that sentence
#: a line whose list of numbers runs on to the next: it ends on a number and a comma, or on "and" / "to" after one
_LIST_RUNS_ON = re.compile(r"(?:\d\s*,|\d\s+(?:and|to|&)|\d\s*[\u2013\u2014-])\s*$", re.I)
_MID_LIST = re.compile(r"(?:[,:\u2013\u2014-]|\b(?:and|or|to|of|&|including|except|namely))\s*$", re.I)
#: ... or before its numbers, in a line of prose (not a heading, "C. Other recommendations")
_BEFORE_NUMBERS = re.compile(r"\b(?:recommendations?|paragraphs?|paras?\.?|nos?\.|supports?|accepts?|notes?|rejects?)\s*$", re.I)


def _mid_sentence(line: str) -> bool:
    return bool(_MID_LIST.search(line) or (_BEFORE_NUMBERS.search(line) and len(line.split()) >= 8))


class OpenRow:
    """A numbered row whose position is not known yet: its numbers, its text column, and the text of
    each cell right of it so far (position, comments), keyed by the cell's left edge."""

    def __init__(self, numbers: list[str], text_x0: float, number_x1: float | None = None) -> None:
        self.numbers, self.text_x0 = numbers, text_x0
        self.number_x1 = number_x1      # the number cell's right edge, when the number stands alone in it
        self.cells: dict[float, str] = {}

    def add(self, line: Line) -> str | None:
        """Add a line's runs right of the text column to their cells; the position, once a cell
        holds nothing but one. A position may wrap over lines ("Supported in" / "part") or be printed
        lower than the number (a cell centred in a tall row). A run at the text column's own edge is
        the recommendation's text wrapping."""
        for span in line.spans:
            if span.x0 < self.text_x0 - 3.0 and (self.number_x1 is None or span.x0 < self.number_x1 + 3.0):
                continue        # the number cell (a cell between it and the first text run -- a position centred
                #                 lower in a table with no text column, "98.3, 98.4 | <Supported> | comment" -- is not)
            # (the text column's runs too: in a table with no recommendation-text column, "No. | Response |
            # Explanation", the response column stands there, its position wrapped: "Partially" / "accepted")
            x = next((c for c in self.cells if abs(c - span.x0) <= 3.0), span.x0)
            self.cells[x] = f"{self.cells.get(x, '')} {span.text}".strip()
        for x in sorted(self.cells):
            if label := _cell_label(self.cells[x], whole=True):
                return label
        return None


def _sentences(lines: Iterable[str]) -> list[str]:
    """Prose lines -> sentences. A break comes after '.'/';' before a capital or at a line end,
    after a ':' that ends a line (a cluster heading), and between a line of numbers and a line
    opening with a capital (the next heading)."""
    text = "\n".join(lines)
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)   # "sup-\nported"
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _assign(sentence: str, responses: list[tuple[int, int, str]]) -> dict[str, str]:
    """Numbers of one sentence -> label: the nearest response on the sentence's side (before the
    numbers if the sentence opens with a response, else after them), unless a clause break
    ("but", "while", "whereas", ";") separates it from the numbers and the other side has one
    ("X supports 115.1 but 115.3 is noted"). Numbers named as exceptions ("…, with the exception
    of 122.7, which it notes", "supports 122.5 to 122.8 except 122.7") take the answer after them and
    override the group they were in; with no answer after them they get none."""
    out: dict[str, str] = {}
    groups = list(_NUM.finditer(sentence))
    response_first = responses[0][0] < groups[0].start()
    excepted_end: int | None = None            # where the last excepted number ended
    for g in groups:
        # the first exception follows "except"; the next ones follow it: "except 145.27 and 145.29, which it notes"
        listed = excepted_end is not None and re.fullmatch(r"\s*(?:,|and|&)\s*(?:(?:recommendations?|paras?\.?)\s+)?",
                                                          sentence[excepted_end:g.start()])
        if _EXCEPT.search(sentence[max(0, g.start() - 60):g.start()]) or listed:
            excepted_end = g.end()
            after = [r for r in responses if r[0] >= g.end()]
            for n in _numbers(g.group(0)):
                if after:
                    out[n] = after[0][2]
                else:
                    out.pop(n, None)
            continue
        excepted_end = None
        around = [r for r in responses if r[0] <= g.start() and r[1] >= g.end()]
        if around:              # the phrase holds the numbers: "supports recommendation 127.2 in part"
            for n in _numbers(g.group(0)):
                out.setdefault(n, around[0][2])
            continue
        before = [r for r in responses if r[1] <= g.start()]
        after = [r for r in responses if r[0] >= g.end()]
        near, far = (before[-1:], after[:1]) if response_first else (after[:1], before[-1:])
        pick = near[0] if near else far[0]
        if near and far:
            between = sentence[near[0][1]:g.start()] if response_first else sentence[g.end():near[0][0]]
            if _CLAUSE_BREAK.search(between):
                pick = far[0]
        # a position that changed: "147.28, noted at the time of the dialogue, now enjoys the support"
        later = [r for r in responses if r[0] >= pick[1] and _CHANGED.search(sentence[pick[1]:r[0]])]
        if later:
            pick = later[0]
        for n in _numbers(g.group(0)):
            out.setdefault(n, pick[2])
    return out


# cycle-1 reports number the items inside a paragraph ("83. … 1. Ratify …; 2. …"), read as 83.1, 83.2; their
# addenda name them "recommendations 3 and 4 contained in paragraph 83", "paragraph 83, recommendations 1 to 3"
_ITEM_LIST = r"\d{1,3}(?:\s*(?:,|and|&|to|-|–|—)\s*\d{1,3})*"
_IN_PARAGRAPH = re.compile(rf"\b(recommendations?\s+(?:nos?\.\s*)?)({_ITEM_LIST})\s+(?:(?:contained|listed|set\s+out|included)\s+)?"
                           rf"(?:in|of|under)\s+paragraph\s+(\d{{1,3}})\b(?!\.\d)", re.I)
_PARAGRAPH_ITEMS = re.compile(rf"\bparagraph\s+(\d{{1,3}})\s*(?:,|:|\()\s*(recommendations?\s+(?:nos?\.\s*)?)({_ITEM_LIST})\)?", re.I)


def paragraph_items(sentence: str) -> str:
    """A cycle-1 addendum's "recommendations 3 and 4 contained in paragraph 83" written as the report's items
    are named: "recommendations 83.3 and 83.4" (also "paragraph 83, recommendations 1 to 3")."""
    def items(p: str, numbers: str) -> str:
        return re.sub(r"\d{1,3}", lambda m: f"{p}.{m.group(0)}", numbers)
    sentence = _IN_PARAGRAPH.sub(lambda m: m.group(1) + items(m.group(3), m.group(2)), sentence)
    return _PARAGRAPH_ITEMS.sub(lambda m: m.group(2) + items(m.group(1), m.group(3)), sentence)


#: the paragraph of the report that holds the recommendations, named once for the whole addendum: "the 12
#: recommendations contained in paragraph 84 of the report", "the recommendations made in paragraph 84"
_NAMES_PARAGRAPH = re.compile(r"\brecommendations?\b(?:\s+[\w-]+){0,4}?\s+(?:(?:contained|listed|set\s+out|included|made|"
                              r"formulated)\s+)?(?:in|of|under)\s+paragraph\s+(\d{1,3})\b(?!\.\d)", re.I)
#: ... and its items named by their number alone after it: "Recommendations 4 and 7:", "recommendation 12"
_BARE_ITEMS = re.compile(rf"\b(recommendations?\s+(?:nos?\.\s*)?)({_ITEM_LIST})\b(?!\.\d)", re.I)


def bare_items(sentence: str, paragraph: str | None) -> str:
    """In an addendum that named the report's paragraph of recommendations once, a later sentence's "recommendation
    8" is item 8 of it ("84.8"); a sentence with report item numbers of its own ("84.3") is left as it is."""
    if paragraph is None or re.search(r"\d{1,3}\.\d{1,3}", sentence):
        return sentence
    return _BARE_ITEMS.sub(lambda m: m.group(1) + re.sub(r"\d{1,3}", lambda n: f"{paragraph}.{n.group(0)}", m.group(2)),
                           sentence)


def _prose_responses(sentences: list[str]) -> dict[str, str]:
    """Numbers -> label over prose sentences, the first answer for a number winning."""
    found: dict[str, str] = {}
    named = {m.group(1) for s in sentences for m in _NAMES_PARAGRAPH.finditer(s)}
    paragraph = named.pop() if len(named) == 1 else None      # (a cycle-1 addendum naming one paragraph)
    heading: str | None = None          # response of an open cluster heading ("… are supported:")
    section: list[str] = []             # the numbers a heading names ("B. Justice (recommendations 122.5–122.8)",
    for s in sentences:                 # "Recommendation 96.5"), until an answer that is not about them
        s = bare_items(paragraph_items(s), paragraph)
        s = _OTHER_NUMBERED.sub(lambda m: m.group(1) + "#" * len(m.group(2)), s)   # "target 16.2" is no recommendation
        s = _NOT_AN_ITEM.sub(lambda m: "#" * len(m.group(2)), s)
        # a reference in brackets to a report's paragraphs ("… noted similar recommendations during its third review
        # (A/HRC/44/17, paras. 156.40 and 156.41)") cites that report: its numbers are answered by nothing here
        s = _REPORT_REFERENCE.sub(lambda m: re.sub(r"\d", "#", m.group(0)), s)
        if _PARAGRAPH_START.match(s):
            heading = None
        responses = _responses(s)
        has_numbers = bool(_NUM.search(s))
        item = bool(_NUM.match(s))      # a listed item: "115.1 Ratify the … (France);"
        if has_numbers and not responses and not item and (len(s) < 200 or _ABOUT_ITEMS.match(s)) \
                and _NAMES_RECOMMENDATIONS.search(s):
            section = _numbers(s)
            continue
        if has_numbers and heading and (item or not responses):
            answer = {n: heading for n in _numbers(s)}
        elif has_numbers and responses:
            answer = _respectively(s, responses) or _assign(s, responses)
        else:
            answer = {}
        if responses and section and (_ALL_UNDER.search(s) or (not has_numbers and _THESE.search(s))):
            # "supports all the recommendations under this heading, with the exception of 122.7 …",
            # "Recommendation 96.5" then "… takes note of this recommendation"
            excepted = {n for g in _NUM.finditer(s) if _EXCEPT.search(s[max(0, g.start() - 60):g.start()])
                        for n in _numbers(g.group(0))}
            for n in section:
                if n not in excepted:
                    answer.setdefault(n, responses[0][2])
        if responses:
            section = []                # answered, or an answer about other numbers: the heading's part is over
        for n, label in answer.items():
            found.setdefault(n, label)
        if responses and not (item and heading):
            heading = responses[-1][2] if s.endswith(":") and not has_numbers else None
    return found


#: a sentence that opens the answer about items, the answer coming sentences later ("With regard to
#: recommendation 84.2, Uruguay recalls that … Uruguay therefore accepts this recommendation in part.")
_ABOUT_ITEMS = re.compile(r"^\W*(?:with\s+(?:regard|respect|reference)\s+to|as\s+regards|regarding|concerning|"
                          r"in\s+relation\s+to|turning\s+to)\s+recommendations?\b", re.I)
_THESE = re.compile(r"\b(?:this|these|the\s+above|both|the\s+two|the\s+said|the)\s+recommendations?\b|\ball\s+of\s+them\b|"
                    r"\b(?:supports?|notes?|accepts?|rejects?|takes?\s+(?:note|notice)\s+of)\s+(?:it|them|both)\b", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def _respectively(sentence: str, responses: list[tuple[int, int, str]]) -> dict[str, str] | None:
    """"Recommendations 146.7 and 146.8 are supported and noted, respectively": the numbers take
    the answers in order, when there are as many of each."""
    if not _RESPECTIVELY.search(sentence):
        return None
    numbers = [n for g in _NUM.finditer(sentence) for n in _numbers(g.group(0))]
    if len(numbers) != len(responses) or len(numbers) < 2:
        return None
    return {n: r[2] for n, r in zip(numbers, responses)}


def addendum_responses(pages: list[Page]) -> dict[str, str]:
    """Recommendation number -> 'accepted' | 'noted', as the addendum states them.

    Table rows decide for their own numbers; prose answers numbers no row answers."""
    lines = [ln for page in document_lines(pages) for ln in page if ln.role == "body"]
    rows: dict[str, str] = {}
    prose: list[str] = []
    open_row: OpenRow | None = None     # a row still without a position
    open_range: tuple[str, str] | None = None   # a number cell that wrapped inside a range: ("146.7", label)
    for ln in lines:
        lead = _LEADING.match(ln.text)
        if open_range and lead and ln.spans and _LEADING.fullmatch(ln.spans[0].text.strip()):
            # "146.7–" / "146.10": the range's end on the next line of the number cell
            start, label = open_range
            for n in _numbers(f"{start}–{ln.spans[0].text.strip()}"):
                rows.setdefault(n, label)
            open_range = None
            continue
        open_range = None
        # a sentence's list of numbers running on from the line before ("… 145.53 to 145.56," / "145.58 to 145.60 and
        # 145.67 to 145.79 enjoy the support of Kuwait, with the exception of"): the sentence goes on, though the line
        # opens with numbers and holds a position as a row would (its numbers had taken that position, and the
        # numbers above it the sentence's last one)
        running_list = bool(lead and prose and _LIST_RUNS_ON.search(prose[-1]))
        row = None if running_list else _row(ln)
        if row:
            for n in row[0]:
                rows[n] = row[1]
            # (only a number cell that ends in its dash: "130.8 – Accepted." is a whole answer, and the next line's
            # "130.9" is another item, not the range's end)
            if lead and row[0] and ln.spans and re.fullmatch(r"\s*\d{1,3}\.\d{1,3}\s*[-–—‑]\s*", ln.spans[0].text):
                open_range = (row[0][-1], row[1])
            open_row = None
            continue
        labelled = _POSITION_LINE.match(ln.text)
        if lead and prose and _mid_sentence(prose[-1]):
            # a sentence's list of numbers wrapped onto this line ("… are supported: 151.28 to 151.30," / "151.32–
            # 151.36, 151.40 and 151.49."): prose, not a table row (justified text sets its words apart as cells)
            open_row = None
        elif lead:
            open_row = OpenRow(_numbers(lead.group(0)), _text_column(ln), ln.spans[0].x1 if _number_alone(ln) else None)
            open_row.add(ln)            # its cells; a position whole here would have made it a row
        elif open_row and labelled and (label := _cell_label(labelled.group(1), whole=True)
                                        or _cell_label(re.split(r"[.;:]\s", labelled.group(1), maxsplit=1)[0], whole=True)):
            # ("Response: Accepted. Botswana is expanding …": the position, then a comment)
            for n in open_row.numbers:  # "Position: Supported" on its own line under the recommendation
                rows.setdefault(n, label)
            open_row = None
            continue
        elif open_row and (label := open_row.add(ln)):
            for n in open_row.numbers:
                rows.setdefault(n, label)
            open_row = None
            continue
        prose.append(ln.text)
    found = _prose_responses(_sentences(prose))
    found.update(rows)
    return {n: _SCHEMA[label] for n, label in found.items()}
