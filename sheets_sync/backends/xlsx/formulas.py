"""Cell references in formulas, moved: with their columns, when the engine's columns change (a
new standard column, say) and a coordinator's column moves right -- what pointed at a column
must point where that column went, as Excel does when a column is inserted; and from one cell
to another, when a formula Excel saved once for a block of cells ("shared") is written into
each cell of its own.

A formula is read as Excel's grammar has it: text in double quotes, sheet names in single
quotes, structured references and external workbooks in brackets and array constants in
braces hold no reference of their own; a name followed by "(" is a function."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from sheets_sync.model import column_letter

MAX_COLUMN, MAX_ROW = 16384, 1048576  # XFD, Excel's last column, and its last row
SHEET = r"(?:'(?:[^']|'')+'|[^\W\d][\w.]*(?::[^\W\d][\w.]*)?)!"
CELL = r"\$?[A-Za-z]{1,3}\$?[0-9]+"
REFERENCE_RE = re.compile(
    rf"(?P<sheet>{SHEET})?(?P<ref>{CELL}(?::{CELL})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}"
    r"|\$?[0-9]+:\$?[0-9]+)(?![\w.(!\[$'])")
WORD_RE = re.compile(r"[\w.$\\?]+|'(?:[^']|'')*'")
PIECE_RE = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)([0-9]+)?")
CLOSING = {"[": "]", "{": "}"}


def column_number(letters: str) -> int:
    """A -> 1, AB -> 28."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def is_identity(moves: dict[int, int]) -> bool:
    return all(old == new for old, new in moves.items())


def references(formula: str) -> Iterator[re.Match[str]]:
    """Each cell reference in a formula (its sheet, if named, in the group "sheet"), in
    order; the ones to an external workbook too ("[1]Sheet!A1": the sheet follows a "]")."""
    position, end = 0, len(formula)
    while position < end:
        char = formula[position]
        if char == '"':
            position = _after_string(formula, position)
        elif char in CLOSING:
            position = _after_brackets(formula, position, char)
        else:
            found = REFERENCE_RE.match(formula, position)
            if found is not None and _in_bounds(found.group("ref")):
                yield found
                position = found.end()
                continue
            word = WORD_RE.match(formula, position)
            position = word.end() if word else position + 1


def remap_formula(text: str, moves: dict[int, int], tab: str) -> str:
    """A formula (without its "=") with its references to this tab's columns moved."""
    if is_identity(moves):
        return text

    def moved(found: re.Match[str]) -> str | None:
        sheet = (found.group("sheet") or "")[:-1]
        if sheet and (_external(text, found) or _sheet_name(sheet).casefold() != tab.casefold()):
            return None
        return remap_range(found.group("ref"), moves)

    return _rewrite(text, moved)


def translate(text: str, origin: str, target: str) -> str | None:
    """A formula written for cell ``origin`` as it reads in cell ``target``: its relative
    references shifted by as many rows and columns; None when one would leave the sheet."""
    start, goal = PIECE_RE.fullmatch(origin), PIECE_RE.fullmatch(target)
    if not start or not goal or not all(start.group(2, 4)) or not all(goal.group(2, 4)):
        return None
    rows = int(goal.group(4)) - int(start.group(4))
    columns = column_number(goal.group(2)) - column_number(start.group(2))
    failed = False

    def shifted(found: re.Match[str]) -> str | None:
        nonlocal failed
        pieces = [_shift(p, rows, columns) for p in found.group("ref").split(":")]
        moved = [p for p in pieces if p is not None]
        if len(moved) != len(pieces):
            failed = True
            return None
        return ":".join(moved)

    result = _rewrite(text, shifted)
    return None if failed else result


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
    found = [m for piece in pieces
             if (m := PIECE_RE.fullmatch(piece)) is not None and (m.group(2) or m.group(4))]
    if len(found) != len(pieces):
        return None
    kinds = {(bool(m.group(2)), bool(m.group(4))) for m in found}
    if len(kinds) != 1 or (len(pieces) == 1 and kinds != {(True, True)}):
        return None
    return ":".join(_moved(m, moves) for m in found)


def _rewrite(text: str, change: Callable[[re.Match[str]], str | None]) -> str:
    """``text`` with each reference ``change`` gives a new form (the sheet kept as written)."""
    pieces, last = [], 0
    for found in references(text):
        new = change(found)
        if new is not None and new != found.group("ref"):
            pieces += [text[last:found.start("ref")], new]
            last = found.end("ref")
    return "".join(pieces) + text[last:] if pieces else text


def _moved(match: re.Match[str], moves: dict[int, int]) -> str:
    dollar, letters, row_dollar, row = match.groups()
    if letters:
        new = moves.get(column_number(letters) - 1)
        if new is not None:
            letters = column_letter(new + 1)
    return f"{dollar}{letters or ''}{row_dollar}{row or ''}"


def _shift(piece: str, rows: int, columns: int) -> str | None:
    dollar, letters, row_dollar, row = PIECE_RE.fullmatch(piece).groups()  # type: ignore
    if not letters:  # "$5" of "$5:$9": the "$" is the row's
        dollar, row_dollar = "", row_dollar or dollar
    if letters and not dollar:
        number = column_number(letters) + columns
        if not 1 <= number <= MAX_COLUMN:
            return None
        letters = column_letter(number)
    if row and not row_dollar:
        number = int(row) + rows
        if not 1 <= number <= MAX_ROW:
            return None
        row = str(number)
    return f"{dollar}{letters or ''}{row_dollar}{row or ''}"


def _in_bounds(ref: str) -> bool:
    """Whether every piece of a reference is on the sheet (LOG10 or TAX2024 are names)."""
    for piece in ref.split(":"):
        found = PIECE_RE.fullmatch(piece)
        if found is None:
            return False
        if found.group(2) and column_number(found.group(2)) > MAX_COLUMN:
            return False
        if found.group(4) and not 1 <= int(found.group(4)) <= MAX_ROW:
            return False
    return True


def _sheet_name(prefix: str) -> str:
    return prefix[1:-1].replace("''", "'") if prefix.startswith("'") else prefix


def _external(text: str, found: re.Match[str]) -> bool:
    return found.start() > 0 and text[found.start() - 1] == "]"


def _after_string(text: str, position: int) -> int:
    """The offset after a "text" literal ("" inside is a quote)."""
    position += 1
    while True:
        close = text.find('"', position)
        if close < 0:
            return len(text)
        if text.startswith('""', close):
            position = close + 2
            continue
        return close + 1


def _after_brackets(text: str, position: int, opening: str) -> int:
    """The offset after a [structured reference] (nested once, ' escaping a bracket) or an
    {array constant} (its strings skipped)."""
    depth = 0
    while position < len(text):
        char = text[position]
        if char == "'" and opening == "[":
            position += 2
            continue
        if char == '"' and opening == "{":
            position = _after_string(text, position)
            continue
        depth += char == opening
        depth -= char == CLOSING[opening]
        position += 1
        if depth == 0:
            return position
    return position
