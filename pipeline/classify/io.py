"""Classify the texts of a CSV or JSONL file into the same format (``upr classify-text``)."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Iterator

from .model import Classifier, Prediction, load_classifier

ADDED = ("articles", "article_scores", "status", "confidence", "needs_review", "review_reason", "model_version")
OPTIONAL_INPUTS = ("unit_type", "grade", "section_articles")   # used when present
CSV_EXT = {".csv"}
JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
BATCH = 4096


def _fmt(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in CSV_EXT:
        return "csv"
    if ext in JSONL_EXT:
        return "jsonl"
    raise ValueError(f"{path}: unsupported file type {ext or '(none)'!r}; use .csv or .jsonl")


def csv_dialect(path: Path) -> tuple[str, bool]:
    """(delimiter, byte-order mark) of a CSV file: the delimiter its first lines use (",", or ";" as a
    spreadsheet set to a European locale writes, tab, "|"), and whether it opens with a UTF-8 BOM (as
    Excel's "CSV UTF-8" does); the output is written the same way, so that the spreadsheet reads it back."""
    head = path.read_bytes()[:65536]
    bom = head.startswith(b"\xef\xbb\xbf")
    sample = head.decode("utf-8-sig", errors="replace")
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    return delimiter, bom


def _read(path: Path, fmt: str) -> tuple[list[str], list[dict]]:
    if fmt == "csv":
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f, delimiter=csv_dialect(path)[0])
            rows = [dict(r) for r in reader]
            return list(reader.fieldnames or []), rows
    rows, columns = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {n} is not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{path}: line {n} is not a JSON object")
            obj["__line__"] = n
            for k in obj:
                if k not in columns and k != "__line__":
                    columns.append(k)
            rows.append(obj)
    return columns, rows


def _section_articles(value) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [int(v) for v in value if str(v).strip().isdigit()]
    s = str(value).strip()
    try:
        v = json.loads(s)
        if isinstance(v, list):
            return [int(x) for x in v if str(x).strip().isdigit()]
        if isinstance(v, int):
            return [v]
    except ValueError:
        pass
    return [int(x) for x in s.replace(";", ",").split(",") if x.strip().isdigit()]


def _batches(n: int) -> Iterator[slice]:
    for start in range(0, n, BATCH):
        yield slice(start, min(n, start + BATCH))


#: function words of the languages texts given to classify-text come in besides English: the
#: documents' own (:data:`pipeline.detect.FUNCTION_WORDS`) and two more that NGO texts use
_MORE_WORDS: dict[str, frozenset[str]] = {
    "German": frozenset("der die das und ist nicht mit von zu den für auf im dem des eine ein".split()),
    "Portuguese": frozenset("os das dos em para com não uma pelo pela ao".split()),
}


def unreadable(text: str) -> str | None:
    """Why the model cannot read a text (it learned English UPR texts), or None: empty; mostly in
    another script (Cyrillic, Arabic, Chinese); or with more function words of another language
    than of English (two at least: a short English recommendation may have none)."""
    from pipeline.detect import FUNCTION_WORDS, SCRIPTS

    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return "no text"
    for name, script in SCRIPTS.items():
        if len(script.findall(text)) > 0.5 * letters:
            return f"written in {name}"
    words = re.findall(r"[a-zà-ÿß]+", text.lower())
    english = sum(w in FUNCTION_WORDS["English"] for w in words)
    others = {**{k: v for k, v in FUNCTION_WORDS.items() if k != "English"}, **_MORE_WORDS}
    language, count = max(((lang, sum(w in vocab for w in words)) for lang, vocab in others.items()),
                          key=lambda t: t[1])
    return f"written in {language}" if count >= 2 and count > english else None


