"""Charts over a tab's cells, as the drawing and chart parts Excel expects: the Dashboard's
bar chart over two columns, and charts of several series each named by its first cell."""

from __future__ import annotations

import re

from lxml import etree

from sheets_sync.backends.xlsx.xmltree import (
    PROLOG,
    DamagedWorkbook,
    child,
    detached,
    local,
    parse,
    place,
    text_escape,
)
from sheets_sync.model import Cells, Chart, SeriesChart, column_letter

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WIDTH_EMU, HEIGHT_EMU = 5400000, 2700000  # 15 cm x 7.5 cm
ANCHOR_RE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
# Counts up to this are marked one by one on the value axis; beyond, the application spaces
# the marks (in whole numbers by then) rather than crowding the axis with a line for each.
SMALL_COUNTS = 10
WHOLE = "0"  # the value axis' number format: no decimals
# CT_ValAx's sequence.
VALUE_AXIS = ("axId", "scaling", "delete", "axPos", "majorGridlines", "minorGridlines", "title",
              "numFmt", "majorTickMark", "minorTickMark", "tickLblPos", "spPr", "txPr",
              "crossAx", "crosses", "crossesAt", "crossBetween", "majorUnit", "minorUnit",
              "dispUnits", "extLst")
UNIT_OF_ONE = '<c:majorUnit val="1"/>'


def drawing_xml(chart: Chart, chart_rel: str) -> bytes:
    """A drawing holding the chart, its top-left corner on the chart's anchor cell."""
    column, row = _anchor(chart.anchor)
    return (
        f'{PROLOG}<xdr:wsDr xmlns:xdr="{DRAWING_NS}" xmlns:a="{A_NS}"><xdr:oneCellAnchor>'
        f"<xdr:from><xdr:col>{column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}"
        "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f'<xdr:ext cx="{WIDTH_EMU}" cy="{HEIGHT_EMU}"/><xdr:graphicFrame macro="">'
        '<xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/>'
        '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        f'</xdr:xfrm><a:graphic><a:graphicData uri="{CHART_NS}"><c:chart xmlns:c="{CHART_NS}" '
        f'xmlns:r="{REL_NS}" r:id="{chart_rel}"/></a:graphicData></a:graphic>'
        "</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
    ).encode()


def chart_xml(chart: Chart, tab: str, largest: float = 0) -> bytes:
    """A clustered bar chart: the label column as categories, the value column as bars,
    counted in whole numbers (``largest``: the largest value it shows now)."""
    sheet = "'" + tab.replace("'", "''") + "'"
    rows = f"${chart.first_row}:$"

    def reference(index: int) -> str:
        letter = column_letter(index + 1)
        return text_escape(f"{sheet}!${letter}{rows}{letter}${chart.last_row}")

    axis = ('<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>')
    marks = ('<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
             '<c:tickLblPos val="nextTo"/>')
    ticks = '<c:numFmt formatCode="General" sourceLinked="1"/>' + marks
    return (
        f'{PROLOG}<c:chartSpace xmlns:c="{CHART_NS}" xmlns:a="{A_NS}" xmlns:r="{REL_NS}">'
        '<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>'
        f"<a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{text_escape(chart.title)}</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:cat><c:strRef><c:f>{reference(chart.label_column)}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{reference(chart.value_column)}</c:f></c:numRef></c:val>"
        '</c:ser><c:gapWidth val="150"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        f'<c:catAx><c:axId val="10"/>{axis}<c:axPos val="b"/>{ticks}<c:crossAx val="100"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="100"/>{axis}<c:axPos val="l"/><c:majorGridlines/>'
        f'<c:numFmt formatCode="{WHOLE}" sourceLinked="0"/>{marks}'
        '<c:crossAx val="10"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        f"{'' if largest > SMALL_COUNTS else UNIT_OF_ONE}"
        '</c:valAx></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "</c:chartSpace>"
    ).encode()


def count_axis(root: etree._Element, largest: float) -> bool:
    """The value axis of a chart ``chart_xml`` drew, made to suit counts this large again:
    a mark for each count while they are small, else marks the application spaces. Only an
    axis still counting in whole numbers is the engine's to change (Excel and LibreOffice keep
    that format when they save the chart; a chart restyled, or one an older version drew, is
    left as it is). Whether anything changed."""
    axis = next((e for e in root.iter() if local(e) == "valAx"), None)
    shown = None if axis is None else child(axis, "numFmt")
    if axis is None or shown is None or shown.get("formatCode") != WHOLE:
        return False
    unit = child(axis, "majorUnit")
    if largest <= SMALL_COUNTS and unit is None:
        place(axis, detached(axis, "majorUnit", {"val": "1"}), VALUE_AXIS)
        return True
    if largest > SMALL_COUNTS and unit is not None and unit.get("val") == "1":
        axis.remove(unit)
        return True
    return False


