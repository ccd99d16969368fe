"""Score the article classifier on a blind probe: texts written and labelled by someone who saw
neither the training data nor the model's output (evaluation/gold/articles/README.md, "Blind
probe, round 25").

    python -m evaluation.article_probe [evaluation/gold/articles/blind_r25_test.jsonl]

Prints top-1 accuracy (the first predicted article is in the gold set; for gold [] the prediction
must be []), accuracy on texts with an article and on texts with none, micro-F1, macro-F1 over the
articles present in the gold, and recall per article. For information: no target belongs to it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.classify import classify_file, load_classifier
from pipeline.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "evaluation" / "gold" / "articles" / "blind_r25_test.jsonl"


def score(rows: list[dict]) -> list[str]:
    """Report lines for rows holding gold ``articles_input`` and predicted ``articles``."""
    n = len(rows)
    right = [(r["articles"][:1] == [] if not r["articles_input"] else r["articles"][:1] != [] and
              r["articles"][0] in r["articles_input"]) for r in rows]
    some = [ok for ok, r in zip(right, rows) if r["articles_input"]]
    none = [ok for ok, r in zip(right, rows) if not r["articles_input"]]
    tp, fp, fn = Counter(), Counter(), Counter()
    for r in rows:
        g, p = set(r["articles_input"]), set(r["articles"])
        tp.update(g & p), fp.update(p - g), fn.update(g - p)
    micro_p = sum(tp.values()) / max(1, sum(tp.values()) + sum(fp.values()))
    micro_r = sum(tp.values()) / max(1, sum(tp.values()) + sum(fn.values()))
    present = sorted(a for a in set(tp) | set(fn))
    f1 = {a: 2 * tp[a] / (2 * tp[a] + fp[a] + fn[a]) for a in present}
    lines = [f"texts {n}: top-1 {sum(right) / n:.3f} ({sum(right)}/{n}); with an article {sum(some) / max(1, len(some)):.3f}"
             f" ({sum(some)}/{len(some)}); no article {sum(none) / max(1, len(none)):.3f} ({sum(none)}/{len(none)})",
             f"micro-F1 {2 * micro_p * micro_r / max(1e-9, micro_p + micro_r):.3f}; macro-F1 over the {len(present)} "
             f"articles in the gold {sum(f1.values()) / max(1, len(f1)):.3f}",
             "recall per article: " + ", ".join(f"{a}: {tp[a]}/{tp[a] + fn[a]}" for a in present)]
    return lines


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.jsonl"
        classify_file(path, out, classifier=load_classifier(settings.models_dir, settings))
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print("\n".join(score(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
