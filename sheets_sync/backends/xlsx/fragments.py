"""Finding a few elements in a worksheet part without parsing all of it. A tab of 50,000 rows
is tens of megabytes of cells: parsing it whole to change its views, or to find the handful of
cells a coordinator gave a formula of their own, would cost more than writing it anew. So the
part is cut at its <sheetData> -- what comes before and after it is small, and is parsed and
edited as a tree -- and the cells worth a look are found by a plain search for what they must
contain, then parsed with lxml on their own."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from sheets_sync.backends.xlsx.xmltree import attr, local, parse

# One start tag (attribute values may hold ">"); group 1 its name, group 2 "/" when empty.
START_TAG_RE = re.compile(
    rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)"
    rb"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>")
NAME_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
AFTER_NAME = frozenset(b" \t\r\n/>")


def sheet_data_span(data: bytes) -> tuple[int, int, bytes] | None:
    """Where the worksheet's <sheetData> element starts and ends, and its name as written
    (with the prefix the part gives it); None when it has none."""
    position = 0
    while True:
        at = data.find(b"sheetData", position)
        if at < 0:
            return None
        position = at + len(b"sheetData")
        start = _tag_start(data, at)
        if start >= 0 and data[position:position + 1] and data[position] in AFTER_NAME:
            end = element_end(data, start)
            if end is not None:
                return start, end, data[start + 1:position]


def element_end(data: bytes, start: int) -> int | None:
    """The offset just after the element starting at ``start``: its start tag when empty,
    else its first end tag -- right for elements that never hold one of their own name
    (a sheetData, a cell, a formula)."""
    tag = START_TAG_RE.match(data, start)
    if tag is None:
        return None
    if tag.group(2):
        return tag.end()
    closing = b"</" + tag.group(1)
    position = tag.end()
    while True:
        found = data.find(closing, position)
        if found < 0:
            return None
        after = found + len(closing)
        end = data.find(b">", after)
        if end >= 0 and not data[after:end].strip():
            return end + 1
        position = after


def elements_at(data: bytes, starts: Iterable[int], name: str,
                namespaces: dict[str | None, str]) -> list[etree._Element]:
    """The elements of local name ``name`` that start at these offsets of ``data`` (the
    others are passed over), parsed together in one go. ``namespaces``: the declarations in
    force there (the worksheet root's)."""
    pieces = []
    reached = -1
    for start in sorted(set(starts)):
        if start < reached:
            continue  # inside the previous one
        tag = START_TAG_RE.match(data, start)
        if tag is None or tag.group(1).rpartition(b":")[2].decode() != name:
            continue
        end = element_end(data, start)
        if end is None:
            continue
        pieces.append(data[start:end])
        reached = end
    if not pieces:
        return []
    declarations = "".join(f' xmlns{":" + p if p else ""}="{attr(uri)}"'
                           for p, uri in namespaces.items())
    root = parse(f"<found{declarations}>".encode() + b"".join(pieces) + b"</found>",
                 "a worksheet's cells")
    return [element for element in root if local(element) == name]


def tag_starts(data: bytes, pattern: re.Pattern[bytes], begin: int = 0,
               end: int | None = None) -> list[int]:
    """The offsets of the start tags in which ``pattern`` matches (an attribute, say)."""
    stop = len(data) if end is None else end
    return [data.rfind(b"<", begin, m.start() + 1) for m in pattern.finditer(data, begin, stop)]


def _tag_start(data: bytes, at: int) -> int:
    """The offset of the "<" when the name at ``at`` opens a start tag (after an optional
    prefix), else -1."""
    if at > 0 and data[at - 1] == ord("<"):
        return at - 1
    if at < 2 or data[at - 1] != ord(":"):
        return -1
    position = at - 2
    while position >= 0 and data[position] in NAME_CHARS:
        position -= 1
    return position if position >= 0 and position < at - 2 and data[position] == ord("<") else -1
