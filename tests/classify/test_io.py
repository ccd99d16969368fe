import csv
import json

import pytest

from pipeline.classify import Prediction, classify_file


class FakeClassifier:
    version = "fake"

    def __init__(self):
        self.calls = []

    def predict(self, texts, *, unit_types=None, section_articles=None, grades=None):
        self.calls.append({"unit_types": unit_types, "section_articles": section_articles, "grades": grades})
        out = []
        for t in texts:
            arts = [6] if "death" in t else []
            out.append(Prediction(articles=arts, article_scores={"6": 0.9} if arts else {}, status=None,
                                  status_score=None, confidence=0.9 if arts else 0.6, needs_review=not arts,
                                  review_reason=None if arts else "articles uncertain (0.60)"))
        return out


def test_csv_keeps_columns_and_adds_fields(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,text,country\n1,Abolish the death penalty,X\n2,\"Improve schools, now\",Y\n", encoding="utf-8")
    n = classify_file(src, dst, classifier=FakeClassifier())
    assert n == 2
    rows = list(csv.DictReader(dst.open(encoding="utf-8")))
    assert list(rows[0].keys()) == ["id", "text", "country", "articles", "article_scores", "status", "confidence",
                                    "needs_review", "review_reason", "model_version"]
    assert rows[0]["id"] == "1" and rows[0]["country"] == "X"
    assert rows[0]["review_reason"] == "" and rows[0]["model_version"] == "fake"
    assert rows[1]["review_reason"] == "articles uncertain (0.60)"
    assert json.loads(rows[0]["articles"]) == [6] and json.loads(rows[0]["article_scores"]) == {"6": 0.9}
    assert json.loads(rows[1]["articles"]) == [] and rows[1]["needs_review"] == "true"
    assert rows[1]["text"] == "Improve schools, now"


def test_jsonl_keeps_fields_and_uses_optional_columns(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [{"body": "Abolish the death penalty", "meta": {"a": 1}, "unit_type": "finding", "grade": "B",
              "section_articles": [6]},
             {"body": "Schools", "meta": None, "unit_type": "recommendation", "grade": None, "section_articles": "[]"}]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    fake = FakeClassifier()
    assert classify_file(src, dst, text_column="body", classifier=fake) == 2
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert out[0]["meta"] == {"a": 1} and out[0]["articles"] == [6] and out[0]["needs_review"] is False
    assert out[1]["articles"] == [] and out[1]["status"] is None
    assert fake.calls[0]["unit_types"] == ["finding", "recommendation"]
    assert fake.calls[0]["section_articles"] == [[6], []]
    assert fake.calls[0]["grades"] == ["B", None]


def test_csv_in_jsonl_out(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.jsonl"
    src.write_text("text\nAbolish the death penalty\n", encoding="utf-8")
    assert classify_file(src, dst, classifier=FakeClassifier()) == 1
    assert json.loads(dst.read_text())["articles"] == [6]


def test_existing_output_column_is_kept_renamed(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("text,articles\nAbolish the death penalty,old\n", encoding="utf-8")
    classify_file(src, dst, classifier=FakeClassifier())
    row = next(csv.DictReader(dst.open()))
    assert row["articles_input"] == "old" and json.loads(row["articles"]) == [6]


@pytest.mark.parametrize("name, content", [
    ("in.csv", "id,body\n1,x\n"),
    ("in.jsonl", '{"id": 1, "body": "x"}\n'),
])
def test_missing_column_names_file_and_column(tmp_path, name, content):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        classify_file(src, tmp_path / ("out" + src.suffix), text_column="text", classifier=FakeClassifier())
    assert str(src) in str(exc.value) and "'text'" in str(exc.value)


def test_unsupported_extension(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("x")
    with pytest.raises(ValueError, match="unsupported"):
        classify_file(src, tmp_path / "out.csv", classifier=FakeClassifier())


def test_with_trained_model(tmp_path, classifier):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("text\nAbolish the death penalty\nImprove access to primary education\n", encoding="utf-8")
    assert classify_file(src, dst, classifier=classifier) == 2
    rows = list(csv.DictReader(dst.open()))
    assert json.loads(rows[0]["articles"])[0] == 6 and json.loads(rows[1]["articles"]) == []
    assert 0 <= float(rows[0]["confidence"]) <= 1 and rows[0]["needs_review"] in {"true", "false"}


def test_texts_the_model_cannot_read_are_flagged_and_reported(tmp_path):
    """Review round 24: an empty text and a Cyrillic one came back as confident as any other."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    texts = ["Abolish the death penalty", "", "Отменить смертную казнь (death penalty) и ратифицировать протокол",
             "Abolish the death penalty for all crimes"]
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    warnings: list[str] = []
    classify_file(src, dst, classifier=FakeClassifier(), warnings=warnings)
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["needs_review"] for r in out] == [False, True, True, False]
    assert warnings == ["row 2: no text", "row 3: written in Russian"]
    assert [r["review_reason"] for r in out] == [None, "no text", "written in Russian: the model reads English", None]


@pytest.mark.parametrize("text, why", [
    ("Dépénaliser la diffamation et garantir la liberté de la presse", "written in French"),
    ("Abolir la pena de muerte para todos los delitos", "written in Spanish"),
    ("Die Todesstrafe für alle Verbrechen abschaffen und das Protokoll ratifizieren", "written in German"),
    ("Ratify OP-CAT", None),
    ("Abolish the death penalty as well as the use of force, and do not detain children (Côte d’Ivoire);", None),
])
def test_which_texts_are_not_english(text, why):
    from pipeline.classify.io import unreadable

    assert unreadable(text) == why


class StatusFake(FakeClassifier):
    """Gives every finding a status, as the model does (an empty text included)."""

    def predict(self, texts, *, unit_types=None, section_articles=None, grades=None):
        out = super().predict(texts, unit_types=unit_types, section_articles=section_articles, grades=grades)
        for p, kind in zip(out, unit_types or ["recommendation"] * len(out)):
            if kind == "finding":
                p.status, p.status_score = "no_information", 0.7
        return out


def test_an_excel_csv_with_semicolons_and_a_bom(tmp_path):
    """Red team round 37c: a CSV that a spreadsheet set to a European locale exported ("id;unit_type;text", a
    UTF-8 BOM, CRLF, a quoted newline) was refused ("no column 'text' … choose one with --text-column": no
    column could help), and a blank finding was given the status "no_information". The separator and the BOM
    are read and written back; a blank text gets no article and no status."""
    src, dst = tmp_path / "export.csv", tmp_path / "classified.csv"
    src.write_bytes("id;unit_type;text\r\n1;finding;\"The death penalty remains;\r\nno moratorium.\"\r\n"
                    "2;finding;   \r\n3;recommendation;Abolish the death penalty, now\r\n".encode("utf-8-sig"))
    warnings: list[str] = []
    assert classify_file(src, dst, classifier=StatusFake(), warnings=warnings) == 3
    raw = dst.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").startswith("id;unit_type;text;articles;")
    rows = list(csv.DictReader(dst.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert [r["id"] for r in rows] == ["1", "2", "3"] and rows[0]["text"] == "The death penalty remains;\r\nno moratorium."
    assert (rows[0]["status"], rows[1]["status"], rows[1]["articles"]) == ("no_information", "", "[]")
    assert rows[1]["needs_review"] == "true" and rows[1]["review_reason"] == "no text" and warnings == ["row 2: no text"]
    assert rows[2]["text"] == "Abolish the death penalty, now"
