"""Requests packed into batchUpdate bodies of at most ``MAX_BODY`` bytes: each updateCells
sliced by rows to fit (a row too big for one, cell by cell), requests kept in write order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.model import Cell

MAX_BODY = 2_000_000  # bytes: Google's recommended largest request (it refuses over 10 MB)


@dataclass
class Block:
    """A rectangle of cells one updateCells writes, with the values it should read back as."""

    title: str
    sheet_id: int
    row: int
    column: int
    values: list[list[Cell]]


@dataclass
class Part:
    """One batchUpdate: its requests (JSON text), and what proves it was applied."""

    requests: list[str] = field(default_factory=list)
    tabs: list[str] = field(default_factory=list)  # the tab each request is about
    size: int = 0
    blocks: list[Block] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # tab -> rows its grid has after

    def body(self) -> bytes:
        return ('{"requests":[' + ",".join(self.requests) + "]}").encode("utf-8")


@dataclass
class Unit:
    """One request of a write: its place in the write order, its JSON text, and what it
    proves once applied."""

    rank: int
    text: str
    tab: str
    block: Block | None = None
    added: str | None = None
    rows: tuple[str, int] | None = None


def update_cells(block: Block, group: str, cells: list[list[dict[str, Any]]], cap: int
                 ) -> Iterator[tuple[str, Block]]:
    """One updateCells per slice of rows that fits in a request (a huge row: cell by cell)."""
    head = ('{"updateCells":{"start":{"sheetId":%d,"rowIndex":%d,"columnIndex":%d},'
            '"fields":"%s","rows":[')
    texts = [dump({"values": line}) for line in cells]
    sizes = [len(t.encode()) + 1 for t in texts]
    room = cap - 200
    start = 0
    while start < len(texts):
        if sizes[start] > room:
            yield from _one_by_one(block, group, cells, start)
            start += 1
            continue
        end, total = start, 0
        while end < len(texts) and total + sizes[end] <= room:
            total += sizes[end]
            end += 1
        piece = Block(block.title, block.sheet_id, block.row + start, block.column,
                      block.values[start:end])
        text = head % (block.sheet_id, piece.row, block.column, group)
        yield text + ",".join(texts[start:end]) + "]}}", piece
        start = end


def _one_by_one(block: Block, group: str, cells: list[list[dict[str, Any]]], index: int
                ) -> Iterator[tuple[str, Block]]:
    for offset, data in enumerate(cells[index]):
        piece = Block(block.title, block.sheet_id, block.row + index, block.column + offset,
                      [[block.values[index][offset]]])
        yield dump({"updateCells": {
            "start": {"sheetId": block.sheet_id, "rowIndex": piece.row,
                      "columnIndex": piece.column},
            "fields": group, "rows": [{"values": [data]}]}}), piece


def pack(units: list[Unit], cap: int) -> list[Part]:
    """The requests in order, as few batchUpdates of at most ``cap`` bytes as they fit."""
    parts: list[Part] = []
    current = Part()
    for unit in units:
        size = len(unit.text.encode()) + 1
        if current.requests and current.size + size > cap:
            parts.append(current)
            current = Part()
        current.requests.append(unit.text)
        current.tabs.append(unit.tab)
        current.size += size
        if unit.block is not None:
            current.blocks.append(unit.block)
        if unit.added:
            current.added.append(unit.added)
        if unit.rows:
            current.rows[unit.rows[0]] = unit.rows[1]
    if current.requests:
        parts.append(current)
    return parts


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
