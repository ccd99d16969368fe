"""The supervised status model (pipeline.classify.status_model) on small hand-written paragraphs."""
import json

import numpy as np
import pytest

from pipeline.classify.status import CUE_NAMES, status_cues

from .conftest import MODELS
from pipeline.classify.status_model import (CLASSES, STATUS_MODEL_FILE, StatusExample, StatusModel, fit_status_model,
                                            fit_temperature, gold_part, load_status_training, select, softmax,
                                            train_status_model)

# four ways of saying each status, written for this test (two "authors": groups a and b)
PARAS = {
    "implemented": ["The law was adopted and is applied in all regions.", "The ombudsman office was established in 2020.",
                    "Status: completed. The amendment entered into force.", "The ban was lifted and no cases were reported since."],
    "partially_implemented": ["The law was adopted but is not applied in practice.",
                              "A commission was created; however, it lacks funding.",
                              "Some progress was made, but detention conditions remain poor.",
                              "The code was amended, although torture is still not defined."],
    "not_implemented": ["The recommendation has not been implemented.", "Journalists continue to be prosecuted.",
                        "There is still no independent mechanism.", "The authorities failed to amend the law."],
    "no_information": ["On 3 May 2019 a journalist was arrested in the capital.",
                       "It is essential that the state protects defenders.",
                       "The state accepted 120 of the 190 recommendations.",
                       "In 2018, 45 complaints were filed, 12 in 2019 and 30 in 2020."],
}


def _examples():
    rows = []
    for status, texts in PARAS.items():
        for k, t in enumerate(texts):
            rows.append(StatusExample(t, status, "a" if k % 2 == 0 else "b"))
    return rows


def test_cues_have_fixed_names_and_are_pure():
    text = "The law was adopted in 2019, but it is not applied in practice."
    values = status_cues(text)
    assert len(values) == len(CUE_NAMES) and values == status_cues(text)
    named = dict(zip(CUE_NAMES, values))
    assert named["says=partially_implemented"] == 1.0 and named["contrast"] >= 1
    assert len(status_cues("")) == len(CUE_NAMES) and len(status_cues(None)) == len(CUE_NAMES)


def test_fit_predicts_training_statuses_and_grades_decide():
    rows = _examples()
    model = fit_status_model([r.text for r in rows], [r.status for r in rows], C=10.0, cue_weight=1.0, char=False)
    got = [s for s, _ in model.predict([r.text for r in rows])]
    assert np.mean([g == r.status for g, r in zip(got, rows)]) >= 0.9
    # a Committee grade, given or in the text, overrides the model
    (s1, c1), (s2, _) = model.predict(["The law was adopted and is applied.", "[C] The reply is not relevant."],
                                      grades=["B", None])
    assert s1 == "partially_implemented" and s2 == "not_implemented" and 0 < c1 < 1


def test_probabilities_are_a_distribution_and_survive_save_load(tmp_path):
    rows = _examples()
    model = fit_status_model([r.text for r in rows], [r.status for r in rows], C=1.0, cue_weight=3.0, char=True)
    model.temperature = 1.7
    texts = ["Nothing has changed since the last review.", ""]
    p = model.proba(texts)
    assert p.shape == (2, len(CLASSES)) and np.allclose(p.sum(axis=1), 1)
    model.save(tmp_path / "m.joblib")
    again = StatusModel.load(tmp_path / "m.joblib")
    assert np.allclose(again.proba(texts), p, atol=1e-5) and again.temperature == 1.7
    assert model.proba([]).shape == (0, len(CLASSES))


def test_temperature_softens_overconfident_logits():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 400)
    logits = rng.normal(size=(400, 4))
    logits[np.arange(400), y] += 1.0        # scaled up 5x below: overconfident
    t = fit_temperature(5 * logits, y)
    assert t > 2
    conf = softmax(5 * logits, t).max(axis=1)
    acc = (logits.argmax(axis=1) == y).mean()
    assert abs(conf.mean() - acc) < 0.1


def test_training_rows_never_include_a_test_half(tmp_path):
    gold = tmp_path / "gold" / "status"
    gold.mkdir(parents=True)
    texts = [f"Paragraph number {i} says the law remains unchanged." for i in range(40)]
    lines = [json.dumps({"text": t, "status": "not_implemented", "source": "factsheet"}) for t in texts]
    (gold / "findings.jsonl").write_text("\n".join(lines) + "\n")
    training = tmp_path / "training"
    training.mkdir()
    (training / "writer_a.jsonl").write_text(json.dumps({"text": "Done.", "status": "implemented"}) + "\n"
                                             + json.dumps({"text": "x", "status": "bogus"}) + "\n")
    rows = load_status_training(training, tmp_path / "gold")
    from_gold = [r for r in rows if r.group == "findings_dev"]
    assert from_gold and all(gold_part(r.text) == "dev" for r in from_gold)
    assert len(from_gold) == sum(gold_part(t) == "dev" for t in texts)
    assert [r.group for r in rows if r.group != "findings_dev"] == ["writer_a"]      # the bogus status is dropped


def test_train_selects_by_held_out_groups():
    model, sel = train_status_model(_examples())
    assert sel.params in [row["params"] for row in sel.table]
    best = max(row["mean_macro_f1"] for row in sel.table)
    assert next(r for r in sel.table if r["params"] == sel.params)["mean_macro_f1"] == best
    assert model.meta["training_rows"] == 16 and set(model.meta["groups"]) == {"a", "b"}
    with pytest.raises(ValueError, match="two groups"):
        train_status_model([StatusExample("x", "implemented", "a")])


