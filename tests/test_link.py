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


def test_link_gold_is_consistent_with_its_readme() -> None:
    """The hand-made linking gold: 54 distinct fact-sheet rows and the submission's 7 citations,
    all targets in A/HRC/28/10, no row twice (a quote in several tables is one recommendation)."""
    import json

    path = Path(__file__).resolve().parent.parent / "evaluation" / "gold" / "linking" / "links.jsonl"
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [g for g in lines if g["source"] == "factsheet_prior_row"]
    cits = [g for g in lines if g["source"] == "submission_citation"]
    assert len(rows) == 54 and len(cits) == 7
    assert len({g["text_start"] for g in rows}) == 54
    assert all(g["target"]["symbol"] == "A/HRC/28/10" for g in lines)
    assert all(c["printed"]["symbol"] == "A/HRC/14/10" and c["printed"]["paragraph"] == c["target"]["paragraph"]
               for c in cits)                                  # the misprinted symbol, paragraphs as printed


def test_fact_sheet_quotes_link_to_the_hand_labelled_paragraphs(wg2014: Path, factsheet_pdf: Path):
    """Every fact-sheet prior-cycle row (all copies) links to the paragraph the gold names."""
    import json

    from pipeline.ids import text_key

    results = [process_file(p) for p in (wg2014, factsheet_pdf)]
    units = [u for r in results for u in r.units]
    docs = {r.document.doc_id: r.document for r in results}
    links = link_quotes(units, docs)
    para = {u.unit_id: u.paragraph for u in results[0].units}
    rows = [u for u in results[1].units if u.unit_type == "recommendation" and u.cycle == 2]
    path = Path(__file__).resolve().parent.parent / "evaluation" / "gold" / "linking" / "links.jsonl"
    gold = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    wrong = []
    for g in gold:
        if g["source"] != "factsheet_prior_row":
            continue
        copies = [u for u in rows if text_key(u.text).startswith(text_key(g["text_start"])[:50])]
        got = {para.get(links.get(u.unit_id) or "") for u in copies}
        if not copies or got != {g["target"]["paragraph"]}:
            wrong.append((g["text_start"], g["target"]["paragraph"], got))
    assert not wrong



