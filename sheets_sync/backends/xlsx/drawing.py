"""A tab's charts of several series (``SheetFormat.charts``), drawn again each time the tab is
written so that their ranges follow its rows and columns. A chart is found again by its
title: its part is rewritten where it is when its ranges changed (so a chart the coordinator
moved, resized or restyled stays as it is), and a chart not found is added to the tab's
drawing, or to a new one."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from sheets_sync.backends.xlsx.charts import (
    anchor_xml,
    chart_title,
    drawing_of,
    series_chart_xml,
)
from sheets_sync.backends.xlsx.package import CHART, CHART_TYPE, DRAWING, DRAWING_TYPE, Package
from sheets_sync.backends.xlsx.xmltext import attributes, encode
from sheets_sync.model import SeriesChart

SHAPE_ID_RE = re.compile(r"<(?:[\w.\-]+:)?cNvPr\b[^>]*?\sid\s*=\s*[\"'](\d+)[\"']")
ROOT_END_RE = re.compile(r"</(?:[\w.\-]+:)?wsDr\s*>\s*$")
RANGE_RE = re.compile(r"<(?:[\w.\-]+:)?f>([^<]*)</(?:[\w.\-]+:)?f>")


def draw_charts(package: Package, sheet_part: str, drawing_tag: str | None,
                charts: Sequence[SeriesChart], tab: str) -> str | None:
    """Write the charts into the tab's drawing (``drawing_tag``: the worksheet's <drawing>
    element, None when it has none). Returns the relationship id of a new drawing, if one was
    made, for the worksheet to link."""
    drawing = _drawing_part(package, sheet_part, drawing_tag)
    if drawing_tag is not None and drawing is None:
        return None  # a drawing we can't find: leave it as it is
    found: dict[str, str] = {}
    if drawing is not None:
        for relation in package.relations(drawing):
            if relation.type == CHART and relation.part and package.exists(relation.part):
                title = chart_title(package.text(relation.part))
                if title is not None:
                    found.setdefault(title, relation.part)
    missing = []
    for chart in charts:
        part = found.get(chart.title)
        if part is not None:
            xml = series_chart_xml(chart, tab)
            if _ranges(package.text(part)) != _ranges(xml.decode()):  # else leave its look be
                package.put(part, xml)
        else:
            missing.append(chart)
    if not missing:
        return None
    made = drawing is None
    if drawing is None:
        drawing = package.new_name("xl/drawings/drawing{}.xml")
        package.add(drawing, drawing_of([]), DRAWING_TYPE)
    text = package.text(drawing)
    shape = max((int(m) for m in SHAPE_ID_RE.findall(text)), default=1) + 1
    anchors = []
    for offset, chart in enumerate(missing):
        part = package.new_name("xl/charts/chart{}.xml")
        package.add(part, series_chart_xml(chart, tab), CHART_TYPE)
        anchors.append(anchor_xml(chart, package.relate(drawing, CHART, part), shape + offset))
    end = ROOT_END_RE.search(text)
    if end is None:
        return None
    package.put(drawing, encode(text[:end.start()] + "".join(anchors) + text[end.start():]))
    return package.relate(sheet_part, DRAWING, drawing) if made else None


def _drawing_part(package: Package, sheet_part: str, drawing_tag: str | None) -> str | None:
    if drawing_tag is None:
        return None
    rel_id = next((v for k, v in attributes(drawing_tag).items() if k.endswith(":id")), "")
    return next((r.part for r in package.relations(sheet_part)
                 if r.id == rel_id and r.type == DRAWING and r.part
                 and package.exists(r.part)), None)


def _ranges(xml: str) -> list[str]:
    """The cell ranges a chart part draws from, in order, however the part was saved."""
    return [html.unescape(m.group(1)).replace("$", "").replace("'", "")
            for m in RANGE_RE.finditer(xml)]
