"""Status of prior-cycle recommendations through the findings and grades linked to them."""

from pipeline.classify_stage import linked_status
from pipeline.records import Classification, Unit


def _unit(uid, unit_type="recommendation"):
    return Unit(unit_id=uid, doc_id="d", unit_type=unit_type, text="x")


def _cls(uid, status, score):
    return Classification(unit_id=uid, status=status, status_score=score, confidence=0.5, needs_review=True,
                          model_version="t")


def test_no_links_no_status():
    assert linked_status(_unit("r"), {}, {}) == (None, None)


def test_agreeing_links_keep_their_score():
    by_id = {"f1": _cls("f1", "not_implemented", 0.9), "f2": _cls("f2", "not_implemented", 0.7)}
    assert linked_status(_unit("r"), by_id, {"r": ["f1", "f2"]}) == ("not_implemented", 0.9)


def test_conflicting_links_are_pessimistic_and_less_sure():
    by_id = {"g": _cls("g", "partially_implemented", 0.95), "f": _cls("f", "not_implemented", 0.9)}
    status, score = linked_status(_unit("r"), by_id, {"r": ["g", "f"]})
    assert status == "not_implemented" and score == 0.45


def test_the_rows_own_finding_outweighs_a_cell_merged_over_several_rows():
    """Red team round 30a: a Committee cell merged over two fact-sheet rows holds (a) on one row's topic,
    graded C, and (b) on the other's, graded A; the second row's own finding says implemented. The
    merged cell's C had made that row not implemented. Evidence about the row alone decides where there is any."""
    by_id = {"ca": _cls("ca", "not_implemented", 0.95), "cb": _cls("cb", "implemented", 0.95),
             "f": _cls("f", "implemented", 0.79)}
    related = {"r": ["ca", "cb", "f"]}
    assert linked_status(_unit("r"), by_id, related, {"ca": 2, "cb": 2, "f": 1}) == ("implemented", 0.79)
    assert linked_status(_unit("r"), by_id, related)[0] == "not_implemented"      # (without the spread)
    by_id["f"] = _cls("f", "no_information", 0.8)       # a row's own finding that assesses nothing: the merged cell
    assert linked_status(_unit("r"), by_id, related, {"ca": 2, "cb": 2, "f": 1}) == ("not_implemented", 0.475)
    # two merged cells (the item quoted in two tables) are weighed together, whatever rows they span
    by_id = {"t": _cls("t", "not_implemented", 0.97), "j": _cls("j", "partially_implemented", 0.99)}
    assert linked_status(_unit("r"), by_id, {"r": ["t", "j"]}, {"t": 16, "j": 8}) == ("not_implemented", 0.485)


def test_the_rows_own_sure_no_information_outweighs_a_merged_cell():
    """Red team round 31a: a row's own finding says "No data were made public on birth registration
    rates …" (no information, 0.82) and the Committee cell merged over it and another row grades (a) D
    and (b) A, on the other row's topic; the A made the item implemented. What its authors say of the
    row alone decides when they say it surely; an unsure "no information" (a finding that assesses
    nothing, round 30a) still lets the merged cell speak."""
    by_id = {"ca": _cls("ca", "no_information", 0.95), "cb": _cls("cb", "implemented", 0.95),
             "f": _cls("f", "no_information", 0.815)}
    related, spread = {"r": ["ca", "cb", "f"]}, {"ca": 2, "cb": 2, "f": 1}
    assert linked_status(_unit("r"), by_id, related, spread, sure=0.8) == ("no_information", 0.815)
    assert linked_status(_unit("r"), by_id, related, spread, sure=0.9) == ("implemented", 0.95)
    by_id["f"] = _cls("f", "not_implemented", 0.6)       # anything informative of its own is weighed as before
    assert linked_status(_unit("r"), by_id, related, spread, sure=0.8) == ("not_implemented", 0.6)


def test_only_no_information():
    by_id = {"f": _cls("f", "no_information", 0.7)}
    assert linked_status(_unit("r"), by_id, {"r": ["f"]}) == ("no_information", 0.7)
    by_id["g"] = _cls("g", "implemented", 0.95)      # an informative link beats "no information"
    assert linked_status(_unit("r"), by_id, {"r": ["f", "g"]}) == ("implemented", 0.95)


