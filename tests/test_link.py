from __future__ import annotations

from pathlib import Path

from pipeline.ingest import process_file
from pipeline.link import link_quotes, resolve_citations
from pipeline.records import Unit


def test_citations_link_with_a_wrong_symbol_corrected(wg2010: Path, wg2014: Path, submission_pdf: Path):
    results = [process_file(p) for p in (wg2010, wg2014, submission_pdf)]
    units = [u for r in results for u in r.units]
    docs = {r.document.doc_id: r.document for r in results}
    cits = resolve_citations(results[2].citations, units, docs)
    by_id = {u.unit_id: u for u in units}
    assert all(c.prior_unit_id for c in cits)
    # the submission prints A/HRC/14/10 but 124.4 (Brazil) is in A/HRC/28/10
    first = cits[0]
    assert by_id[first.prior_unit_id].paragraph == first.paragraph
    assert by_id[first.prior_unit_id].recommending_states == [first.state]
    assert first.method == "citation:symbol-corrected"


def test_quotes_link_despite_spelling_and_state_names(wg2014: Path):
    report = process_file(wg2014)
    doc = report.document
    sheet_doc = doc.model_copy(update={"doc_id": "sheet", "doc_kind": "fact_sheet", "symbol": None})
    original = next(u for u in report.units if u.paragraph == "124.5")
    quote = Unit(unit_id="q1", doc_id="sheet", unit_type="recommendation", cycle=2, recommending_states=["Chile"],
                 text=original.text.replace("believes", "beliefs"))
    unrelated = Unit(unit_id="q2", doc_id="sheet", unit_type="recommendation", cycle=2, recommending_states=["Chile"],
                     text="Build more roads in rural areas")
    links = link_quotes(report.units + [quote, unrelated], {doc.doc_id: doc, "sheet": sheet_doc})
    assert links == {"q1": original.unit_id, "q2": None}
