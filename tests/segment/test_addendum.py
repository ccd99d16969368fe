"""Addenda (A/HRC/…/Add.1) set the responses of a report's pending recommendations in the store,
whichever of the two is ingested first, and never override a response the report itself gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import process_file
from pipeline.segment.addendum import _numbers
from pipeline.store import Store
from tests.fixtures import builders

ADDENDUM_PROSE = [
    "A/HRC/41/99/Add.1",
    "Report of the Working Group on the Universal Periodic Review",
    "Freedonia",
    "Addendum",
    "Views on conclusions and/or recommendations, voluntary commitments and",
    "replies presented by the State under review",
    "1. Freedonia has examined the 5 recommendations it received during its review.",
    "2. Freedonia supports recommendations 110.1, 110.3 and 110.4.",
    "3. Freedonia notes recommendations 110.2 and 110.5, which it cannot accept at present.",
]
ADDENDUM_TABLE = ADDENDUM_PROSE[:6] + [
    "Recommendation     Position",
    "110.1     Supported",
    "110.2     Noted",
    "110.3     Supported",
    "110.4     Supported",
    "110.5     Noted",
]
EXPECTED = {"110.1": "accepted", "110.2": "noted", "110.3": "accepted", "110.4": "accepted", "110.5": "noted"}


def _ingest(store: Store, pdf: Path) -> None:
    r = process_file(pdf)
    assert r.document.status == "ok", r.document.error
    store.replace_document(r.document, r.units, r.citations, r.responses)


def _responses(store: Store) -> dict[str, str | None]:
    return {u.paragraph: u.response for u in store.units() if u.unit_type == "recommendation"}


@pytest.mark.parametrize("lines", [ADDENDUM_PROSE, ADDENDUM_TABLE], ids=["prose", "table"])
@pytest.mark.parametrize("report_first", [True, False], ids=["report-first", "addendum-first"])
def test_addendum_sets_pending_responses(tmp_path: Path, lines: list[str], report_first: bool):
    report = builders.wg_report_pdf(tmp_path / "report.pdf")
    addendum = builders.text_pdf(tmp_path / "addendum.pdf", [lines])
    add = process_file(addendum)
    assert add.document.symbol == "A/HRC/41/99/Add.1" and not add.units
    assert add.responses == EXPECTED
    with Store(tmp_path / "store") as store:
        order = [report, addendum] if report_first else [addendum, report]
        for pdf in order:
            _ingest(store, pdf)
        assert _responses(store) == EXPECTED
        _ingest(store, report)            # re-ingesting changes nothing
        assert _responses(store) == EXPECTED


def test_ranges_expand_and_other_numbers_are_not_recommendations():
    assert _numbers("supports 124.10-124.12 and 125.3 to 125.5") == [
        "124.10", "124.11", "124.12", "125.3", "125.4", "125.5"]
    assert _numbers("in 2019, 61% of 1000 cases") == []


# ---------------------------------------------------------------- wording of real addenda
# Pages are built from spans directly (no PDF): a line is a string (one text run) or a list of
# cells (one run per cell, as a table row reads).
from pipeline.records import Page, Span  # noqa: E402
from pipeline.segment.addendum import addendum_responses  # noqa: E402

_COVER = ["A/HRC/38/15/Add.1", "Report of the Working Group on the Universal Periodic Review", "Turkmenistan",
          "Addendum", "Views on conclusions and/or recommendations, voluntary commitments and",
          "replies presented by the State under review"]


def _pages(lines: list[str | list[str]], per_page: int = 40) -> list[Page]:
    lines = _COVER + lines
    pages = []
    for p, start in enumerate(range(0, len(lines), per_page), start=1):
        spans = []
        for i, line in enumerate(lines[start:start + per_page]):
            top = 100 + i * 14
            x = 60.0
            for cell in [line] if isinstance(line, str) else line:
                spans.append(Span(text=cell, x0=x, top=top, x1=x + 5 * len(cell), bottom=top + 10, size=10))
                x += 5 * len(cell) + 40
        pages.append(Page(number=p, width=595, height=842, spans=spans))
    return pages


def _answers(*lines: str | list[str]) -> dict[str, str]:
    return addendum_responses(_pages(list(lines)))


def test_table_position_cell_decides_not_the_comment():
    got = _answers(
        ["Recommendation", "Position", "Comments"],
        ["115.27", "Supported", "The Government takes note of the concerns expressed and will continue"],
        "cooperation with the United Nations country team.",
        ["115.28", "Noted", "The State does not support the amendment proposed at this stage."],
        ["115.29", "Supported", "A draft law is being prepared."],
        ["115.30", "Supported", "Turkmenistan notes that the national action plan already provides for"],
        "this measure.",
        ["115.31", "Not supported", "The State supports the aim but not the means."],
        ["115.32", "Partially supported", "Accepted as regards awareness-raising."],
        ["115.33", "Supported/Noted", ""],
        ["115.34", "Already implemented", ""],
        ["115.35", "Rejected", "It is supported by no one."],
    )
    assert got == {"115.27": "accepted", "115.28": "noted", "115.29": "accepted", "115.30": "accepted",
                   "115.31": "noted", "115.32": "noted", "115.33": "noted", "115.34": "accepted",
                   "115.35": "noted"}


def test_table_row_in_one_text_run_and_with_recommendation_text():
    got = _answers(
        "115.1 | Supported | The Government notes the concerns.",
        "115.2: Noted. The Government supports the aim.",
        "115.3 - Not accepted",
        # the recommendation's text stands between number and position: the position cell decides
        ["115.4 Support the national human rights institution (Norway)", "Noted", "Under consideration."],
        ["115.5 Accept the request for a visit (Chile)", "Supported", ""],
    )
    assert got == {"115.1": "accepted", "115.2": "noted", "115.3": "noted", "115.4": "noted",
                   "115.5": "accepted"}


@pytest.mark.parametrize("sentence, expected", [
    ("4. Turkmenistan cannot support recommendations 115.6 and 115.13.", "noted"),
    ("4. Turkmenistan is unable to support recommendations 115.6 and 115.13.", "noted"),
    ("4. Turkmenistan is not in a position to support recommendations 115.6 and 115.13.", "noted"),
    ("4. Turkmenistan does not support recommendations 115.6 and 115.13.", "noted"),
    ("4. Turkmenistan does not accept recommendations 115.6 and 115.13.", "noted"),
    ("4. Recommendations 115.6 and 115.13 did not enjoy the support of Turkmenistan.", "noted"),
    ("4. Recommendations 115.6 and 115.13 are rejected.", "noted"),
    ("4. Turkmenistan takes note of recommendations 115.6 and 115.13.", "noted"),
    ("4. Recommendations 115.6 and 115.13 are noted.", "noted"),
    ("4. Recommendations 115.6 and 115.13 have already been implemented.", "accepted"),
    ("4. Recommendations 115.6 and 115.13 are supported and considered already implemented.", "accepted"),
    ("4. Recommendations 115.6 and 115.13 are in the process of implementation.", "accepted"),
    ("4. Recommendations 115.6 and 115.13 enjoy the support of Turkmenistan.", "accepted"),
    ("4. Turkmenistan accepts recommendations 115.6 and 115.13.", "accepted"),
    # a partial answer is not an acceptance of the recommendation as worded: noted (module docstring)
    ("4. Recommendations 115.6 and 115.13 are partially supported: Turkmenistan supports the parts "
     "on awareness-raising and takes note of the rest.", "noted"),
    ("4. Turkmenistan supports in part recommendations 115.6 and 115.13.", "noted"),
    # red team round 31b: the words that name the recommendations, not their numbers, stand between
    ("4. Recommendations 115.6 and 115.13: Turkmenistan accepts these recommendations in part.", "noted"),
    ("4. Recommendations 115.6 and 115.13: Turkmenistan supports them only partially.", "noted"),
    # a hedge before a refusal
    ("4. While Turkmenistan supports the spirit of recommendations 115.6 and 115.13, it is not in a "
     "position to accept them.", "noted"),
    # a position that changed since the dialogue (round-5 red team): the later one stands
    ("4. Recommendations 115.6 and 115.13, noted at the time of the interactive dialogue, now enjoy the "
     "support of Turkmenistan following consultations.", "accepted"),
    ("4. Recommendations 115.6 and 115.13, supported during the dialogue, have since been rejected.", "noted"),
    ("4. Recommendations 115.6 and 115.13 are noted, and Turkmenistan now reports on them yearly.", "noted"),
])
def test_prose_wording(sentence: str, expected: str):
    assert _answers(sentence) == {"115.6": expected, "115.13": expected}


def test_already_implemented_is_accepted():
    got = _answers("6. Recommendation 115.26 has already been implemented: the Law on the Ombudsperson, adopted on",
                   "23.11.2016, entered into force on 1.01.2017.")
    assert got == {"115.26": "accepted"}          # and the dates are not recommendation numbers


def test_ranges_lists_and_response_before_or_after_the_numbers():
    got = _answers(
        "2. Turkmenistan supports the following recommendations: 115.1, 115.3, 115.7 to 115.9, 115.14–115.16",
        "and 115.25.",
        "3. Recommendations 115.2, 115.4 and 115.5 are noted. Turkmenistan is not in a position to ratify further",
        "instruments before the review of its legislation is completed.",
        "4. Recommendations 115.30–115.32: supported.",
        "5. Recommendations 115.40 and 115.41 are supported, while 115.42 is noted.",
        "6. Turkmenistan supports recommendations 115.50 and 115.51 and takes note of 115.52.",
        "7. Turkmenistan supports recommendations 115.60 and 115.61, while 115.62 is noted.",
        "8. Recommendation 115.70 is noted; however, the State supports 115.71.",
    )
    accepted = ["115.1", "115.3", "115.7", "115.8", "115.9", "115.14", "115.15", "115.16", "115.25",
                "115.30", "115.31", "115.32", "115.40", "115.41", "115.50", "115.51", "115.60", "115.61", "115.71"]
    noted = ["115.2", "115.4", "115.5", "115.42", "115.52", "115.62", "115.70"]
    assert got == {**{n: "accepted" for n in accepted}, **{n: "noted" for n in noted}}


def test_numbers_named_as_exceptions_take_the_answer_after_them():
    """Red team, round 11 (Guinea-Bissau): "with the exception of 122.7, which it notes" gave 122.7
    the sentence's "supports" (before: accepted)."""
    got = _answers(
        "3. Guinea-Bissau supports all the recommendations under this heading, with the exception of",
        "recommendation 122.7, which it notes.",
        "4. Guinea-Bissau supports recommendations 122.10 to 122.13, with the exception of 122.12, which it notes.",
        "5. Guinea-Bissau supports recommendations 122.20 to 122.22 except 122.21.",
    )
    assert got == {"122.7": "noted", "122.10": "accepted", "122.11": "accepted", "122.12": "noted",
                   "122.13": "accepted", "122.20": "accepted", "122.22": "accepted"}   # 122.21: no answer given


