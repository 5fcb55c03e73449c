"""Blocks of scores as row gathers from tables over distinct mentee profiles.

A rule reads one mentee column, and forms give few distinct answers, so each rule sees few
distinct mentee *profiles* (``Evaluator.profiles``). For a given set of mentor columns each
rule — or several small rules merged, their profiles combined — becomes one table over
profiles × those mentors: bool for Must rules, integer score units for Prefer rules. A block
of mentees is then a row gather per table, an AND and integer sums: no per-cell evaluation and
no column gathers. A rule with too many profiles for a table (or past the memory budget) is
evaluated per block as before.

Exactness. A Prefer rule's share of the score is an integer: ``prefer_units``, round(similarity
× 1000 × weight / Σ weights × 2²⁰), in units of 2⁻²⁰ tenths. Integer sums do not depend on
order or grouping, so tables merged or not, block or pair, give the same total; ``to_tenths``
then rounds half up. ``Scores.pair_scores`` uses the same two functions on the evaluators'
``pairs``, which compute the same similarities as their ``cross``: a block and the pairs agree
exactly, by construction.
"""

from __future__ import annotations

import numpy as np

from sheets_sync.scoring.evaluators import Evaluator
from sheets_sync.scoring.plan import Fixes, Group, TableLimits, plan
from sheets_sync.scoring.profiles import Rows, first_rows

UNIT_BITS = 20
UNITS_PER_TENTH = 1 << UNIT_BITS
MIN_NUDGE = 16
CHUNK_BYTES = 2**18  # int32 sums of a chunk of rows: about a core's share of L2 cache
BUILD_CELLS = 2**22  # pairs scored at a time while building a table


def prefer_units(similarity: np.ndarray, weight: float, weights: float) -> np.ndarray:
    """A Prefer rule's share of the score in int32 units of 2⁻²⁰ tenths (≤ 1000 × 2²⁰ in all,
    well inside int32)."""
    scale = 1000.0 * UNITS_PER_TENTH * weight / weights
    return np.rint(np.asarray(similarity, dtype=np.float64) * scale).astype(np.int32)


def rounding_offset(prefer_rules: int) -> int:
    """Added before dropping the units: half a tenth (round half up) plus a nudge above the
    error the per-rule rounding can carry (½ unit a rule), so an exact half tenth rounds up."""
    return UNITS_PER_TENTH // 2 + max(MIN_NUDGE, prefer_rules)


def to_tenths(units: np.ndarray, offset: int) -> np.ndarray:
    """Whole tenths (int16) of summed units, rounded half up."""
    return ((np.asarray(units, dtype=np.int64) + offset) >> UNIT_BITS).astype(np.int16)


