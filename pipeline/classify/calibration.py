"""Confidence calibration: isotonic regression of "was the prediction right" on a raw score,
and the reliability table that shows whether a confidence means what it says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass
class IsotonicCalibrator:
    """Monotone map raw score -> probability of being right (pool-adjacent-violators).

    Stored as the breakpoints of a step function (a few hundred floats), so the artifact is
    tiny and needs no scikit-learn object to apply. ``floor``/``ceiling`` keep the output away
    from 0 and 1: a calibration set of a few thousand items cannot prove certainty.
    """

    x: np.ndarray
    y: np.ndarray
    floor: float = 0.01
    ceiling: float = 0.99

    @classmethod
    def fit(cls, scores: Sequence[float], correct: Sequence[bool | int], *,
            floor: float = 0.01, ceiling: float = 0.99, min_bin: int = 20) -> "IsotonicCalibrator":
        s = np.asarray(scores, dtype=float)
        c = np.asarray(correct, dtype=float)
        if s.shape != c.shape or s.size == 0:
            raise ValueError("scores and correct must be non-empty and of equal length")
        order = np.argsort(s, kind="mergesort")
        s, c = s[order], c[order]

        def pool(blocks: list[list[float]]) -> list[list[float]]:
            """Pool adjacent violators; a block is [sum_correct, count, sum_score]."""
            out: list[list[float]] = []
            for b in blocks:
                out.append(list(b))
                while len(out) > 1 and out[-2][0] / out[-2][1] >= out[-1][0] / out[-1][1]:
                    y2, w2, x2 = out.pop()
                    out[-1][0] += y2
                    out[-1][1] += w2
                    out[-1][2] += x2
            return out

        blocks = pool([[yv, 1.0, xv] for xv, yv in zip(s, c)])
        # merge blocks smaller than min_bin into a neighbour, so a handful of items cannot set a
        # 0 or 1 step, then pool again (merging can break monotonicity)
        merged: list[list[float]] = []
        for b in blocks:
            if merged and (merged[-1][1] < min_bin or b[1] < min_bin):
                merged[-1] = [merged[-1][0] + b[0], merged[-1][1] + b[1], merged[-1][2] + b[2]]
            else:
                merged.append(list(b))
        final = pool(merged)
        xs = np.array([b[2] / b[1] for b in final], dtype=float)    # mean score of the block
        ys = np.array([b[0] / b[1] for b in final], dtype=float)    # observed accuracy of the block
        return cls(x=xs, y=np.clip(ys, floor, ceiling), floor=floor, ceiling=ceiling)

    def __call__(self, scores: Sequence[float] | np.ndarray) -> np.ndarray:
        """Piecewise-linear between block centres, flat beyond the ends (monotone, continuous)."""
        s = np.asarray(scores, dtype=float)
        return np.clip(np.interp(s, self.x, self.y), self.floor, self.ceiling)

    def to_dict(self) -> dict:
        return {"x": self.x.tolist(), "y": self.y.tolist(), "floor": self.floor, "ceiling": self.ceiling}

    @classmethod
    def from_dict(cls, d: dict) -> "IsotonicCalibrator":
        return cls(x=np.asarray(d["x"], float), y=np.asarray(d["y"], float),
                   floor=float(d.get("floor", 0.01)), ceiling=float(d.get("ceiling", 0.99)))


@dataclass(frozen=True)
class ReliabilityRow:
    lo: float
    hi: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability_table(confidence: Sequence[float], correct: Sequence[bool | int],
                      bins: Sequence[float] = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)) -> list[ReliabilityRow]:
    """Per confidence bin: count, mean confidence, observed accuracy (empty bins are skipped)."""
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    rows: list[ReliabilityRow] = []
    for lo, hi in zip(bins[:-1], bins[1:]):
        m = (conf >= lo) & (conf < hi)
        if m.any():
            rows.append(ReliabilityRow(lo, min(hi, 1.0), int(m.sum()), float(conf[m].mean()), float(ok[m].mean())))
    return rows


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool | int]) -> float:
    """Count-weighted mean |confidence - accuracy| over the reliability bins."""
    rows = reliability_table(confidence, correct)
    n = sum(r.count for r in rows)
    return float(sum(r.count * abs(r.mean_confidence - r.accuracy) for r in rows) / n) if n else float("nan")


def format_reliability(rows: list[ReliabilityRow]) -> str:
    lines = ["| confidence | count | mean confidence | observed accuracy |", "|---|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.lo:.2f}–{r.hi:.2f} | {r.count} | {r.mean_confidence:.3f} | {r.accuracy:.3f} |")
    return "\n".join(lines)
