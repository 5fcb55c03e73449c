"""Just enough XML handling to edit a part as text: the top-level children of its root
element, start-tag attributes, and escaping. Editing text (rather than parsing and
re-serialising) keeps every byte the edit does not concern, namespace prefixes included."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
START_TAG_RE = re.compile(
    r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)"
    r"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
SKIP_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)?", re.S)
ATTRIBUTE_RE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class DamagedWorkbook(ValueError):
    """The file is not a readable .xlsx package: a broken zip, or a part that is not the XML
    it should be."""


@dataclass
class Element:
    qname: str  # as written, with its prefix
    start: int  # offset of "<"
    end: int  # offset just after its end tag (or "/>")
    tag_end: int  # offset just after its start tag

    @property
    def name(self) -> str:
        return self.qname.rpartition(":")[2]


@dataclass
class Root:
    element: Element
    children: list[Element]

    @property
    def prefix(self) -> str:
        """'x:' when the root is written <x:worksheet>, else ''."""
        head, _, _ = self.element.qname.rpartition(":")
        return head + ":" if head else ""

    @property
    def inner_end(self) -> int:
        """Offset of the root's end tag."""
        return self.element.end - len(self.element.qname) - 3


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def encode(text: str) -> bytes:
    """A part's text as UTF-8, its declaration (if it has one) saying so."""
    skip = SKIP_RE.match(text)
    if skip and skip.group(0).lstrip().startswith("<?xml"):
        text = PROLOG + text[skip.end():].lstrip()
    return text.encode("utf-8")


def parse(text: str) -> Root:
    """The root element and its child elements (positions only)."""
    position = 0
    while True:
        skip = SKIP_RE.match(text, position)
        if not skip or skip.end() == position:
            break
        position = skip.end()
    root = element_at(text, position)
    if root is None:
        raise DamagedWorkbook("no root element")
    children = []
    position = root.tag_end
    limit = root.end - len(root.qname) - 3
    while position < limit:
        skip = SKIP_RE.match(text, position)
        if skip and skip.end() > position:
            position = skip.end()
            continue
        child = element_at(text, position)
        if child is None:
            break
        children.append(child)
        position = child.end
    return Root(root, children)


def element_at(text: str, position: int) -> Element | None:
    match = START_TAG_RE.match(text, position)
    if not match:
        return None
    qname = match.group(1)
    if match.group(3):
        return Element(qname, position, match.end(), match.end())
    return Element(qname, position, closing_end(text, qname, match.end()), match.end())


def closing_end(text: str, qname: str, position: int) -> int:
    """Offset just after the end tag matching an element opened before ``position``."""
    opener = re.compile(rf"<{re.escape(qname)}[\s/>]")
    closer = f"</{qname}>"
    depth = 1
    while True:
        close = text.find(closer, position)
        if close < 0:
            raise DamagedWorkbook(f"<{qname}> is not closed")
        nested = opener.search(text, position, close)
        if nested is None:
            depth -= 1
            if depth == 0:
                return close + len(closer)
            position = close + len(closer)
        else:
            tag = START_TAG_RE.match(text, nested.start())
            position = tag.end() if tag else nested.end()
            if tag and not tag.group(3):
                depth += 1


def attributes(tag: str) -> dict[str, str]:
    """The attributes of a start tag, unescaped."""
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in ATTRIBUTE_RE.finditer(tag)}


def set_attribute(tag: str, name: str, value: str | None) -> str:
    """A start tag with one attribute set (escaped here) or, for None, removed."""
    pattern = re.compile(rf"\s{re.escape(name)}\s*=\s*(?:\"[^\"]*\"|'[^']*')")
    tag = pattern.sub("", tag)
    if value is None:
        return tag
    cut = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:cut].rstrip()} {name}="{attr(value)}"{tag[cut:]}'


def text_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    return (text_escape(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def splice(text: str, root: Root, order: Sequence[str], replace: dict[str, str | None]) -> str:
    """``text`` with the root's children named in ``replace`` (local names) removed and the
    given XML (if not None) put where ``order`` (the schema's sequence) says."""
    rank = {name: index for index, name in enumerate(order)}
    kept: list[tuple[int, str]] = []
    last = -1
    for child in root.children:
        if child.name in replace:
            continue
        last = rank.get(_ranked_name(text, child), last)
        kept.append((last, text[child.start:child.end]))
    for name, xml in replace.items():
        if xml is None:
            continue
        at = next((i for i, (r, _) in enumerate(kept) if r > rank[name]), len(kept))
        kept.insert(at, (rank[name], xml))
    head = text[:root.element.tag_end]
    if root.element.tag_end == root.element.end:  # <root/>: open it
        head = head[:-2].rstrip() + ">"
        tail = f"</{root.element.qname}>" + text[root.element.end:]
    else:
        tail = text[root.inner_end:]
    return head + "".join(xml for _, xml in kept) + tail


def _ranked_name(text: str, child: Element) -> str:
    """An mc:AlternateContent wrapper ranks as the element it wraps."""
    if child.name != "AlternateContent":
        return child.name
    inner = re.compile(r"<(?!\w+:Choice\b|\w+:Fallback\b)(?:[\w.\-]+:)?([\w.\-]+)[\s/>]")
    found = inner.search(text, child.tag_end, child.end)
    return found.group(1) if found else child.name
