"""The review page: lists what needs review (least confident first), records corrections
through the same validated, append-only path as `upr correct`, refuses bad input."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from pipeline.ingest import process_file
from pipeline.records import Classification
from pipeline.review import make_server, parse_articles, queue_page, render_page, review_queue
from pipeline.store import Store


@pytest.fixture(scope="module")
def wg_result(wg2010: Path):
    return process_file(wg2010)


@pytest.fixture()
def store_dir(tmp_path: Path, wg_result) -> Path:
    units = wg_result.units[:3]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.write_classifications([
            Classification(unit_id=units[0].unit_id, articles=[19], confidence=0.55, needs_review=True, model_version="m"),
            Classification(unit_id=units[1].unit_id, articles=[], confidence=0.35, needs_review=True, model_version="m"),
            Classification(unit_id=units[2].unit_id, articles=[7], confidence=0.95, needs_review=False, model_version="m"),
        ])
    return tmp_path


@pytest.fixture()
def server(store_dir: Path):
    srv = make_server(store_dir, "127.0.0.1", 0)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _post(url: str, form: dict) -> tuple[int, str]:
    data = urllib.parse.urlencode(form).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "/correct", data=data), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_queue_is_least_confident_first(store_dir: Path, wg_result):
    rows = review_queue(store_dir)
    assert [r["unit_id"] for r in rows] == [wg_result.units[1].unit_id, wg_result.units[0].unit_id]
    page = render_page(rows)
    assert "2 unit(s) need review" in page and wg_result.units[2].text[:40] not in page


def test_queue_pages_through_every_unit_once(tmp_path: Path, wg_result):
    units = wg_result.units[:7]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.write_classifications([Classification(unit_id=u.unit_id, articles=[19], confidence=0.1 * (i % 3),
                                                    needs_review=True, model_version="m") for i, u in enumerate(units)])
    pages = [review_queue(tmp_path, limit=3, offset=o) for o in (0, 3, 6)]
    seen = [r["unit_id"] for p in pages for r in p]
    assert sorted(seen) == sorted(u.unit_id for u in units) and len(seen) == 7       # all, none twice
    assert [r["position"] for p in pages for r in p] == list(range(1, 8))
    confidences = [r["confidence"] for p in pages for r in p]
    assert confidences == sorted(confidences)
    middle = queue_page(tmp_path, page=1, size=3)
    assert "7 unit(s) need review; showing 4-6" in middle and "page 2 of 3" in middle
    assert "href='/?page=1'" in middle and "href='/?page=3'" in middle      # the address counts from 1
    assert "No units on this page" in queue_page(tmp_path, page=9, size=3)


def test_parse_articles():
    assert parse_articles("21, 19 19") == [21, 19] and parse_articles("  ") == []    # the order given is kept
    assert parse_articles("[3, 26]") == [3, 26]                                       # as `upr correct` takes them
    for bad in ("19, art. 21", "19, 31"):
        with pytest.raises(ValueError, match="separated by commas, e.g. 19, 21"):
            parse_articles(bad)


def test_page_records_a_correction(server: str, store_dir: Path, wg_result):
    with urllib.request.urlopen(server + "/", timeout=10) as r:
        assert wg_result.units[1].text[:40] in r.read().decode()
    uid = wg_result.units[1].unit_id
    code, body = _post(server, {"unit_id": uid, "articles": "2, 26", "status": "", "reviewer": "ana", "note": ""})
    assert code == 200 and "saved articles" in body           # (after the redirect: a reload posts nothing again)
    with Store(store_dir, read_only=True) as store:
        final = store.con.execute("SELECT articles, source, needs_review FROM final_classifications WHERE unit_id = ?",
                                  [uid]).fetchone()
        assert final == ([2, 26], "reviewer", False)
    assert [r["unit_id"] for r in review_queue(store_dir)] == [wg_result.units[0].unit_id]


@pytest.mark.parametrize("form", [
    {"articles": "31", "reviewer": "ana"},               # not an ICCPR article
    {"articles": "19", "reviewer": ""},                  # nobody named
    {"articles": "19", "reviewer": "ana", "status": "done"},
])
def test_page_refuses_bad_corrections(server: str, store_dir: Path, wg_result, form: dict):
    code, body = _post(server, {"unit_id": wg_result.units[0].unit_id, **form})
    assert code == 400 and "not saved" in body
    with Store(store_dir, read_only=True) as store:
        assert store.corrections() == []


def test_a_saved_form_redirects_to_the_page(server: str, wg_result):
    """Review round 26: reloading the page after saving posted the form again."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    data = urllib.parse.urlencode({"unit_id": wg_result.units[1].unit_id, "articles": "19", "reviewer": "ana",
                                   "page": "1"}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as e:
        opener.open(urllib.request.Request(server + "/correct", data=data), timeout=10)
    assert e.value.code == 303 and e.value.headers["Location"].startswith("/?page=1&msg=saved+articles")


