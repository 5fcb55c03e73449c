"""The .xlsx package at the level of its zip parts: what openpyxl would drop (so a write can
refuse), error cells, and the saved results of formulas (so a write can keep them)."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from openpyxl.drawing.image import PILImage

# What openpyxl silently drops on load+save, by where it lives in the .xlsx zip.
LOSSY_PARTS = (
    ("xl/slicers/", "slicers"),
    ("xl/slicerCaches/", "slicers"),
    ("xl/timelines/", "timelines"),
    ("xl/timelineCaches/", "timelines"),
    ("xl/ctrlProps/", "form controls (buttons, check boxes)"),
    ("xl/activeX/", "ActiveX controls"),
    ("xl/embeddings/", "embedded objects"),
    ("xl/threadedComments/", "threaded comments"),
    ("xl/model/", "a data model (Power Pivot)"),
    ("xl/charts/chartEx", "new-style charts (waterfall, treemap, funnel...)"),
    ("xl/richData/", "pictures in cells or linked data types (Stocks, Geography)"),
    ("xl/connections.xml", "data connections (Get Data / Power Query)"),
    ("xl/queryTables/", "data connections (Get Data / Power Query)"),
)
DYNAMIC_ARRAYS = "dynamic-array formulas (FILTER, SORT, UNIQUE...; they would lose their spill)"
SHEET_EXTENSIONS = {
    b"sparklineGroup": "sparklines",
    b"slicerList": "slicers",
    b"timelineRef": "timelines",
    b"dataValidation": "Excel-2010 dropdown lists (for example lists read from another tab)",
    b"conditionalFormatting": "Excel-2010 conditional formatting (data bars, icon sets)",
}
EXTLST_RE = re.compile(rb"<(?:\w+:)?extLst\b.*?</(?:\w+:)?extLst>", re.S)
SHEET_EXT_RE = re.compile(rb"<(?:\w+:)?(" + b"|".join(SHEET_EXTENSIONS) + rb")\b")
SHAPE_RE = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)\b")
PICTURE_RE = re.compile(rb"<(?:\w+:)?pic\b")
SPILL_RE = re.compile(rb"<(?:\w+:)?c\s[^>]*?\bcm=")  # cell metadata = a dynamic array


def find_lossy_content(data: bytes) -> dict[str, set[str]]:
    """What in this .xlsx openpyxl would drop on load+save: description -> tabs (may be empty)."""
    found: dict[str, set[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        owners = _part_owners(archive)
        has_metadata = "xl/metadata.xml" in archive.namelist()

        def note(what: str, part: str) -> None:
            tabs = found.setdefault(what, set())
            if part in owners:
                tabs.add(owners[part])

        for part in archive.namelist():
            for prefix, what in LOSSY_PARTS:
                if part.lower().startswith(prefix.lower()):
                    note(what, part)
            if "/_rels/" in part or not part.endswith(".xml"):
                continue
            if part.startswith("xl/drawings/"):
                xml = archive.read(part)
                if SHAPE_RE.search(xml):
                    note("shapes (text boxes, arrows, drawn shapes)", part)
                if PILImage is None and PICTURE_RE.search(xml):
                    note("pictures (install the Pillow package to keep them)", part)
            elif part.startswith(("xl/worksheets/", "xl/chartsheets/")):
                xml = archive.read(part)
                if has_metadata and SPILL_RE.search(xml):
                    note(DYNAMIC_ARRAYS, part)
                if b"extLst" in xml:
                    for block in EXTLST_RE.finditer(xml):
                        for match in SHEET_EXT_RE.finditer(block.group(0)):
                            note(SHEET_EXTENSIONS[match.group(1)], part)
    return found


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


# -- formula results ---------------------------------------------------------------------------
# openpyxl keeps a formula but drops its saved result, so after a save every reader that does not
# recalculate (calamine: the next sync) would see the cell blank. The results are put back.

CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
CELL_TYPE_RE = re.compile(rb"\bt=\"(\w*)\"")
FORMULA_RE = re.compile(rb"<(?:\w+:)?f\b")
RESULT_TYPES = (b"", b"n", b"str", b"b", b"e", b"d")  # not shared strings: their index changes
SAVED_FORMULA_RE = re.compile(
    rb"<c r=\"([A-Z]{1,3}[0-9]+)\"([^>]*?)>(<f\b[^>]*?(?:/>|>[^<]*</f>))(?:<v\s*/>|<v></v>)?</c>"
)


def formula_results(data: bytes) -> dict[str, dict[bytes, tuple[bytes, bytes]]]:
    """The saved result of every formula cell: tab -> cell reference -> (type, value XML)."""
    found: dict[str, dict[bytes, tuple[bytes, bytes]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, tab in _part_owners(archive).items():
            if not part.startswith("xl/worksheets/"):
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if not FORMULA_RE.search(xml):
                continue
            for match in CELL_RE.finditer(xml):
                ref, value = CELL_REF_RE.search(match[1]), CELL_VALUE_RE.search(match[2])
                kind = CELL_TYPE_RE.search(match[1])
                kind_text = kind[1] if kind else b""
                if ref and value and FORMULA_RE.search(match[2]) and kind_text in RESULT_TYPES:
                    found.setdefault(tab, {})[ref[1] + ref[2]] = (kind_text, value[1])
    return found


def restore_formula_results(data: bytes, results: dict[str, dict[bytes, tuple[bytes, bytes]]]
                            ) -> bytes:
    """``data`` (as openpyxl saved it) with the formula results of ``results`` put back."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {part: results[tab] for part, tab in _part_owners(archive).items()
                 if part.startswith("xl/worksheets/") and results.get(tab)}
        if not parts:
            return data

        def restore(cells: dict[bytes, tuple[bytes, bytes]], match: re.Match[bytes]) -> bytes:
            saved = cells.get(match[1])
            if saved is None:
                return match[0]
            kind, value = saved
            attributes = CELL_TYPE_RE.sub(b"", match[2]) + (b' t="' + kind + b'"' if kind else b"")
            return b'<c r="' + match[1] + b'"' + attributes + b">" + match[3] + b"<v>" + value \
                + b"</v></c>"

        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename in parts:
                    cells = parts[info.filename]
                    content = SAVED_FORMULA_RE.sub(lambda m, c=cells: restore(c, m), content)
                out.writestr(info, content)
    return stream.getvalue()


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
