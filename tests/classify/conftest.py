from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="session")
def classifier(tmp_path_factory):
    """The trained classifier shipped in models/ (tests never need the UPR Info CSV); the sentence
    embeddings the status model reads are cached in a temporary folder, not the project's."""
    from pipeline.classify import load_classifier
    from pipeline.config import Settings

    if not (MODELS / "article_model.joblib").exists():
        pytest.skip("models/article_model.joblib missing: run `python -m pipeline.classify train`")
    return load_classifier(MODELS, Settings(review_threshold=0.8, article_threshold=0.5,
                                            cache_dir=tmp_path_factory.mktemp("cache")))
