"""Excel tables (Insert > Table) on a rewritten tab: Excel "repairs" a file whose table does
not match the header and size of its cells, so the first table is refitted to the new ones
and any other (or one the header cannot name) is removed."""

from __future__ import annotations

from lxml import etree

from sheets_sync.backends.xlsx.looks import table_header
from sheets_sync.backends.xlsx.package import Package
from sheets_sync.backends.xlsx.sheet import Worksheet
from sheets_sync.backends.xlsx.xmltree import child, detached, local, make, place, serialize
from sheets_sync.model import Table, column_letter

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
        root = package.tree(relation.part)
        refit(root, header, len(table.rows))
        package.put(relation.part, serialize(root))
    return dropped


def refit(root: etree._Element, header: list[str], rows: int) -> None:
    """A table part made to cover A1 to the last column and row, named by ``header``."""
    ref = f"A1:{column_letter(len(header))}{max(rows + 1, 2)}"
    for old in [c for c in root if local(c) in ("tableColumns", "sortState")]:
        root.remove(old)
    columns = detached(root, "tableColumns", {"count": str(len(header))})
    for number, name in enumerate(header, start=1):
        make(columns, "tableColumn", {"id": str(number), "name": name})
    place(root, columns, ORDER)
    found = child(root, "autoFilter")
    if found is not None:
        _filter(found, ref, len(header))
    root.set("ref", ref)
    root.attrib.pop("totalsRowCount", None)


def _filter(found: etree._Element, ref: str, width: int) -> None:
    """The table's filter over the new range, without its sort or the criteria of columns
    that are gone."""
    found.set("ref", ref)
    for item in list(found):
        if local(item) == "sortState":
            found.remove(item)
        elif local(item) == "filterColumn":
            column = item.get("colId", "0")
            if not column.isdigit() or int(column) >= width:
                found.remove(item)
