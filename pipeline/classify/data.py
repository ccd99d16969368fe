"""Reading the UPR Info export (read in place, never copied into the project)."""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import PROJECT_ROOT

from .issue_map import articles_for

CSV_NAME = "upr_info_recommendations_cycle1.csv"
REQUIRED_COLUMNS = ("Session", "Text", "Issue")

#: Held-out split by the ``Session`` column. The shipped model is trained on TRAIN_SESSIONS
#: (its thresholds and calibration come from out-of-fold predictions over them) and evaluated
#: on TEST_SESSIONS, which nothing in training or tuning sees.
TRAIN_SESSIONS: tuple[int, ...] = tuple(range(1, 11))
TEST_SESSIONS: tuple[int, ...] = (11, 12)
#: Hyper-parameters were chosen once, before the final split was fixed, by training on
#: sessions 1-8 and scoring sessions 9-10 (see models/README.md).
DEV_TRAIN_SESSIONS: tuple[int, ...] = tuple(range(1, 9))
DEV_SESSIONS: tuple[int, ...] = (9, 10)


@dataclass(frozen=True)
class Example:
    text: str
    articles: list[int] | None       # None = ambiguous issues: not used
    session: int
    issues: str
    ratification: bool = False


def default_csv_path() -> Path:
    """``$UPR_INFO_CSV``, else ``../shared/data/upr_info_recommendations_cycle1.csv`` beside the project."""
    env = os.environ.get("UPR_INFO_CSV")
    if env:
        return Path(env)
    return PROJECT_ROOT.parent / "shared" / "data" / CSV_NAME


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_examples(csv_path: Path) -> list[Example]:
    """Every row of the export with its derived article labels (``None`` where ambiguous)."""
    csv_path = Path(csv_path)
    if not csv_path.exists():
        raise FileNotFoundError(f"UPR Info CSV not found: {csv_path} (pass its path, or set UPR_INFO_CSV)")
    from .issue_map import is_ratification
    out: list[Example] = []
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{csv_path}: missing column(s) {', '.join(missing)}; found {reader.fieldnames}")
        for row in reader:
            text = (row.get("Text") or "").strip()
            if not text:
                continue
            try:
                session = int(str(row.get("Session", "")).strip())
            except ValueError:
                session = -1
            out.append(Example(text=text, articles=articles_for(row.get("Issue"), text), session=session,
                               issues=row.get("Issue") or "", ratification=is_ratification(text)))
    return out
