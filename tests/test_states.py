"""State names (pipeline/states.py)."""

from __future__ import annotations

import pytest

from pipeline.states import canonical_state, find_states, split_recommending_states


def test_inverted_state_names_are_known():
    assert canonical_state("Korea, Republic of") == "Republic of Korea"
    assert canonical_state("Congo, Democratic Republic of the") == "Democratic Republic of the Congo"
    assert canonical_state("Iran, Islamic Republic of") == "Iran (Islamic Republic of)"
    assert canonical_state("Canada, Norway") is None


def test_a_state_group_joined_by_and_is_split_unless_it_is_one_state():
    from pipeline.states import split_recommending_states
    assert split_recommending_states("Ratify the Convention (Mexico and Uruguay).") == ("Ratify the Convention",
                                                                                        ["Mexico", "Uruguay"])
    assert split_recommending_states("Do X (Trinidad and Tobago);")[1] == ["Trinidad and Tobago"]
    assert split_recommending_states("Do Y (Bosnia and Herzegovina, Chile and Peru);")[1] == [
        "Bosnia and Herzegovina", "Chile", "Peru"]


def test_segment_states_reads_names_not_separators():
    from pipeline.states import segment_states
    assert segment_states("Australia France and Italy") == ["Australia", "France", "Italy"]
    assert segment_states("Bosnia and Herzegovina Estonia") == ["Bosnia and Herzegovina", "Estonia"]
    assert segment_states("United Kingdom of Great Britain and Northern Ireland") == [
        "United Kingdom of Great Britain and Northern Ireland"]
    assert segment_states("Canada and the delegation of Freedonia") is None     # something else remains


def test_a_name_inside_a_longer_name_is_no_mention():
    """"Guinea-Bissau" was found as Guinea too, and Guinea sorted first: a report of Guinea-Bissau
    was filed under Guinea."""
    assert find_states("Report of the Working Group on the Universal Periodic Review: Guinea-Bissau") == ["Guinea-Bissau"]
    assert find_states("Papua New Guinea, Equatorial Guinea and Guinea") == ["Papua New Guinea", "Equatorial Guinea", "Guinea"]
    assert find_states("South Sudan and the Sudan; Niger and Nigeria") == ["South Sudan", "Sudan", "Niger", "Nigeria"]


def test_states_a_text_lists_are_not_recommending_states():
    """Red team, round 11: "the countries of the G5 Sahel (Burkina Faso, Chad, …)" gave five more
    recommending states; the cycle-1 "(Slovenia)/ratify (Republic of Korea)" groups still count."""
    assert split_recommending_states("Continue its cooperation with the countries of the G5 Sahel (Burkina Faso, Chad, "
                                     "Mali, Mauritania, Niger) in combating terrorism (France);")[1] == ["France"]
    assert split_recommending_states("Cooperate with its neighbours (Chad, Niger) on refugees (Canada);")[1] == ["Canada"]
    assert split_recommending_states("To consider ratifying (Slovenia)/ratify (Republic of Korea) the OP-CAT (Denmark);"
                                     )[1] == ["Slovenia", "Republic of Korea", "Denmark"]
    assert split_recommending_states("Establish a national human rights institution (India) in line with the Paris "
                                     "Principles (Mexico);")[1] == ["India", "Mexico"]


def test_a_compound_name_joined_by_and_to_another_state():
    """Red team, round 12: "(Bosnia and Herzegovina and Slovenia)" stayed one name."""
    assert split_recommending_states("Ratify OP-CAT (Bosnia and Herzegovina and Slovenia);")[1] == [
        "Bosnia and Herzegovina", "Slovenia"]
    assert split_recommending_states("Ratify OP-CAT (Trinidad and Tobago and Jamaica);")[1] == ["Trinidad and Tobago", "Jamaica"]
    # "Members of Their Families" in a treaty's title is no list of countries: the cycle-1 group counts
    assert split_recommending_states("To consider ratifying the Convention on the Rights of All Migrant Workers and "
                                     "Members of Their Families (Algeria, Egypt)/ratify it (Brazil)")[1] == [
        "Algeria", "Egypt", "Brazil"]


def test_respectively_after_the_states_is_not_a_name():
    """"(Portugal and Ecuador, respectively)": one ask per state (fourth-cycle reports)."""
    text, states = split_recommending_states(
        "Become a party to the Optional Protocol to the ICESCR and to the Optional Protocol to the CRC on a "
        "communications procedure (Portugal and Ecuador, respectively);")
    assert states == ["Portugal", "Ecuador"]
    assert text.endswith("communications procedure")
    assert split_recommending_states("Ratify A and B (France; Chile, respectively).")[1] == ["France", "Chile"]


@pytest.mark.parametrize("printed, state", [("Slova-kia", "Slovakia"), ("Cze- chia", "Czechia"),
                                            ("Lie-chtenstein", "Liechtenstein"), ("Guinea-Bissau", "Guinea-Bissau"),
                                            ("Timor-Leste", "Timor-Leste"), ("Ivory-land", "Ivory-land")])
def test_a_name_broken_at_a_line_end_is_mended(printed, state):
    from pipeline.states import mended

    assert mended(printed) == state


def test_recommending_states_broken_at_a_line_end():
    assert split_recommending_states("Ensure it (Ireland, Cze-chia)") == ("Ensure it", ["Ireland", "Czechia"])


def test_round_35_states_named_in_words_after_the_recommendation():
    """Red team round 35b (reports of the first sessions, 2008-2009): "…, including trokosi, as recommended by
    Slovenia and Italy" kept the words in its text and gave no states."""
    from pipeline.states import split_recommending_states

    assert split_recommending_states("To eliminate harmful practices, including trokosi, as recommended by Slovenia and Italy") == (
        "To eliminate harmful practices, including trokosi", ["Slovenia", "Italy"])
    assert split_recommending_states("To ratify the Convention (recommended by Brazil)") == ("To ratify the Convention", ["Brazil"])
    assert split_recommending_states("To ratify the Convention, as recommended by the Committee against Torture") == (
        "To ratify the Convention, as recommended by the Committee against Torture", [])
