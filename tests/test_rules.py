"""Every Rules test, the score formula, the Why text and bad Rules rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from workbooks import dense, rule, workbook

from sheets_sync import engine
from sheets_sync.errors import UnusableWorkbook
from sheets_sync.inputs.rules import Rule
from sheets_sync.words.rules import requirement

TODAY = dt.date(2026, 11, 24)


def evaluate(test, mentee_values, mentor_values, value=None, kind="Prefer",
             mentee_column="X", mentor_column="Y", extra=None):
    """(passed, similarity) of one rule over mentees × mentors given as column values."""
    mentees = [{"Email": f"e{i}@x.org", mentee_column: v, **(extra or {}).get("mentee", {})}
               for i, v in enumerate(mentee_values)]
    mentors = [{"Email": f"o{j}@x.org", mentor_column: v, **(extra or {}).get("mentor", {})}
               for j, v in enumerate(mentor_values)]
    snapshot = workbook(mentees, mentors, [rule(kind, mentee_column, test, mentor_column, value)])
    scores, _problems = engine.score(engine.load(snapshot, TODAY), TODAY)
    outcome = scores.outcomes[0]
    shape = (len(mentees), len(mentors))
    return (np.broadcast_to(outcome.passed, shape).tolist(),
            np.round(np.broadcast_to(outcome.similarity, shape).astype(float), 3).tolist())


def test_same_ignores_case_and_spaces_and_blank_fails():
    passed, sim = evaluate("same", ["  Engineering ", None], ["engineering", "Arts"])
    assert passed == [[True, False], [False, False]]
    assert sim == [[1.0, 0.0], [0.0, 0.0]]


def test_differs():
    passed, _ = evaluate("differs", ["Sales", None], ["sales", "HR"])
    assert passed == [[False, True], [False, False]]


def test_overlaps_counts_shared_over_mentee_items():
    passed, sim = evaluate("overlaps", ["Music, Art; Film", "Chess"], ["art\nfilm", "Sport"])
    assert passed == [[True, False], [False, False]]
    assert sim == [[round(2 / 3, 3), 0.0], [0.0, 0.0]]


def test_covers_needs_every_mentee_item():
    passed, sim = evaluate("covers", ["CV, Interviews", "CV"], ["cv, interviews, networking",
                                                               "CV"])
    assert passed == [[True, False], [True, True]]
    assert sim == [[1.0, 0.5], [1.0, 1.0]]


def test_mentor_is_checks_listed_values():
    passed, _ = evaluate("mentor is", ["a", "b"], ["Cleared", "pending", None],
                         value="Cleared, Yes")
    assert passed == [[True, False, False], [True, False, False]]


def test_mentee_accepts_blank_any_or_listed():
    passed, _ = evaluate("mentee accepts", [None, "No preference", "Woman", "Man, Non-binary"],
                         ["woman", "Non-binary", None])
    assert passed == [[True, True, True], [True, True, True], [True, False, False],
                      [False, True, False]]


@pytest.mark.parametrize(("test", "value", "expected"), [
    ("mentor older by", 5, [[True, False, False]]),
    ("mentor younger by", 5, [[False, False, True]]),
    ("age gap", 10, [[True, False, True]]),
    ("within", 3, [[False, True, False]]),
])
def test_numeric_tests_on_ages(test, value, expected):
    passed, _ = evaluate(test, [30], [45, 32, 20], value=value)
    assert passed == expected


def test_birth_years_and_dates_of_birth_become_ages():
    # Mentee born 1990 (36 on 2026-11-24); mentors aged 25 by birth date, and 60 by year.
    passed, _ = evaluate("mentor younger by", [1990], [dt.date(2001, 6, 1), 1966], value=5)
    assert passed == [[True, False]]


def test_grade_words_become_levels():
    passed, _ = evaluate("mentor older by", ["Freshman", "Junior"], ["Senior", "Sophomore"],
                         value=1)
    assert passed == [[True, True], [True, False]]


def test_within_reads_time_zones():
    passed, _ = evaluate("within", ["UTC+5:30", "America/New_York"], ["Asia/Kolkata", "-8"],
                         value=3)
    assert passed == [[True, False], [False, True]]


def test_time_overlap_applies_each_sides_time_zone():
    # 18:00-20:00 in New York is 23:00-01:00 UTC; the London mentor is free 23:00-01:00.
    extra = {"mentee": {"Time zone": "UTC-5"}, "mentor": {"Time zone": "Europe/London"}}
    passed, sim = evaluate("time overlap", ["Mon 18:00-20:00"],
                           ["Mon 23:00-24:00, Tue 00:00-01:00", "Mon 18:00-20:00"],
                           value=2, extra=extra)
    assert passed == [[True, False]]
    assert sim == [[1.0, 0.0]]


def test_time_overlap_partial_similarity():
    passed, sim = evaluate("time overlap", ["Mon 18:00-20:00"], ["Mon 19:00-21:00"], value=2,
                           kind="Prefer")
    assert passed == [[False]]
    assert sim == [[0.5]]


def scores_for(mentee, mentors, rules):
    snapshot = workbook([{"Email": "e@x.org", **mentee}],
                        [{"Email": f"o{j}@x.org", **m} for j, m in enumerate(mentors)], rules)
    scores, _ = engine.score(engine.load(snapshot, TODAY), TODAY)
    return scores


def test_score_formula_weights_similarities():
    rules = [rule("Prefer", "A", "overlaps", "A", weight=3),
             rule("Prefer", "B", "same", "B", weight=1),
             rule("Must", "C", "same", "C")]
    scores = scores_for({"A": "x, y", "B": "p", "C": "k"},
                        [{"A": "x", "B": "p", "C": "k"}, {"A": "z", "B": "q", "C": "k"}], rules)
    # 100 × (3 × 0.5 + 1 × 1) / 4 = 62.5; the Must rule adds nothing to the score.
    assert scores.score(0, 0) == 62.5
    assert scores.score(0, 1) == 0.0


def test_score_is_100_without_prefer_rules_and_rounds_to_one_decimal():
    scores = scores_for({"A": "x"}, [{"A": "x"}], [rule("Must", "A", "same", "A")])
    assert scores.score(0, 0) == 100.0
    scores = scores_for({"A": "x, y, z"}, [{"A": "x"}], [rule("Prefer", "A", "overlaps", "A")])
    assert scores.score(0, 0) == 33.3


def test_why_names_the_strongest_rules_in_words():
    rules = [rule("Prefer", "Interests", "overlaps", "Interests", weight=3),
             rule("Prefer", "Dept", "differs", "Dept", weight=1),
             rule("Prefer", "Format", "same", "Format", weight=1)]
    scores = scores_for({"Interests": "Music, Art", "Dept": "HR", "Format": "Video"},
                        [{"Interests": "music", "Dept": "IT", "Format": "Phone"}], rules)
    # the mentee's own spelling, not the case-folded form the rules compare
    assert scores.why(0, 0) == "Shared Interests: Music; different Dept: HR and IT"


def test_why_ranks_by_points_then_the_rules_tab_and_names_only_rules_that_counted():
    rules = [rule("Prefer", "A", "same", "A", weight=1),    # ties with C and D: first
             rule("Prefer", "B", "same", "B", weight=5),    # not shared: never named
             rule("Prefer", "C", "same", "C", weight=1),
             rule("Prefer", "D", "same", "D", weight=1),    # fourth: left out
             rule("Prefer", "E", "same", "E", weight=2)]
    mentee = {"A": "a", "B": "b", "C": "c", "D": "d", "E": "e"}
    scores = scores_for(mentee, [{"A": "a", "B": "x", "C": "c", "D": "d", "E": "e"}], rules)
    assert scores.why(0, 0) == "Same E: e; same A: a; same C: c"


@pytest.mark.parametrize(("bad", "message"), [
    (rule("Must", "A", "similar", "A"), "Rules row 2, Test: There is no test called 'similar'"),
    (rule("Must", "Nope", "same", "A"),
     "Rules row 2, Mentee column: The Mentees tab has no column 'Nope'"),
    (rule("Must", "A", "mentor older by", "A", value="five"), "needs a number in Value"),
    (rule("Should", "A", "same", "A"), "Rules row 2, Rule: Rule can't be 'Should'"),
    (rule("Prefer", "A", "same", "A", weight=-2), "Weight can't be '-2'"),
    (rule("Must", None, "mentor is", "A"), "needs the accepted answers"),
])
def test_bad_rules_row_is_named(bad, message):
    snapshot = workbook([{"Email": "e@x.org", "A": "x"}], [{"Email": "o@x.org", "A": "x"}], [bad])
    with pytest.raises(UnusableWorkbook) as error:
        engine.load(snapshot, TODAY)
    assert message in str(error.value)
    assert error.value.exit_code == 2


def test_every_row_with_an_unreadable_cell_is_reported_even_when_cells_repeat():
    # Cells are parsed once per distinct value; each row that has a bad one is still named.
    mentees = [{"Email": f"e{k}@x.org", "Age": age, "Free": free, "Time zone": zone}
               for k, (age, free, zone) in enumerate([
                   ("old", "Mon 9-11", "UTC+1"), (30, "Mon 9-11", "UTC"),
                   ("old", "sometime", "Mars"), ("old", "sometime", None), (None, None, "Mars")])]
    mentors = [{"Email": "o@x.org", "Age": 50, "Free": "Mon 9-11", "Time zone": "UTC"}]
    rules = [rule("Must", "Age", "mentor older by", "Age", 5),
             rule("Prefer", "Free", "time overlap", "Free", 2)]
    program = engine.load(workbook(mentees, mentors, rules), TODAY)
    scores, problems = engine.score(program, TODAY)
    assert sorted((p.row, p.column, p.value) for p in problems) == [
        (2, "Age", "old"), (4, "Age", "old"), (4, "Free", "sometime"), (4, "Time zone", "Mars"),
        (5, "Age", "old"), (5, "Free", "sometime"), (6, "Time zone", "Mars")]
    assert dense(scores)[0][:, 0].tolist() == [False, True, False, False, False]
    # The same text in two time zones: each person's grid is shifted by their own offset.
    assert dense(scores)[1][:, 0].tolist() == [500, 1000, 0, 0, 0]


def test_every_blocking_error_is_listed_at_once():
    rules = [rule("Must", "A", "mentor older by", "A", value="five"),
             rule("Prefer", "A", "same", "A", weight="lots"),
             rule("Must", "A", "similar", "A")]
    snapshot = workbook([{"Email": "e@x.org", "A": "x"}], [{"Email": "o@x.org", "A": "x"}],
                        rules)
    with pytest.raises(UnusableWorkbook) as error:
        engine.load(snapshot, TODAY)
    assert [(p.row, p.column) for p in error.value.problems] == [
        (2, "Value"), (3, "Weight"), (4, "Test")]
    assert "3 problems" in str(error.value)


def test_a_rule_on_private_answers_is_named_by_its_kind_only():
    must = Rule(2, "Must", "Support needs", "overlaps", "Trained in")
    prefer = Rule(3, "Prefer", "Support needs", "overlaps", "Trained in")
    assert requirement(must, private=True) == "meets a requirement that uses private answers"
    assert requirement(prefer, private=True) == "fits a preference that uses private answers"
    assert "Support" not in requirement(prefer, private=True)