def test_classifier_uses_the_status_model_for_findings_only(classifier):
    from pipeline.classify.model import Classifier
    rows = _examples()
    model = fit_status_model([r.text for r in rows], [r.status for r in rows], C=10.0, cue_weight=1.0, char=False)
    clf = Classifier(classifier.model, settings=classifier.settings, status_model=model)
    preds = clf.predict(["Journalists continue to be prosecuted.", "Abolish the death penalty."],
                        unit_types=["finding", "recommendation"])
    assert preds[0].status == "not_implemented" and preds[0].status_score is not None
    assert preds[1].status is None and preds[1].status_score is None


class FakeEmbedder:
    """Sentence vectors for tests: one direction per status word family, counting the calls."""
    WORDS = ("adopted", "but", "not", "2019")

    def __init__(self):
        self.calls = 0

    def __call__(self, texts):
        self.calls += 1
        v = np.asarray([[float(w in t.lower()) for w in self.WORDS] + [1.0] for t in texts], np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_embedding_features_are_used_saved_and_required(tmp_path):
    rows, embed = _examples(), FakeEmbedder()
    texts, labels = [r.text for r in rows], [r.status for r in rows]
    model = fit_status_model(texts, labels, C=10.0, cue_weight=1.0, char=False, embed_weight=1.0, embedder=embed)
    assert model.uses_embeddings and embed.calls == 1
    plain = fit_status_model(texts, labels, C=10.0, cue_weight=1.0, char=False)
    assert model.coef.shape[0] == plain.coef.shape[0] + len(FakeEmbedder.WORDS) + 1
    p = model.proba(texts[:3])
    assert embed.calls == 2
    model.save(tmp_path / "m.joblib")
    with pytest.raises(ValueError, match="embedder"):              # loaded without its embedder: a clear error
        StatusModel.load(tmp_path / "m.joblib").proba(texts[:3])
    again = StatusModel.load(tmp_path / "m.joblib", embedder=embed)
    assert again.embed_weight == 1.0 and np.allclose(again.proba(texts[:3]), p, atol=1e-5)


def test_the_last_sentence_is_embedded_on_its_own_and_saved(tmp_path):
    """Model 1.2: the embedding of a paragraph's last sentence, where an NGO paragraph puts its verdict."""
    from pipeline.classify.status_model import last_sentence

    assert last_sentence("The Act was amended in 2022. Since then, police have dispersed two rallies.") == \
        "Since then, police have dispersed two rallies."
    assert last_sentence("Art. 19 of the Covenant is not respected.") == "Art. 19 of the Covenant is not respected."
    seen: list[str] = []

    class Recording(FakeEmbedder):
        def __call__(self, texts):
            seen.extend(texts)
            return super().__call__(texts)

    rows, embed = _examples(), Recording()
    texts, labels = [r.text for r in rows], [r.status for r in rows]
    two = "A commission was created in 2019. It has not met once."
    model = fit_status_model(texts + [two], labels + ["partially_implemented"], C=10.0, cue_weight=1.0, char=False,
                             embed_weight=1.0, last_weight=0.5, embedder=embed)
    assert "It has not met once." in seen and two in seen
    without = fit_status_model(texts + [two], labels + ["partially_implemented"], C=10.0, cue_weight=1.0, char=False,
                               embed_weight=1.0, embedder=FakeEmbedder())
    assert model.coef.shape[0] == without.coef.shape[0] + len(FakeEmbedder.WORDS) + 1
    model.save(tmp_path / "m.joblib")
    again = StatusModel.load(tmp_path / "m.joblib", embedder=embed)
    assert again.last_weight == 0.5 and np.allclose(again.proba([two]), model.proba([two]), atol=1e-5)


def test_selection_tries_embedding_configurations_only_with_an_embedder():
    rows = _examples()
    grid = [{"C": 10.0, "cue_weight": 1.0, "char": False, "embed_weight": w} for w in (0.0, 1.0)]
    without = select(rows, grid)
    assert [r["params"]["embed_weight"] for r in without.table] == [0.0]
    embed = FakeEmbedder()
    with_emb = select(rows, grid, embedder=embed)
    assert [r["params"]["embed_weight"] for r in with_emb.table] == [0.0, 1.0] and embed.calls > 0
    model, _ = train_status_model(rows, embedder=embed, embedder_version="fake-1")
    assert (model.meta.get("embedding_model") == "fake-1") == model.uses_embeddings


def test_classifier_refuses_a_status_model_trained_on_other_embeddings(tmp_path, classifier):
    import shutil

    from pipeline.classify.model import MODEL_FILE, load_classifier
    rows = _examples()
    model = fit_status_model([r.text for r in rows], [r.status for r in rows], C=10.0, cue_weight=1.0, char=False,
                             embed_weight=1.0, embedder=FakeEmbedder())
    model.meta = {"version": "test", "embedding_model": "some-other-model@pkg==9"}
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(MODELS / MODEL_FILE, models / MODEL_FILE)
    model.save(models / STATUS_MODEL_FILE)
    with pytest.raises(ValueError, match="some-other-model"):
        load_classifier(models, classifier.settings)


def test_a_model_trained_on_other_cue_rules_is_refused_by_name(tmp_path):
    """The model's features include the cue rules' evidence: a file written with other rules (other cue
    names) must say so and how to fix it, not fail later on a matrix shape."""
    import joblib

    rows = _examples()
    model = fit_status_model([r.text for r in rows], [r.status for r in rows], C=1.0, cue_weight=1.0, char=False)
    model.save(tmp_path / "m.joblib")
    assert StatusModel.load(tmp_path / "m.joblib").classes == model.classes
    saved = joblib.load(tmp_path / "m.joblib")
    saved["cue_names"] = saved["cue_names"][:-1]
    joblib.dump(saved, tmp_path / "old.joblib")
    with pytest.raises(ValueError, match="upr train"):
        StatusModel.load(tmp_path / "old.joblib")
