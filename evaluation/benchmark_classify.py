"""Classifier throughput (prints figures; not a test). Target: >= 1,000 texts/s after loading.

Texts: the UPR Info export when it is found (``--data``, ``$UPR_INFO_CSV`` or
``../shared/data/…``), else recommendation-like sentences recombined from a built-in list.
Times loading, then ``Classifier.predict`` over N texts (recommendations), each ``--repeat`` times
(best run reported), and ``classify_file`` on a CSV of the same texts in a temporary folder.
Findings (``unit_types="finding"``, section articles) also get a status, and the status model
reads each paragraph's MiniLM sentence embedding: they are timed on ``--findings`` texts twice,
with an empty embedding cache (every text encoded: what a new document costs) and with those
texts cached (a re-run). The cache is a temporary folder, never the project's.

    HF_HUB_OFFLINE=1 .venv/bin/python evaluation/benchmark_classify.py [--n 20000] [--data CSV] [--models DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SEED_TEXTS = [
    "Abolish the death penalty and commute all death sentences to terms of imprisonment",
    "Ensure that all allegations of torture and ill-treatment are promptly and impartially investigated",
    "Guarantee freedom of expression, assembly and association, including for journalists and human rights defenders",
    "Improve access to primary education in rural areas",
    "Strengthen the independence of the judiciary and guarantee the right to a fair trial",
    "Take measures to reduce overcrowding in prisons and improve conditions of detention",
    "Combat trafficking in persons, in particular women and children",
    "Ratify the Convention on the Rights of Persons with Disabilities",
    "Kazakhstan has not implemented any of the recommendations; the law remains in force",
    "A new law was adopted in 2015 but its implementation remains limited",
    "Decriminalize defamation and bring article 174 of the Criminal Code in line with article 19 of the Covenant",
    "Continue efforts to reduce poverty and improve the health system",
]


def load_texts(n: int, data: Path | None) -> tuple[list[str], str]:
    from pipeline.classify.data import default_csv_path
    path = data or default_csv_path()
    rng = random.Random(0)
    if path.exists():
        with open(path, newline="", encoding="utf-8-sig") as f:
            texts = [r["Text"] for r in csv.DictReader(f) if r.get("Text")]
        source = f"{path.name} ({len(texts)} texts)"
    else:
        texts = list(SEED_TEXTS)
        source = "built-in sentences (UPR Info CSV not found)"
    out = []
    while len(out) < n:
        out.extend(rng.sample(texts, min(len(texts), n - len(out))))
    return out[:n], source


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--models", type=Path, default=None)
    ap.add_argument("--findings", type=int, default=2000, help="texts timed as findings (status + embeddings)")
    args = ap.parse_args()
    cache = tempfile.TemporaryDirectory()

    t0 = time.perf_counter()
    from pipeline.classify import classify_file, load_classifier
    from pipeline.config import Settings
    t_import = time.perf_counter() - t0
    settings = Settings.from_env(models_dir=args.models, cache_dir=Path(cache.name))
    t0 = time.perf_counter()
    clf = load_classifier(settings.models_dir, settings)
    t_load = time.perf_counter() - t0
    texts, source = load_texts(args.n, args.data)
    n = len(texts)
    print(f"classifier {clf.version}; cores available: {os.cpu_count()}; texts: {n} from {source}")
    print(f"import {t_import:.2f} s, load {t_load:.2f} s")
    clf.predict(texts[:200])                                  # warm-up

    t = best_of(lambda: clf.predict(texts), args.repeat)
    print(f"predict (recommendations):                  {n / t:8.0f} texts/s  ({t:.2f} s for {n}, best of {args.repeat})")
    nf = min(args.findings, n)
    found, kinds, sections = texts[:nf], ["finding"] * nf, [[19]] * nf
    clf.predict(["warm-up"] * 2, unit_types=["finding"] * 2)   # loads the sentence model (if the status model uses it)
    t = best_of(lambda: clf.predict(found, unit_types=kinds, section_articles=sections), 1)
    print(f"predict (findings, new: status + encoding): {nf / t:8.0f} texts/s  ({t:.2f} s for {nf}, embedding cache empty)")
    t = best_of(lambda: clf.predict(found, unit_types=kinds, section_articles=sections), args.repeat)
    print(f"predict (findings, embeddings cached):      {nf / t:8.0f} texts/s  ({t:.2f} s for {nf}, best of {args.repeat})")
    t = best_of(lambda: [clf.predict([x]) for x in texts[:2000]], 1)
    print(f"predict one text at a time (2,000 calls):  {2000 / t:8.0f} texts/s  ({t * 1000 / 2000:.2f} ms per call)")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        with open(src, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            w.writerows([i, x] for i, x in enumerate(texts))
        t0 = time.perf_counter()
        rows = classify_file(src, dst, classifier=clf)
        t = time.perf_counter() - t0
        print(f"classify_file CSV -> CSV:                   {rows / t:8.0f} texts/s  ({t:.2f} s for {rows})")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")
    cache.cleanup()


if __name__ == "__main__":
    main()