def _anchor(cell: str) -> tuple[int, int]:
    """"E2" -> (4, 1): zero-based column and row."""
    match = ANCHOR_RE.fullmatch(cell.strip())
    if not match:
        return 0, 0
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return column - 1, max(int(match.group(2)) - 1, 0)


def anchor_xml(chart: SeriesChart, chart_rel: str, shape_id: int) -> str:
    """One chart's place in a drawing (its namespaces declared on it, so that it can join a
    drawing whatever prefixes that drawing uses)."""
    column, row = _anchor(chart.anchor)
    return (
        f'<xdr:oneCellAnchor xmlns:xdr="{DRAWING_NS}" xmlns:a="{A_NS}">'
        f"<xdr:from><xdr:col>{column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}"
        "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f'<xdr:ext cx="{WIDTH_EMU}" cy="{HEIGHT_EMU}"/><xdr:graphicFrame macro="">'
        f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{shape_id}" name="Chart {shape_id - 1}"/>'
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData '
        f'uri="{CHART_NS}"><c:chart xmlns:c="{CHART_NS}" xmlns:r="{REL_NS}" r:id="{chart_rel}"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
    )


def drawing_of(anchors: list[str]) -> bytes:
    return f'{PROLOG}<xdr:wsDr xmlns:xdr="{DRAWING_NS}">{"".join(anchors)}</xdr:wsDr>'.encode()


def series_chart_xml(chart: SeriesChart, tab: str, largest: float = 0) -> bytes:
    """A clustered bar or column chart, each series named by its first cell, counted in whole
    numbers (``largest``: the largest value it shows now)."""
    sheet = "'" + tab.replace("'", "''") + "'"

    def ref(cells: Cells) -> str:
        first = f"${column_letter(cells.first_column)}${cells.first_row}"
        last = f"${column_letter(cells.last_column)}${cells.last_row}"
        return text_escape(f"{sheet}!{first}" + ("" if first == last else f":{last}"))

    def values(cells: Cells) -> Cells:  # the cells after the label
        if cells.first_row == cells.last_row:
            return Cells(cells.first_row, cells.first_column + 1, cells.last_row,
                         cells.last_column)
        return Cells(cells.first_row + 1, cells.first_column, cells.last_row, cells.last_column)

    def name(cells: Cells) -> Cells:
        return Cells(cells.first_row, cells.first_column, cells.first_row, cells.first_column)

    categories = ref(values(chart.categories))
    series = "".join(
        f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/><c:tx><c:strRef><c:f>{ref(name(s))}'
        '</c:f></c:strRef></c:tx><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{categories}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{ref(values(s))}</c:f></c:numRef></c:val></c:ser>"
        for k, s in enumerate(chart.series))
    # Bars list their categories bottom-up unless reversed; columns left to right.
    order = "maxMin" if chart.bars != chart.reverse else "minMax"
    marks = ('<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
             '<c:tickLblPos val="nextTo"/>')
    ticks = '<c:numFmt formatCode="General" sourceLinked="1"/>' + marks
    across, up = ("l", "b") if chart.bars else ("b", "l")
    crosses = "max" if order == "maxMin" else "autoZero"  # the value axis stays left / below
    return (
        f'{PROLOG}<c:chartSpace xmlns:c="{CHART_NS}" xmlns:a="{A_NS}" xmlns:r="{REL_NS}">'
        '<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>'
        f"<a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{text_escape(chart.title)}</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/><c:barChart><c:barDir val="{"bar" if chart.bars else "col"}"/>'
        f'<c:grouping val="clustered"/><c:varyColors val="0"/>{series}'
        '<c:gapWidth val="80"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        f'<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="{order}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{across}"/>{ticks}<c:crossAx val="100"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{up}"/><c:majorGridlines/>'
        f'<c:numFmt formatCode="{WHOLE}" sourceLinked="0"/>{marks}'
        f'<c:crossAx val="10"/><c:crosses val="{crosses}"/><c:crossBetween val="between"/>'
        f"{'' if largest > SMALL_COUNTS else UNIT_OF_ONE}"
        '</c:valAx></c:plotArea><c:legend><c:legendPos val="b"/>'
        '<c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        "</c:chart></c:chartSpace>"
    ).encode()


def chart_title(data: bytes) -> str | None:
    """The title text of a chart part, if it has one (and can be read)."""
    try:
        root = parse(data, "a chart")
    except DamagedWorkbook:
        return None
    title = root.find(f"{{{CHART_NS}}}chart/{{{CHART_NS}}}title")
    texts = [] if title is None else [t.text or "" for t in title.iter(f"{{{A_NS}}}t")]
    return "".join(texts) if texts else None
