"""One place for the errors a person reads: each says what is wrong and, where it can, what to do."""

from __future__ import annotations


class UPRError(Exception):
    """Base class of the pipeline's own errors."""


class DocumentError(UPRError):
    """A file cannot be read as a UPR document. ``reason`` is one line a person understands."""

    def __init__(self, reason: str, *, partial: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.partial = partial


# Reasons recorded in documents.error (one line each).
EMPTY_FILE = "empty file (0 bytes)"
TOO_LARGE = "file is {size_mb:.0f} MB, over the {limit_mb:.0f} MB limit (set UPR_MAX_FILE_MB to raise it)"
NOT_PDF_TEXT = "not a PDF: the file holds plain text (it starts with {head!r})"
NOT_PDF_IMAGE = "not a PDF: the file is a {kind} image"
NOT_PDF_KIND = "not a PDF: the file is {kind}; {advice}"
NOT_PDF = "not a PDF: the file does not start with %PDF (it starts with {head!r})"
TRUNCATED = "damaged or truncated PDF: {detail}"
ENCRYPTED = "encrypted PDF: it needs a password; decrypt it (e.g. qpdf --decrypt) and ingest again"
NO_TEXT = "no text layer on any of its {pages} pages (a scanned PDF?): run OCR first (e.g. ocrmypdf)"
SOME_PAGES_NO_TEXT = "no text layer on pages {pages} (scanned?); the other pages were read"
TOO_MANY_PAGES = "{pages} pages, over the {limit} page limit: only the first {limit} were read"
PAGE_FAILED = "page {page} could not be read ({detail}); the other pages were read"
NOT_ENGLISH = ("written in {language} (judged from its words): the segmenters read English UPR documents; ingest the "
               "English version (the UN publishes its documents in all six official languages)")
NO_UNITS = ("no recommendations or findings found: the {kind} layout was not recognised; its text was kept as paragraphs "
            "(report the layout, with the file, so the segmenter can learn it)")
FOREIGN_PAGES = ("page(s) {pages} are written in {language} and were not read (the segmenters and the classifier "
                 "read English; ingest the English version of those pages if there is one)")
SEVERAL_STATES = ("about several states ({states}, by its title): a document is read as about one state, so this one is "
                  "stored with none; its citations link only where they name a report's symbol, its quotes link to no "
                  "report item and its recommendations are not matched (store one file per state to link them all)")
FOREIGN_UNITS = ("{count} unit(s) written in {language} were not kept (a translation printed beside or under the English "
                 "text: the English is read)")
NO_RESPONSE = ("{count} recommendation(s) of paragraph(s) {paragraphs} have no response: the paragraph's opening sentence "
               "names none the segmenter knows (\"enjoy the support\", \"noted\", \"will be examined\"); check it in the PDF "
               "(a scan's misread text layer?) and set the responses with `upr correct UNIT --field response`")
ITEM_GAPS = ("the numbering of the recommendations skips {numbers}: an item whose number was misread (a scan's text layer?) "
             "is read as part of the item before it; check those items in the PDF")
CORRIGENDUM = ("a corrigendum ({symbol}): it corrects its report in prose and lists no recommendations; its "
               "corrections are not applied to the report's units")
SEGMENT_FAILED = "segmentation failed ({detail}); the document's text was kept as paragraphs"
NO_PDFS = "no PDF files found in {path}"
PATH_MISSING = "no such file or folder: {path}"

STORE_BUSY = ("the store {path} is in use by another upr command ({detail}); wait for it to finish and try again, "
              "or give this command its own --store")