def classify_file(input_path: Path, output_path: Path, text_column: str = "text",
                  classifier: Classifier | None = None, warnings: list[str] | None = None) -> int:
    """Read a CSV or JSONL file, classify ``text_column``, write the same rows plus
    ``articles`` (JSON list), ``article_scores`` (JSON), ``status``, ``confidence``,
    ``needs_review``, ``review_reason`` (why it needs review; empty when it does not) and
    ``model_version`` to ``output_path`` (format by its extension). Returns the row count.

    A row whose text is empty or not English gets ``needs_review``, the language (or "no text") as its
    ``review_reason`` and, when ``warnings`` is given, a line there; an empty one gets no article and no
    status. A CSV may be separated by ",", ";", tab or "|" and carry a UTF-8 BOM: a CSV output is
    written with the input's separator and BOM. Columns ``unit_type``, ``grade`` and ``section_articles`` are used when present (status for
    findings, grades, fact-sheet priors). An input column that has the name of an added field is
    kept as ``<name>_input``. Raises ``ValueError`` naming the file and the column when the text
    column is absent.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    in_fmt, out_fmt = _fmt(input_path), _fmt(output_path)
    if not input_path.exists():
        raise FileNotFoundError(f"{input_path}: no such file")
    columns, rows = _read(input_path, in_fmt)
    if in_fmt == "csv" and text_column not in columns:
        raise ValueError(f"{input_path}: no column {text_column!r} (columns: {', '.join(columns) or 'none'}); "
                         f"choose one with --text-column")
    if in_fmt == "jsonl":
        if rows and text_column not in columns:
            raise ValueError(f"{input_path}: no column {text_column!r} (columns: {', '.join(columns) or 'none'}); "
                             f"choose one with --text-column")
        for r in rows:
            if text_column not in r:
                raise ValueError(f"{input_path}: line {r['__line__']} has no column {text_column!r}")
    clf = classifier or load_classifier()
    texts = ["" if r.get(text_column) is None else str(r.get(text_column)) for r in rows]
    has = {c: c in columns for c in OPTIONAL_INPUTS}
    preds: list[Prediction] = []
    for sl in _batches(len(rows)):
        part = rows[sl]
        preds += clf.predict(
            texts[sl],
            unit_types=[(r.get("unit_type") or "recommendation") for r in part] if has["unit_type"] else None,
            section_articles=[_section_articles(r.get("section_articles")) for r in part] if has["section_articles"] else None,
            grades=[(r.get("grade") or None) for r in part] if has["grade"] else None,
        )
    # a text the model cannot read gets whatever the model says, flagged for review and reported; an empty one
    # gets nothing (no article, no status: a blank cell is no "no information" finding)
    for i, t in enumerate(texts):
        if why := unreadable(t):
            if why == "no text":
                preds[i].articles, preds[i].article_scores, preds[i].status, preds[i].status_score = [], {}, None, None
                preds[i].confidence = 0.0
            preds[i].needs_review = True
            preds[i].review_reason = why if why == "no text" else f"{why}: the model reads English"
            if warnings is not None:
                warnings.append(f"row {rows[i].get('__line__', i + 1)}: {why}")
    version = getattr(clf, "version", None) or ""
    renamed = {c: f"{c}_input" for c in columns if c in ADDED}
    out_columns = [renamed.get(c, c) for c in columns] + list(ADDED)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    if out_fmt == "csv":
        delimiter, bom = csv_dialect(input_path) if in_fmt == "csv" else (",", False)
        with open(output_path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
            w = csv.DictWriter(f, fieldnames=out_columns, extrasaction="ignore", delimiter=delimiter)
            w.writeheader()
            for r, p in zip(rows, preds):
                rec = {renamed.get(k, k): _cell(v) for k, v in r.items() if k != "__line__"}
                rec.update(articles=json.dumps(p.articles), article_scores=json.dumps(p.article_scores),
                           status=p.status or "", confidence=f"{p.confidence:.4f}",
                           needs_review="true" if p.needs_review else "false", review_reason=p.review_reason or "",
                           model_version=version)
                w.writerow(rec)
    else:
        with open(output_path, "w", encoding="utf-8") as f:
            for r, p in zip(rows, preds):
                rec = {renamed.get(k, k): v for k, v in r.items() if k != "__line__"}
                rec.update(articles=p.articles, article_scores=p.article_scores, status=p.status,
                           confidence=p.confidence, needs_review=p.needs_review, review_reason=p.review_reason,
                           model_version=version)
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(rows)


def _cell(v):
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v
