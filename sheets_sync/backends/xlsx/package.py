"""The .xlsx package as parts, relationships and content types, edited in memory: parts are
replaced, added or dropped, and their relationships (the .rels parts) and content types follow
them, edited as XML trees. Everything not touched is written back byte for byte."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from sheets_sync.backends.xlsx.archive import Archive, build_zip
from sheets_sync.backends.xlsx.xmltree import (
    PROLOG,
    children,
    make,
    parse,
    serialize,
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORKSHEET = REL + "worksheet"
DRAWING = REL + "drawing"
CHART = REL + "chart"
CONTENT = "application/vnd.openxmlformats-officedocument."
WORKSHEET_TYPE = CONTENT + "spreadsheetml.worksheet+xml"
DRAWING_TYPE = CONTENT + "drawing+xml"
CHART_TYPE = CONTENT + "drawingml.chart+xml"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "[Content_Types].xml"
EMPTY_RELS = f'{PROLOG}<Relationships xmlns="{PACKAGE_RELS}"/>'.encode()


@dataclass
class Relation:
    id: str
    type: str
    part: str  # the target part's name in the zip ("" when external)


class Package:
    """An .xlsx open for editing."""

    def __init__(self, data: bytes) -> None:
        self.zip = Archive(data)
        self.changed: dict[str, bytes | None] = {}
        self.added: dict[str, bytes] = {}
        self.rels: dict[str, etree._Element] = {}  # rels part -> its tree, as edited
        self.edited: set[str] = set()  # the rels parts (and content types) to save
        self._types: etree._Element | None = None

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
        content = self.changed.get(name)
        if content is not None:
            return content
        return self.zip.read(name)

    def tree(self, name: str) -> etree._Element:
        """A part parsed."""
        return parse(self.read(name), f"the part {name}")

    def put(self, name: str, content: bytes) -> None:
        if name in self.added or name not in self.zip:
            self.added[name] = content
        else:
            self.changed[name] = content

    def add(self, name: str, content: bytes, content_type: str) -> None:
        self.put(name, content)
        types = self.types()
        make(types, "Override", {"PartName": "/" + name, "ContentType": content_type})
        self.edited.add(TYPES)

    def drop(self, name: str) -> None:
        """Remove a part with its relationships and its content-type override."""
        self.added.pop(name, None)
        if name in self.zip:
            self.changed[name] = None
        rels = rels_name(name)
        if rels in self.zip:
            self.changed[rels] = None
        self.rels.pop(rels, None)
        self.edited.discard(rels)
        types = self.types()
        for override in children(types, "Override"):
            if override.get("PartName", "").casefold() == ("/" + name).casefold():
                types.remove(override)
                self.edited.add(TYPES)

    def new_name(self, pattern: str) -> str:
        """The first free name like "xl/drawings/drawing{}.xml" (case-insensitively free)."""
        taken = self.zip.folded | {n.casefold() for n in self.added}
        number = 1
        while pattern.format(number).casefold() in taken:
            number += 1
        return pattern.format(number)

    def types(self) -> etree._Element:
        """[Content_Types].xml, parsed when first needed."""
        if self._types is None:
            self._types = parse(self.zip.read(TYPES), TYPES)
        return self._types

    # -- relationships -------------------------------------------------------------------

    def relations(self, source: str) -> list[Relation]:
        """The relationships of a part ("" for the package's own), targets resolved to part
        names."""
        folder = posixpath.dirname(source)
        found = []
        for element in children(self._rels(source), "Relationship"):
            target = element.get("Target", "")
            part = ""
            if element.get("TargetMode") != "External" and target:
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                part = posixpath.normpath(path)
            found.append(Relation(element.get("Id", ""), element.get("Type", ""), part))
        return found

    def relate(self, source: str, kind: str, target: str) -> str:
        """Add a relationship from ``source`` to the part ``target``; its new id."""
        root = self._rels(source)
        taken = {e.get("Id") for e in children(root, "Relationship")}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        path = posixpath.relpath(target, posixpath.dirname(source) or ".")
        make(root, "Relationship", {"Id": rel_id, "Type": kind, "Target": path})
        self.edited.add(rels_name(source))
        return rel_id

    def unrelate(self, source: str, rel_id: str) -> None:
        root = self._rels(source)
        for element in children(root, "Relationship"):
            if element.get("Id") == rel_id:
                root.remove(element)
                self.edited.add(rels_name(source))

    # -- output --------------------------------------------------------------------------

    def build(self) -> bytes:
        for name in sorted(self.edited):
            root = self._types if name == TYPES else self.rels[name]
            assert root is not None
            self.put(name, serialize(root))
        return build_zip(self.zip, self.changed, self.added.items())

    def _rels(self, source: str) -> etree._Element:
        name = rels_name(source)
        if name not in self.rels:
            if self.exists(name):
                self.rels[name] = self.tree(name)
            else:
                self.rels[name] = parse(EMPTY_RELS, name)
        return self.rels[name]


def rels_name(part: str) -> str:
    folder, file_name = posixpath.split(part)
    return posixpath.join(folder, "_rels", file_name + ".rels")

