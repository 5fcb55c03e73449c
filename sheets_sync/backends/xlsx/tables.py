"""Excel tables (Insert > Table) on a rewritten tab: Excel "repairs" a file whose table does
not match the header and size of its cells, so the first table is refitted to the new ones
and any other (or one the header cannot name) is removed."""

from __future__ import annotations

from sheets_sync.backends.xlsx.looks import column_letter, table_header
from sheets_sync.backends.xlsx.package import Package
from sheets_sync.backends.xlsx.sheet import Worksheet
from sheets_sync.backends.xlsx.xmltext import attr, attributes, encode, parse, set_attribute, splice
from sheets_sync.model import Table

# CT_Table's sequence.
ORDER = ("autoFilter", "sortState", "tableColumns", "tableStyleInfo", "extLst")


def fit_tables(package: Package, part: str, sheet: Worksheet, table: Table) -> set[str]:
    """Refit or remove the tab's tables; the relationship ids of those removed."""
    ids = sheet.table_parts()
    if not ids:
        return set()
    relations = {r.id: r for r in package.relations(part)}
    header = table_header(table)
    dropped = set()
    for index, rel_id in enumerate(ids):
        relation = relations.get(rel_id)
        usable = relation is not None and relation.part and package.exists(relation.part)
        if header is None or index > 0 or not usable:
            dropped.add(rel_id)
            if relation is not None:
                package.unrelate(part, rel_id)
                if relation.part:
                    package.drop(relation.part)
            continue
        assert relation is not None
        text = package.text(relation.part)
        package.put(relation.part, encode(refit(text, header, len(table.rows))))
    return dropped


def refit(text: str, header: list[str], rows: int) -> str:
    """A table part covering A1 to the last column and row, named by ``header``."""
    ref = f"A1:{column_letter(len(header))}{max(rows + 1, 2)}"
    root = parse(text)
    p = root.prefix
    columns = "".join(f'<{p}tableColumn id="{i}" name="{attr(name)}"/>'
                      for i, name in enumerate(header, start=1))
    replace: dict[str, str | None] = {
        "tableColumns": f'<{p}tableColumns count="{len(header)}">{columns}</{p}tableColumns>',
        "sortState": None,
    }
    for child in root.children:
        if child.name == "autoFilter":
            replace["autoFilter"] = _filter(text[child.start:child.end], ref, len(header))
    text = splice(text, root, ORDER, replace)
    root = parse(text)
    start = text[root.element.start:root.element.tag_end]
    start = set_attribute(set_attribute(start, "ref", ref), "totalsRowCount", None)
    return text[:root.element.start] + start + text[root.element.tag_end:]


def _filter(xml: str, ref: str, width: int) -> str:
    """The table's filter over the new range, without its sort or the criteria of columns
    that are gone."""
    root = parse(xml)
    start = set_attribute(xml[:root.element.tag_end], "ref", ref)
    if root.element.tag_end == root.element.end:
        return start
    kept = []
    for child in root.children:
        if child.name == "sortState":
            continue
        if child.name == "filterColumn":
            tag = xml[child.start:child.tag_end]
            column = attributes(tag).get("colId", "0")
            if not column.isdigit() or int(column) >= width:
                continue
        kept.append(xml[child.start:child.end])
    return start + "".join(kept) + f"</{root.element.qname}>"
