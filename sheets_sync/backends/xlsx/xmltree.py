"""XML parts as lxml trees: a part is parsed, edited as elements and written back whole, so its
namespaces and prefixes stay as the workbook had them (lxml keeps every declaration and reuses
the prefix a namespace already has for the elements added). Also the escaping of the XML this
writer builds as text: the streamed cells of a tab and the charts it draws."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# No entities, no network: a workbook is someone else's file.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


class DamagedWorkbook(ValueError):
    """The file is not a readable .xlsx package: a broken zip, or a part that is not the XML
    it should be."""


def parse(data: bytes, what: str) -> etree._Element:
    """A part's root element (``what`` names the part in the error a broken one raises)."""
    try:
        return etree.fromstring(data, PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise DamagedWorkbook(f"{what}: {error}") from error


def serialize(root: etree._Element) -> bytes:
    """A part's bytes: the declaration Excel writes (when the part had one), then the
    document as parsed and edited (comments and processing instructions around the root
    included)."""
    body = etree.tostring(root.getroottree(), encoding="UTF-8")
    # lxml knows "standalone" as None only when the part has no declaration at all.
    declared = root.getroottree().docinfo.standalone is not None
    return PROLOG.encode() + body if declared else body


def local(element: etree._Element) -> str:
    """An element's name without its namespace ("" for a comment)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def child(parent: etree._Element, name: str) -> etree._Element | None:
    """The first child element of this local name."""
    return next((c for c in parent if local(c) == name), None)


def children(parent: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in parent if local(c) == name]


def detached(like: etree._Element, name: str, attributes: dict[str, str] | None = None
             ) -> etree._Element:
    """A new element in the namespace of ``like``, not yet in any tree."""
    ns = namespace(like)
    element = etree.Element(f"{{{ns}}}{name}" if ns else name)
    for key, value in (attributes or {}).items():
        element.set(key, value)
    return element


def make(parent: etree._Element, name: str, attributes: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:
    """A new element in the parent's namespace, appended to it."""
    element = detached(parent, name, attributes)
    element.text = text
    parent.append(element)
    return element


def place(root: etree._Element, element: etree._Element, order: Sequence[str]) -> None:
    """Put ``element`` among the root's children where the schema's sequence ``order`` says:
    after every child ranked before or with it. A child of a name the order does not know
    ranks with the one before it."""
    rank = {name: index for index, name in enumerate(order)}
    wanted = rank[local(element)]
    last = -1
    for index, existing in enumerate(root):
        if existing is element:
            continue
        last = rank.get(_ranked_name(existing), last)
        if last > wanted:
            root.insert(index, element)
            return
    root.append(element)


def _ranked_name(element: etree._Element) -> str:
    """An mc:AlternateContent wrapper ranks as the element it wraps."""
    name = local(element)
    if name != "AlternateContent":
        return name
    inner = next((e for e in element.iterdescendants()
                  if local(e) not in ("Choice", "Fallback", "")), None)
    return local(inner) if inner is not None else name


def relationship_id(element: etree._Element) -> str:
    """The r:id of an element that links a part (whatever prefix the namespace has)."""
    return element.get(f"{{{REL_NS}}}id") or next(
        (v for k, v in element.attrib.items() if k.endswith("}id")), "")


def link(parent: etree._Element, name: str, rel_id: str, order: Sequence[str]) -> None:
    """A child of ``parent`` that links a part by relationship id, e.g. <drawing r:id=.../>,
    declaring the relationships namespace on it when the part does not have it."""
    ns = namespace(parent)
    declared = REL_NS in parent.nsmap.values()
    element = etree.Element(f"{{{ns}}}{name}" if ns else name,
                            nsmap=None if declared else {"r": REL_NS})
    element.set(f"{{{REL_NS}}}id", rel_id)
    place(parent, element, order)


def text_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    return text_escape(value).replace('"', "&quot;")
