"""Reading what calamine does not give: the text of error cells, found in the zip parts."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

ERROR_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?\bt=\"e\"[^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.S
)
CELL_REF_RE = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]+)\"")
CELL_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def find_error_cells(source: str | bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells showing an error (#REF!, #N/A, #DIV/0!...): tab -> (row, column) -> the error text,
    both 1-based. calamine reads them as blank; Google Sheets gives their text, and so do we."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        for part, tab in _part_owners(archive).items():
            if not part.startswith("xl/worksheets/"):
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if b'"e"' not in xml:
                continue
            for match in ERROR_CELL_RE.finditer(xml):
                ref, value = CELL_REF_RE.search(match[1]), CELL_VALUE_RE.search(match[2])
                if ref and value and value[1].strip():
                    column = 0
                    for letter in ref[1].decode():
                        column = column * 26 + ord(letter) - 64
                    found.setdefault(tab, {})[(int(ref[2]), column)] = value[1].decode().strip()
    return found


def _part_owners(archive: zipfile.ZipFile) -> dict[str, str]:
    """Tab name of each sheet part and of each part a sheet links to (drawings, controls...)."""
    owners: dict[str, str] = {}
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return owners
    links = _relations(archive, "xl/workbook.xml")
    for element in book.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        part, name = links.get(rel_id or ""), element.get("name", "")
        if part:
            owners[part] = name
            for linked in _relations(archive, part).values():
                owners.setdefault(linked, name)
    return owners


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part path, for one part."""
    folder, file_name = posixpath.split(part)
    try:
        root = ET.fromstring(archive.read(f"{folder}/_rels/{file_name}.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        targets[rel.get("Id", "")] = posixpath.normpath(path)
    return targets