class _FakeClassifier:
    """Articles from the section articles it is given, else [2]; status from a grade text."""

    version = "fake"

    def __init__(self):
        self.seen_sections: dict[str, list[int]] = {}

    def predict(self, texts, unit_types, section_articles, grades):
        from pipeline.classify.model import Prediction

        out = []
        for text, utype, secs, grade in zip(texts, unit_types, section_articles, grades):
            self.seen_sections[text] = list(secs)
            status = {"Not implemented": "not_implemented", "Implemented": "implemented",
                      "Partially implemented": "partially_implemented"}.get(grade) if utype == "finding" else None
            arts = list(secs) or [2]
            out.append(Prediction(arts, {str(a): 0.9 for a in arts}, status, 0.95 if status else None, 0.9, False))
        return out


def test_a_quoted_recommendation_is_one_recommendation():
    """The report item takes the section articles of its fact-sheet quote and the finding linked to
    the quote; the quote shows the report item's reading and is not sent to review twice."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    report_item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Decriminalise defamation")
    quote = Unit(unit_id="q", doc_id="fs", unit_type="recommendation", text="Decriminalise defamation.",
                 section_articles=[19], canonical_unit_id="r")
    finding = Unit(unit_id="f", doc_id="fs", unit_type="finding", text="Defamation is still a crime.",
                   grade_text="Not implemented", related_unit_ids=["q"])
    alone = Unit(unit_id="a", doc_id="fs", unit_type="recommendation", text="Free the journalists.",
                 section_articles=[9], canonical_unit_id="not-in-store")
    clf = _FakeClassifier()
    rows = {r.unit_id: r for r in classify_units([report_item, quote, finding, alone], clf, Settings())}
    assert clf.seen_sections["Decriminalise defamation"] == [19]
    assert (rows["r"].articles, rows["r"].status) == ([19], "not_implemented")
    assert (rows["q"].articles, rows["q"].status, rows["q"].confidence) == ([19], "not_implemented", rows["r"].confidence)
    assert rows["q"].needs_review is False
    assert (rows["a"].articles, rows["a"].status) == ([9], None)      # its report is not in the store: on its own


def test_the_newest_assessment_of_a_quoted_recommendation_wins():
    """A 2020 mid-term report (cycle 3) says not implemented, the 4th-cycle fact sheet says implemented:
    the report item takes the fact sheet's word, not the most pessimistic of the two."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Repeal the sedition law")
    mid_quote = Unit(unit_id="q1", doc_id="mid", unit_type="recommendation", text="Repeal the sedition law",
                     canonical_unit_id="r")
    mid_finding = Unit(unit_id="f1", doc_id="mid", unit_type="finding", text="Not repealed.",
                       grade_text="Not implemented", related_unit_ids=["q1"])
    fs_quote = mid_quote.model_copy(update={"unit_id": "q2", "doc_id": "fs"})
    fs_finding = Unit(unit_id="f2", doc_id="fs", unit_type="finding", text="Repealed in 2022.",
                      grade_text="Implemented", related_unit_ids=["q2"])
    units = [item, mid_quote, mid_finding, fs_quote, fs_finding]
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings(), {"wg": 3, "mid": 3, "fs": 4})}
    assert rows["r"].status == rows["q1"].status == rows["q2"].status == "implemented"
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings())}      # no document cycles: pessimistic
    assert rows["r"].status == "not_implemented"
    # red team round 35a: the newer sheet says nothing informative ("no information"): the older printed status stands
    vague = fs_finding.model_copy(update={"text": "No data.", "grade_text": "No information"})
    rows = {r.unit_id: r for r in classify_units([item, mid_quote, mid_finding, fs_quote, vague], _FakeClassifier(), Settings(),
                                                 {"wg": 3, "mid": 3, "fs": 4})}
    assert rows["r"].status == "not_implemented"


