"""The one place for configuration.

Every setting has an embedded default, can be overridden by an environment variable
``UPR_<NAME>`` (for example ``UPR_REVIEW_THRESHOLD=0.7``) and, for the command line,
by the flags of ``upr``. Offline environment variables for Hugging Face and Prefect are
set here, before either library is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Bump when a change to the segmenters changes their output: it is part of task cache keys.
SEGMENTER_VERSION = "seg-80"

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def apply_offline_env(prefect_home: Path | None = None) -> None:
    """Set the environment an offline run needs; an explicit user setting wins."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str(prefect_home or PROJECT_ROOT / ".prefect"))


@dataclass(frozen=True)
class Settings:
    """Pipeline settings with embedded defaults."""

    raw_dir: Path = PROJECT_ROOT / "raw"
    store_dir: Path = PROJECT_ROOT / "processed"
    models_dir: Path = PROJECT_ROOT / "models"
    # labelled finding paragraphs the status model is trained on (models/training/README.md)
    status_training_dir: Path = PROJECT_ROOT / "models" / "training"
    # Reading
    max_file_mb: float = 200.0          # larger files are refused, not read
    max_pages: int = 2000               # more pages: the document ends "partial"
    min_chars_per_page: int = 25        # fewer on every page: no text layer (scanned)
    # Classification
    review_threshold: float = 0.80      # confidence below this -> needs_review
    article_threshold: float = 0.5      # an article is predicted when its probability reaches this
    # Matching
    match_top_k: int = 5
    # the rank-1 score a match needs; None: the calibrated threshold of models/matching.json. Lower
    # it to see more candidates (fewer abstentions, more wrong proposals): `upr evaluate matching`
    # prints what each value gives on the gold
    match_threshold: float | None = None
    embedding_batch_size: int = 64
    # Caches
    cache_dir: Path = field(default=PROJECT_ROOT / ".cache")
    # Reviewing: a correction made while a run holds the store (classifying, matching) waits this long
    correction_wait_s: float = 120.0
    # ... and a run waits this long for a reader holding the store file (the review page, `upr status`)
    store_wait_s: float = 60.0

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Defaults, then ``UPR_*`` environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        for f in fields(cls):
            env = os.environ.get(f"UPR_{f.name.upper()}")
            if env is None:
                continue
            default = getattr(cls, f.name, None)
            if isinstance(default, Path) or f.name.endswith("_dir"):
                values[f.name] = Path(env)
            elif isinstance(default, bool):
                values[f.name] = env.lower() in {"1", "true", "yes"}
            elif isinstance(default, int):
                values[f.name] = int(env)
            elif isinstance(default, float) or "float" in str(f.type):
                values[f.name] = float(env)
            else:
                values[f.name] = env
        settings = cls(**values)  # type: ignore[arg-type]
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
