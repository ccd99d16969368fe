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


def test_only_no_information():
    by_id = {"f": _cls("f", "no_information", 0.7)}
    assert linked_status(_unit("r"), by_id, {"r": ["f"]}) == ("no_information", 0.7)
    by_id["g"] = _cls("g", "implemented", 0.95)      # an informative link beats "no information"
    assert linked_status(_unit("r"), by_id, {"r": ["f", "g"]}) == ("implemented", 0.95)
