"""Working Group reports: the numbered recommendations of "Conclusions and/or recommendations".

How such reports are built (A/HRC/<session>/<n>, every state, every cycle):
- the recommendations stand in the last chapter, "Conclusions and/or recommendations";
- older reports group them in top-level paragraphs by response ("enjoy the support of",
  "will be examined", "did not enjoy the support" / "noted") and number the items 1., 2., ...
  inside each paragraph (we name them 95.1, 95.2 ...); newer reports print "124.4" directly
  and may list everything in one "will be examined" paragraph, the responses arriving in an
  addendum (…/Add.1);
- each item ends with the recommending state(s) in parentheses, then ";" or ".";
- fourth-cycle reports cluster the items under thematic headings ("Acceptance of international
  norms", "Right to life, liberty and security of person"): an unnumbered line with no closing
  punctuation between an item that has closed on its states ("… (Senegal);") and the next item;
- the chapter ends with "All conclusions and/or recommendations … reflect the position …".
The rules below use those conventions only, never positions or fonts of one file: the one
layout cue is that item numbers are indented differently from the report's own paragraphs
when the numbering alone is ambiguous.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..ids import unit_id
from ..layout import Line, dehyphenate_join, document_lines, text_without_markers
from ..records import Document, Page, Unit
from ..states import split_recommending_states

_CHAPTER = re.compile(r"conclusions\s+and\s*/\s*or\s+recommendations|^\s*(?:[IVX]+\.\s*)?recommendations\s*\**$", re.I)
_TOC = re.compile(r"\.{4,}|…{2,}")
_DOTTED = re.compile(r"^(\d{1,3})\.(\d{1,3})\.?\s+(\S.*)$")
#: ... as a scan's text layer may give it: "1O4.3.", "104.l5.", "l06.4.", "105. 7." (O for 0, l or I for 1, a space
#: after the dot); read only where the repaired number is the next item expected
_DOTTED_OCR = re.compile(r"^([\dOlI]{2,3})\.\s?([\dOlI]{1,3})\.?\s+(\S.*)$")


def _ocr_dotted(text: str) -> tuple[str, str] | None:
    """(paragraph, item) of a line opening with an item number misread by OCR, repaired; None otherwise."""
    m = _DOTTED_OCR.match(text)
    if not m or not re.search(r"\d", m.group(1)):
        return None
    fix = str.maketrans("OlI", "011")
    return m.group(1).translate(fix), m.group(2).translate(fix)
_PLAIN = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_END = re.compile(r"all\s+conclusions\s+and\s*/\s*or\s+recommendations|reflect\s+the\s+position", re.I)
_STOP_HEADING = re.compile(r"^(annex|composition of the delegation)\b", re.I)
_INTRO_WORDS = re.compile(r"recommendation|conclusion|following|support|examined|considers|reflect|noted", re.I)

_NOTED = re.compile(r"(?:did|do|does)\s+not\s+(?:enjoy|receive|have)\s+(?:the|its|their)\s+support|not\s+supported|"
                    r"(?:were|was|be|are|is|been|has|have)\s+(?:(?:thus|therefore|hence|also|accordingly|consequently)\s+)?noted|"
                    r"notes\s+the\s+following|\bnoted\s+the\s+following|(?:takes?|taken|took|taking)\s+note|"
                    # a partial answer is noted, as in an addendum (segment.addendum: it never inflates acceptance)
                    r"(?:partially|partly|in\s+part)\s+(?:supported|accepted)|(?:supported|accepted)\s+(?:in\s+part|partially|partly)\b|"
                    r"rejected|(?:does|did)\s+not\s+(?:accept|support)|not\s+(?:been\s+)?accepted|"
                    r"(?:cannot|could\s+not|is\s+not\s+in\s+a\s+position\s+to)\s+(?:accept|support)|"
                    r"(?:examined|considered|reviewed)\s+by\s+[^.;:]{2,80}?\s+and\s+(?:were\s+|have\s+been\s+)?noted", re.I)
_PENDING = re.compile(r"will\s+be\s+(?:further\s+)?examined|will\s+examine|will\s+provide\s+(?:its\s+)?responses?|in\s+due\s+course|under\s+consideration|"
                      r"will\s+be\s+considered|(?:were|was)\s+made\s+to\b|will\s+be\s+included\s+in\s+the\s+outcome", re.I)
_ACCEPTED = re.compile(r"enjoys?\s+(?:the|its)\s+support|(?:received|receive|have|has)\s+(?:the|its)\s+support|"
                       r"\b(?:supported|accepted)\s+the\s+following|(?:has|have|were|are)\s+(?:been\s+)?(?:accepted|supported)|accepts|supports|"
                       r"already\s+(?:been\s+)?implemented|in\s+the\s+process\s+of\s+(?:being\s+)?implement\w*|"
                       r"(?:examined|considered|reviewed)\s+by\s+[^.;:]{2,80}?\s+and\s+(?:were\s+|have\s+been\s+)?(?:supported|accepted)",
                       re.I)


def response_of(intro: str) -> str | None:
    """The state's response announced by a paragraph that introduces recommendations."""
    if _NOTED.search(intro):
        return "noted"
    if _PENDING.search(intro):
        return "pending"
    if _ACCEPTED.search(intro):
        return "accepted"
    return None


