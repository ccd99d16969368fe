"""train() on a tiny synthetic export (never the real CSV): writes models/, deterministic."""
import csv
import json
import random

import numpy as np

from pipeline.classify import load_classifier, train
from pipeline.classify.model import MODEL_FILE, ArticleModel
from pipeline.config import Settings

TEMPLATES = [
    ("Abolish the death penalty {x}", "Death penalty"),
    ("Investigate all allegations of torture {x}", "Torture and other CID treatment"),
    ("Protect freedom of expression of journalists {x}", "Freedom of opinion and expression"),
    ("Improve access to primary education {x}", "Right to education"),
    ("Strengthen the national human rights institution {x}", "NHRI"),
    ("Combat trafficking in women and children {x}", "Trafficking"),
]
FILLERS = ["now", "promptly", "in law and practice", "as recommended", "with civil society", "in all regions"]


def _write_csv(path, n=360, seed=0):
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Cycle", "Session", "To", "Text", "From", "Response", "Action", "Issue"])
        for i in range(n):
            text, issue = TEMPLATES[i % len(TEMPLATES)]
            w.writerow([1, 1 + i % 12, "A", text.format(x=rng.choice(FILLERS)), "B", "Accepted", 5, issue])


def test_train_writes_models_and_is_deterministic(tmp_path):
    csv_path = tmp_path / "export.csv"
    _write_csv(csv_path)
    settings = Settings(models_dir=tmp_path / "m1", status_training_dir=tmp_path / "no-status-data")
    fig = train(csv_path, tmp_path / "m1", settings=settings, verbose=False, gold_dir=False)
    train(csv_path, tmp_path / "m2", settings=settings, verbose=False, gold_dir=False)
    for name in ("manifest.json", "README.md", MODEL_FILE):
        assert (tmp_path / "m1" / name).exists()
    manifest = json.loads((tmp_path / "m1" / "manifest.json").read_text())
    assert manifest["training_data"]["rows"] == 360 and len(manifest["training_data"]["sha256"]) == 64
    assert manifest["training_data"]["test_sessions"] == [11, 12]
    assert fig["held_out"]["top1"] > 0.9 and fig["held_out"]["no_article_accuracy"] > 0.9
    a, b = ArticleModel.load(tmp_path / "m1" / MODEL_FILE), ArticleModel.load(tmp_path / "m2" / MODEL_FILE)
    assert (tmp_path / "m1" / MODEL_FILE).read_bytes() == (tmp_path / "m2" / MODEL_FILE).read_bytes()
    assert np.array_equal(a.cond_coef, b.cond_coef) and np.array_equal(a.any_coef, b.any_coef)
    assert a.any_threshold == b.any_threshold
    clf = load_classifier(tmp_path / "m1", settings)
    assert clf.predict(["Abolish the death penalty"])[0].articles == [6]


def test_corrections_are_used(tmp_path):
    csv_path = tmp_path / "export.csv"
    _write_csv(csv_path)
    corrections = [{"text": "Protect the right to vote in free elections", "field": "articles", "new_value": "[25]"}] * 5
    corrections += [{"text": "no articles key"}]
    train(csv_path, tmp_path / "m", settings=Settings(status_training_dir=tmp_path / "none"), verbose=False,
          corrections=corrections, gold_dir=False)
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["training_data"]["corrections_used"] == 5
    assert manifest["training_data"]["corrections_skipped"] == 1
    assert 25 in manifest["articles"] and ".corr-" in manifest["version"]


def test_readme_section_keeps_other_content(tmp_path):
    from pipeline.classify.report import BEGIN, END, write_section
    readme = tmp_path / "README.md"
    readme.write_text("# matching\n\nabout matching.json\n")
    write_section(readme, "# classifier v1")
    write_section(readme, "# classifier v2")
    text = readme.read_text()
    assert "about matching.json" in text and "classifier v2" in text and "classifier v1" not in text
    assert text.count(BEGIN) == 1 and text.count(END) == 1


def test_status_model_is_trained_from_the_training_dir_and_status_corrections(tmp_path):
    from pipeline.classify.status_model import STATUS_MODEL_FILE, StatusModel
    from pipeline.classify.train import parse_corrections, parse_status_corrections

    training = tmp_path / "training"
    training.mkdir()
    paras = {"implemented": "The law was adopted and is applied {x}.", "not_implemented": "Nothing has changed {x}.",
             "partially_implemented": "The body was set up but lacks funds {x}.",
             "no_information": "On 3 May 2019 a protest took place {x}."}
    for writer in ("a", "b"):
        lines = [json.dumps({"text": t.format(x=f"{writer} {f}"), "status": s}) for s, t in paras.items() for f in FILLERS]
        (training / f"writer_{writer}.jsonl").write_text("\n".join(lines) + "\n")
    corrections = [{"text": "The tribunal was abolished as recommended.", "status": "implemented"},
                   {"text": "x", "field": "status", "new_value": '"bogus"'},
                   {"text": "Protect the right to vote", "articles": [25]}]
    assert [c.status for c in parse_status_corrections(corrections)] == ["implemented"]
    assert len(parse_corrections(corrections)[0]) == 1 and parse_corrections(corrections)[1] == 0
    csv_path = tmp_path / "export.csv"
    _write_csv(csv_path)
    settings = Settings(status_training_dir=training, cache_dir=tmp_path / "cache")    # embeddings: not the project's
    fig = train(csv_path, tmp_path / "m", settings=settings, verbose=False, corrections=corrections, gold_dir=False)
    sm = fig["status_model"]
    assert sm["training_rows"] == 2 * 4 * len(FILLERS) + 1 and "corrections" in sm["groups"]
    assert 0.2 <= sm["temperature"] <= 10 and sm["params"] in [r["params"] for r in sm["selection"]]
    model = StatusModel.load(tmp_path / "m" / STATUS_MODEL_FILE)
    clf = load_classifier(tmp_path / "m", settings)
    assert clf.status_model is not None and "+status-model-" in clf.version
    assert clf.predict(["Nothing has changed at all."], unit_types=["finding"])[0].status == "not_implemented"
    assert model.meta["training_rows"] == sm["training_rows"]
