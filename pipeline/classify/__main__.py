"""``python -m pipeline.classify train|evaluate|classify|tune`` (the same functions ``upr`` calls)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.config import PROJECT_ROOT, Settings, apply_offline_env


def main(argv: list[str] | None = None) -> int:
    apply_offline_env()
    from .data import default_csv_path

    p = argparse.ArgumentParser(prog="python -m pipeline.classify")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="rebuild models/ from the UPR Info export")
    t.add_argument("--data", type=Path, default=None, help="UPR Info CSV (default $UPR_INFO_CSV or ../shared/data/…)")
    t.add_argument("--models", type=Path, default=None)
    e = sub.add_parser("evaluate", help="held-out and gold figures")
    e.add_argument("--data", type=Path, default=None)
    e.add_argument("--models", type=Path, default=None)
    e.add_argument("--gold", type=Path, default=PROJECT_ROOT / "evaluation" / "gold")
    c = sub.add_parser("classify", help="classify a CSV/JSONL file")
    c.add_argument("--input", type=Path, required=True)
    c.add_argument("--output", type=Path, required=True)
    c.add_argument("--text-column", default="text")
    c.add_argument("--models", type=Path, default=None)
    u = sub.add_parser("tune", help="the development protocol: sessions 1-8 -> 9-10, a few configurations")
    u.add_argument("--data", type=Path, default=None)
    args = p.parse_args(argv)
    settings = Settings.from_env(models_dir=getattr(args, "models", None))
    data = getattr(args, "data", None) or default_csv_path()
    try:
        if args.cmd == "train":
            from .train import train
            train(data, settings.models_dir, settings=settings)
        elif args.cmd == "evaluate":
            from .evaluate import evaluate_with_targets
            report, ok = evaluate_with_targets(data, settings.models_dir, args.gold)
            print(report)
            if not ok:
                return 1
        elif args.cmd == "classify":
            from .io import classify_file
            from .model import load_classifier
            n = classify_file(args.input, args.output, args.text_column, load_classifier(settings.models_dir, settings))
            print(f"classified {n} texts -> {args.output}")
        elif args.cmd == "tune":
            from .tune import tune
            print(tune(data))
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