def test_a_finding_that_cites_a_report_item_is_evidence_of_its_status():
    """Red team, round 15: a submission's finding citing "recommendations 125.20 (Norway)" said what became
    of it, but the report item got no status. A citation linked to a report item makes the citing
    finding its evidence (only findings: a recommendation citing an item is no assessment of it)."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Amend the Public Gatherings Law")
    finding = Unit(unit_id="f", doc_id="js", unit_type="finding", text="The law was not amended.",
                   grade_text="Not implemented")
    ask = Unit(unit_id="n", doc_id="js", unit_type="recommendation", text="Amend the law now.")
    units = [item, finding, ask]
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings(), cited_by={"r": ["f", "n"]})}
    assert rows["r"].status == "not_implemented"
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings(), cited_by={"r": ["n"]})}
    assert rows["r"].status is None


def test_a_status_printed_beside_a_quoted_recommendation_is_its_status():
    """Red team round 19 (an NGO tracker "Recommendation | Status | Suggested recommendation", no
    assessment column): the printed label is the status of the row's recommendation and of the report
    item it quotes; a finding linked to the quote outweighs it; a recommendation with no label has none."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Adopt a law on access to information")
    quote = Unit(unit_id="q", doc_id="tr", unit_type="recommendation", text="Adopt a law on access to information",
                 canonical_unit_id="r", grade_text="In progress")
    alone = Unit(unit_id="a", doc_id="tr", unit_type="recommendation", text="Halt evictions", grade_text="Not started")
    plain = Unit(unit_id="p", doc_id="tr", unit_type="recommendation", text="Free the journalists")
    rows = {r.unit_id: r for r in classify_units([item, quote, alone, plain], _FakeClassifier(), Settings())}
    assert rows["r"].status == rows["q"].status == "partially_implemented"
    assert (rows["a"].status, rows["p"].status) == ("not_implemented", None)
    finding = Unit(unit_id="f", doc_id="tr", unit_type="finding", text="Not adopted.", grade_text="Not implemented",
                   related_unit_ids=["q"])
    rows = {r.unit_id: r for r in classify_units([item, quote, finding], _FakeClassifier(), Settings())}
    assert rows["r"].status == "not_implemented"


def test_an_assessment_of_the_item_alone_outweighs_a_finding_that_cites_it_among_others():
    """Red team round 20 (an invented Honduras corpus): a fact sheet prints "Partially implemented" for
    115.8; a submission paragraph citing 115.6, 115.8 and 115.9 at once says what failed. The harshest
    of the two won, so the item and its quote showed not_implemented beside a printed "Partially
    implemented". The row's own assessment now decides; the citing finding counts where nothing else does."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Reform the police")
    quote = Unit(unit_id="q", doc_id="fs", unit_type="recommendation", text="Reform the police", canonical_unit_id="r")
    row = Unit(unit_id="f", doc_id="fs", unit_type="finding", text="A law was adopted; training lags.",
               grade_text="Partially implemented", related_unit_ids=["q"])
    citing = Unit(unit_id="c", doc_id="js", unit_type="finding", text="None of these was implemented.",
                  grade_text="Not implemented")
    three = {"r6": ["c"], "r": ["c"], "r9": ["c"]}           # (the finding cites 115.6, 115.8 and 115.9)
    rows = {r.unit_id: r for r in classify_units([item, quote, row, citing], _FakeClassifier(), Settings(), cited_by=three)}
    assert rows["r"].status == rows["q"].status == "partially_implemented"
    rows = {r.unit_id: r for r in classify_units([item, citing], _FakeClassifier(), Settings(), cited_by=three)}
    assert rows["r"].status == "not_implemented"
    # red team round 30b: an NHRI's mid-term entry "Recommendation 121.4 (Austria): Red. …" cites the item
    # alone; it assesses it as the state's tracker row does, and the harsher of the two wins (less sure)
    rows = {r.unit_id: r for r in classify_units([item, quote, row, citing], _FakeClassifier(), Settings(), cited_by={"r": ["c"]})}
    assert rows["r"].status == "not_implemented" and rows["r"].status_score == 0.475


def test_a_finding_citing_the_item_alone_outweighs_one_citing_it_among_others():
    """Red team round 33b: "Health care in prisons" cites 116.20 alone (partially implemented); "Conditions of
    detention" cites 116.5 and 116.20 (not implemented). With citations only (no fact-sheet row), both counted as
    assessing the item alone, and the harsher won. The finding about this item alone decides."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Improve health care in prisons")
    both = Unit(unit_id="b", doc_id="ngo", unit_type="finding", text="Cells are overcrowded.", grade_text="Not implemented")
    alone = Unit(unit_id="a", doc_id="ngo", unit_type="finding", text="Clinics opened in two prisons.",
                 grade_text="Partially implemented")
    rows = {r.unit_id: r for r in classify_units([item, both, alone], _FakeClassifier(), Settings(),
                                                 cited_by={"r": ["b", "a"], "r5": ["b"]})}
    assert rows["r"].status == "partially_implemented"
    rows = {r.unit_id: r for r in classify_units([item, both], _FakeClassifier(), Settings(), cited_by={"r": ["b"], "r5": ["b"]})}
    assert rows["r"].status == "not_implemented"          # where nothing assesses it alone, the shared finding counts


