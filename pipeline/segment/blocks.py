"""Trackers written as labelled blocks instead of a table.

Some NGO mid-term reports and trackers print each prior-cycle recommendation as a block of labelled
lines rather than as a table row:

    Recommendation 128.14 (Chile) – Supported
    "Adopt a comprehensive law against all forms of discrimination …"
    Status: Not implemented
    Assessment: The draft law … has been pending in the Senate since 2015 …
    Suggested recommendation: Adopt a comprehensive anti-discrimination law …

It is the same table written out as text: the heading gives the report paragraph, the recommending
states and the position; the quoted text is the recommendation; "Status:" is the printed status
label; the assessment ("Assessment:", "Comments:", "Evidence:", "Measures taken:") is a finding about
that recommendation; the suggestion is a recommendation for the next cycle. A status line that goes
on after its label ("Status: Not implemented. The moratorium continues, but …") is a finding too.
A document is read so when at least two lines open such a block (:func:`block_heads`). The heading
may also be the bare citation, "128.25 (Australia) – Noted", when it names the states: so are the
entries of a submission's annex on the status of the last cycle's recommendations
(:func:`blocks_units`, called by the submission segmenter on the annex's lines).
"""

from __future__ import annotations

import re

from ..ids import unit_id
from ..layout import Line, dehyphenate_join, document_lines
from ..records import Document, Page, Unit
from ..states import find_states, split_recommending_states
from .language import sentences

#: "Recommendation 128.14 (Chile) – Supported", "Recommendation 128.37 (Uruguay, Argentina): Noted"
#: ... or the bare citation when it names the states: "128.25 (Australia) – Noted"
BLOCK_HEAD = re.compile(r"^\s*(?:Recommendations?\s+(?:No\.?\s*)?|(?=\d{1,3}\.\d{1,3}\s*\([A-Z]))"
                        r"(?P<para>\d{1,3}\.\d{1,3})\s*(?P<states>\(.*\))?\s*"
                        r"(?:[–—:-]\s*(?P<position>(?:not\s+)?(?:supported|accepted|noted|rejected)(?:\s+in\s+part)?)\s*\.?)?\s*$",
                        re.I)
#: ... or the number and the recommendation's text on one line, as UPR Info's mid-term assessments print them
#: ("Rec. 148.5 Ratify the Optional Protocol … (Chile)"), when a "Response:" or status field follows
#: within a few lines (:func:`opens_block`): a paragraph of prose may open with "Recommendation 118.6 …"
_HEAD_TEXT = re.compile(r"^\s*(?:Rec(?:ommendation)?s?\.?\s*(?:No\.?\s*)?)(?P<para>\d{1,3}\.\d{1,3})(?P<states>(?!))?"
                        r"(?P<position>(?!))?\s*[:.\u2013\u2014-]?\s+(?P<text>[A-Z“\"‘'].*)$")
#: the labelled fields of a block, by what they hold
_FIELD = re.compile(r"^\s*(?P<label>status(?:\s+of\s+implementation)?|level\s+of\s+implementation|assessment|comments?|"
                    r"evidence|measures\s+taken|actions?\s+taken|suggested\s+recommendations?|"
                    r"recommendations?\s+for\s+the\s+\w+\s+cycle|response|position|sources?)\s*:\s*(?P<rest>.*)$", re.I)
#: the fields after which a one-line heading with the recommendation's text opens a block
_OPENING_FIELD = re.compile(r"^\s*(?:response|position|status(?:\s+of\s+implementation)?|level\s+of\s+implementation)\s*:",
                            re.I)
_QUOTES = "“”\"‘’'"


def _kind(label: str) -> str:
    low = label.lower()
    if low.startswith(("status", "level")):
        return "status"
    if low.startswith(("suggested", "recommendation")):
        return "suggested"
    if low.startswith(("response", "position")):
        return "position"
    if low.startswith("source"):
        return "source"
    return "assessment"


def opens_block(lines: list[str], k: int) -> re.Match[str] | None:
    """The heading of a labelled block at ``lines[k]``: :data:`BLOCK_HEAD`, or :data:`_HEAD_TEXT` followed within
    four lines by a response or status field (the rest of the recommendation's text may wrap onto them)."""
    if head := BLOCK_HEAD.match(lines[k]):
        return head
    if (head := _HEAD_TEXT.match(lines[k])) and any(_OPENING_FIELD.match(t) for t in lines[k + 1:k + 5]):
        return head
    return None


def is_field(line: str) -> bool:
    """Does a line open a labelled field of a block ("Status: …", "Response: Accepted", "Source: …")?"""
    return bool(_FIELD.match(line))


def block_heads(lines: list[str]) -> int:
    """How many lines open a labelled block (:func:`opens_block`)."""
    return sum(1 for k in range(len(lines)) if opens_block(lines, k))


#: a ticked box and the label after it: "☐ Fully implemented ☒ Partially implemented ☐ Not implemented"
_TICKED = re.compile(r"[☒☑✔✓■▣](?:\ufe0f)?\s*(?P<label>[^☐☒☑✔✓■□▣]+?)\s*(?=[☐☒☑✔✓■□▣]|$)")


