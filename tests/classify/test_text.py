"""The text the article model reads: normalised, with the words of a right the text only describes."""

from __future__ import annotations

import pytest

from pipeline.classify.text import article_text, normalize


@pytest.mark.parametrize("text, words", [
    ("Refrain from using excessive force to disperse demonstrations (Chile);", "freedom of peaceful assembly"),
    ("Ensure that persons arrested are brought promptly before a judge", "arbitrary arrest and detention"),
    ("The Ministry refused to register the opposition party for the third time.", "freedom of association"),
    ("Families have had no news of their whereabouts since 2019.", "enforced disappearance"),
    ("The security service intercepted e-mails of lawyers without a court order.", "right to privacy"),
    ("Bloggers were sentenced for spreading false information.", "freedom of expression"),
    ("Churches were demolished and converts lost custody of their children.", "freedom of religion or belief"),
])
def test_a_described_right_gets_its_words(text: str, words: str):
    out = article_text(text)
    assert out.startswith(normalize(text)) and words in out.split(" | ", 1)[1]


@pytest.mark.parametrize("text", [
    "Ratify the International Covenant on Economic, Social and Cultural Rights (France);",
    "Demonstrate its commitment to the Sustainable Development Goals",        # the verb is no demonstration
    "Stop intercepting migrants at sea and ensure access to asylum",          # no communications intercepted
    "Increase the budget for primary education in rural areas (Cuba);",
])
def test_other_texts_are_only_normalised(text: str):
    assert article_text(text) == normalize(text)