def test_cluster_headings_govern_the_lines_below():
    got = _answers(
        "II. Positions on the recommendations",
        "The following recommendations are supported:",
        "115.1, 115.2, 115.3",
        "115.4 to 115.6",
        "The following recommendations are noted:",
        "115.7, 115.8",
        "Recommendations that enjoy the support of Turkmenistan:",
        "115.9 Accept the request for a visit of the Special Rapporteur (Chile);",
        "115.10 Ensure that victims are supported and compensated (Peru);",
        "Recommendations noted by Turkmenistan:",
        "115.11 Support the work of civil society (Norway);",
        "115.12 Reject all forms of discrimination (Canada).",
        "3. The positions of Turkmenistan on recommendations 115.20 to 115.25 are set out in the table below.",
    )
    assert got == {**{f"115.{i}": "accepted" for i in (1, 2, 3, 4, 5, 6, 9, 10)},
                   **{f"115.{i}": "noted" for i in (7, 8, 11, 12)}}


def test_numbers_without_a_response_set_nothing():
    assert _answers(
        "1. Turkmenistan carefully considered the 140 recommendations; it supports 112 and takes note of 28.",
        "7. The positions of Turkmenistan on recommendations 115.27 to 115.60 are set out in the table below.",
        "8. Recommendation 115.61 will be examined further, as noted in paragraph 3.",
    ) == {}