def ticked(text: str) -> str | None:
    """The label of the one ticked box of a status line that prints its options as boxes, else None."""
    if not re.search(r"[☐□]", text):
        return None
    found = [m.group("label").strip(" .;,") for m in _TICKED.finditer(text)]
    return found[0] if len(found) == 1 and found[0] else None


def is_block_tracker(lines: list[str]) -> bool:
    """At least two block headings and a labelled field: a tracker written as blocks."""
    return block_heads(lines) >= 2 and any(_FIELD.match(ln) for ln in lines)


def paragraphs(parts: list[tuple[str, Line]]) -> list[list[str]]:
    """A field's lines grouped into paragraphs: a paragraph ends at a line that ends a sentence and
    stops well short of the field's right edge (the last line of a paragraph), or is followed by more
    space than the field's usual leading."""
    if not parts:
        return []
    right = max(ln.x1 for _, ln in parts)
    width = right - min(ln.x0 for _, ln in parts)
    steps = sorted(b.top - a.top for (_, a), (_, b) in zip(parts, parts[1:]) if b.page == a.page and b.top > a.top)
    leading = steps[(len(steps) - 1) // 2] if steps else 0.0       # the lower median: paragraph gaps are the few
    out: list[list[str]] = [[]]
    for k, (text, ln) in enumerate(parts):
        out[-1].append(text)
        if k + 1 == len(parts) or not re.search(r"[.!?][”\"')]*$", text):
            continue
        nxt = parts[k + 1][1]
        spaced = leading and nxt.page == ln.page and nxt.top - ln.top > 1.3 * leading
        if ln.x1 < right - 0.15 * width or spaced:
            out.append([])
    return [p for p in out if p]


def _response(position: str | None) -> str | None:
    if not position:
        return None
    low = position.lower()
    return "noted" if re.search(r"not|noted|rejected|in\s+part", low) else "accepted"


def segment_block_tracker(doc: Document, pages: list[Page]) -> list[Unit]:
    """The units of a tracker written as labelled blocks (see the module docstring)."""
    lines = [ln for page in document_lines(pages) for ln in page if ln.role == "body"]
    from ..detect import is_midterm       # (detect imports this module)

    own = is_midterm(doc.title or "")       # a mid-term tracker's entries are of the cycle it is written in
    return blocks_units(doc, lines, (doc.cycle if own else doc.cycle - 1) if doc.cycle else None)


#: a printed status label that opens a status line: "Not implemented", "Partially implemented", "Ongoing"
_STATUS_LABEL = re.compile(r"^\W*(?:(?:fully|largely|partially|partly|not(?:\s+yet)?)\s+)?(?:implemented|started)\b|"
                           r"^\W*(?:no\s+(?:information|data|progress)|in\s+progress|ongoing|pending|unknown)\b", re.I)
_COMPLETED = re.compile(r"^\W*(?:completed?|achieved|fulfilled)\b", re.I)


#: a row of a table of the last cycle's recommendations by number and status, with no column of their
#: text (a state's mid-term annex "Recommendation No. | Status | Responsible body"): "118.12 Partially
#: implemented Ministry of Justice", "Rec. 118.20 (Chile) Implemented …"
_STATUS_ROW = re.compile(r"^\s*(?:(?:Recommendations?|Recs?\.?)\s*(?:No\.?\s*)?)?(?P<para>\d{1,3}\.\d{1,3})\s*"
                         r"(?:\((?P<states>[^()]*(?:\([^()]*\)[^()]*)*)\))?\s*[|\u2013\u2014-]?\s+(?P<rest>\S.*)$", re.I)
#: the header row above such rows names a status column
_STATUS_HEADER = re.compile(r"\bstatus\b|\blevel\s+of\s+implementation\b", re.I)


def status_row(line: str) -> tuple[str, str | None, str] | None:
    """(paragraph, states, printed status label) of a status table's row (see :data:`_STATUS_ROW`):
    a recommendation's number, then at once a status label ("Partially implemented", "Ongoing",
    "Not started", "Completed"); None for any other line, and for an entry of an assessment in prose
    ("Recommendation 121.3 (Germany): Partially implemented. The …", whose label ends a sentence)."""
    m = _STATUS_ROW.match(line)
    if not m:
        return None
    rest, states = m.group("rest"), m.group("states")
    words = list(re.finditer(r"\S+", rest))
    for k, word in enumerate(words[:9]):
        label = _STATUS_LABEL.match(rest[word.start():]) or _COMPLETED.match(rest[word.start():])
        if not label:
            continue
        # a column of recommending states between the number and the status: names in capitals only
        named = rest[:word.start()].strip(" ,;|")
        if k and not (find_states(named) and all(w[:1].isupper() or w in ("and", "of", "the") for w in
                                                  re.findall(r"[^\s,;|()]+", named))):
            return None
        if re.match(r"\s*[.:;]\s*\S", rest[label.end():]):
            return None
        return m.group("para"), states or named or None, label.group(0).strip(" .:;|\u2013\u2014-")
    return None


def status_table_rows(lines: list[str]) -> list[tuple[str, str | None, str, str]] | None:
    """The rows of a status table among a block's ``lines`` -- (paragraph, states, label, the row's
    text with the lines that go on under it) -- when the block is one: its first line is a row or the
    header over the rows (it names a status column). None for any other block."""
    rows: list[list] = []
    for k, line in enumerate(lines):
        row = status_row(line)
        if row:
            rows.append([*row, [line.strip()]])
        elif rows:
            rows[-1][3].append(line.strip())          # a cell that goes on under its row
        elif k > 0 or not _STATUS_HEADER.search(line):
            return None
    return [(p, s, label, dehyphenate_join(text)) for p, s, label, text in rows] or None


def _label(status: list[str] | None) -> str | None:
    """The printed status label of a block ("Not implemented" of "Status: Not implemented. The …"; the ticked
    one of "☐ Fully implemented ☒ Partially implemented ☐ Not implemented")."""
    text = " ".join(status or []).strip()
    if box := ticked(text):
        return box
    return sentences(text)[0].strip().rstrip(".") or None if text else None


def status_finding(status: str) -> str | None:
    """A status line that goes on after its label ("Not implemented. The moratorium continues …") is an
    assessment: the whole line is a finding. A bare label ("Partially implemented") is none."""
    said = sentences(status)
    if len(said) > 1 and _STATUS_LABEL.match(said[0]) and len(" ".join(said[1:]).split()) >= 4:
        return status
    return None


def blocks_units(doc: Document, lines: list[Line], prior_cycle: int | None, *, ordinal: int = 0,
                 section: str | None = None) -> list[Unit]:
    """The units of the labelled blocks among ``lines`` (lines before the first block heading are skipped)."""
    blocks: list[dict] = []
    texts_of = [ln.text.strip() for ln in lines]
    for k, ln in enumerate(lines):
        text = texts_of[k]
        head = opens_block(texts_of, k)
        if head:
            inline = head.groupdict().get("text")
            blocks.append({"head": head, "line": ln, "fields": [["text", [(inline, ln)] if inline else []]]})
            continue
        if not blocks:
            continue
        field = _FIELD.match(text)
        if field:
            kind = _kind(field.group("label"))
            blocks[-1]["fields"].append([kind, [(field.group("rest"), ln)] if field.group("rest") else []])
            if kind == "source":            # "Source: Public Defender" names who assesses; the comment below is theirs
                blocks[-1]["fields"].append(["assessment", []])
        else:
            blocks[-1]["fields"][-1][1].append((text, ln))
    units: list[Unit] = []
    for b in blocks:
        head, line = b["head"], b["line"]
        texts: dict[str, list[str]] = {}
        for kind, parts in b["fields"]:
            if kind == "assessment":            # one finding per paragraph of the assessment
                texts.setdefault(kind, []).extend(dehyphenate_join(p) for p in paragraphs(parts))
            elif parts:
                texts.setdefault(kind, []).append(dehyphenate_join([t for t, _ in parts]))
        quoted = " ".join(texts.get("text", [])).strip().strip(_QUOTES).strip()
        if not quoted:
            continue
        body, states = split_recommending_states(f"{quoted} {head.group('states') or ''}".strip())
        para = head.group("para")
        position = head.group("position") or " ".join(texts.get("position", [])).strip() or None
        prior = Unit(unit_id=unit_id(doc.doc_id, "recommendation", f"blk:{para}", body), doc_id=doc.doc_id,
                     unit_type="recommendation", cycle=prior_cycle, paragraph=para, recommending_states=states,
                     response=_response(position), text=body.rstrip(" .;"), page=line.page,
                     grade_text=_label(texts.get("status")),
                     section=section, sections=[section] if section else [],
                     provenance=f"block 'Recommendation {para}'", ordinal=ordinal + len(units))
        units.append(prior)
        status = " ".join(texts.get("status", [])).strip().rstrip(".") or None
        if status and (box := ticked(status)):
            status = box
        elif status and (said := status_finding(status)):
            texts.setdefault("assessment", []).insert(0, said + ".")
            status = sentences(status)[0].strip().rstrip(".")
        for k, finding in enumerate(texts.get("assessment", [])):
            units.append(Unit(unit_id=unit_id(doc.doc_id, "finding", f"blk:{para}:{k}", finding), doc_id=doc.doc_id,
                              unit_type="finding", text=finding, grade_text=status, page=line.page,
                              related_unit_ids=[prior.unit_id], provenance=f"block {para}: assessment",
                              section=section, sections=[section] if section else [], ordinal=ordinal + len(units)))
        for suggestion in texts.get("suggested", []):
            for k, sentence in enumerate(sentences(suggestion)):
                units.append(Unit(unit_id=unit_id(doc.doc_id, "recommendation", f"blk:{para}:s{k}", sentence),
                                  doc_id=doc.doc_id, unit_type="recommendation",
                                  cycle=prior_cycle + 1 if prior_cycle else None, text=sentence, page=line.page,
                                  section=section, sections=[section] if section else [],
                                  provenance=f"block {para}: suggested recommendation", ordinal=ordinal + len(units)))
    return units
