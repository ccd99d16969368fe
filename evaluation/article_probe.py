"""Score the article classifier on a blind probe: texts written and labelled by someone who saw
neither the training data nor the model's output (evaluation/gold/articles/README.md, "Blind
probe, round 25"). `upr evaluate classification` reports the test halves too; this scores any file
of the same form, e.g. the dev half:

    python -m evaluation.article_probe [evaluation/gold/articles/blind_r25_test.jsonl]

Top-1: the first predicted article is in the gold set (for gold [] the prediction must be []);
no-article accuracy; micro- and macro-F1; reliability. For information: no target belongs to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.classify import load_classifier
from pipeline.classify.evaluate import article_probe_report
from pipeline.config import Settings

DEFAULT = Path(__file__).resolve().parent / "gold" / "articles" / "blind_r25_test.jsonl"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    settings = Settings.from_env()
    text, _ = article_probe_report(load_classifier(settings.models_dir, settings), path)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
