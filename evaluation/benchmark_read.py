"""Reading and segmentation speed in pages/s (prints figures; not a test).

For every PDF given (default: raw/*.pdf) it times, best of ``--repeat`` runs:

- ``pypdfium2 text``: ``PdfTextPage.get_text_range()`` of every page (plain text only);
- ``pipeline.read``: what the pipeline reads for every document, pypdfium2 characters with
  boxes, sizes and bold flags (``pipeline.read.read_pdf``);
- ``pdfplumber text``: ``page.extract_text()`` of every page, for comparison;
- ``pdfplumber tables``: ``page.find_tables()`` of every page (the fact-sheet reader uses it);
- ``process_file``: the whole reading + kind detection + segmentation of one document.

    .venv/bin/python evaluation/benchmark_read.py [PDF ...] [--repeat 3]

Why both libraries: pdfplumber (pdfminer) is far slower at reading text but finds ruled tables
and cell boxes; the pipeline reads all text with pypdfium2 and opens pdfplumber only for the
pages of fact sheets.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def plumber(path: Path, what: str) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text() if what == "text" else page.find_tables()
            page.flush_cache()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: raw/*.pdf)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    import pypdfium2 as pdfium

    from pipeline.ingest import process_file
    from pipeline.read import read_pdf

    pdfs = args.pdfs or sorted((ROOT / "raw").glob("*.pdf"))
    if not pdfs:
        print("no PDF to read", file=sys.stderr)
        return 2
    methods: dict[str, Callable[[Path], object]] = {
        "pypdfium2 text": pdfium_text,
        "pipeline.read (pypdfium2 chars)": read_pdf,
        "pdfplumber text": lambda p: plumber(p, "text"),
        "pdfplumber tables": lambda p: plumber(p, "tables"),
        "process_file (read+segment)": process_file,
    }
    totals = {name: 0.0 for name in methods}
    total_pages = 0
    print(f"{'document':<48} {'pages':>5}  " + "  ".join(f"{n:>31}" for n in methods))
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        n = len(pdf)
        pdf.close()
        total_pages += n
        cells = []
        for name, fn in methods.items():
            t = best_of(lambda: fn(path), args.repeat)
            totals[name] += t
            cells.append(f"{n / t:>22.1f} pages/s")
        print(f"{path.name[:48]:<48} {n:>5}  " + "  ".join(f"{c:>31}" for c in cells), flush=True)
    print(f"{'all':<48} {total_pages:>5}  "
          + "  ".join(f"{total_pages / totals[n]:>22.1f} pages/s" for n in methods))
    ratio = totals["pdfplumber text"] / totals["pypdfium2 text"]
    print(f"\npdfplumber text is {ratio:.0f}x slower than pypdfium2 text on these pages "
          f"(best of {args.repeat} runs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
