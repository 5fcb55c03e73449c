"""An empty .xlsx (no tabs yet): what `new` patches its tabs into, so that a new workbook and
a synced one are written by the same code. Its theme (theme1.xml beside this module) is the
default Office theme as openpyxl writes it, under openpyxl's MIT licence (theme1.LICENCE.txt)."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from sheets_sync.backends.xlsx.archive import build_zip
from sheets_sync.backends.xlsx.styles import DEFAULT_STYLES
from sheets_sync.backends.xlsx.xmltree import PROLOG

PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT = "application/vnd.openxmlformats-officedocument."
THEME = resources.files(__package__) / "theme1.xml"
OVERRIDES = {
    "/xl/workbook.xml": CONTENT + "spreadsheetml.sheet.main+xml",
    "/xl/styles.xml": CONTENT + "spreadsheetml.styles+xml",
    "/xl/theme/theme1.xml": CONTENT + "theme+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": CONTENT + "extended-properties+xml",
}


def empty_workbook(now: dt.datetime | None = None) -> bytes:
    """The parts every workbook has, and a workbook part listing no tab."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    types = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                    for name, kind in OVERRIDES.items())
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{types}</Types>",
        "_rels/.rels":
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{DOCUMENT_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            f'Target="docProps/core.xml"/><Relationship Id="rId3" Type="{DOCUMENT_RELS}/'
            'extended-properties" Target="docProps/app.xml"/></Relationships>',
        "docProps/app.xml":
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>sheets-sync</Application></Properties>',
        "docProps/core.xml":
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>sheets-sync'
            f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>",
        "xl/workbook.xml":
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOCUMENT_RELS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets/>'
            '<calcPr calcId="191029"/></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{DOCUMENT_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{DOCUMENT_RELS}/theme" Target="theme/theme1.xml"/>'
            "</Relationships>",
        "xl/styles.xml": DEFAULT_STYLES,
        "xl/theme/theme1.xml": THEME.read_text(encoding="utf-8"),
    }
    content = [(name, _with_prolog(text).encode("utf-8")) for name, text in parts.items()]
    return build_zip(None, {}, content)


def _with_prolog(text: str) -> str:
    return text if text.startswith("<?xml") else PROLOG + text
