import pytest

from pipeline.classify.status import predict_status, status_from_grade, status_from_text


@pytest.mark.parametrize("grade, status", [
    ("A", "implemented"), ("B", "partially_implemented"), ("B1", "partially_implemented"),
    ("B2", "partially_implemented"), ("C", "not_implemented"), ("C1", "not_implemented"),
    ("C2", "not_implemented"), ("E", "not_implemented"), ("D", "no_information"), ("D1", "no_information"),
    ("D2", "no_information"), ("[B]", "partially_implemented"), (" b2 ", "partially_implemented"),
    ("[C1]:", "not_implemented"), ("Partially implemented", "partially_implemented"),
    ("Not implemented", "not_implemented"), ("Implemented", "implemented"),
])
def test_grade_mapping(grade, status):
    assert status_from_grade(grade) == status


@pytest.mark.parametrize("grade", [None, "", "F", "Accepted", "Z1", "noted"])
def test_not_a_grade(grade):
    assert status_from_grade(grade) is None


@pytest.mark.parametrize("text, status", [
    ("Of the many recommendations about freedom of expression, Kazakhstan has not implemented any.", "not_implemented"),
    ("The law was adopted but it is not applied in practice.", "partially_implemented"),
    ("Torture remains widespread and perpetrators continue to enjoy impunity.", "not_implemented"),
    ("No independent mechanism exists to investigate complaints.", "not_implemented"),
    ("The government failed to amend the law.", "not_implemented"),
    ("The recommendation was partially implemented.", "partially_implemented"),
    ("The death penalty was abolished in 2021 and a new law entered into force.", "implemented"),
    ("No information is available on the follow-up.", "no_information"),
    ("[B] (a) and (b): Partially implemented", "partially_implemented"),
])
def test_status_from_text(text, status):
    assert status_from_text(text).status == status


def test_predict_status_by_unit_type():
    assert predict_status("anything", "recommendation") == (None, None)
    assert predict_status("anything", "paragraph") == (None, None)
    s, score = predict_status("The law remains in force", "finding")
    assert s == "not_implemented" and 0 < score < 1
    s, score = predict_status("The law remains in force", "committee_recommendation", grade="A")
    assert s == "implemented" and score >= 0.9