@dataclass
class _Item:
    paragraph: str
    response: str | None
    intro: str
    lines: list[Line] = field(default_factory=list)
    answer: str | None = None        # "Position: Supported" printed under the item (fourth cycle)
    sourced: bool = False            # "Source of position: …/Add.1": the position is (also) in the addendum
    theme: str | None = None         # the thematic heading the item stands under


#: the State's position printed under each item in fourth-cycle reports, and where it was given:
#: "Position: Supported" / "Source of position: A/HRC/52/7/Add.1" (one line each, or both on one)
_POSITION_LINE = re.compile(r"^(?:(?:position|response)\s*[:\u2013\u2014-]\s*(?P<answer>[A-Za-z][A-Za-z ,]{1,40}?)\s*\.?\s*)?"
                            r"(?:(?<!^)\s*|^)(?P<source>source\s+of\s+(?:the\s+)?position\s*:.*)?$", re.I)


def position_line(text: str) -> tuple[bool, str | None, bool]:
    """(is it a position line, the position printed on it, does it name the position's source)."""
    m = _POSITION_LINE.match(text.strip())
    if not m or not (m.group("answer") or m.group("source")):
        return False, None, False
    return True, m.group("answer"), bool(m.group("source"))


def _chapter_start(lines: list[Line]) -> int | None:
    """Index of the last chapter heading 'Conclusions and/or recommendations' outside the contents."""
    found = None
    for i, ln in enumerate(lines):
        heading = re.sub(r"^[IVX]+\.\s*|\W+$", "", ln.text.strip())
        if (_CHAPTER.search(heading) and len(heading) < 60 and not _PLAIN.match(ln.text)
                and not _TOC.search(ln.text) and not re.search(r"\d+\s*[–-]\s*\d+\s+\d+\s*$", ln.text)):
            found = i
    return found


def _paragraph_margin(lines: list[Line]) -> float | None:
    """x0 of the report's own numbered paragraphs (the most common x0 of 'N.' lines)."""
    xs = Counter(round(ln.x0 / 3) for ln in lines if _PLAIN.match(ln.text))
    if not xs:
        return None
    return xs.most_common(1)[0][0] * 3.0


def _is_top_level(n: int, x0: float, text: str, top: int | None, last_item: int,
                  margin: float | None) -> bool | None:
    """Is 'N. text' the report's next paragraph (True), the next item (False) or neither (None)?"""
    next_top = top is None or n == top + 1
    next_item = top is not None and n == last_item + 1
    if next_top != next_item:
        return next_top
    if not next_top:
        return None
    if margin is not None:
        return abs(x0 - margin) <= 4
    return bool(_INTRO_WORDS.search(text[:200])) and not text.startswith("To ")


def _next_dotted(para: int, n: int, top: int | None, last_item: int, skip: int = 3) -> bool:
    """Can a line starting "para.n" open the next item? Items run 1, 2, 3 ... within their paragraph
    (a few may be lost to extraction, so up to ``skip`` ahead), and a new paragraph starts at its
    first item; any other "N.N" at a line start is a number of the text that wrapped there."""
    if top is None:
        return True
    if para == top:
        return last_item < n <= last_item + skip
    return para > top and n == 1