def test_table_rows_override_prose_and_prose_fills_the_rest():
    got = _answers(
        "2. Recommendations 115.1 to 115.3 are supported.",
        ["115.3", "Noted", "On reflection the State cannot accept this recommendation."],
        "3. The remaining recommendations, 115.4 to 115.6, enjoy the support of Turkmenistan, which",
        "considers that a number of them have already been implemented.",
    )
    assert got == {"115.1": "accepted", "115.2": "accepted", "115.3": "noted",
                   "115.4": "accepted", "115.5": "accepted", "115.6": "accepted"}


def test_table_across_pages():
    rows = [[f"115.{i}", "Supported" if i % 3 else "Noted", "Comment text."] for i in range(1, 61)]
    got = addendum_responses(_pages([["Recommendation", "Position", "Comments"], *rows]))
    assert got == {f"115.{i}": "accepted" if i % 3 else "noted" for i in range(1, 61)}


def test_dates_are_not_recommendation_numbers():
    assert _numbers("adopted on 23.11.2016, in force on 1.01.2017; see 115.3.") == ["115.3"]
    assert _numbers("115.7–115.9 and 115.12 — 115.13") == ["115.7", "115.8", "115.9", "115.12", "115.13"]


def _table_pages(rows: list[list[tuple[float, str]]]) -> list[Page]:
    """One page of table lines; each line is a list of (x0, text) runs at those columns."""
    spans = []
    for i, line in enumerate([[(60.0, t)] for t in _COVER] + rows):
        top = 100 + i * 14
        spans += [Span(text=t, x0=x, top=top, x1=x + 4.5 * len(t), bottom=top + 10, size=10) for x, t in line]
    return [Page(number=1, width=595, height=842, spans=spans)]


