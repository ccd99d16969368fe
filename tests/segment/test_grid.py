"""Table grids rebuilt from text positions (pipeline.segment.grid), on synthetic words."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.segment import fact_sheet as fs
from pipeline.segment import grid


@dataclass
class W:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 8.0
    bold: bool = False


def line(y: float, *cells: tuple[float, str], bold: bool = False, size: float = 8.0) -> list[W]:
    """Words of one printed line: each cell (x, text) set word after word, 5 pt a letter, 2 pt a space."""
    out = []
    for x, text in cells:
        for word in text.split():
            out.append(W(word, x, x + 5 * len(word), y, y + size, size, bold))
            x += 5 * len(word) + 2
    return out


HEADER = line(100, (10, "Recommendation"), (200, "State"), (300, "Response"), (400, "Implementation"),
              (600, "Suggested"), bold=True)


def find(lines, rules=(), shades=()):
    return grid.find_grids(lines, list(rules), list(shades), fs.header_kinds, fs.names_columns, (fs.PRIOR, fs.SUGGESTED))


def cell_text(g: grid.Grid, lines, col: int) -> list[str]:
    """The words of each cell of column ``col``, top to bottom."""
    cells = sorted((c for c in g.cells if abs(c[0] - g.bounds[col]) < 0.01 and abs(c[2] - g.bounds[col + 1]) < 0.01),
                   key=lambda c: c[1])
    out = []
    for x0, top, x1, bottom in cells:
        words = [w.text for ln in lines for w in ln if x0 <= (w.x0 + w.x1) / 2 < x1 and top <= (w.top + w.bottom) / 2 < bottom]
        out.append(" ".join(words))
    return out


def test_phrases_split_at_gaps_wider_than_word_spacing():
    words = line(0, (10, "Limit pretrial detention"), (200, "Chile"))
    assert [[w.text for w in ph] for ph in grid.phrases(words)] == [["Limit", "pretrial", "detention"], ["Chile"]]


def test_header_band_joins_a_header_wrapped_over_two_lines():
    lines = [line(100, (10, "Recommendation"), (200, "Recommending"), (300, "Response"), (400, "Suggested"), bold=True),
             line(109, (200, "State"), bold=True)]
    n, groups = grid.header_band(lines, 0, fs.header_kinds, fs.names_columns)
    assert n == 2 and [t for _, _, t in groups] == ["Recommendation", "Recommending State", "Response", "Suggested"]


def test_white_space_rows_and_a_cell_beside_two_rows():
    """No rules: rows open where the prior column starts after extra space; the suggested text that
    runs on across that space at its usual leading stays one cell."""
    lines = [HEADER,
             line(120, (10, "Limit detention"), (200, "Chile"), (300, "Supported"), (400, "Detainees were 62 per cent."),
                  (600, "Set a maximum length.")),
             line(130, (600, "Release all persons")),
             line(140, (600, "detained for their")),
             line(150, (600, "political")),
             line(160, (10, "Guarantee a lawyer"), (200, "Norway"), (300, "Noted"), (400, "A law of 2021."),
                  (600, "opinions.")),
             line(200, (300, "Page 1"))]                         # a footer after a wide gap
    (g,) = find(lines)
    assert len(g.bounds) == 6 and g.lines == [0, 1, 2, 3, 4, 5]
    assert cell_text(g, lines, 0) == ["Recommendation", "Limit detention", "Guarantee a lawyer"]
    assert cell_text(g, lines, 4) == ["Suggested", "Set a maximum length. Release all persons detained for their political opinions."]


def test_drawn_rules_cut_only_the_columns_they_cross():
    lines = [HEADER,
             line(120, (10, "Limit detention"), (200, "Chile"), (300, "Supported"), (400, "Detainees."), (600, "Set a limit.")),
             line(140, (10, "Guarantee a lawyer"), (200, "Norway"), (300, "Noted"), (400, "A law."), (600, "Release them."))]
    rules = [grid.Rule(134, 5, 590)]                          # under row 1, not under the suggested column
    (g,) = find(lines, rules)
    assert cell_text(g, lines, 1) == ["State", "Chile", "Norway"]
    assert cell_text(g, lines, 4) == ["Suggested", "Set a limit. Release them."]


def test_a_centred_column_keeps_its_gutter():
    """State names centred under a centred header start left of it; the gutter is still found
    between the columns' words."""
    header = line(100, (10, "Recommendation"), (215, "State"), (300, "Response"), (400, "Implementation"),
                  (600, "Suggested"), bold=True)
    lines = [header,
             line(120, (10, "Limit all detention"), (190, "United Kingdom"), (300, "Noted"), (400, "None."), (600, "Act.")),
             line(130, (10, "to the necessary"), (200, "Ireland"))]
    (g,) = find(lines)
    assert g.bounds[0] < 10 and 105 < g.bounds[1] < 190
    assert cell_text(g, lines, 1) == ["State", "United Kingdom Ireland"]