def test_page_number_in_the_address(server: str, wg_result):
    with urllib.request.urlopen(server + "/?page=2", timeout=10) as r:
        body = r.read().decode()
    assert "2 unit(s) need review" in body and "No units on this page" in body
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(server + "/?page=two", timeout=10)
    assert e.value.code == 400


def test_review_cards_show_what_a_reviewer_needs_beside_the_text():
    from pipeline.review import context_line

    item = {"paragraph": "132.6", "recommending_states": ["Norway", "Chile"], "response": "accepted", "quotes": 2,
            "section": "The following recommendations will be examined by Zambia, which " * 3}
    line = context_line(item)
    assert line.startswith("para. 132.6 · by Norway, Chile · accepted · quoted 2×")
    finding = {"grade_text": "Partially implemented", "assesses": ["132.3 Establish a national preventive mechanism"]}
    assert context_line(finding) == "printed: Partially implemented\nassesses: 132.3 Establish a national preventive mechanism"
    assert context_line({}) == ""
    page = render_page([{**item, **finding, "unit_id": "u", "unit_type": "finding", "text": "The NPM exists.", "page": 2,
                         "source_file": "/x/midterm.pdf", "articles": [7], "status": None, "confidence": 0.3,
                         "model_version": "m", "queue_total": 1, "position": 1}])
    assert "assesses: 132.3 Establish" in page and "printed: Partially implemented" in page
    assert "examined by Zambia, which The following recommendations will be examined" not in page   # heading cut


def test_a_recommendation_shows_the_evidence_of_its_status(tmp_path: Path):
    """Red team round 20: a report item in the queue showed "quoted 1× in other documents" but not the
    findings, printed labels or citing paragraphs its status rests on. The card lists them, with their
    statuses: what is tied to the item or to its quote, then what cites it."""
    from pipeline.records import Citation, Document, Unit
    from pipeline.review import context_line

    wg = Document(doc_id="wg", source_file="wg.pdf", doc_kind="working_group_report", status="ok", pages=1)
    fs = Document(doc_id="fs", source_file="fs.pdf", doc_kind="fact_sheet", status="ok", pages=1)
    js = Document(doc_id="js", source_file="js.pdf", doc_kind="submission", status="ok", pages=1)
    item = Unit(unit_id="r", doc_id="wg", unit_type="recommendation", text="Reform the police", paragraph="115.8")
    quote = Unit(unit_id="q", doc_id="fs", unit_type="recommendation", text="Reform the police")
    row = Unit(unit_id="f", doc_id="fs", unit_type="finding", text="A law was adopted; training lags.", related_unit_ids=["q"])
    cite = Unit(unit_id="c", doc_id="js", unit_type="finding", text="None of these was implemented.")
    with Store(tmp_path) as store:
        store.replace_document(wg, [item], [])
        store.replace_document(fs, [quote, row], [])
        store.replace_document(js, [cite], [Citation(unit_id="c", paragraph="115.8", raw="115.8")])
        store.set_links({"q": "r"}, [Citation(unit_id="c", paragraph="115.8", raw="115.8", prior_unit_id="r", method="citation")])
        store.write_classifications([
            Classification(unit_id="r", articles=[], status="partially_implemented", confidence=0.5, needs_review=True, model_version="m"),
            Classification(unit_id="q", articles=[], status="partially_implemented", confidence=0.5, needs_review=False, model_version="m"),
            Classification(unit_id="f", articles=[], status="partially_implemented", confidence=0.9, needs_review=False, model_version="m"),
            Classification(unit_id="c", articles=[], status="not_implemented", confidence=0.9, needs_review=False, model_version="m")])
    rows = review_queue(tmp_path)
    assert [r["unit_id"] for r in rows] == ["r"]
    assert rows[0]["evidence"] == ["[partially implemented] A law was adopted; training lags.",
                                   "[not implemented, cites it] None of these was implemented."]
    assert "evidence: [partially implemented] A law was adopted" in context_line(rows[0])


