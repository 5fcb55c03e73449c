"""styles.xml: the cell formats and highlight fills new cells need, found among the existing
entries or appended after them. Nothing existing is changed or moved, so every cell keeps
the look its style index gives it; and since a format already there is reused, a workbook
synced a thousand times does not collect a thousand copies of it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from sheets_sync.backends.xlsx.xmltree import (
    MAIN_NS,
    PROLOG,
    child,
    detached,
    local,
    make,
    parse,
    place,
    serialize,
)

# CT_Stylesheet's sequence.
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
         "dxfs", "tableStyles", "colors", "extLst")
SECTIONS = ("numFmts", "fonts", "fills", "cellXfs", "dxfs")
# Flags left out of the comparison when they only state the obvious.
IGNORED = {("applyNumberFormat", "1"), ("applyFont", "1"), ("applyFill", "1"),
           ("applyBorder", "1"), ("applyAlignment", "1"), ("applyProtection", "1"),
           ("pivotButton", "0"), ("quotePrefix", "0")}
# Font flags: <b/> means <b val="1"/>.
ON_BY_DEFAULT = {"b", "i", "strike", "condense", "extend", "outline", "shadow"}
BOOLEANS = {"true": "1", "false": "0"}
FIRST_CUSTOM_FORMAT = 164
BUILTIN_DATES = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
NOT_CODE_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # literals, escapes, [colours]
DATE_CODE_RE = re.compile(r"[dmyhsDMYHS]")
# What a workbook without styles gets: Excel's defaults (Calibri 11, no fill, no border).
DEFAULT_STYLES = (
    f'<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill>'
    '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
    'defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)


@dataclass(frozen=True)
class Look:
    """One cell format: what the engine's cells vary in."""

    bold: bool = False
    fill: str | None = None  # RGB of a solid fill
    number_format: str | None = None
    wrap: bool = False
    top: bool = False  # aligned to the top of the cell (beside wrapped text in a tall row)