def test_position_cell_centred_lower_than_the_number():
    num, text, pos, com = 60.0, 110.0, 360.0, 440.0
    got = addendum_responses(_table_pages([
        [(num, "Recommendation"), (pos, "Position"), (com, "Comments")],
        [(num, "115.40"), (text, "Ratify the Optional Protocol to the")],
        [(text, "Convention against Torture"), (pos, "Noted"), (com, "Under study.")],
        [(text, "(Denmark);")],
        [(num, "115.41"), (text, "Support the national human rights")],
        [(text, "institution so that it complies with")],
        [(pos, "Supported")],                               # a cell on a line of its own
        [(text, "the Paris Principles (Ghana);")],
        [(num, "115.42"), (text, "Accept a visit of the Special")],
        [(text, "Rapporteur on torture (Chile);")],            # no position cell printed: no answer
        [(num, "115.43"), (text, "Ensure that human rights defenders are")],
        [(text, "supported")],                                 # the text wrapping, at the text column
        [(text, "and protected (Peru);"), (pos, "Not accepted")],
    ]))
    assert got == {"115.40": "noted", "115.41": "accepted", "115.43": "noted"}


def test_positions_wrapped_over_lines_or_glued_to_the_text():
    """Round-5 red team (Mozambique addendum, invented facts), a table "Recommendation | Position |
    Comments": number and text in one run, so the text column starts at the number; positions
    wrapped over two lines ("Supported in" / "part", "Already" glued to the text / "implemented"),
    comments that say "supports" or "takes note", a row broken across pages. The position cell
    decides, never the comments. Generator's truth file."""
    import json

    from pipeline.read import read_pdf
    from pipeline.segment.addendum import addendum_responses

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    truth = json.loads((folder / "wrapped_positions_truth.json").read_text(encoding="utf-8"))
    assert addendum_responses(read_pdf(folder / "wrapped_positions.pdf").pages) == truth["responses"]