def test_the_form_offers_a_status_only_where_the_unit_can_have_one(tmp_path: Path, factsheet_pdf: Path):
    result = process_file(factsheet_pdf)
    doc = result.document
    suggested = next(u for u in result.units if u.unit_type == "recommendation" and u.cycle == doc.cycle)
    finding = next(u for u in result.units if u.unit_type == "finding")
    with Store(tmp_path) as store:
        store.replace_document(doc, result.units, [])
        store.write_classifications([
            Classification(unit_id=suggested.unit_id, articles=[19], confidence=0.2, needs_review=True, model_version="m"),
            Classification(unit_id=finding.unit_id, articles=[19], status="implemented", confidence=0.3,
                           needs_review=True, model_version="m")])
    page = queue_page(tmp_path)
    forms = page.split("<form")[1:]
    assert suggested.unit_id in forms[0] and "no status (suggested for the coming cycle)" in forms[0]
    assert "<select name=status>" not in forms[0]
    assert finding.unit_id in forms[1] and "<select name=status>" in forms[1]
    # review round 26: a form whose status does not fit saved its articles and answered "not saved"
    from pipeline.review import apply_form
    with pytest.raises(ValueError, match="coming cycle"):
        apply_form(tmp_path, {"unit_id": [suggested.unit_id], "articles": ["14"], "status": ["implemented"],
                              "reviewer": ["ana"]})
    with Store(tmp_path, read_only=True) as store:
        assert store.corrections() == []