def test_an_abridged_quote_links_by_the_paragraph_it_prints(wg2014: Path):
    report = process_file(wg2014)
    doc = report.document
    sheet_doc = doc.model_copy(update={"doc_id": "sheet", "doc_kind": "fact_sheet", "symbol": None})
    original = next(u for u in report.units if u.paragraph == "124.5")
    words = original.text.split()
    abridged = " ".join(words[: max(6, len(words) * 2 // 3)])
    states = original.recommending_states
    quote = Unit(unit_id="q1", doc_id="sheet", unit_type="recommendation", cycle=2, recommending_states=states,
                 text=abridged, paragraph="124.5")
    wrong_state = quote.model_copy(update={"unit_id": "q2", "recommending_states": ["Kiribati"]})
    other_words = quote.model_copy(update={"unit_id": "q3", "text": "Build more roads in rural areas"})
    unnumbered = quote.model_copy(update={"unit_id": "q4", "paragraph": None})
    # red team 42d: a name the gazetteer does not know ("Norwegian Government") is no disagreement of states
    unknown_name = quote.model_copy(update={"unit_id": "q5", "recommending_states": ["Government of Ruritania"]})
    links = link_quotes(report.units + [quote, wrong_state, other_words, unnumbered, unknown_name],
                        {doc.doc_id: doc, "sheet": sheet_doc})
    assert links["q1"] == original.unit_id and links["q5"] == original.unit_id
    assert links["q2"] is None and links["q3"] is None
    assert links["q4"] is None          # without its number, an abridged quote is too unlike to link


def test_a_citation_naming_two_states_and_a_quote_cut_hard(wg2014: Path):
    """End-to-end run (Zambia, invented facts): a footnote "paras. 132.17 (Namibia, Portugal)" names
    two states, one of which made the recommendation; a mid-term quote keeps only a third of the
    item's words but prints its paragraph."""
    from pipeline.records import Citation

    report = process_file(wg2014)
    doc = report.document
    item = next(u for u in report.units if u.paragraph == "124.5")
    other_state = "Kiribati" if "Kiribati" not in item.recommending_states else "Tuvalu"
    sub_doc = doc.model_copy(update={"doc_id": "sub", "doc_kind": "submission", "symbol": None})
    citing = Unit(unit_id="s1", doc_id="sub", unit_type="finding", text="…")
    cit = Citation(unit_id="s1", symbol=doc.symbol, paragraph="124.5", state=f"{other_state}, {item.recommending_states[0]}",
                   raw=f"{doc.symbol}, paras. 124.5 ({other_state}, {item.recommending_states[0]})")
    (resolved,) = resolve_citations([cit], report.units + [citing], {doc.doc_id: doc, "sub": sub_doc})
    assert resolved.prior_unit_id == item.unit_id
    words = item.text.split()
    cut = Unit(unit_id="q", doc_id="sub", unit_type="recommendation", cycle=2, paragraph="124.5",
               recommending_states=item.recommending_states, text=" ".join(words[: len(words) // 3 + 1]))
    assert link_quotes(report.units + [cut], {doc.doc_id: doc, "sub": sub_doc.model_copy(update={"doc_kind": "fact_sheet"})}) == {
        "q": item.unit_id}


def test_citations_stay_with_the_citing_documents_state_and_point_back(wg2014: Path):
    """Review round 25 (a store of several states): a misprinted symbol named another state's report
    and linked to it as an exact hit; "recommendation 124.5 (X)" without a symbol was lost when the
    next cycle's report had a 124.5 of the same state; a submission naming no state of its own linked
    by paragraph into a report of whatever state."""
    from pipeline.records import Citation

    report = process_file(wg2014)
    doc = report.document                                            # Kazakhstan, cycle 2
    item = next(u for u in report.units if u.paragraph == "124.5")
    by = item.recommending_states[0]
    other = doc.model_copy(update={"doc_id": "other", "state_under_review": "Malawi", "symbol": "A/HRC/99/1"})
    later = doc.model_copy(update={"doc_id": "later", "cycle": 3, "symbol": "A/HRC/99/2"})
    twin = lambda d: [u.model_copy(update={"unit_id": f"{d.doc_id}:{u.unit_id}", "doc_id": d.doc_id})  # noqa: E731
                      for u in report.units]
    units = report.units + twin(other) + twin(later)
    sub = doc.model_copy(update={"doc_id": "sub", "doc_kind": "submission", "symbol": None, "cycle": 3})
    nowhere = sub.model_copy(update={"doc_id": "nowhere", "state_under_review": None})
    units += [Unit(unit_id="s1", doc_id="sub", unit_type="finding", text="…"),
              Unit(unit_id="n1", doc_id="nowhere", unit_type="finding", text="…")]
    docs = {d.doc_id: d for d in (doc, other, later, sub, nowhere)}
    cits = [Citation(unit_id="s1", symbol="A/HRC/99/1", paragraph="124.5", state=by, raw="misprinted symbol"),
            Citation(unit_id="s1", symbol=None, paragraph="124.5", state=by, raw="paragraph and state"),
            Citation(unit_id="n1", symbol=None, paragraph="124.5", state=by, raw="no state of its own")]
    wrong_symbol, no_symbol, stateless = resolve_citations(cits, units, docs)
    assert (wrong_symbol.prior_unit_id, wrong_symbol.method) == (item.unit_id, "citation:symbol-corrected")
    assert (no_symbol.prior_unit_id, no_symbol.method) == (item.unit_id, "citation:paragraph+state")
    assert stateless.prior_unit_id is None
    # red team 32b: "(see recommendation 106.5)", no state, was labelled as found by paragraph and state
    (bare,) = resolve_citations([Citation(unit_id="s1", symbol=None, paragraph="124.5", state=None, raw="124.5")], units, docs)
    assert (bare.prior_unit_id, bare.method) == (item.unit_id, "citation:paragraph")


def test_a_mid_term_assessment_cites_the_recommendations_of_its_own_cycle(wg2014: Path):
    """Red team round 30b (an NHRI's mid-term assessment, "Recommendation 121.3 (Germany): Partially
    implemented. …"): the document is of the cycle whose recommendations it assesses, and its citations
    without a symbol were looked up in earlier cycles only, so none linked. With no earlier report that
    has the item, the report of its own cycle is searched; a report the document names by its symbol
    in another citation comes first."""
    from pipeline.records import Citation

    doc, item, by, units, docs = _report_and_a_citing_finding(wg2014, "mid", "m1", cycle=2)
    report_units = [u for u in units if u.doc_id == doc.doc_id]
    (own,) = resolve_citations([Citation(unit_id="m1", symbol=None, paragraph="124.5", state=by, raw="124.5")], units, docs)
    assert (own.prior_unit_id, own.method) == (item.unit_id, "citation:paragraph+state")
    # a cycle-3 document citing "124.5" links back to cycle 2, unless it names the cycle-3 report elsewhere
    later = doc.model_copy(update={"doc_id": "later", "cycle": 3, "symbol": "A/HRC/99/2"})
    twins = [u.model_copy(update={"unit_id": f"later:{u.unit_id}", "doc_id": "later"}) for u in report_units]
    sub = docs["mid"].model_copy(update={"doc_id": "sub", "cycle": 3})
    units = report_units + twins + [Unit(unit_id="s1", doc_id="sub", unit_type="finding", text="…")]
    docs = {doc.doc_id: doc, "later": later, "sub": sub}
    bare = Citation(unit_id="s1", symbol=None, paragraph="124.5", state=by, raw="124.5")
    (back,) = resolve_citations([bare], units, docs)
    assert back.prior_unit_id == item.unit_id
    naming = Citation(unit_id="s1", symbol="A/HRC/99/2", paragraph="124.1", state=None, raw="A/HRC/99/2, para. 124.1")
    _, named = resolve_citations([naming, bare], units, docs)
    assert named.prior_unit_id == f"later:{item.unit_id}"
    # red team round 36c: a mid-term report (by its title) cites its own cycle's items first, even when the
    # report before has an item of that number by that state
    docs["sub"] = sub.model_copy(update={"title": "Mid-term report on the implementation of the recommendations"})
    (own_first,) = resolve_citations([bare], units, docs)
    assert own_first.prior_unit_id == f"later:{item.unit_id}"


def test_a_suggestion_worded_like_a_report_item_is_no_quote(wg2014: Path):
    """End-to-end run (Zambia): a fact sheet's suggestion for the next cycle (no states, the sheet's
    own cycle) that the next report happens to word the same way is not a quote of it, so it is
    matched like any new recommendation; a row of the sheet quoting the same item with its states is."""
    report = process_file(wg2014)
    doc = report.document                              # the cycle-2 report
    sheet = doc.model_copy(update={"doc_id": "sheet", "doc_kind": "fact_sheet", "symbol": None, "cycle": 2})
    item = next(u for u in report.units if u.paragraph == "124.5")
    suggestion = Unit(unit_id="s", doc_id="sheet", unit_type="recommendation", cycle=2, text=item.text)
    row = suggestion.model_copy(update={"unit_id": "r", "recommending_states": item.recommending_states})
    assert link_quotes(report.units + [suggestion, row], {doc.doc_id: doc, "sheet": sheet}) == {"r": item.unit_id}


def test_a_cycle_the_citing_sentence_names_decides_between_two_reports(wg2014: Path):
    """Red team round 31d (two invented states, reports of two cycles each): "The second-cycle
    recommendation 122.2 on citizenship …" in a cycle-4 submission linked to the cycle-3 report's 122.2
    (another recommendation), the latest earlier report that has one. The cycle the sentence names for
    the number decides; a sentence naming two cycles, or none, leaves the rule as it was."""
    from pipeline.link import cycle_hint
    from pipeline.records import Citation

    report = process_file(wg2014)
    doc = report.document                                            # Kazakhstan, cycle 2
    item = next(u for u in report.units if u.paragraph == "124.5")
    later = doc.model_copy(update={"doc_id": "later", "cycle": 3, "symbol": "A/HRC/99/2"})
    twins = [u.model_copy(update={"unit_id": f"later:{u.unit_id}", "doc_id": "later"}) for u in report.units]
    sub = doc.model_copy(update={"doc_id": "sub", "doc_kind": "submission", "symbol": None, "cycle": 4})
    said = {"s1": "The second-cycle recommendation 124.5 has not been implemented.",
            "s2": "Recommendation 124.5 has not been implemented."}
    units = report.units + twins + [Unit(unit_id=k, doc_id="sub", unit_type="finding", text=t) for k, t in said.items()]
    docs = {doc.doc_id: doc, "later": later, "sub": sub}
    cits = [Citation(unit_id=k, symbol=None, paragraph="124.5", state=None, raw="124.5") for k in said]
    second, plain = resolve_citations(cits, units, docs)
    assert second.prior_unit_id == item.unit_id                     # the cycle-2 report's, as the sentence says
    assert plain.prior_unit_id == f"later:{item.unit_id}"           # the latest earlier report's, as before
    assert cycle_hint("During the 2nd UPR review Nepal noted 122.2.", "122.2") == 2
    assert cycle_hint("122.2 (second cycle) and 123.2 (third cycle) were noted.", "122.2") is None
    assert cycle_hint("In its third cycle Nepal noted 122.2. It supported 123.2.", "123.2") is None


def test_the_year_a_sentence_dates_a_review_by_decides_between_two_reports():
    """Red team round 31d: "… 122.2 and 123.2, noted in 2015 and 2021 respectively" linked both numbers to
    the latest report's items. A year that dates the review (a response after the number, "the 2019 UPR",
    "its review in 2014") names its cycle; a year two cycles share (2012, 2017, 2022), a year of anything
    else, or years that cannot be paired with the numbers give no hint."""
    from pipeline.link import cycle_hint

    both = "Recommendations 122.2 and 123.2, noted in 2015 and 2021 respectively, have not been implemented."
    assert (cycle_hint(both, "122.2"), cycle_hint(both, "123.2")) == (2, 3)
    assert cycle_hint("Recommendation 122.2, which Nepal noted in 2015, is pending.", "122.2") == 2
    assert cycle_hint("During the 2019 UPR, Nepal accepted 118.5 (Ghana).", "118.5") == 3
    assert cycle_hint("At its review in 2014 Kazakhstan received 124.5.", "124.5") == 2
    assert cycle_hint("Recommendation 118.5 made to Ghana in 2015 is pending.", "118.5") == 2
    assert cycle_hint("Recommendation 118.5 was accepted in 2017.", "118.5") is None          # 2016 review, 2017 adoption
    assert cycle_hint("122.2 and 123.2 were noted in 2015 and 2021.", "122.2") is None          # two years, no pairing
    assert cycle_hint("In 2019 the parliament adopted a law implementing 122.2.", "122.2") is None
    assert cycle_hint("As the Committee noted in 2019, recommendation 118.5 is pending.", "118.5") is None


def test_a_quote_dated_to_the_wrong_cycle_links_by_its_paragraph_and_words(wg2014: Path):
    """Red team round 36a (an invented national implementation plan for Namibia, its own cycle taken for the one
    it assesses): its rows, "116.5 Ratify …" with the report's words, were dated a cycle too early, linked to
    nothing and stood in for the earlier cycle's report, so the report's items were matched to their own quotes
    at 1.0. A row that prints the report's paragraph and nearly its words links to that item, whatever cycle it
    was given; one that only shares the number does not."""
    from pipeline.link import link_quotes

    report = process_file(wg2014)                                     # Kazakhstan, cycle 2
    item = next(u for u in report.units if u.paragraph == "124.5")
    plan = report.document.model_copy(update={"doc_id": "plan", "doc_kind": "fact_sheet", "symbol": None, "cycle": 2})
    row = Unit(unit_id="row", doc_id="plan", unit_type="recommendation", cycle=1, paragraph="124.5", text=item.text)
    other = row.model_copy(update={"unit_id": "other", "text": "Establish a national preventive mechanism in full"})
    docs = {report.document.doc_id: report.document, "plan": plan}
    links = link_quotes(report.units + [row, other], docs)
    assert links["row"] == item.unit_id and links.get("other") is None


def test_a_cycle_whose_report_is_not_stored_is_no_reason_to_link_to_another(wg2014: Path):
    """Red team round 39a (invented Madagascar: the third-cycle report stored in English, the fourth-cycle one refused
    as French): an English mid-term report of the fourth cycle cited "(A/HRC/58/14, para. 128.1, France)", "the
    fourth-cycle recommendation 128.2 (Canada)" and a bare "129.1 (Belgium)"; all three were linked to the
    third-cycle items of those numbers (the symbol taken for a misprint), which then took the statuses its findings
    gave. A well-formed symbol of a report the store does not hold dates the cycle it cites, as a cycle the sentence
    names does; a mid-term report's bare number is of its own cycle. A citation of the stored report still links."""
    from pipeline.records import Citation

    report = process_file(wg2014)
    doc = report.document                                            # Kazakhstan, cycle 2, A/HRC/28/10
    item = next(u for u in report.units if u.paragraph == "124.5")
    by = item.recommending_states[0]
    mid = doc.model_copy(update={"doc_id": "mid", "doc_kind": "submission", "symbol": None, "cycle": 3,
                                 "title": "Mid-term assessment of the implementation of the third-cycle recommendations"})
    text = "During its third review Kazakhstan supported the third-cycle recommendation 124.5 on torture, but nothing changed."
    units = report.units + [Unit(unit_id="m1", doc_id="mid", unit_type="finding", text=text),
                            Unit(unit_id="m2", doc_id="mid", unit_type="finding", text="Nothing was done (124.5).")]
    docs = {doc.doc_id: doc, "mid": mid}
    cites = [Citation(unit_id="m1", symbol="A/HRC/41/5", paragraph="124.5", state=by, raw="A/HRC/41/5, para. 124.5"),
             Citation(unit_id="m1", symbol=None, paragraph="124.5", state=by, raw="124.5"),
             Citation(unit_id="m2", symbol=None, paragraph="124.5", state=by, raw="124.5")]
    assert [c.prior_unit_id for c in resolve_citations(cites, units, docs)] == [None, None, None]
    stored = Citation(unit_id="m2", symbol=doc.symbol, paragraph="124.5", state=by, raw="A/HRC/28/10, para. 124.5")
    assert [c.prior_unit_id for c in resolve_citations([stored], units, docs)] == [item.unit_id]
    # (a bare number in a document that names the stored report elsewhere is that report's item, as before)
    assert resolve_citations([stored, cites[2]], units, docs)[1].prior_unit_id == item.unit_id


def test_a_symbol_of_another_report_of_the_same_cycle_links_to_nothing(wg2014: Path):
    """Red team round 42d (invented Azerbaijan, A/HRC/40/8 stored): "Uzbekistan received a comparable
    recommendation from Norway … (A/HRC/39/7, para. 142.22)" was linked to Azerbaijan's 142.22 (Norway) as a
    misprinted symbol, and that item took the Uzbek finding's status. A well-formed symbol the store does not hold,
    of a cycle whose report of the state is stored under another symbol, names another report; one character off
    the stored symbol is still a misprint of it."""
    from pipeline.records import Citation

    doc, item, by, units, docs = _report_and_a_citing_finding(wg2014, "sub", "s1", cycle=3)
    other = Citation(unit_id="s1", symbol="A/HRC/27/12", paragraph="124.5", state=by, raw="A/HRC/27/12, para. 124.5")
    typo = Citation(unit_id="s1", symbol="A/HRC/28/01", paragraph="124.5", state=by, raw="A/HRC/28/01, para. 124.5")
    assert doc.symbol == "A/HRC/28/10" and doc.cycle == 2
    linked = resolve_citations([other, typo], units, docs)
    assert linked[0].prior_unit_id is None
    assert (linked[1].prior_unit_id, linked[1].method) == (item.unit_id, "citation:symbol-corrected")


def test_round_43_a_document_about_several_states_links_to_no_other_states_items():
    """Red team 43c (invented Western Balkans corpus; the helper's truth): a regional submission with a chapter per
    state and a fact sheet with a "State" column beside "Recommending State". Both were read as about Albania (the
    first state of the title): 11 citations of Montenegro's and North Macedonia's items linked to Albania's items of
    the same numbers, changing Albania's statuses, and the sheet's "State" column was read as the recommending state.
    Now such a document is about none of them, says so (partial), and links only what names a report's symbol."""
    import json

    folder = Path(__file__).resolve().parent / "fixtures" / "multistate"
    truth = json.loads((folder / "r43_truth.json").read_text(encoding="utf-8"))
    results = [process_file(folder / f) for f in ("A_HRC_44_4_Albania.pdf", "A_HRC_38_11_Montenegro.pdf",
                                                    "A_HRC_41_10_North_Macedonia.pdf", "r43_regional_submission.pdf",
                                                    "r43_regional_fact_sheet.pdf")]
    for r in results[3:]:
        assert r.document.state_under_review is None and r.document.status == "partial"
        assert "several states (Albania, Montenegro, North Macedonia" in r.document.error
    docs = {r.document.doc_id: r.document for r in results}
    units = [u for r in results for u in r.units]
    state_of = {u.unit_id: docs[u.doc_id].state_under_review for u in units}
    paragraph = {u.unit_id: u.paragraph for u in units}
    allowed = {t["text_start"][:40]: {tuple(c) for c in t["cites"]} for t in truth["cites"]}
    text_of = {u.unit_id: u.text for u in units}
    linked = [c for c in resolve_citations([c for r in results[3:] for c in r.citations], units, docs) if c.prior_unit_id]
    assert linked                                   # ("(A/HRC/38/11, para. 110.18)" names its report)
    for c in linked:
        want = next(v for k, v in allowed.items() if text_of[c.unit_id].startswith(k) or k.startswith(text_of[c.unit_id][:40]))
        assert (state_of[c.prior_unit_id], paragraph[c.prior_unit_id]) in want, c
    assert not [q for q, item in link_quotes(units, docs).items() if item and docs[next(
        u.doc_id for u in units if u.unit_id == q)].state_under_review is None]
    sheet_states = {s for u in results[4].units for s in u.recommending_states}
    assert sheet_states and not sheet_states & {"Albania", "Montenegro", "North Macedonia"}


def _report_and_a_citing_finding(wg2014: Path, doc_id: str, unit_id: str, cycle: int):
    """The 2014 report (Kazakhstan, cycle 2, A/HRC/28/10), its item 124.5 and that item's first state, and a
    submission of ``cycle`` with one finding ``unit_id``: (report document, item, state, units, documents)."""
    report = process_file(wg2014)
    doc = report.document
    item = next(u for u in report.units if u.paragraph == "124.5")
    citing = doc.model_copy(update={"doc_id": doc_id, "doc_kind": "submission", "symbol": None, "cycle": cycle})
    units = report.units + [Unit(unit_id=unit_id, doc_id=doc_id, unit_type="finding", text="…")]
    return doc, item, item.recommending_states[0], units, {doc.doc_id: doc, doc_id: citing}
