"""References in formulas, found and moved by the writer's own reading of Excel's formula
grammar, checked against openpyxl's formula tokenizer and translator (kept for the tests): a
shared formula moved to another cell, and a coordinator's formula following its columns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator, TranslatorError

from sheets_sync.backends.xlsx.formulas import (
    references,
    remap_formula,
    remap_range,
    translate,
)
from sheets_sync.backends.xlsx.looks import column_letter

column = st.integers(1, 40).map(column_letter)
row = st.integers(1, 60).map(str)
dollar = st.sampled_from(["", "$"])
cell = st.builds(lambda a, c, b, r: f"{a}{c}{b}{r}", dollar, column, dollar, row)
sheet = st.sampled_from(["", "Pairings!", "'Pairings'!", "'My tab'!", "Other!", "'It''s'!"])
reference = st.one_of(
    cell,
    st.builds(lambda a, b: f"{a}:{b}", cell, cell),
    st.builds(lambda a, c, b, d: f"{a}{c}:{b}{d}", dollar, column, dollar, column),
    st.builds(lambda a, r, b, s: f"{a}{r}:{b}{s}", dollar, row, dollar, row),
)
# What holds no reference of its own, though it may look like one.
inert = st.sampled_from([
    '"A1"', '"say ""B2"""', "LOG10(2)", "TRUE", "#N/A", "Table1[[#This Row],[A1]]",
    '{1,"C3";2,"D4"}', "1.5E+3", "Q1.Total", "_xlfn.XLOOKUP(1,{1},{2})"])
term = st.one_of(st.builds(str.__add__, sheet, reference), inert)


@st.composite
def formulas(draw) -> str:
    terms = draw(st.lists(term, min_size=1, max_size=5))
    glue = draw(st.lists(st.sampled_from(["+", "-", "*", "&", ",", " "]),
                         min_size=len(terms) - 1, max_size=len(terms) - 1))
    body = terms[0] + "".join(g + t for g, t in zip(glue, terms[1:], strict=True))
    return draw(st.sampled_from(["{}", "SUM({})", "IF({}>0,1,0)", "-({})%"])).format(body)


def openpyxl_references(formula: str) -> list[str]:
    """The references openpyxl's tokenizer finds (operands that are ranges, not names)."""
    found = []
    for token in Tokenizer("=" + formula).items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            ref = token.value.rpartition("!")[2]
            if remap_range(ref, {0: 0}) is not None:
                found.append(token.value)
    return found


@settings(max_examples=300, deadline=None)
@given(formulas())
def test_references_are_those_excel_s_grammar_has(formula: str) -> None:
    mine = [m.group(0) for m in references(formula)]
    assert mine == openpyxl_references(formula)


@settings(max_examples=300, deadline=None)
@given(formulas(), cell, cell)
def test_a_shared_formula_reads_in_another_cell_as_excel_moves_it(formula, origin, target):
    origin, target = origin.replace("$", ""), target.replace("$", "")
    try:
        expected = Translator("=" + formula, origin=origin).translate_formula(target)[1:]
    except TranslatorError:
        expected = None
    assert translate(formula, origin, target) == expected


@pytest.mark.parametrize(("formula", "moved"), [
    ("Pairings!J2+J3", "Pairings!K2+K3"),
    ("'Pairings'!$J$2:J9", "'Pairings'!$K$2:K9"),
    ("Other!J2+[1]Pairings!J2", "Other!J2+[1]Pairings!J2"),  # another tab, another workbook
    ('IF(J2="J2",J:J,2:2)', 'IF(K2="J2",K:K,2:2)'),
    ("Pairings!J2:Pairings!J4", "Pairings!K2:Pairings!K4"),
    ("LOG10(J2)+TAX", "LOG10(K2)+TAX"),
])
def test_a_formula_follows_the_columns_it_reads(formula: str, moved: str) -> None:
    assert remap_formula(formula, {9: 10}, "Pairings") == moved


def test_a_formula_that_would_leave_the_sheet_cannot_be_moved() -> None:
    assert translate("A2*2", "B3", "A1") is None
    assert translate("$A$2*2", "B3", "A1") == "$A$2*2"