def test_round_11_addendum_exceptions_headings_and_position_lines():
    """Red team, round 11 (Guinea-Bissau, invented facts, the generator's truth): "supports all the
    recommendations under this heading, with the exception of recommendation 122.7, which it notes"
    under the heading "B. Justice and the rule of law (recommendations 122.5–122.8)", and items
    followed by a line "Position: Supported" (before: 122.7 accepted, 122.5, 122.6, 122.8 and
    122.9-122.12 unanswered)."""
    import json

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    truth = json.loads((folder / "r11_gnb_c3_2020_add1_truth.json").read_text(encoding="utf-8"))
    r = process_file(folder / "r11_gnb_c3_2020_add1.pdf")
    assert (r.document.symbol, r.document.state_under_review) == (truth["symbol"], truth["state"])
    assert r.responses == truth["addendum_responses"]


def test_respectively_targets_and_headings_of_one_recommendation():
    """Red team, round 12 (Ghana, Venezuela addenda): "supported and noted, respectively" gave both
    numbers the first answer; "target 16.2 of the Sustainable Development Goals" became a
    recommendation; "Recommendation 96.5" as a heading, answered "… takes note of this
    recommendation" in the next paragraph, was unanswered; and a heading's numbers were answered
    by an "all of them" three paragraphs later."""
    assert _answers("Recommendations 146.7 and 146.8 are supported and noted, respectively.") == {
        "146.7": "accepted", "146.8": "noted"}
    assert _answers("4. Ghana supports recommendations 146.1 to 146.3, in line with target 16.2 of the Sustainable",
                    "Development Goals.") == {"146.1": "accepted", "146.2": "accepted", "146.3": "accepted"}
    assert _answers("4. Venezuela has examined the recommendations pending after its review.", "Recommendation 96.5",
                    "5. Venezuela takes note of this recommendation.") == {"96.5": "noted"}
    got = _answers("5. Ghana has examined the recommendations pending after its review.",
                   "Recommendation 146.9", "6. Ghana supports this recommendation.",
                   "7. Ghana considered recommendations 146.10 to 146.12 carefully.",
                   "8. Ghana takes note of all of them except 146.12, which it supports.")
    assert got == {"146.9": "accepted", "146.10": "noted", "146.11": "noted", "146.12": "accepted"}


def test_shares_and_other_reports_items_are_no_items_of_this_report():
    """Red team round 20 (an invented prose addendum): "Paraguay supported recommendation 110.5
    (A/HRC/44/12) … the budget increased by 18.5 per cent" gave 110.5 and 18.5 as accepted items of this
    report. A number followed by "per cent" or by another report's symbol is no item of it."""
    from pipeline.segment.addendum import _prose_responses

    found = _prose_responses(["In its last review Paraguay supported recommendation 110.5 (A/HRC/44/12), and the budget "
                              "of the Ombudsman increased by 18.5 per cent.", "Paraguay supports recommendations 115.3 and 115.4."])
    assert found == {"115.3": "accepted", "115.4": "accepted"}


def test_round_31_cycle_one_items_named_by_their_paragraph():
    """Red team round 31b (an invented 2008 addendum): "Recommendations 3 and 4 contained in paragraph 83
    are not accepted" left 83.3 and 83.4 pending: a cycle-1 report numbers its items inside a paragraph
    (read as 83.1, 83.2, …), and its addendum names them so."""
    from pipeline.segment.addendum import paragraph_items

    assert _answers("2. Recommendations 3 and 4 contained in paragraph 83 are not accepted.",
                    "3. Recommendation 1 of paragraph 72 is accepted.") == {"83.3": "noted", "83.4": "noted", "72.1": "accepted"}
    assert paragraph_items("Paragraph 83, recommendations 1 to 3: accepted") == "recommendations 83.1 to 83.3: accepted"
    assert paragraph_items("In paragraph 12 of its report, the Government recalls 124.6") == \
        "In paragraph 12 of its report, the Government recalls 124.6"


