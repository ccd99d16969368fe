"""Does a MiniLM sentence-embedding head, blended with the TF-IDF heads, help the article model?

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m evaluation.article_experiments

Development protocol only (nothing here is a held-out figure): both heads are trained on UPR Info
sessions 1-8 and scored on sessions 9-10 (the test sessions 11-12 are not read) and on the *dev*
halves of the blind article probes (``evaluation/gold/articles/blind_*_dev.jsonl``; the test halves
are not read). The TF-IDF heads are the shipped model's (:func:`pipeline.classify.train.fit_heads`
over :func:`pipeline.classify.text.article_text`); the embedding heads are the same two-stage
logistic regressions over the packaged all-MiniLM-L6-v2 vectors (through the pipeline's embedding
cache, ``UPR_CACHE_DIR``). The blend averages the two heads' probabilities with weight ``w`` on the
embedding; ``gate`` blends only where the TF-IDF heads are unsure (P(any) within ``gate - 0.5`` of
0.5, or the best conditional probability under ``gate``), the way a fast path would keep most texts
off MiniLM (~170 texts/s here, against the 1,000 texts/s budget). The any-threshold of each variant
is chosen on sessions 9-10 (max of min(top-1, no-article)), as training does.

Each row: top-1 (texts with an article) and no-article accuracy per set, and the share of texts the
gate sends through MiniLM. Session 16 (these figures are in evaluation/gold/articles/README.md):
the blend moves UPR Info dev and the round-27 dev half by at most a text or two, so it was not kept.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from pipeline.classify.data import DEV_SESSIONS, DEV_TRAIN_SESSIONS, default_csv_path, load_examples  # noqa: E402
from pipeline.classify.text import article_text  # noqa: E402
from pipeline.classify.train import ANY_THRESHOLD_GRID, _label_matrix, _scores, build_vectorizer, fit_heads  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.embed import embed_texts  # noqa: E402

GOLD = ROOT / "evaluation" / "gold" / "articles"
EMBED_C = 4.0


def fit_dense_heads(E: np.ndarray, Y: np.ndarray, C: float = EMBED_C):
    """The two-stage heads (any / conditional one-vs-rest) on dense vectors."""
    from sklearn.linear_model import LogisticRegression
    y_any = Y.any(axis=1).astype(int)
    any_clf = LogisticRegression(C=C, max_iter=3000).fit(E, y_any)
    pos = np.flatnonzero(y_any)
    coefs, intercepts = [], []
    for j in range(Y.shape[1]):
        yj = Y[pos, j]
        if yj.min() == yj.max():
            coefs.append(np.zeros(E.shape[1]))
            intercepts.append(-10.0 if yj.max() == 0 else 10.0)
            continue
        clf = LogisticRegression(C=C, max_iter=3000).fit(E[pos], yj)
        coefs.append(clf.coef_.ravel())
        intercepts.append(float(clf.intercept_[0]))
    return any_clf.coef_.ravel(), float(any_clf.intercept_[0]), np.stack(coefs, axis=1), np.asarray(intercepts)


def top1_none(p_any, p_cond, gold, articles, t) -> tuple[float, float]:
    top = np.asarray(articles)[p_cond.argmax(axis=1)]
    pos = np.array([bool(g) for g in gold])
    has = p_any >= t
    ok = np.array([a in g for a, g in zip(top, gold)])
    return round(float((has & ok)[pos].mean()), 3), round(float((~has)[~pos].mean()), 3)


def main() -> int:
    t0 = time.time()
    examples = [e for e in load_examples(default_csv_path()) if e.articles is not None]
    train = [e for e in examples if e.session in DEV_TRAIN_SESSIONS]
    dev = [e for e in examples if e.session in DEV_SESSIONS]
    articles = sorted({a for e in train for a in e.articles})
    Y = _label_matrix([e.articles for e in train], articles)
    sets = {"UPR Info sessions 9-10": ([e.text for e in dev], [e.articles for e in dev])}
    for path in sorted(GOLD.glob("blind_*_dev.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets[path.stem] = ([r["text"] for r in rows], [r["articles"] for r in rows])
    vec = build_vectorizer()
    X = vec.fit_transform([article_text(e.text) for e in train]).tocsr()
    tf_heads = fit_heads(X, Y)
    tf = {k: _scores(vec.transform([article_text(t) for t in texts]), *tf_heads) for k, (texts, _) in sets.items()}
    print(f"TF-IDF heads ({time.time() - t0:.0f}s); embedding {len(train)} training texts (cached after the first run)",
          flush=True)
    settings = Settings.from_env()
    em_heads = fit_dense_heads(embed_texts([e.text for e in train], settings), Y)
    em = {k: _scores(embed_texts(texts, settings), *em_heads) for k, (texts, _) in sets.items()}
    print(f"embedding heads ({time.time() - t0:.0f}s)\n")
    names = list(sets)
    print("| w | gate | any-threshold | " + " | ".join(f"{n}: top-1 / no-article / via MiniLM" for n in names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for w in (0.0, 0.3, 0.5, 1.0):
        for gate in ((None,) if w in (0.0, 1.0) else (None, 0.8)):
            blended = {}
            for k in names:
                pa, pc = tf[k]
                g = np.ones(len(pa), bool) if gate is None else (np.abs(pa - 0.5) < gate - 0.5) | (pc.max(axis=1) < gate)
                blended[k] = (np.where(g, (1 - w) * pa + w * em[k][0], pa),
                              np.where(g[:, None], (1 - w) * pc + w * em[k][1], pc), float(g.mean()))
            first = names[0]
            t = max(ANY_THRESHOLD_GRID, key=lambda t: min(top1_none(*blended[first][:2], sets[first][1], articles, t)))
            cells = []
            for k in names:
                top1, none = top1_none(*blended[k][:2], sets[k][1], articles, t)
                cells.append(f"{top1:.3f} / {none:.3f} / {blended[k][2]:.0%}")
            print(f"| {w} | {gate or 'all'} | {t:.3f} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
