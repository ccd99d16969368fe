"""ICCPR article and implementation-status classifier (issue #4).

Public interface (wired into the CLI and the Prefect flow)::

    from pipeline.classify import Prediction, Classifier, load_classifier, train, evaluate, classify_file
    from pipeline.classify import status_from_grade

* :func:`train` rebuilds ``models/`` from the UPR Info export (labels from the documented issue ->
  article mapping, ``docs/issue_article_map.md``), deterministically, and writes
  ``models/manifest.json`` and ``models/README.md``.
* :func:`load_classifier` loads it; :meth:`Classifier.predict` combines explicit article
  references, fact-sheet section titles, the TF-IDF model and the status rules into
  :class:`Prediction` objects with a calibrated ``confidence``.
* :func:`evaluate` prints held-out and gold figures; :func:`classify_file` classifies a CSV/JSONL.

Command line without the ``upr`` CLI: ``python -m pipeline.classify {train,evaluate,classify,tune}``.
"""

from __future__ import annotations

from .evaluate import evaluate
from .io import classify_file
from .issue_map import MAPPING_VERSION, articles_for
from .model import Classifier, Prediction, load_classifier
from .rules import explicit_articles
from .status import status_from_grade, status_from_text
from .train import train

__all__ = [
    "Prediction", "Classifier", "load_classifier", "train", "evaluate", "classify_file",
    "status_from_grade", "status_from_text", "explicit_articles", "articles_for", "MAPPING_VERSION",
]