def test_round_31_an_item_of_an_earlier_report_named_with_its_cycle():
    """Red team round 31b: "… in line with recommendation 121.44 of the second cycle (A/HRC/26/7)" gave the
    addendum's own report a position for 121.44 (an item of another report, as "110.5 (A/HRC/44/12)" is)."""
    got = _answers("5. Uruguay supports recommendation 121.3, in line with recommendation 121.44 of the second "
                   "cycle (A/HRC/26/7), which it supported.")
    assert got == {"121.3": "accepted"}


def test_round_32_a_list_of_numbers_wrapped_in_justified_prose_is_no_table_row():
    """Red team round 32a (an invented addendum to Malaysia's third review, justified 11 pt prose): "11. The
    following recommendations are supported: 151.28 to 151.30," wrapped onto a line that opens with
    "151.32–151.36, 151.40, …"; read as a table row waiting for its position, it took the "noted." of the next
    paragraph's words (justified text sets each word apart, like cells): 13 supported items became noted and
    151.31 stayed pending. A line that goes on with a sentence stopped mid-list is prose."""
    from pipeline.ingest import process_file

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    got = process_file(folder / "r32_malaysia_justified_prose_lists.pdf").responses
    supported = ["151.28", "151.29", "151.30", "151.32", "151.33", "151.34", "151.35", "151.36", "151.40", "151.42",
                 "151.43", "151.44", "151.45", "151.46", "151.49", "151.12", "151.25"]
    assert {n: got.get(n) for n in supported} == {n: "accepted" for n in supported}
    assert {n: got.get(n) for n in ("151.31", "151.11", "151.13", "151.27", "151.48")} == {
        n: "noted" for n in ("151.31", "151.11", "151.13", "151.27", "151.48")}
    assert len(got) == 49


def test_round_35_a_law_number_is_no_recommendation():
    """Red team round 35b: "… created by Law No. 18.446 …" in an addendum was stored as the position of an item
    18.446 (and counted among its positions)."""
    from pipeline.segment.addendum import _prose_responses, _sentences

    assert _prose_responses(_sentences(["The institution was created by Law No. 18.446 and will act as the national "
                                        "preventive mechanism. Uruguay supports recommendation 84.3."])) == {"84.3": "accepted"}
    assert _prose_responses(_sentences(["Decree 12.345 was adopted; Uruguay supports recommendation 84.3."])) == {"84.3": "accepted"}


def test_round_35_a_cycle_1_addendum_names_the_paragraph_once():
    """Red team round 35b (an invented 2009 addendum for Uruguay): "the recommendations contained in paragraph 84"
    once, then "Recommendations 4 and 7: Uruguay accepts these recommendations", "Recommendation 8 does not enjoy
    the support of Uruguay", "With regard to recommendation 2, Uruguay recalls … Uruguay therefore accepts this
    recommendation in part." -- 7 of 12 items stayed pending. The paragraph named once numbers the later bare
    items; an answer sentences after "With regard to recommendation 2" is its answer. (84.9, named only by
    quoting its words, stays unanswered.)"""
    from pipeline.ingest import process_file

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    got = process_file(folder / "r35_uruguay_c1_bare_numbers.pdf").responses
    assert got == {"84.1": "accepted", "84.2": "noted", "84.3": "accepted", "84.4": "accepted", "84.5": "accepted",
                   "84.6": "accepted", "84.7": "accepted", "84.8": "noted", "84.10": "accepted", "84.11": "accepted",
                   "84.12": "accepted"}


def test_round_36_the_recommendation_answered_sentences_later():
    """Red team round 36b: "With regard to recommendation 149.7, the … Bill has not been passed into law. Nigeria
    supports the recommendation in part, …" -- 149.7 stayed pending: only "this recommendation" carried the answer
    back to the item, not "the recommendation"."""
    from pipeline.segment.addendum import _SCHEMA, _prose_responses, _sentences

    got = _prose_responses(_sentences(["6. With regard to recommendation 149.7, the Non-Governmental Organizations "
                                       "Regulatory Commission Bill has not been passed into law. Nigeria supports the "
                                       "recommendation in part, to the extent that it concerns the freedom of association."]))
    assert {n: _SCHEMA[label] for n, label in got.items()} == {"149.7": "noted"}


