"""The .xlsx package as parts, relationships and content types, edited in memory: parts
are replaced, added or dropped, and relationships and content-type overrides follow them.
Everything not touched is written back byte for byte."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from sheets_sync.backends.xlsx.archive import ZipParts, build_zip
from sheets_sync.backends.xlsx.xmltext import (
    PROLOG,
    DamagedWorkbook,
    Root,
    attr,
    attributes,
    decode,
    encode,
    parse,
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORKSHEET = REL + "worksheet"
DRAWING = REL + "drawing"
CHART = REL + "chart"
CONTENT = "application/vnd.openxmlformats-officedocument."
WORKSHEET_TYPE = CONTENT + "spreadsheetml.worksheet+xml"
DRAWING_TYPE = CONTENT + "drawing+xml"
CHART_TYPE = CONTENT + "drawingml.chart+xml"
EMPTY_RELS = PROLOG + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)
RELATIONSHIP_RE = re.compile(
    r"<(?:[\w.\-]+:)?Relationship\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?(?:/>|>\s*</[^>]*>)"
)
OVERRIDE_RE = re.compile(r"<(?:[\w.\-]+:)?Override\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?/>")


@dataclass
class Relation:
    id: str
    type: str
    part: str  # the target part's name in the zip ("" when external)
    xml: str


class Package:
    """An .xlsx open for editing."""

    def __init__(self, data: bytes) -> None:
        self.zip = ZipParts(data)
        self.changed: dict[str, bytes | None] = {}
        self.added: dict[str, bytes] = {}
        self.rels: dict[str, str] = {}  # rels part -> its text, as edited
        self.rels_read: dict[str, str] = {}  # ... as read
        self.types = self._text("[Content_Types].xml")
        self.types_changed = False

    # -- parts ---------------------------------------------------------------------------

    def exists(self, name: str) -> bool:
        if name in self.added:
            return True
        if name in self.changed:
            return self.changed[name] is not None
        return name in self.zip

    def read(self, name: str) -> bytes:
        if name in self.added:
            return self.added[name]
        if self.changed.get(name) is not None:
            return self.changed[name]  # type: ignore[return-value]
        return self.zip.read(name)

    def text(self, name: str) -> str:
        return self._decode(name, self.read(name))

    def put(self, name: str, content: bytes) -> None:
        if name in self.added or name not in self.zip:
            self.added[name] = content
        else:
            self.changed[name] = content

    def add(self, name: str, content: bytes, content_type: str) -> None:
        self.put(name, content)
        self._override(name, content_type)

    def drop(self, name: str) -> None:
        """Remove a part with its relationships and its content-type override."""
        self.added.pop(name, None)
        if name in self.zip:
            self.changed[name] = None
        rels = rels_name(name)
        if rels in self.zip:
            self.changed[rels] = None
        self.rels.pop(rels, None)
        self.rels_read.pop(rels, None)
        pattern = re.compile(rf"\sPartName\s*=\s*[\"']/{re.escape(name)}[\"']", re.I)
        before = self.types
        self.types = OVERRIDE_RE.sub(lambda m: "" if pattern.search(m.group(0)) else m.group(0),
                                     self.types)
        self.types_changed |= before != self.types

    def new_name(self, pattern: str) -> str:
        """The first free name like "xl/drawings/drawing{}.xml" (case-insensitively free)."""
        taken = self.zip.folded | {n.casefold() for n in self.added}
        number = 1
        while pattern.format(number).casefold() in taken:
            number += 1
        return pattern.format(number)

    # -- relationships -------------------------------------------------------------------

    def relations(self, source: str) -> list[Relation]:
        """The relationships of a part, targets resolved to part names."""
        text = self._rels_text(source)
        folder = posixpath.dirname(source)
        found = []
        for match in RELATIONSHIP_RE.finditer(text):
            values = attributes(match.group(0))
            target = values.get("Target", "")
            part = ""
            if values.get("TargetMode") != "External" and target:
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                part = posixpath.normpath(path)
            found.append(Relation(values.get("Id", ""), values.get("Type", ""), part,
                                  match.group(0)))
        return found

    def relate(self, source: str, kind: str, target: str) -> str:
        """Add a relationship from ``source`` to the part ``target``; its new id."""
        text = self._rels_text(source)
        taken = {r.id for r in self.relations(source)}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        path = posixpath.relpath(target, posixpath.dirname(source) or ".")
        root = parse(text)
        p = root.prefix
        element = f'<{p}Relationship Id="{rel_id}" Type="{attr(kind)}" Target="{attr(path)}"/>'
        self.rels[rels_name(source)] = _append(text, root, element)
        return rel_id

    def unrelate(self, source: str, rel_id: str) -> None:
        text = self._rels_text(source)
        self.rels[rels_name(source)] = RELATIONSHIP_RE.sub(
            lambda m: "" if attributes(m.group(0)).get("Id") == rel_id else m.group(0), text)

    # -- output --------------------------------------------------------------------------

    def build(self) -> bytes:
        for name, text in self.rels.items():
            if text != self.rels_read.get(name):
                self.put(name, encode(text))
        if self.types_changed:
            self.put("[Content_Types].xml", encode(self.types))
        return build_zip(self.zip, self.changed, self.added.items())

    def _override(self, name: str, content_type: str) -> None:
        root = parse(self.types)
        element = (f'<{root.prefix}Override PartName="/{attr(name)}" '
                   f'ContentType="{attr(content_type)}"/>')
        self.types = _append(self.types, root, element)
        self.types_changed = True

    def _rels_text(self, source: str) -> str:
        name = rels_name(source)
        if name not in self.rels:
            text = self.text(name) if self.exists(name) else None
            self.rels[name] = text if text is not None else EMPTY_RELS + "</Relationships>"
            if text is not None:
                self.rels_read[name] = text
        return self.rels[name]

    def _text(self, name: str) -> str:
        return self._decode(name, self.zip.read(name))

    @staticmethod
    def _decode(name: str, data: bytes) -> str:
        try:
            return decode(data)
        except UnicodeDecodeError as error:
            raise DamagedWorkbook(f"the part {name} is not text") from error


def rels_name(part: str) -> str:
    folder, file_name = posixpath.split(part)
    return posixpath.join(folder, "_rels", file_name + ".rels")


def _append(text: str, root: Root, element: str) -> str:
    """``text`` with ``element`` added as the root's last child."""
    if root.element.tag_end == root.element.end:  # <Types/>
        head = text[:root.element.end - 2].rstrip() + ">"
        return head + element + f"</{root.element.qname}>" + text[root.element.end:]
    return text[:root.inner_end] + element + text[root.inner_end:]