class ScoreTables:
    """(allowed, tenths) of blocks of mentees × a fixed set of mentors, from tables."""

    def __init__(self, evaluators: list[Evaluator], profiles: list[np.ndarray],
                 mentor_profiles: list[np.ndarray], weights: float, mentees: int, mentors: int,
                 cols: np.ndarray | None, limits: TableLimits | None = None,
                 musts_only: bool = False) -> None:
        self.evaluators = evaluators
        self.musts_only = musts_only  # answers must_pass only: no Prefer table is built
        self.weights = weights
        self.cols = cols
        self.n, self.m = mentees, mentors
        self.width = mentors if cols is None else len(cols)
        prefer = [k for k, e in enumerate(evaluators) if not e.rule.is_must]
        self.offset = rounding_offset(len(prefer))
        # Prefer rules of weight 0 (only possible when Σ weights is 0) add nothing.
        scored = [k for k, e in enumerate(evaluators)
                  if e.rule.is_must or (weights and e.rule.weight and not musts_only)]
        kinds = {k: np.unique(mentor_profiles[k] if cols is None
                              else mentor_profiles[k][cols]).size for k in scored}
        self.groups, self.fallback = plan(evaluators, profiles, kinds, scored, mentees,
                                          self.width, limits or TableLimits())
        for group in self.groups:
            self._build(group, profiles, mentor_profiles)
        self.prefer_groups = [g for g in self.groups if not g.must]
        self.must_groups = [g for g in self.groups if g.must]
        # Coarse tables (see Evaluator.exceptions): their exceptions, by mentee.
        tabled = [k for g in self.groups for k in g.members if evaluators[k].coarse]
        self.prefer_fix = self._fixes([k for k in tabled if not evaluators[k].rule.is_must])
        for group in self.must_groups:
            group.fix = self._fixes([k for k in group.members if evaluators[k].coarse])
        if self.prefer_groups:  # the rounding offset rides in the first table: one add less
            self.prefer_groups[0].table += np.int32(self.offset)

    def _columns(self, matrix: np.ndarray, rows: int) -> np.ndarray:
        """An evaluator's answer over every mentor, as these rows × the chosen mentors."""
        full = np.broadcast_to(matrix, (rows, matrix.shape[-1]))
        return full if self.cols is None else full[:, self.cols]

    def _answer(self, k: int, passed: np.ndarray, similarity: np.ndarray) -> np.ndarray:
        """What a table of rule k holds: passed for a Must rule, units for a Prefer rule."""
        evaluator = self.evaluators[k]
        if evaluator.rule.is_must:
            return np.asarray(passed, dtype=bool)
        return prefer_units(similarity, evaluator.rule.weight, self.weights)

    def _rule_table(self, k: int, own: np.ndarray, theirs: np.ndarray, compact: bool = False
                    ) -> tuple[np.ndarray, np.ndarray]:
        """Rule k over its mentee profiles × the chosen mentors, and which column each mentor
        reads: each profile is scored against each distinct mentor profile, then (unless
        ``compact``) spread over the mentors."""
        evaluator = self.evaluators[k]
        rows = first_rows(own, int(own.max()) + 1 if own.size else 0)
        mine = theirs if self.cols is None else theirs[self.cols]
        kinds, spread = np.unique(mine, return_inverse=True)
        cols = first_rows(theirs, int(theirs.max()) + 1 if theirs.size else 0)[kinds]
        spread = spread.ravel()
        table = np.empty((rows.size, kinds.size if compact else self.width),
                         dtype=bool if evaluator.rule.is_must else np.int32)
        step = max(1, BUILD_CELLS // max(kinds.size, 1))
        for start in range(0, rows.size, step):
            answer = self._answer(k, *evaluator.table_block(rows[start:start + step], cols))
            table[start:start + step] = answer if compact else answer[:, spread]
        return table, (spread if compact else np.arange(self.width))

    def _fixes(self, members: list[int]) -> Fixes | None:
        """The exceptions of these coarse rules over the chosen mentors, by mentee: for Must
        rules (one at most) whether the pair passes; for Prefer rules the units to add."""
        if not members:
            return None
        found = []
        for k in members:
            rule = self.evaluators[k].rule
            ex = self.evaluators[k].exceptions()
            if ex is None:
                continue
            if rule.is_must:
                keep = ex.passed != ex.table_passed
                found.append((ex.i[keep], ex.j[keep], ex.passed[keep].astype(np.int32)))
            else:
                delta = (prefer_units(ex.similarity, rule.weight, self.weights)
                         - prefer_units(ex.table_similarity, rule.weight, self.weights))
                keep = delta != 0
                found.append((ex.i[keep], ex.j[keep], delta[keep]))
        if not found:
            return None
        i, j, value = (np.concatenate(part) for part in zip(*found, strict=True))
        return Fixes.of(i, j, value, self.n, self.m, self.cols)

    def _build(self, group: Group, profiles: list[np.ndarray],
               mentor_profiles: list[np.ndarray]) -> None:
        if group.spread is not None:  # compact: one rule
            k = group.members[0]
            group.table, group.spread = self._rule_table(k, profiles[k], mentor_profiles[k],
                                                         compact=True)
            return
        first, *rest = group.members  # a group starts with one rule and only grows
        table = self._member_table(group, first, profiles, mentor_profiles)
        for k in rest:
            part = self._member_table(group, k, profiles, mentor_profiles)
            if group.must:
                table &= part
            else:
                table += part
        group.table = table

    def _member_table(self, group: Group, k: int, profiles: list[np.ndarray],
                      mentor_profiles: list[np.ndarray]) -> np.ndarray:
        """Rule k's table within its group's: one row per combined profile, if merged."""
        part = self._rule_table(k, profiles[k], mentor_profiles[k])[0]
        if len(group.members) > 1:
            part = np.take(part, profiles[k][first_rows(group.profiles, group.count)], axis=0)
        return part

    def block(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        """(allowed bool, tenths int16) of these mentees × the table's mentors."""
        if self.musts_only:
            raise ValueError("these tables were built for must_pass only")
        rows = np.arange(self.n)[rows] if isinstance(rows, slice) else np.asarray(rows)
        allowed = np.empty((rows.size, self.width), dtype=bool)
        tenths = np.empty((rows.size, self.width), dtype=np.int16)
        # A few rows at a time, so the int32 sums stay in cache (about twice as quick).
        step = max(16, CHUNK_BYTES // max(4 * self.width, 1))
        for start in range(0, rows.size, step):
            part = slice(start, start + step)
            self._chunk(rows[part], allowed[part], tenths[part])
        return allowed, tenths

    def must_pass(self, rows: Rows) -> np.ndarray:
        """Whether each of these mentees × the table's mentors passes every Must rule (the
        ``allowed`` of ``block`` without the scores)."""
        rows = np.arange(self.n)[rows] if isinstance(rows, slice) else np.asarray(rows)
        allowed = np.empty((rows.size, self.width), dtype=bool)
        step = max(16, CHUNK_BYTES // max(self.width, 1))
        for start in range(0, rows.size, step):
            self._musts(rows[start:start + step], allowed[start:start + step])
        return allowed

    def must_counts(self, rows: np.ndarray) -> np.ndarray:
        """How many of the table's mentors pass every Must rule with each of these mentees.

        Mentees with the same profile in every Must table pass with the same mentors, so each
        such profile is checked once; a mentee with exceptions of their own (a coarse table's)
        or a Must rule evaluated per block is checked alone."""
        rows = np.asarray(rows, dtype=np.int64)
        alone = np.ones(rows.size, dtype=bool)
        counts = np.zeros(rows.size, dtype=np.int64)
        if self.must_groups and not any(self.evaluators[k].rule.is_must for k in self.fallback):
            alone[:] = False
            for group in self.must_groups:
                if group.fix is not None:
                    alone |= group.fix.start[rows + 1] > group.fix.start[rows]
            shared = np.flatnonzero(~alone)
            if shared.size:
                keys = np.stack([g.profiles[rows[shared]] for g in self.must_groups], axis=1)
                _distinct, first, which = np.unique(keys, axis=0, return_index=True,
                                                    return_inverse=True)
                counts[shared] = self._count_passing(rows[shared[first]])[which.ravel()]
        counts[alone] = self._count_passing(rows[alone])
        return counts

    def _count_passing(self, rows: np.ndarray) -> np.ndarray:
        """``must_pass(rows)`` counted per mentee, a chunk at a time in one buffer (the whole
        answer for every waiting mentee could take hundreds of MB)."""
        step = max(16, CHUNK_BYTES // max(self.width, 1))
        allowed = np.empty((min(step, rows.size), self.width), dtype=bool)
        counts = np.empty(rows.size, dtype=np.int64)
        for start in range(0, rows.size, step):
            part = allowed[:rows[start:start + step].size]
            self._musts(rows[start:start + step], part)
            counts[start:start + len(part)] = np.count_nonzero(part, axis=1)
        return counts

    @staticmethod
    def _gather(group: Group, rows: np.ndarray, out: np.ndarray) -> None:
        """The group's answers for these mentees (mode="clip" writes straight into ``out``;
        profiles are always in range)."""
        if group.spread is None:
            np.take(group.table, group.profiles[rows], axis=0, out=out, mode="clip")
        else:
            rows_of = np.take(group.table, group.profiles[rows], axis=0, mode="clip")
            np.take(rows_of, group.spread, axis=1, out=out, mode="clip")

    def _musts(self, rows: np.ndarray, allowed: np.ndarray) -> None:
        gathered = None
        for group in self.must_groups:
            if gathered is None:
                self._gather(group, rows, allowed)
                if group.fix is not None:
                    group.fix.set(rows, allowed)
                gathered = np.empty_like(allowed)
            else:
                self._gather(group, rows, gathered)
                if group.fix is not None:
                    group.fix.set(rows, gathered)
                allowed &= gathered
        if gathered is None:
            allowed[...] = True
        for k in self.fallback:
            if self.evaluators[k].rule.is_must:
                allowed &= self._columns(self.evaluators[k].cross(rows)[0], rows.size)

    def _chunk(self, rows: np.ndarray, allowed: np.ndarray, tenths: np.ndarray) -> None:
        count = rows.size
        self._musts(rows, allowed)
        if not self.weights:
            tenths[...] = 1000
            return
        total = np.empty(tenths.shape, dtype=np.int32)
        if self.prefer_groups:
            first, *others = self.prefer_groups
            self._gather(first, rows, total)
            if others:
                scratch = np.empty_like(total)
                for group in others:
                    self._gather(group, rows, scratch)
                    total += scratch
        else:
            total[...] = self.offset
        if self.prefer_fix is not None:
            self.prefer_fix.add(rows, total)
        for k in self.fallback:
            evaluator = self.evaluators[k]
            if not evaluator.rule.is_must:
                total += prefer_units(self._columns(evaluator.cross(rows)[1], count),
                                      evaluator.rule.weight, self.weights)
        np.right_shift(total, UNIT_BITS, out=tenths, casting="unsafe")