def test_a_report_item_sent_to_review_by_its_linked_status_says_so():
    """The review reason follows the confidence when a linked finding's status is folded in."""
    from pipeline.classify.model import Prediction
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    class Unsure(_FakeClassifier):
        def predict(self, texts, unit_types, section_articles, grades):
            return [Prediction([19], {"19": 0.95}, "not_implemented" if t == "finding" else None,
                               0.6 if t == "finding" else None, 0.95, False) for t in unit_types]

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Decriminalise defamation")
    quote = Unit(unit_id="q", doc_id="fs", unit_type="recommendation", text="Decriminalise defamation.",
                 canonical_unit_id="r")
    finding = Unit(unit_id="f", doc_id="fs", unit_type="finding", text="Little has changed.", related_unit_ids=["q"])
    rows = {r.unit_id: r for r in classify_units([item, quote, finding], Unsure(), Settings(review_threshold=0.8))}
    assert rows["r"].needs_review and rows["r"].review_reason == "status uncertain (0.60)"
    assert not rows["q"].needs_review and rows["q"].review_reason is None        # reviewed once, on the item


def test_a_merged_cell_is_evidence_only_where_a_row_has_nothing_of_its_own():
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    r1 = Unit(unit_id="r1", doc_id="fs", unit_type="recommendation", text="Register religious groups")
    r2 = Unit(unit_id="r2", doc_id="fs", unit_type="recommendation", text="Recognise conscientious objection")
    merged = Unit(unit_id="m", doc_id="fs", unit_type="finding", text="Registration is still refused.",
                  grade_text="Not implemented", related_unit_ids=["r1", "r2"])
    own = Unit(unit_id="o", doc_id="fs", unit_type="finding", text="An alternative service law was adopted.",
               grade_text="Implemented", related_unit_ids=["r2"])
    rows = {r.unit_id: r for r in classify_units([r1, r2, merged, own], _FakeClassifier(), Settings())}
    assert (rows["r1"].status, rows["r2"].status) == ("not_implemented", "implemented")


def test_a_status_resting_on_the_states_own_report_alone_goes_to_review():
    """Red team round 34a: the national report's "Lesotho ratified OPCAT; designating the mechanism is under
    way" gave item 115.1 a confident "implemented" that nothing else supported: the State's own claim. Such a
    status is kept but sent to review, saying why; other evidence beside it counts as before."""
    from pipeline.classify_stage import STATE_WORD_SCORE, classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Ratify OPCAT and designate an NPM")
    claim = Unit(unit_id="c", doc_id="nr", unit_type="finding", text="OPCAT was ratified.", grade_text="Implemented")
    ngo = Unit(unit_id="n", doc_id="ngo", unit_type="finding", text="No NPM exists.", grade_text="Partially implemented")
    rows = {r.unit_id: r for r in classify_units([item, claim], _FakeClassifier(), Settings(), cited_by={"r": ["c"]},
                                                 state_docs={"nr"})}
    assert rows["r"].status == "implemented" and rows["r"].status_score <= STATE_WORD_SCORE
    assert rows["r"].needs_review and rows["r"].review_reason == "status rests on the State's own report alone"
    rows = {r.unit_id: r for r in classify_units([item, claim, ngo], _FakeClassifier(), Settings(),
                                                 cited_by={"r": ["c", "n"]}, state_docs={"nr"})}
    assert rows["r"].review_reason != "status rests on the State's own report alone"


def test_round_41_citing_findings_shared_newer_and_corrected():
    """Red team round 41b (invented Togo: a 2024 NHRI mid-term report, a 2026 submission and fact sheet):
    (1) 108.28's only evidence was a paragraph about two items ("… is in force (108.28). Juveniles, however, …
    (108.26)"), and the item took its status at 0.998, not flagged; (2) a 2024 "12 of 17 released" outweighed a
    2026 "all released" (the most pessimistic of the citing findings won, whatever their dates); (3) a reviewer's
    status of a finding never reached the item it assesses."""
    from pipeline.classify_stage import SHARED_EVIDENCE_SCORE, classify_units
    from pipeline.config import Settings

    item, other = (Unit(unit_id=u, doc_id="wg", unit_type="recommendation", text=t)
                   for u, t in (("r28", "Revise the Children's Code"), ("r26", "Separate juveniles from adults")))
    both = Unit(unit_id="p", doc_id="mid", unit_type="finding", text="… in force (108.28). Juveniles, however, …",
                grade_text="Partially implemented")
    rows = {r.unit_id: r for r in classify_units([item, other, both], _FakeClassifier(), Settings(),
                                                 cited_by={"r28": ["p"], "r26": ["p"]})}
    assert rows["r28"].status == "partially_implemented" and rows["r28"].status_score == SHARED_EVIDENCE_SCORE
    assert rows["r28"].needs_review

    old = Unit(unit_id="o", doc_id="mid", unit_type="finding", text="12 of 17 released.", grade_text="Partially implemented")
    new = Unit(unit_id="n", doc_id="sub", unit_type="finding", text="All were released.", grade_text="Implemented")
    units, cycles = [item, old, new], {"wg": 3, "mid": 3, "sub": 4}
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings(), cycles, cited_by={"r28": ["o", "n"]})}
    assert rows["r28"].status == "implemented"
    rows = {r.unit_id: r for r in classify_units(units, _FakeClassifier(), Settings(), cycles, cited_by={"r28": ["o", "n"]},
                                                 corrected={"n": "not_implemented"})}
    assert rows["r28"].status == "not_implemented" and rows["n"].status == "implemented"   # (its own row: the model's)


