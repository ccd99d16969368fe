"""Matching at scale: a synthetic benchmark (prints figures; not a test).

1. Ranking: 20,000 new vs 200,000 prior recommendations, random unit vectors of dimension
   384 grouped by state under review like real data (~190 states, uneven sizes), with the
   embeddings precomputed, and synthetic texts drawn from a UPR-like vocabulary. Times what
   :func:`pipeline.match.match_units` does after embedding: abbreviations spelled out, the
   cosine shortlist, the pair features (TF-IDF fitted per state, treaties, key terms,
   hubness) and the scorer of ``models/matching.json`` with its thresholds.
2. Embedding: ~500 real-looking texts (the recommendations of the PDFs in raw/, what the
   matcher embeds, padded with recombined ones) through :class:`pipeline.embed.EmbeddingCache` with an empty cache (cold),
   then again (warm: every text a cache hit), in a temporary folder.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .venv/bin/python -m evaluation.benchmark_match [--new N --prior N --states N --no-embed --no-rank]
"""

from __future__ import annotations

import argparse
import os
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

import numpy as np  # noqa: E402

from pipeline.config import Settings  # noqa: E402
from pipeline.match import (  # noqa: E402
    MatchConfig, Side, load_config, match_text, normalize_rows, pair_features, score_candidates, select,
    shortlist_by_group)

WORDS = ("ensure implement adopt ratify strengthen guarantee investigate prevent protect promote continue "
         "take measures effective independent legislation law criminal code torture ill-treatment detention "
         "freedom expression assembly association religion media journalists human rights defenders women "
         "children persons disabilities discrimination gender violence domestic trafficking migrants refugees "
         "judiciary fair trial police prison conditions national institution paris principles ombudsman "
         "optional protocol convention covenant civil political economic social cultural death penalty "
         "abolish moratorium education health housing poverty minorities indigenous language registration "
         "non-governmental organizations civil society consult participate elections corruption access justice "
         "compensation victims training officials awareness campaigns cooperation special procedures visit "
         "standing invitation treaty bodies reporting follow-up accordance international standards "
         "OP-CAT NPM NGOs").split()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def state_sizes(total: int, states: int, rng: np.random.Generator) -> np.ndarray:
    """Uneven group sizes summing to total (log-normal shares, like real UPR volumes)."""
    shares = rng.lognormal(0.0, 0.6, states)
    sizes = np.floor(shares / shares.sum() * total).astype(int)
    sizes[: total - sizes.sum()] += 1
    return sizes


def synthetic(n_new: int, n_prior: int, states: int, dim: int, seed: int):
    rng = np.random.default_rng(seed)
    sizes = state_sizes(n_prior, states, rng)
    p_groups = np.repeat(np.arange(states), sizes)
    new_sizes = state_sizes(n_new, states, rng)
    q_groups = np.repeat(np.arange(states), new_sizes)
    rng.shuffle(q_groups)                           # new units arrive in any order
    p = normalize_rows(rng.standard_normal((n_prior, dim), dtype=np.float32))
    q = rng.standard_normal((n_new, dim), dtype=np.float32)
    # a third of the new ones paraphrase a prior of their own state (so thresholds keep some)
    pos = {g: np.flatnonzero(p_groups == g) for g in range(states)}
    pick = rng.random(n_new) < 1 / 3
    for i in np.flatnonzero(pick):
        q[i] = p[rng.choice(pos[q_groups[i]])] * 6 + q[i] * 0.25 * rng.random()
    return normalize_rows(q), q_groups, p, p_groups, sizes, new_sizes


def synthetic_texts(n: int, rng: np.random.Generator) -> list[str]:
    words = np.asarray(WORDS)
    lengths = rng.integers(10, 40, n)
    return [" ".join(rng.choice(words, size=m)) for m in lengths]