def test_a_form_saved_while_a_run_holds_the_store(server: str, store_dir: Path, wg_result, monkeypatch):
    """Review round 27b: while a run classifies, the store cannot be opened. A form posted then waits for
    it (UPR_CORRECTION_WAIT_S) and is saved; when the wait runs out, the page says that nothing was saved
    (503), not a server error."""
    from tests.fixtures.holders import held

    uid = wg_result.units[1].unit_id
    form = {"unit_id": uid, "articles": "2", "status": "", "reviewer": "ana", "note": ""}
    for wait, expected in (("0", 503), ("30", 200)):
        monkeypatch.setenv("UPR_CORRECTION_WAIT_S", wait)
        with held(store_dir):
            code, body = _post(server, form)
        assert code == expected, body
        assert ("not saved" in body) == (expected == 503)
    with Store(store_dir, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 1


def test_reviewers_saving_at_once_are_all_answered_and_recorded(server: str, store_dir: Path, wg_result):
    """Red team round 39c: 12 saves and 6 page loads sent 50 ms apart by two reviewers: 11 saves got a dropped
    connection and wrote nothing (DuckDB refuses a read-only and a writing connection to one file in one process,
    and the error was not caught). Every request is now answered, and every save recorded."""
    units = [u.unit_id for u in wg_result.units[3:11]]
    start = threading.Barrier(len(units) + 4)
    answers: list[int] = []

    def save(uid: str) -> None:
        start.wait()
        answers.append(_post(server, {"unit_id": uid, "articles": "19", "reviewer": "ana" if len(uid) % 2 else "ben"})[0])

    def load() -> None:
        start.wait()
        with urllib.request.urlopen(server + "/", timeout=30) as r:
            answers.append(r.status)

    threads = [threading.Thread(target=save, args=(u,)) for u in units] + [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(answers) == [200] * (len(units) + 4)
    with Store(store_dir, read_only=True) as store:
        assert sorted(c.unit_id for c in store.corrections()) == sorted(units)


def test_a_form_sent_twice_is_one_correction_and_a_cleared_status_is_refused(server: str, store_dir: Path, wg_result):
    """Red team round 39c: the same form posted twice gave two rows per field (doubling the audit trail and the
    training data); a status the model gave, cleared on the form and saved, left the model's status shown with
    `source = 'reviewer'` and confidence 1, though nobody had checked it."""
    uid = wg_result.units[2].unit_id
    with Store(store_dir) as store:
        store.write_classifications([Classification(unit_id=uid, articles=[7], status="not_implemented", status_score=0.5,
                                                    confidence=0.4, needs_review=True, model_version="m")])
    form = {"unit_id": uid, "articles": "7, 10", "status": "partially_implemented", "reviewer": "ana"}
    assert _post(server, form)[0] == 200 and _post(server, form)[0] == 200
    with Store(store_dir, read_only=True) as store:
        assert sorted(c.field for c in store.corrections()) == ["articles", "status"]
    code, body = _post(server, {**form, "status": "", "reviewer": "ben"})
    assert code == 400 and "choose a status" in body
    with Store(store_dir, read_only=True) as store:
        assert len(store.corrections()) == 2


@pytest.fixture(scope="module")
def later_result(wg2014: Path):
    return process_file(wg2014)


def _a_follow_up_to_review(store_dir: Path, wg_result, later_result, also=None):
    """A store of two cycles' reports: the later report's first item needs review, the matcher says it follows up the
    earlier report's second item (score 0.81). Returns that earlier item, the one after it, the later item and the
    earlier report's symbol. ``also``: another unit that needs review."""
    from pipeline.records import Match

    first, second = [u for u in wg_result.units if u.unit_type == "recommendation"][1:3]
    new = next(u for u in later_result.units if u.unit_type == "recommendation")
    with Store(store_dir) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.replace_document(later_result.document, later_result.units, [])
        store.write_classifications([Classification(unit_id=u.unit_id, articles=[19], confidence=0.3,
                                                    needs_review=True, model_version="m") for u in (new, also) if u])
        store.write_matches([new.unit_id], [Match(unit_id=new.unit_id, prior_unit_id=first.unit_id, score=0.81,
                                                  rank=1, method="m")])
    return first, second, new, wg_result.document.symbol


def test_the_page_shows_a_recommendation_s_follow_ups_and_saves_only_a_changed_list(tmp_path: Path, wg_result,
                                                                                      later_result):
    """A reviewer sees what the matcher says a recommendation follows up, and corrects it on the same form as its
    articles (it had needed `upr correct --field matches`). A list sent back unchanged is no reviewer's list."""
    from pipeline.review import apply_form

    recs = [u for u in wg_result.units if u.unit_type == "recommendation"]
    first, second, new, symbol = _a_follow_up_to_review(tmp_path, wg_result, later_result, also=recs[5])
    page = queue_page(tmp_path)
    shown = f"{symbol} {first.paragraph}"
    assert f"follows up {shown} (score 0.81): {first.text[:30]}" in page
    assert f"name=matches size=50 value='{shown}'" in page
    assert page.count("name=matches ") == 1          # an item of the only stored cycle follows up nothing: no field
    form = {"unit_id": [new.unit_id], "articles": ["19"], "reviewer": ["ana"], "matches_shown": [shown]}
    apply_form(tmp_path, {**form, "matches": [shown]})                       # unchanged: the matcher's stays
    with Store(tmp_path, read_only=True) as store:
        assert [c.field for c in store.corrections()] == ["articles"]
        assert store.con.execute("SELECT source FROM final_matches").fetchall() == [("model",)]
    message = apply_form(tmp_path, {**form, "matches": [f"{symbol} {second.paragraph}; {shown}"]})
    assert "matches" in message
    with Store(tmp_path, read_only=True) as store:
        final = store.con.execute("SELECT prior_unit_id, rank, source FROM final_matches ORDER BY rank").fetchall()
    assert final == [(second.unit_id, 1, "reviewer"), (first.unit_id, 2, "reviewer")]
    from pipeline.review import context_line
    assert context_line({"follow_ups": [{"ref": shown, "score": 1.0, "source": "reviewer", "text": "Ratify"}]}) == (
        f"follows up {shown} (set by a reviewer): Ratify")
    apply_form(tmp_path, {**form, "matches": [""], "matches_shown": [f"{symbol} {second.paragraph}; {shown}"]})
    with Store(tmp_path, read_only=True) as store:                          # cleared: it follows up none
        assert store.con.execute("SELECT count(*) FROM final_matches").fetchone() == (0,)
    with pytest.raises(ValueError, match="neither a unit id"):
        apply_form(tmp_path, {**form, "matches": ["A/HRC/1/1 9.9"], "matches_shown": [""]})


def test_a_stale_form_does_not_undo_another_reviewer_s_follow_ups(tmp_path: Path, wg_result, later_result):
    """Red team 47c: bob saved a follow-up list from a page loaded before alice saved hers, and alice's form was then
    sent again: each silently replaced the other's list. A form whose shown list is no longer the unit's is refused."""
    from pipeline.review import apply_form

    first, second, new, symbol = _a_follow_up_to_review(tmp_path, wg_result, later_result)
    shown = f"{symbol} {first.paragraph}"
    form = {"unit_id": [new.unit_id], "articles": ["19"], "matches_shown": [shown]}
    apply_form(tmp_path, {**form, "reviewer": ["alice"], "matches": [f"{symbol} {second.paragraph}; {shown}"]})
    with pytest.raises(ValueError, match="changed since this page was loaded"):
        apply_form(tmp_path, {**form, "reviewer": ["bob"], "matches": [f"{symbol} {second.paragraph}"]})
    with Store(tmp_path, read_only=True) as store:
        assert [r[0] for r in store.con.execute("SELECT prior_unit_id FROM final_matches ORDER BY rank").fetchall()] == [
            second.unit_id, first.unit_id]
