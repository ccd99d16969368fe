"""The embedding cache: each text encoded once per model version, persisted, lazily loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.embed import EmbeddingCache, embedding_key, normalize_rows


class FakeEncoder:
    """Deterministic 8-dim vectors from the text's bytes; counts what it was asked to encode."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str], batch_size: int) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 8), np.float32)
        for i, t in enumerate(texts):
            for j, ch in enumerate(t.lower().encode()):
                out[i, j % 8] += ch
        return out + 1.0


def cache(tmp_path: Path, enc: FakeEncoder, version: str = "fake-1") -> EmbeddingCache:
    return EmbeddingCache(tmp_path, version=version, encoder=enc, batch_size=4)


def test_importing_embed_does_not_import_sentence_transformers() -> None:
    code = "import sys, pipeline.embed, pipeline.match; print('sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_vectors_are_normalised_and_in_order(tmp_path: Path) -> None:
    enc = FakeEncoder()
    vecs = cache(tmp_path, enc).embed(["Ratify the Convention", "Abolish the death penalty"])
    assert vecs.shape == (2, 8) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-6)
    again = cache(tmp_path, FakeEncoder()).embed(["Abolish the death penalty"])
    np.testing.assert_array_equal(again[0], vecs[1])


def test_each_text_encoded_once_within_and_across_calls(tmp_path: Path) -> None:
    enc = FakeEncoder()
    c = cache(tmp_path, enc)
    c.embed(["a text", "a text", "A  TEXT", "other text"])        # duplicates and case variants
    assert enc.seen == ["a text", "other text"]
    c.embed(["other text", "third"])
    assert enc.seen == ["a text", "other text", "third"]
    assert (c.stats.hits, c.stats.misses) == (1, 3)      # hits: texts already cached; misses: texts encoded


def test_cache_persists_across_instances(tmp_path: Path) -> None:
    cache(tmp_path, FakeEncoder()).embed(["one", "two"])
    enc = FakeEncoder()
    c = cache(tmp_path, enc)
    c.embed(["two", "one"])
    assert enc.seen == [] and c.stats.hits == 2 and len(c) == 2


def test_cache_is_kept_apart_per_model_version(tmp_path: Path) -> None:
    cache(tmp_path, FakeEncoder(), "fake-1").embed(["one"])
    enc = FakeEncoder()
    cache(tmp_path, enc, "fake-2").embed(["one"])
    assert enc.seen == ["one"]
    assert len(list((tmp_path / "embeddings").iterdir())) == 2


def test_key_ignores_case_and_spacing_but_not_punctuation() -> None:
    assert embedding_key("Ratify  the\nOP-CAT") == embedding_key("ratify the OP-CAT")
    assert embedding_key("ratify the OP-CAT") != embedding_key("ratify the OPCAT")


def test_damaged_shard_is_ignored_and_texts_reencoded(tmp_path: Path) -> None:
    c = cache(tmp_path, FakeEncoder())
    c.embed(["one"])
    (shard,) = list(c.dir.glob("shard-*.npz"))
    shard.write_bytes(b"not a zip file")
    enc = FakeEncoder()
    vec = cache(tmp_path, enc).embed(["one"])
    assert enc.seen == ["one"] and vec.shape == (1, 8)


def test_many_shards_are_merged(tmp_path: Path) -> None:
    from pipeline import embed

    for i in range(embed.MAX_SHARDS + 2):
        cache(tmp_path, FakeEncoder()).embed([f"text {i}"])
    c = cache(tmp_path, FakeEncoder())
    assert len(c) == embed.MAX_SHARDS + 2
    assert len(list(c.dir.glob("shard-*.npz"))) <= 2      # merged once past MAX_SHARDS
    enc = FakeEncoder()
    cache(tmp_path, enc).embed([f"text {i}" for i in range(embed.MAX_SHARDS + 2)])
    assert enc.seen == []


def test_empty_input(tmp_path: Path) -> None:
    assert cache(tmp_path, FakeEncoder()).embed([]).shape[0] == 0


def test_normalize_rows_keeps_zero_rows() -> None:
    out = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


@pytest.mark.slow
def test_real_minilm_model_and_cache_hits(tmp_path: Path) -> None:
    """Loads the packaged MiniLM (offline): paraphrases are close, and a second run encodes nothing."""
    texts = ["Ratify the Optional Protocol to the Convention against Torture",
             "Ratify OP-CAT, the optional protocol to the Convention against Torture",
             "Improve access to clean drinking water in rural areas"]
    c = EmbeddingCache(tmp_path)
    vecs = c.embed(texts)
    assert vecs.shape == (3, 384) and c.stats.misses == 3
    sims = vecs @ vecs.T
    assert sims[0, 1] > 0.8 > sims[0, 2] + 0.3
    again = EmbeddingCache(tmp_path)
    np.testing.assert_allclose(again.embed(texts[::-1]), vecs[::-1], rtol=1e-6)
    assert (again.stats.hits, again.stats.misses) == (3, 0)
