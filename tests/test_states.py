"""State names (pipeline/states.py)."""

from __future__ import annotations

from pipeline.states import canonical_state


def test_inverted_state_names_are_known():
    assert canonical_state("Korea, Republic of") == "Republic of Korea"
    assert canonical_state("Congo, Democratic Republic of the") == "Democratic Republic of the Congo"
    assert canonical_state("Iran, Islamic Republic of") == "Iran (Islamic Republic of)"
    assert canonical_state("Canada, Norway") is None