def test_round_40_items_named_in_one_sentence_answered_by_them_in_the_next():
    """Red team round 40a (invented Burkina Faso addendum): "Recommendations 136.10 and 136.11 concern provisions of the
    Persons and Family Code. In view of the sensitivity of these questions in society, Burkina Faso takes note of
    them." -- both stayed pending."""
    from pipeline.segment.addendum import _prose_responses, _sentences

    got = _prose_responses(_sentences(["Recommendations 136.10 and 136.11 concern provisions of the Persons and Family "
                                       "Code. In view of the sensitivity of these questions in society, Burkina Faso "
                                       "takes note of them. Recommendation 136.12 is accepted."]))
    assert got == {"136.10": "noted", "136.11": "noted", "136.12": "accepted"}


def test_round_41_a_table_of_numbers_only_with_supported_in_part_wrapped():
    """Red team round 41a (invented Dominican Republic addendum, 17 pages, v2): a "Recommendation | Position |
    Comments" table whose every ninth row prints the item's number only; "Supported in" / "part" wrapped in the
    narrow position column, right after the number, was read as "Supported" (4 items accepted, not noted).
    Checked: every item's response against the helper's truth."""
    import json

    from pipeline.read import read_pdf
    from pipeline.segment.addendum import addendum_responses

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    truth = json.loads((folder / "r41_dominican_add1_numbers_only_truth.json").read_text(encoding="utf-8"))["responses"]
    got = addendum_responses(read_pdf(folder / "r41_dominican_add1_numbers_only.pdf").pages)
    assert {k: got.get(k) for k in truth} == truth


@pytest.mark.parametrize("name", ["r43_cameroon_prose_and_lines.pdf", "r43_cameroon_one_line_answers.pdf",
                                  "r43_thailand_position_centred.pdf"])
def test_round_43_one_line_answers_and_a_position_centred_in_a_table_without_text(name):
    """Red team 43a (invented Cameroon and Thailand addenda; the helper's truth): (1) one line per item, a bold
    number and its answer ("130.8 – Accepted.", "130.9 – Noted."): the dash after a number was taken for a range
    wrapped in its cell, so every second line took the answer of the line before; (2) a table "Recommendation(s) |
    Position | Comments" with no text column and the position centred lower than the number: the position cell
    was skipped as part of the number cell, and the comment's words decided; "supports the spirit of this
    recommendation but is not in a position to commit itself" (130.27) had stayed unanswered: a refusal, noted."""
    import json

    from pipeline.read import read_pdf
    from pipeline.segment.addendum import addendum_responses

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "addendum"
    truth = json.loads((folder / "r43_addenda_truth.json").read_text(encoding="utf-8"))[name]
    got = addendum_responses(read_pdf(folder / name).pages)
    assert {n: got.get(n, "pending") for n in truth} == truth


@pytest.mark.parametrize("name", ["r47_kuwait_wrapped_list_sentence.pdf", "r47_kuwait_wrapped_list_with_exception.pdf"])
def test_round_47_a_wrapped_list_sentence_and_a_report_reference(name: str):
    """Red team 47b (invented addendum of Kuwait, every item of the report pending): "The recommendations contained in
    paragraphs 145.2, … 145.53 to 145.56," / "145.58 to 145.60 and 145.67 to 145.79 enjoy the support of Kuwait, with
    the exception of" / "145.59, which it notes.": the third line opens with numbers and holds a position, and was
    read as a table row: its items took the answer, the 29 items of the first two lines none (or the exception's
    "noted"). And "(A/HRC/44/17, paras. 156.40 and 156.41)", the previous review's items, were answered "noted".
    Checked against the helper's truth: every item's answer, and nothing for another report's numbers."""
    import json

    from pipeline.read import read_pdf
    from pipeline.segment.addendum import addendum_responses

    folder = Path(__file__).resolve().parents[1] / "fixtures" / "addendum"
    truth = json.loads((folder / "r47_kuwait_truth.json").read_text(encoding="utf-8"))[name]
    assert addendum_responses(read_pdf(folder / name).pages) == truth
