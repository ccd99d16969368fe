from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def wg2010() -> Path:
    return RAW / "A-HRC-14-10_working_group_report_2010.pdf"


@pytest.fixture(scope="session")
def wg2014() -> Path:
    return RAW / "A-HRC-28-10_working_group_report_2014.pdf"


@pytest.fixture(scope="session")
def submission_pdf() -> Path:
    return RAW / "amnesty_upr_submission_2019.pdf"


@pytest.fixture(scope="session")
def factsheet_pdf() -> Path:
    return RAW / "ccpr_factsheet_3rd_cycle.pdf"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target