def bench_ranking(args, config: MatchConfig) -> None:
    print(f"== Ranking: {args.new:,} new x {args.prior:,} prior, dim {args.dim}, {args.states} states, "
          f"k={args.k}, shortlist {config.shortlist}, {os.cpu_count()} CPU(s) visible")
    t = time.perf_counter()
    q, qg, p, pg, sizes, new_sizes = synthetic(args.new, args.prior, args.states, args.dim, args.seed)
    rng = np.random.default_rng(args.seed + 1)
    q_raw, p_raw = synthetic_texts(args.new, rng), synthetic_texts(args.prior, rng)
    print(f"synthetic data: {time.perf_counter() - t:.1f} s; priors per state: min {sizes.min()}, "
          f"median {int(np.median(sizes))}, max {sizes.max()}; new per state: median {int(np.median(new_sizes))}, "
          f"max {new_sizes.max()}")
    pairs = int((np.bincount(pg, minlength=args.states) * np.bincount(qg, minlength=args.states)).sum())
    print(f"pairs scored by cosine (same state only): {pairs:,} (all pairs across states would be "
          f"{args.new * args.prior:,}); pairs rescored: <= {args.new * config.shortlist:,}")
    # what match_units does after embedding (embeddings are precomputed here: see the embedding part)
    t0 = time.perf_counter()
    q_texts, p_texts = [match_text(x) for x in q_raw], [match_text(x) for x in p_raw]
    states = [frozenset({f"S{i % 7}"}) for i in range(max(args.new, args.prior))]
    q_side = Side(q, list(qg), q_texts, states[:args.new], [frozenset()] * args.new)
    p_side = Side(p, list(pg), p_texts, states[:args.prior])
    starts = np.concatenate([[0], np.cumsum(np.bincount(pg, minlength=args.states))])
    own = {int(i): {int(starts[qg[i]] + rng.integers(0, max(1, starts[qg[i] + 1] - starts[qg[i]])))}
           for i in np.flatnonzero(rng.random(args.new) < 0.1)}    # a fact sheet places a row next to a tenth
    t1 = time.perf_counter()
    idx, cos, _ = shortlist_by_group(q, qg, p, pg, config.shortlist)
    t_short = time.perf_counter() - t1
    t1 = time.perf_counter()
    cands = pair_features(q_side, p_side, config.shortlist, own, {})
    t_feat = time.perf_counter() - t1
    t1 = time.perf_counter()
    rows, vals = select(cands, score_candidates(cands, config), args.k, config.threshold, config.floor)
    t_score = time.perf_counter() - t1
    total = time.perf_counter() - t0
    kept = int((rows[:, 0] >= 0).sum())
    ok = bool(np.all(pg[rows[rows >= 0]] == np.broadcast_to(qg[:, None], rows.shape)[rows >= 0]))
    print(f"cosine shortlist alone (top {config.shortlist} of each state's priors): {t_short:.2f} s")
    print(f"full matcher ({config.method}, {config.version}): {total:.2f} s = texts prepared "
          f"{t1 - t0 - t_short - t_feat - t_score:.1f} s + shortlist and features {t_feat:.1f} s "
          f"(cosine shortlist included) + scoring and top-{args.k} {t_score:.2f} s")
    print(f"  {args.new / total:,.0f} new/s; kept {kept:,}, abstained {args.new - kept:,}; peak RSS {rss_mb():,.0f} MB"
          + ("" if ok else "   !! a candidate from another state"))
    print(f"  -> {'UNDER' if total < 60 else 'OVER'} a minute")


def real_looking_texts(n: int, seed: int) -> list[str]:
    from pipeline.ingest import process_file

    texts: list[str] = []
    raw = Settings().raw_dir
    for f in sorted(raw.glob("*.pdf")):
        r = process_file(f)
        texts.extend(u.text for u in r.units if u.text.strip() and u.unit_type == "recommendation")
    rng = np.random.default_rng(seed)
    base = list(dict.fromkeys(texts))
    out = base[:n]
    while len(out) < n and base:                     # recombine: first half of one + second half of another
        a, b = rng.choice(len(base), 2, replace=False)
        wa, wb = base[a].split(), base[b].split()
        out.append(" ".join(wa[: max(3, len(wa) // 2)] + wb[len(wb) // 2:]))
    return out[:n]


def bench_embedding(args) -> None:
    from pipeline.embed import EmbeddingCache, load_model

    print(f"\n== Embedding: {args.texts} real-looking texts, batch {Settings().embedding_batch_size}")
    t = time.perf_counter()
    texts = real_looking_texts(args.texts, args.seed)
    lengths = np.asarray([len(x.split()) for x in texts])
    print(f"texts: recommendations of raw/ (+recombined): {len(texts)}, words per text median {int(np.median(lengths))}, "
          f"max {lengths.max()} ({time.perf_counter() - t:.1f} s to read the PDFs)")
    t = time.perf_counter()
    import sentence_transformers  # noqa: F401

    print(f"import sentence_transformers: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    load_model()
    print(f"load the packaged MiniLM model: {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        cache = EmbeddingCache(Path(tmp))
        t = time.perf_counter()
        cache.embed(texts)
        cold = time.perf_counter() - t
        print(f"cold cache: {cold:.1f} s, {len(texts) / cold:,.0f} texts/s ({cache.stats.misses} encoded)")
        fresh = EmbeddingCache(Path(tmp))                # a new process would do this: read the shard
        t = time.perf_counter()
        fresh.embed(texts)
        warm = time.perf_counter() - t
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*.npz"))
        print(f"warm cache (new cache object, read from disk): {warm * 1000:.0f} ms, {fresh.stats.hits} hits, "
              f"{fresh.stats.misses} encoded; cache on disk {size / 1024:.0f} KiB "
              f"(~{size / len(texts):.0f} bytes a text)")
    print(f"-> 200,000 texts cold would take ~{200_000 / (len(texts) / cold) / 60:.0f} min on this machine; "
          f"each text is encoded once per model version")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--new", type=int, default=20_000)
    ap.add_argument("--prior", type=int, default=200_000)
    ap.add_argument("--states", type=int, default=190)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--k", type=int, default=Settings().match_top_k)
    ap.add_argument("--texts", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-embed", action="store_true", help="skip the embedding throughput part")
    ap.add_argument("--no-rank", action="store_true", help="skip the ranking part")
    args = ap.parse_args(argv)
    config = load_config(Settings.from_env().models_dir)
    print(f"config: models/matching.json -> method {config.method}, threshold {config.threshold}, "
          f"candidate threshold {config.floor} ({config.version})\n")
    if not args.no_rank:
        bench_ranking(args, config)
    if not args.no_embed:
        bench_embedding(args)


if __name__ == "__main__":
    main()
