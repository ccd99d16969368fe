"""The evaluation report's blind article probe section."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.classify.evaluate import article_probe_report


def test_a_blind_probe_is_scored_like_the_gold(tmp_path: Path, classifier):
    rows = [{"text": "Abolish the death penalty for all crimes (France);", "articles": [6]},
            {"text": "Increase the budget for primary schools in rural areas (Cuba);", "articles": []},
            {"text": "Increase the budget for primary schools in rural areas and protect journalists", "articles": [2]}]
    path = tmp_path / "blind_x_test.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    text, fig = article_probe_report(classifier, path)
    assert fig["n"] == 3 and fig["n_with_article"] == 2 and fig["n_no_article"] == 1
    assert fig["top1"] == 0.5 and fig["no_article_accuracy"] == 1.0          # article 2 is not what the last one is about
    assert fig["errors_flagged"].endswith("/1") and "per_article" not in fig
    assert "blind_x_test.jsonl" in text and "Top-1 errors flagged needs_review" in text
