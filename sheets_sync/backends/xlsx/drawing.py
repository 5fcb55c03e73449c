"""The charts on an engine tab's drawing. A tab's charts of several series
(``SheetFormat.charts``) are drawn again each time the tab is written so that their ranges
follow its rows and columns. A chart is found again by its title: its part is rewritten where
it is when its ranges changed (so a chart the coordinator moved, resized or restyled stays as
it is), and a chart not found is added to the tab's drawing, or to a new one. The Dashboard's
chart is drawn once; later only its value axis follows the counts it shows."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from sheets_sync.backends.xlsx.charts import (
    anchor_xml,
    chart_title,
    chart_xml,
    count_axis,
    drawing_of,
    drawing_xml,
    series_chart_xml,
)
from sheets_sync.backends.xlsx.package import CHART, CHART_TYPE, DRAWING, DRAWING_TYPE, Package
from sheets_sync.backends.xlsx.xmltree import DamagedWorkbook, local, parse, serialize
from sheets_sync.model import Chart, SeriesChart


def add_chart(package: Package, sheet_part: str, chart: Chart, tab: str,
              largest: float) -> str:
    """Drawing and chart parts for a tab; the relationship id the sheet links them by."""
    drawing = package.new_name("xl/drawings/drawing{}.xml")
    chart_part = package.new_name("xl/charts/chart{}.xml")
    package.add(chart_part, chart_xml(chart, tab, largest), CHART_TYPE)
    chart_rel = package.relate(drawing, CHART, chart_part)
    package.add(drawing, drawing_xml(chart, chart_rel), DRAWING_TYPE)
    return package.relate(sheet_part, DRAWING, drawing)


def fit_count_axis(package: Package, sheet_part: str, drawing_id: str | None, title: str,
                   largest: float) -> None:
    """The value axis of the tab's chart of this title made to suit the counts it shows."""
    for part in _charts(package, _drawing_part(package, sheet_part, drawing_id)).get(title, []):
        root = package.tree(part)
        if count_axis(root, largest):
            package.put(part, serialize(root))


def draw_charts(package: Package, sheet_part: str, drawing_id: str | None,
                charts: Sequence[tuple[SeriesChart, float]], tab: str) -> str | None:
    """Write the charts, each with the largest value it shows, into the tab's drawing
    (``drawing_id``: the relationship id of the drawing the worksheet links, None when it has
    none). Returns the relationship id of a new drawing, if one was made, for the worksheet to
    link."""
    drawing = _drawing_part(package, sheet_part, drawing_id)
    if drawing_id is not None and drawing is None:
        return None  # a drawing we can't find: leave it as it is
    found = _charts(package, drawing)
    missing = []
    for chart, largest in charts:
        parts = found.get(chart.title)
        if parts:
            xml = series_chart_xml(chart, tab, largest)
            if _ranges(package.read(parts[0])) != _ranges(xml):
                package.put(parts[0], xml)
            else:  # leave its look be, but for an axis still counting in whole numbers
                root = package.tree(parts[0])
                if count_axis(root, largest):
                    package.put(parts[0], serialize(root))
        else:
            missing.append((chart, largest))
    if not missing:
        return None
    made = drawing is None
    if drawing is None:
        drawing = package.new_name("xl/drawings/drawing{}.xml")
        package.add(drawing, drawing_of([]), DRAWING_TYPE)
    root = package.tree(drawing)
    shape = max((int(e.get("id", "")) for e in root.iter()
                 if local(e) == "cNvPr" and e.get("id", "").isdigit()), default=1) + 1
    for offset, (chart, largest) in enumerate(missing):
        part = package.new_name("xl/charts/chart{}.xml")
        package.add(part, series_chart_xml(chart, tab, largest), CHART_TYPE)
        rel_id = package.relate(drawing, CHART, part)
        root.append(etree.fromstring(anchor_xml(chart, rel_id, shape + offset)))
    package.put(drawing, serialize(root))
    return package.relate(sheet_part, DRAWING, drawing) if made else None


def _drawing_part(package: Package, sheet_part: str, drawing_id: str | None) -> str | None:
    if drawing_id is None:
        return None
    return next((r.part for r in package.relations(sheet_part)
                 if r.id == drawing_id and r.type == DRAWING and r.part
                 and package.exists(r.part)), None)


def _charts(package: Package, drawing: str | None) -> dict[str, list[str]]:
    """A drawing's chart parts by title, in the drawing's order."""
    found: dict[str, list[str]] = {}
    for relation in package.relations(drawing) if drawing is not None else ():
        if relation.type == CHART and relation.part and package.exists(relation.part):
            title = chart_title(package.read(relation.part))
            if title is not None:
                found.setdefault(title, []).append(relation.part)
    return found


def _ranges(data: bytes) -> list[str]:
    """The cell ranges a chart part draws from, in order, however the part was saved."""
    try:
        root = parse(data, "a chart")
    except DamagedWorkbook:
        return []
    return [(e.text or "").replace("$", "").replace("'", "") for e in root.iter()
            if local(e) == "f"]
