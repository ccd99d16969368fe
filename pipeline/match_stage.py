"""Matching stage: new-cycle recommendations in the store -> ranked prior-cycle candidates."""

from __future__ import annotations

import logging
from pathlib import Path

from .config import Settings

log = logging.getLogger(__name__)


def match_store(store_dir: Path, settings: Settings) -> dict:
    try:
        from .match import match_in_store
    except ImportError as exc:  # the matcher is optional until built
        log.warning("matching not available: %s", exc)
        return {"matched": 0, "skipped": "matcher not installed"}
    return match_in_store(store_dir, settings)