class Styles:
    """Cell formats of one styles.xml, with what a patch appends to it."""

    def __init__(self, data: bytes | None) -> None:
        self.root = parse(data or (PROLOG + DEFAULT_STYLES).encode(), "styles")
        self.existing: dict[str, list[etree._Element]] = {name: [] for name in SECTIONS}
        for section in self.root:
            name = local(section)
            if name in self.existing:
                self.existing[name] = [e for e in section if local(e)]
        self.keys: dict[str, dict[tuple, int]] = {name: {} for name in SECTIONS}
        for name, items in self.existing.items():
            for index, item in enumerate(items):
                self.keys[name].setdefault(_key(item), index)
        self.formats = {item.get("formatCode", ""): int(item.get("numFmtId", "0"))
                        for item in self.existing["numFmts"]}
        self.added: dict[str, list[etree._Element]] = {name: [] for name in SECTIONS}
        self.looks: dict[Look, int] = {}

    def xf(self, look: Look) -> int:
        """The cellXfs index of a look, 0 (the default) for the plain one."""
        if look == Look():
            return 0
        index = self.looks.get(look)
        if index is None:
            index = self.looks[look] = self._add("cellXfs", self._xf(look))
        return index

    def find(self, look: Look) -> int | None:
        """The cellXfs index of a look the workbook has already, adding nothing; None when
        it has not."""
        if look == Look():
            return 0
        if look in self.looks:
            return self.looks[look]
        font = self._find("fonts", self._bold_font()) if look.bold else 0
        fill = self._find("fills", self._fill(look.fill)) if look.fill else 0
        number = self.formats.get(look.number_format) if look.number_format else 0
        if font is None or fill is None or number is None:
            return None
        return self._find("cellXfs", self._xf_entry(look, font, fill, number))

    def is_date(self, index: str) -> bool:
        """Whether the cellXfs entry ``index`` shows numbers as dates or times."""
        xfs = self.existing["cellXfs"]
        if not index.isdigit() or int(index) >= len(xfs):
            return False
        number = xfs[int(index)].get("numFmtId", "0")
        if not number.isdigit():
            return False
        if int(number) in BUILTIN_DATES:
            return True
        code = next((code for code, n in self.formats.items() if n == int(number)), "")
        return bool(DATE_CODE_RE.search(NOT_CODE_RE.sub("", code)))

    def dxf(self, rgb: str) -> int:
        """The dxfs index of a solid highlight fill (for conditional formatting)."""
        entry = self._new("dxf")
        entry.append(self._fill(rgb))
        return self._add("dxfs", entry)

    def render(self) -> bytes | None:
        """The new styles.xml, or None when nothing was added."""
        if not any(self.added.values()):
            return None
        for name, items in self.added.items():
            if not items:
                continue
            section = child(self.root, name)
            if section is None:
                section = detached(self.root, name)
                place(self.root, section, ORDER)
            section.extend(items)
            section.set("count", str(len(self.existing[name]) + len(items)))
            self.existing[name] += items
            items.clear()
        return self.serialize()

    def serialize(self) -> bytes:
        return serialize(self.root)

    # -- building entries ----------------------------------------------------------------

    def _add(self, section: str, entry: etree._Element) -> int:
        key = _key(entry)
        index = self.keys[section].get(key)
        if index is None:
            index = len(self.existing[section]) + len(self.added[section])
            self.added[section].append(entry)
            self.keys[section][key] = index
        return index

    def _find(self, section: str, entry: etree._Element) -> int | None:
        return self.keys[section].get(_key(entry))

    def _new(self, name: str, attributes: dict[str, str] | None = None) -> etree._Element:
        return detached(self.root, name, attributes)

    def _xf(self, look: Look) -> etree._Element:
        font = self._add("fonts", self._bold_font()) if look.bold else 0
        fill = self._add("fills", self._fill(look.fill)) if look.fill else 0
        number = self._number_format(look.number_format) if look.number_format else 0
        return self._xf_entry(look, font, fill, number)

    def _xf_entry(self, look: Look, font: int, fill: int, number: int) -> etree._Element:
        entry = self._new("xf", {"numFmtId": str(number), "fontId": str(font),
                                 "fillId": str(fill), "borderId": "0", "xfId": "0"})
        for what, used in (("NumberFormat", number), ("Font", font), ("Fill", fill),
                           ("Alignment", look.wrap or look.top)):
            if used:
                entry.set(f"apply{what}", "1")
        if look.wrap:
            make(entry, "alignment", {"vertical": "top", "wrapText": "1"})
        elif look.top:
            make(entry, "alignment", {"vertical": "top"})
        return entry

    def _number_format(self, code: str) -> int:
        known = self.formats.get(code)
        if known is not None:
            return known
        number = max([FIRST_CUSTOM_FORMAT - 1, *self.formats.values()]) + 1
        self.formats[code] = number
        self._add("numFmts", self._new("numFmt", {"numFmtId": str(number), "formatCode": code}))
        return number

    def _bold_font(self) -> etree._Element:
        """The workbook's default font, bold: headers look like the rest of the workbook."""
        fonts = self.existing["fonts"]
        font = self._new("font")
        make(font, "b")
        for part in fonts[0] if fonts else ():
            name = local(part)
            if name and name != "b":
                make(font, name, dict(part.attrib))
        if not fonts:
            make(font, "sz", {"val": "11"})
            make(font, "name", {"val": "Calibri"})
            make(font, "family", {"val": "2"})
        return font

    def _fill(self, rgb: str | None) -> etree._Element:
        colour = "FF" + (rgb or "").lstrip("#").upper()[-6:]
        fill = self._new("fill")
        pattern = make(fill, "patternFill", {"patternType": "solid"})
        make(pattern, "fgColor", {"rgb": colour})
        make(pattern, "bgColor", {"rgb": colour})
        return fill


def _key(element: etree._Element) -> tuple:
    """What makes two entries the same format, whatever the attribute order, prefixes or
    spelling of booleans."""
    name = local(element)
    values = {k.rpartition("}")[2]: BOOLEANS.get(v, v) for k, v in element.attrib.items()}
    if name in ON_BY_DEFAULT:
        values.setdefault("val", "1")
    kept = tuple(sorted(item for item in values.items()
                        if item not in IGNORED and item[0] != "count"))
    parts = tuple(sorted((_key(part) for part in element if local(part)), key=repr))
    return (name, kept, parts, (element.text or "").strip())
