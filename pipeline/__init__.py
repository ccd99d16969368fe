"""UPR pipeline: UN Universal Periodic Review PDFs -> structured, reviewable data."""

__version__ = "0.1.0"