#: an item that has closed on its states: "… (Senegal);", "… (Austria) (Costa Rica).", "… (Brazil)1;"
_CLOSED_ITEM = re.compile(r"\)\s*\d{0,3}\s*[;.]\s*\d{0,3}\s*$")
#: a thematic heading line: opens with a capital (after a letter or roman numeral: "B. Women’s rights"),
#: ends with no punctuation but a colon, a few words
_HEADING_LINE = re.compile(r"^(?:(?:[A-Z]|[IVX]{1,4})\.\s+)?[A-Z][^.;:!?]*(?:[^\W\d_]|\)):?$")
#: the second line of a wrapped thematic heading: "and the national human rights institution"
_HEADING_GOES_ON = re.compile(r"^[a-z][^.;:!?]*(?:[^\W\d_]|\)):?$")


def _heading_like(text: str) -> bool:
    return bool(_HEADING_LINE.match(text)) and len(text.split()) <= 14


def segment_items(lines: list[Line]) -> list[_Item]:
    """Group the chapter's body lines into recommendation items."""
    start = _chapter_start(lines)
    if start is None:
        return []
    margin = _paragraph_margin(lines[:start])
    items: list[_Item] = []
    top: int | None = None
    intro = ""
    intro_lines: list[Line] = []
    response: str | None = None
    last_item = 0
    current: _Item | None = None
    in_intro = False

    def close_intro() -> None:
        nonlocal intro, response, in_intro
        if in_intro:
            intro = dehyphenate_join([ln.text for ln in intro_lines])
            response = response_of(intro)
            in_intro = False

    # thematic heading lines held back after a closed item: dropped when an item or a paragraph
    # follows them, given back to the item otherwise
    held: list[Line] = []

    theme: list[Line] = []          # a thematic heading after the chapter's opening paragraph
    for ln in lines[start + 1 :]:
        text = ln.text.strip()
        if _STOP_HEADING.match(text):
            break
        is_position, answer, sourced = position_line(text) if current is not None and not in_intro else (False, None, False)
        if is_position:
            current.answer, current.sourced = current.answer or answer, current.sourced or sourced
            continue
        if current is not None and not in_intro and not _DOTTED.match(text) and not _PLAIN.match(text) and (
                (_heading_like(text) and (held or _CLOSED_ITEM.search(current.lines[-1].text)))
                or (held and _HEADING_GOES_ON.match(text))):     # a heading wrapped over two lines
            held.append(ln)
            continue
        if held and not (_DOTTED.match(text) or _PLAIN.match(text)):
            current.lines.extend(held)
        elif held:
            theme = held
        held = []
        dotted = _DOTTED.match(text)
        number = (dotted.group(1), dotted.group(2)) if dotted else None
        if number is None and top is not None and (repaired := _ocr_dotted(text)) \
                and _next_dotted(int(repaired[0]), int(repaired[1]), top, last_item):
            number = repaired  # "1O4.3." after 104.2
        if number and not _next_dotted(int(number[0]), int(number[1]), top, last_item):
            number = None     # "5.3 of the Sustainable Development Goals": a number wrapped to a line start
        plain = None if number else _PLAIN.match(text)
        if number:
            close_intro()
            para, n = number[0], int(number[1])
            if top is None or int(para) != top:
                top, intro = int(para), intro if top is None else ""
            current = _Item(f"{para}.{n}", response, intro, [ln],
                            theme=dehyphenate_join([t.text for t in theme]) if theme else None)
            items.append(current)
            last_item = n
            continue
        if plain:
            n = int(plain.group(1))
            is_top = _is_top_level(n, ln.x0, text, top, last_item, margin)
            if is_top:
                close_intro()
                if _END.search(text):
                    break
                top, last_item, current, theme = n, 0, None, []
                in_intro, intro_lines = True, [ln]
                # the paragraph's own text may run on
                continue
            if is_top is False:
                close_intro()
                current = _Item(f"{top}.{n}", response, intro, [ln],
                                theme=dehyphenate_join([t.text for t in theme]) if theme else None)
                items.append(current)
                last_item = n
                continue
        if _END.search(text) and current is None and not in_intro:
            break
        if in_intro:
            # a thematic heading under the opening paragraph ("… is indicated below it:" | "Acceptance of
            # international norms"): the first item's theme, not the paragraph's words
            # (the paragraph may end on a footnote marker: "… of the Human Rights Council:2")
            if theme or (_heading_like(text) and re.search(r"[:.]\s*\d{0,2}\s*$", intro_lines[-1].text)):
                theme.append(ln)
            else:
                intro_lines.append(ln)
        elif current is not None:
            current.lines.append(ln)
    return items


