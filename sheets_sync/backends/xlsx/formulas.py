"""Cell references in a rewritten tab's formulas and ranges, moved with their columns: when the
engine's columns change (a new standard column, say), a coordinator's column moves right, and
what pointed at a column must point where that column went -- as Excel does when a column is
inserted."""

from __future__ import annotations

import re

from sheets_sync.backends.xlsx.looks import column_letter

PIECE_RE = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)([0-9]+)?")


def column_number(letters: str) -> int:
    """A -> 1, AB -> 28."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def is_identity(moves: dict[int, int]) -> bool:
    return all(old == new for old, new in moves.items())


def remap_formula(text: str, moves: dict[int, int], tab: str) -> str:
    """A formula (without its "=") with its references to this tab's columns moved."""
    if is_identity(moves):
        return text
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError  # seldom needed

    try:
        tokens = Tokenizer("=" + text)
    except TokenizerError:
        return text
    changed = False
    for token in tokens.items:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        sheet, _, ref = token.value.rpartition("!")
        if sheet and sheet.strip("'").replace("''", "'").casefold() != tab.casefold():
            continue
        moved = remap_range(ref, moves)
        if moved is not None and moved != ref:
            token.value = f"{sheet}!{moved}" if sheet else moved
            changed = True
    return tokens.render()[1:] if changed else text


def remap_sqref(sqref: str, moves: dict[int, int]) -> str:
    """A space-separated list of ranges ("K2:K1000 M5") with their columns moved."""
    if is_identity(moves):
        return sqref
    return " ".join(remap_range(part, moves) or part for part in sqref.split())


def remap_range(ref: str, moves: dict[int, int]) -> str | None:
    """"K2", "$K$2:L9", "K:K" with their columns moved; None when ``ref`` is not a reference
    (a defined name, a table's column...)."""
    pieces = ref.split(":")
    if not 1 <= len(pieces) <= 2:
        return None
    found = [PIECE_RE.fullmatch(piece) for piece in pieces]
    if any(m is None or not (m.group(2) or m.group(4)) for m in found):
        return None
    kinds = {(bool(m.group(2)), bool(m.group(4))) for m in found}  # type: ignore[union-attr]
    if len(kinds) != 1 or (len(pieces) == 1 and kinds != {(True, True)}):
        return None
    return ":".join(_moved(m, moves) for m in found)  # type: ignore[arg-type]


def _moved(match: re.Match[str], moves: dict[int, int]) -> str:
    dollar, letters, row_dollar, row = match.groups()
    if letters:
        new = moves.get(column_number(letters) - 1)
        if new is not None:
            letters = column_letter(new + 1)
    return f"{dollar}{letters or ''}{row_dollar}{row or ''}"
