"""A bar chart over two columns of a tab, as the drawing and chart parts Excel expects."""

from __future__ import annotations

import re

from sheets_sync.backends.excel_format import column_letter
from sheets_sync.backends.xlsx_xml import PROLOG, text_escape
from sheets_sync.model import Chart

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WIDTH_EMU, HEIGHT_EMU = 5400000, 2700000  # 15 cm x 7.5 cm
ANCHOR_RE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


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


def chart_xml(chart: Chart, tab: str) -> bytes:
    """A clustered bar chart: the label column as categories, the value column as bars."""
    sheet = "'" + tab.replace("'", "''") + "'"
    rows = f"${chart.first_row}:$"

    def reference(index: int) -> str:
        letter = column_letter(index + 1)
        return text_escape(f"{sheet}!${letter}{rows}{letter}${chart.last_row}")

    axis = ('<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>')
    ticks = ('<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/>'
             '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>')
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
        f'<c:valAx><c:axId val="100"/>{axis}<c:axPos val="l"/><c:majorGridlines/>{ticks}'
        '<c:crossAx val="10"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        '</c:valAx></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "</c:chartSpace>"
    ).encode()


def _anchor(cell: str) -> tuple[int, int]:
    """"E2" -> (4, 1): zero-based column and row."""
    match = ANCHOR_RE.fullmatch(cell.strip())
    if not match:
        return 0, 0
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return column - 1, max(int(match.group(2)) - 1, 0)