def test_round_42_a_merged_cell_and_a_paragraph_citing_several_items_count_together():
    """Red team 42a (invented Uzbekistan): a fact-sheet assessment merged over the rows of 133.8–133.10 read
    "implemented"; a submission paragraph citing 133.9 and 133.10 reported the quotas still imposed. Only the
    merged cell counted (a paragraph citing several items waited for a row with nothing at all), so all three items
    showed "implemented". Both speak of the item with others: they count together, the harsher wins, less sure."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    items = [Unit(unit_id=f"r{k}", doc_id="wg", unit_type="recommendation", text=f"End forced labour {k}") for k in (8, 9, 10)]
    quotes = [Unit(unit_id=f"q{k}", doc_id="fs", unit_type="recommendation", text=f"End forced labour {k}",
                   canonical_unit_id=f"r{k}") for k in (8, 9, 10)]
    merged = Unit(unit_id="m", doc_id="fs", unit_type="finding", text="Child labour has largely ended.",
                  grade_text="Implemented", related_unit_ids=["q8", "q9", "q10"])
    citing = Unit(unit_id="c", doc_id="ngo", unit_type="finding", text="Quotas are still imposed.",
                  grade_text="Not implemented")
    rows = {r.unit_id: r for r in classify_units(items + quotes + [merged, citing], _FakeClassifier(), Settings(),
                                                 cited_by={"r9": ["c"], "r10": ["c"]})}
    assert rows["r8"].status == "implemented"
    assert rows["r9"].status == rows["r10"].status == "not_implemented"
    assert rows["r9"].needs_review
    # the row's own finding still outweighs a paragraph citing several items (round 20)
    own = Unit(unit_id="o", doc_id="fs", unit_type="finding", text="Monitors now visit.", grade_text="Implemented",
               related_unit_ids=["q9"])
    rows = {r.unit_id: r for r in classify_units(items + quotes + [merged, citing, own], _FakeClassifier(), Settings(),
                                                 cited_by={"r9": ["c"], "r10": ["c"]})}
    assert rows["r9"].status == "implemented" and rows["r10"].status == "not_implemented"


def test_round_53_a_newer_finding_outweighs_an_older_printed_status():
    """Red team 53b (invented Guinea-Bissau: the State's 2022 mid-term table, its 2024 national report and a 2024 NGO
    submission): item 117.15 was "Not started" in the 2022 table, and both cycle-4 documents said it was done; the
    older row's status was pooled with theirs and, the most pessimistic, won. The newest documents that say something
    decide, whether the older word is a quote's printed status or a citing finding; where the older said otherwise,
    the item goes to review."""
    from pipeline.classify_stage import classify_units
    from pipeline.config import Settings

    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Establish a child protection unit")
    row = Unit(unit_id="q", doc_id="mid", unit_type="recommendation", text="Establish a child protection unit",
               canonical_unit_id="r", grade_text="Not started")
    said = Unit(unit_id="n", doc_id="sub", unit_type="finding", text="The unit was set up in 2023.", grade_text="Implemented")
    cycles = {"wg": 3, "mid": 3, "sub": 4}
    rows = {r.unit_id: r for r in classify_units([item, row, said], _FakeClassifier(), Settings(), cycles,
                                                 cited_by={"r": ["n"]})}
    assert rows["r"].status == "implemented"
    assert rows["r"].needs_review and rows["r"].review_reason == "newer documents' status differs from an older one's"
    rows = {r.unit_id: r for r in classify_units([item, row, said], _FakeClassifier(), Settings(), {"wg": 3, "mid": 4, "sub": 4},
                                                 cited_by={"r": ["n"]})}
    assert rows["r"].status == "not_implemented"       # (the same cycle: both are heard, the most pessimistic wins)