def test_a_body_line_naming_columns_is_not_a_new_header():
    """A body line whose phrases happen to name three columns is set like the body, not like the
    (bold) header row: the table goes on."""
    lines = [HEADER,
             line(120, (10, "Ratified before the"), (200, "Peru"), (300, "Supported"), (400, "Implementation began."),
                  (600, "Ratify.")),
             line(130, (10, "recommendation was made"), (300, "in response"), (400, "to the Committee"),
                  (600, "suggested again.")),
             line(150, (10, "Recognize the Committee"), (200, "Chile"), (300, "Noted"), (400, "No."), (600, "Do."))]
    (g,) = find(lines)
    assert g.lines == [0, 1, 2, 3]


def test_a_table_goes_on_on_the_next_page_without_its_header():
    page1 = [HEADER, line(120, (10, "Limit detention"), (200, "Chile"), (300, "Supported"), (400, "First part"))]
    (g1,) = find(page1)
    page2 = [line(20, (400, "of the finding.")),
             line(40, (10, "Guarantee a lawyer"), (200, "Norway"), (300, "Noted"), (400, "A law."))]
    (g2,) = grid.find_grids(page2, [], [], fs.header_kinds, fs.names_columns, (fs.PRIOR,), carried=g1)
    assert not g2.header and g2.bounds == g1.bounds
    assert cell_text(g2, page2, 0) == ["", "Guarantee a lawyer"]     # the cut row's rest, then a new row
    assert cell_text(g2, page2, 3) == ["of the finding.", "A law."]


def test_prose_gives_no_grid():
    lines = [line(100 + 10 * i, (10, "The recommendation on the implementation of the response was made in 2019."))
             for i in range(5)]
    assert find(lines) == []


def test_a_table_goes_on_under_a_sub_section_title():
    lines = [HEADER,
             line(120, (10, "Limit detention"), (200, "Chile"), (300, "Supported"), (400, "Detainees."), (600, "Act.")),
             line(140, (10, "Right of peaceful assembly and freedom of association"), bold=True),     # across the gutters
             line(160, (10, "Repeal the assembly law"), (200, "Norway"), (300, "Noted"), (400, "Not repealed."),
                  (600, "Repeal it.")),
             line(200, (300, "Page 1"))]
    (g,) = find(lines)                 # the title is a row across the table, the rows go on below it
    assert g.lines == [0, 1, 2, 3]
    wide = [c for c in g.cells if c[0] == g.bounds[0] and c[2] == g.bounds[-1]]
    assert len(wide) == 1 and wide[0][1] < 140 < 148 < wide[0][3] < 160
    assert cell_text(g, lines, 0) == ["Recommendation", "Limit detention", "Repeal the assembly law"]


def test_a_table_goes_on_under_a_title_at_its_top_and_after_white_space():
    """A sub-section title right under the header (the body's first line runs across the gutters),
    and a row after a wide white band (a merged cell grown with empty paragraphs) stay in the table;
    a footer after the band does not."""
    lines = [HEADER,
             line(120, (10, "Right of peaceful assembly and freedom of association"), bold=True),
             line(140, (10, "Repeal the assembly law"), (200, "Norway"), (300, "Noted"), (400, "Not repealed."),
                  (600, "Repeal it.")),
             line(150, (10, "of 2019")),
             line(200, (10, "Register the associations"), (200, "Chile"), (300, "Supported"), (400, "No.")),
             line(300, (300, "Freedonia – UPR fact sheet"))]
    (g,) = find(lines)
    assert g.lines == [0, 1, 2, 3, 4]
    assert cell_text(g, lines, 0) == ["Recommendation", "Repeal the assembly law of 2019", "Register the associations"]


def test_a_short_bold_title_in_the_first_column_is_a_title_row():
    """"Torture", bold, alone in the first column between rows: one cell across the table (the
    segmenter reads such a cell as the section of the rows below), not a recommendation."""
    lines = [HEADER,
             line(120, (10, "Limit detention"), (200, "Chile"), (300, "Supported"), (400, "Detainees."), (600, "Act.")),
             line(140, (10, "Torture"), bold=True),
             line(160, (10, "Criminalize torture"), (200, "Norway"), (300, "Noted"), (400, "Not done."), (600, "Do it."))]
    (g,) = find(lines)
    wide = [c for c in g.cells if c[0] == g.bounds[0] and c[2] == g.bounds[-1]]
    assert len(wide) == 1 and wide[0][1] < 140 < 148 < wide[0][3] < 160
    assert cell_text(g, lines, 0) == ["Recommendation", "Limit detention", "Criminalize torture"]
