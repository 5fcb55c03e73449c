"""styles.xml: the cell formats and highlight fills new cells need, found among the existing
entries or appended after them. Nothing existing is changed or moved, so every cell keeps
the look its style index gives it; and since a format already there is reused, a workbook
synced a thousand times does not collect a thousand copies of it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from sheets_sync.backends.xlsx.xmltext import (
    PROLOG,
    DamagedWorkbook,
    attr,
    decode,
    parse,
    set_attribute,
    splice,
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
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
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
        self.text = decode(data) if data else PROLOG + DEFAULT_STYLES
        try:
            tree = ET.fromstring(self.text)
        except ET.ParseError as error:
            raise DamagedWorkbook(f"styles: {error}") from error
        self.prefix = parse(self.text).prefix
        self.existing: dict[str, list[ET.Element]] = {name: [] for name in SECTIONS}
        for section in tree:
            name = _local(section.tag)
            if name in self.existing:
                self.existing[name] = list(section)
        self.keys = {name: {} for name in SECTIONS}
        for name, items in self.existing.items():
            for index, item in enumerate(items):
                self.keys[name].setdefault(_key(item), index)
        self.formats = {item.get("formatCode", ""): int(item.get("numFmtId", "0"))
                        for item in self.existing["numFmts"]}
        self.added: dict[str, list[str]] = {name: [] for name in SECTIONS}
        self.looks: dict[Look, int] = {}

    def xf(self, look: Look) -> int:
        """The cellXfs index of a look, 0 (the default) for the plain one."""
        if look == Look():
            return 0
        index = self.looks.get(look)
        if index is None:
            index = self.looks[look] = self._add("cellXfs", self._xf_xml(look))
        return index

    def find(self, look: Look) -> int | None:
        """The cellXfs index of a look the workbook has already, adding nothing; None when
        it has not."""
        if look == Look():
            return 0
        if look in self.looks:
            return self.looks[look]
        font = self._find("fonts", self._bold_font_xml()) if look.bold else 0
        fill = self._find("fills", self._fill(look.fill)) if look.fill else 0
        number = self.formats.get(look.number_format) if look.number_format else 0
        if font is None or fill is None or number is None:
            return None
        return self._find("cellXfs", self._xf_tag(look, font, fill, number))

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
        return self._add("dxfs", f"<dxf><fill>{self._fill_xml(rgb)}</fill></dxf>")

    def render(self) -> str | None:
        """The new styles.xml, or None when nothing was added."""
        if not any(self.added.values()):
            return None
        root = parse(self.text)
        replace: dict[str, str | None] = {}
        by_name = {child.name: child for child in root.children}
        for name, items in self.added.items():
            if not items:
                continue
            p = self.prefix
            body = "".join(_prefixed(item, p) for item in items)
            count = len(self.existing[name]) + len(items)
            old = by_name.get(name)
            if old is None:
                replace[name] = f'<{p}{name} count="{count}">{body}</{p}{name}>'
                continue
            old_xml = self.text[old.start:old.end]
            start_tag = self.text[old.start:old.tag_end]
            start_tag = set_attribute(start_tag, "count", str(count))
            if old.tag_end == old.end:
                replace[name] = start_tag[:-2].rstrip() + ">" + body + f"</{old.qname}>"
            else:
                inner = old_xml[old.tag_end - old.start:len(old_xml) - len(old.qname) - 3]
                replace[name] = start_tag + inner + body + f"</{old.qname}>"
        return splice(self.text, root, ORDER, replace)

    # -- building entries ----------------------------------------------------------------

    def _add(self, section: str, xml: str) -> int:
        key = _key(ET.fromstring(xml))
        index = self.keys[section].get(key)
        if index is None:
            index = len(self.existing[section]) + len(self.added[section])
            self.added[section].append(xml)
            self.keys[section][key] = index
        return index

    def _find(self, section: str, xml: str) -> int | None:
        return self.keys[section].get(_key(ET.fromstring(xml)))

    def _xf_xml(self, look: Look) -> str:
        font = self._add("fonts", self._bold_font_xml()) if look.bold else 0
        fill = self._add("fills", self._fill(look.fill)) if look.fill else 0
        number = self._number_format(look.number_format) if look.number_format else 0
        return self._xf_tag(look, font, fill, number)

    @staticmethod
    def _xf_tag(look: Look, font: int, fill: int, number: int) -> str:
        applied = "".join(f' apply{what}="1"' for what, used in (
            ("NumberFormat", number), ("Font", font), ("Fill", fill),
            ("Alignment", look.wrap or look.top)) if used)
        head = f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
        if look.wrap:
            return f'{head}{applied}><alignment vertical="top" wrapText="1"/></xf>'
        if look.top:
            return f'{head}{applied}><alignment vertical="top"/></xf>'
        return f"{head}{applied}/>"

    def _number_format(self, code: str) -> int:
        known = self.formats.get(code)
        if known is not None:
            return known
        number = max([FIRST_CUSTOM_FORMAT - 1, *self.formats.values()]) + 1
        self.formats[code] = number
        self._add("numFmts", f'<numFmt numFmtId="{number}" formatCode="{attr(code)}"/>')
        return number

    def _bold_font_xml(self) -> str:
        """The workbook's default font, bold: headers look like the rest of the workbook."""
        fonts = self.existing["fonts"]
        parts = ["<b/>"]
        for child in fonts[0] if fonts else ():
            name = _local(child.tag)
            if name != "b":
                values = "".join(f' {k}="{attr(v)}"' for k, v in child.attrib.items())
                parts.append(f"<{name}{values}/>")
        if not fonts:
            parts.append('<sz val="11"/><name val="Calibri"/><family val="2"/>')
        return "<font>" + "".join(parts) + "</font>"

    def _fill(self, rgb: str | None) -> str:
        return f"<fill>{self._fill_xml(rgb)}</fill>"

    @staticmethod
    def _fill_xml(rgb: str | None) -> str:
        colour = "FF" + (rgb or "").lstrip("#").upper()[-6:]
        return (f'<patternFill patternType="solid"><fgColor rgb="{colour}"/>'
                f'<bgColor rgb="{colour}"/></patternFill>')


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _key(element: ET.Element) -> tuple:
    """What makes two entries the same format, whatever the attribute order, prefixes or
    spelling of booleans."""
    name = _local(element.tag)
    values = {_local(k): BOOLEANS.get(v, v) for k, v in element.attrib.items()}
    if name in ON_BY_DEFAULT:
        values.setdefault("val", "1")
    kept = tuple(sorted(item for item in values.items()
                        if item not in IGNORED and item[0] != "count"))
    children = tuple(sorted((_key(child) for child in element), key=repr))
    return (name, kept, children, (element.text or "").strip())


def _prefixed(xml: str, prefix: str) -> str:
    """Our entries are written unprefixed; a styles.xml with a prefixed root needs it too."""
    if not prefix:
        return xml
    return xml.replace("</", "\0").replace("<", "<" + prefix).replace("\0", "</" + prefix)
