"""Reviewer corrections: append-only, validated, never overwritten by the pipeline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .records import ARTICLES, STATUSES, Correction, utcnow
from .store import Store

_FIELDS = {"articles", "status", "response", "recommending_states", "unit_type", "text"}


def _validate(field: str, value: object) -> None:
    if field not in _FIELDS:
        raise ValueError(f"field must be one of {sorted(_FIELDS)}, not {field!r}")
    if field == "articles" and not (isinstance(value, list) and all(isinstance(a, int) and a in ARTICLES for a in value)):
        raise ValueError("articles must be a JSON list of ICCPR article numbers 1-27, e.g. [19, 21] or []")
    if field == "status" and value not in STATUSES:
        raise ValueError(f"status must be one of {list(STATUSES)}")
    if field == "response" and value not in ("accepted", "noted", "pending", None):
        raise ValueError("response must be accepted, noted, pending or null")
    if field == "recommending_states" and not (isinstance(value, list) and all(isinstance(s, str) for s in value)):
        raise ValueError("recommending_states must be a JSON list of names")


def record_correction(store_dir: Path, unit_id: str, field: str, value: str, reviewer: str,
                      note: str | None = None) -> Correction:
    """Validate and append one correction; the old value is taken from the store."""
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value if field in ("status", "response", "text", "unit_type") else None
        if parsed is None:
            raise ValueError(f"value must be JSON for field {field!r}, e.g. [19, 21]")
    _validate(field, parsed)
    if not reviewer.strip():
        raise ValueError("reviewer must name who corrects")
    with Store(store_dir) as store:
        row = store.con.execute("SELECT unit_id FROM units WHERE unit_id = ?", [unit_id]).fetchone()
        if not row:
            raise ValueError(f"no unit {unit_id!r} in {store_dir}")
        if field in ("articles", "status"):
            old = store.con.execute(f"SELECT {field} FROM final_classifications WHERE unit_id = ?", [unit_id]).fetchone()
        else:
            old = store.con.execute(f"SELECT {field} FROM units WHERE unit_id = ?", [unit_id]).fetchone()
        created = utcnow()
        cid = "c_" + hashlib.sha256(f"{unit_id}|{field}|{value}|{reviewer}|{created.isoformat()}".encode()).hexdigest()[:16]
        c = Correction(correction_id=cid, unit_id=unit_id, field=field,  # type: ignore[arg-type]
                       old_value=json.dumps(old[0], default=str) if old else None,
                       new_value=json.dumps(parsed), reviewer=reviewer, note=note, created_at=created)
        store.add_correction(c)
        store.export_parquet()
    return c


def serve(store_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> None:  # pragma: no cover - interactive
    raise SystemExit("the review page is not built yet: use `upr correct UNIT_ID --field ... --value ... --reviewer ...`")