# early reports (2008) print the State's answer after each item: "… (Brazil). Accepted." / "… (Algeria,
# Egypt). Not accepted." / "… (Holy See). Switzerland will examine this recommendation."
_ITEM_ANSWER = re.compile(
    r"(?<=[).;])\s*(?i:(?:response|position|answer)\s*[:\u2013\u2014-]\s*)?"
    r"(?P<answer>(?i:not\s+accepted|(?:accepted|supported)(?:\s+in\s+part|\s+partially)?|partially\s+(?:accepted|supported)|"
    r"rejected|not\s+supported|noted|under\s+consideration)|"
    r"(?:[A-Z][\w’'()-]*\s+){1,6}(?:will\s+(?:examine|consider)|accepts|supports|rejects|notes|takes\s+note\s+of)\s+"
    r"(?:this|the)\s+recommendation|"
    r"(?:[A-Z][\w’'()-]*\s+){1,6}considers\s+that\s+(?:this|the)\s+recommendation\s+(?:has\s+(?:already\s+)?been|is\s+(?:already|being))"
    r"\s+(?:implemented|fulfilled))\s*[.;]?\s*$")


def item_answer(text: str) -> tuple[str, str | None]:
    """The item without the answer printed after it, and that answer as a response (or None)."""
    m = _ITEM_ANSWER.search(text)
    if not m:
        return text, None
    return text[:m.start()].rstrip(), answer_response(m.group("answer"))


def answer_response(answer: str) -> str:
    """The response an answer printed with an item gives ("Accepted in part" counts as noted, as in the
    addenda)."""
    answer = answer.lower()
    if re.search(r"not\s+accepted|rejected|not\s+supported|noted|rejects|notes|takes\s+note|in\s+part|partially", answer):
        return "noted"
    if re.search(r"examine|consider|pending", answer) and not re.search(r"implemented|fulfilled", answer):
        return "pending"
    return "accepted"


def _strip_number(text: str) -> str:
    if (m := re.match(r"^[\dOlI]{1,3}(?:\.\s?[\dOlI]{1,3})?\.?\s+", text)) and re.search(r"\d", m.group(0)):
        return text[m.end():]           # (also as a scan's text layer misread it: "11O.3 ", "110. 4 ")
    return text


def segment_wg_report(doc: Document, pages: list[Page]) -> list[Unit]:
    per_page = document_lines(pages)
    lines = [ln for page in per_page for ln in page if ln.role == "body"]
    units: list[Unit] = []
    for ordinal, item in enumerate(segment_items(lines)):
        raw = dehyphenate_join([text_without_markers(ln) or ln.text for ln in item.lines])
        body, answered = item_answer(_strip_number(raw))
        answered = answered or (answer_response(item.answer) if item.answer else None)
        if not answered and not item.response and item.sourced:
            answered = "pending"        # no position printed yet: the addendum gives it
        text, states = split_recommending_states(body)
        first = item.lines[0]
        on_first = [ln for ln in item.lines if ln.page == first.page]
        bbox = [min(ln.x0 for ln in on_first), min(ln.top for ln in on_first),
                max(ln.x1 for ln in on_first), max(ln.bottom for ln in on_first)]
        units.append(Unit(
            unit_id=unit_id(doc.doc_id, "recommendation", f"wg:{item.paragraph}", text),
            doc_id=doc.doc_id, unit_type="recommendation", cycle=doc.cycle, paragraph=item.paragraph,
            recommending_states=states, response=answered or item.response,
            section=item.theme or item.intro[:300] or None,
            text=text, page=first.page, pages=sorted({ln.page for ln in item.lines}),
            bbox=[round(v, 1) for v in bbox], provenance=f"paragraph {item.paragraph}", ordinal=ordinal,
        ))
    return units
