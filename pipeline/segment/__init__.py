"""Segmentation: a read document -> units (and citations), by document kind."""

from __future__ import annotations

from pathlib import Path

from ..records import Citation, Document, Page, Unit
from .addendum import addendum_responses
from .prose import segment_paragraphs, segment_submission
from .wg_report import segment_wg_report


def segment(path: Path, doc: Document, pages: list[Page]) -> tuple[list[Unit], list[Citation]]:
    """Units of a document by its kind; an unknown kind falls back to paragraphs."""
    if doc.doc_kind == "working_group_report":
        if doc.symbol and "/Add." in doc.symbol:
            return [], []          # an addendum carries responses, read by addendum_responses()
        units = segment_wg_report(doc, pages)
        return (units, []) if units else (segment_paragraphs(doc, pages), [])
    if doc.doc_kind == "fact_sheet":
        from .fact_sheet import segment_fact_sheet

        return segment_fact_sheet(path, doc, pages), []
    if doc.doc_kind == "submission":
        return segment_submission(doc, pages)
    return segment_paragraphs(doc, pages), []


__all__ = ["segment", "addendum_responses"]
