"""Build the bad-input corpus in tests/files/: real program workbooks, damaged the ways that
hand-typed and form-filled spreadsheets get damaged.

Every file starts from the `general` template with 12 sample mentees made for 2026-11-25
(`sheets-sync new x.xlsx --program general --sample 12 --today 2026-11-25`), then one kind of
damage is done to it with openpyxl, by editing the .xlsx zip, or by writing raw bytes. The output
is deterministic (fixed zip timestamps and document dates), so re-running the script gives the
same bytes with the same openpyxl version.

    python scripts/make_bad_inputs.py [OUT_DIR]      # default: tests/files

tests/test_bad_inputs.py runs `sync` and `check` on every file and says what each must do.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.app import new_workbook
from sheets_sync.model import date_serial

TEMPLATE_DAY = dt.date(2026, 11, 25)
ZIP_TIME = (2026, 11, 25, 0, 0, 0)
DOC_TIME = "2026-11-25T00:00:00Z"
OUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "files"

# name -> (kind, builder). kind "book": builder(openpyxl Workbook) damages it in place;
# "zip": builder(dict of part name -> bytes) edits the parts; "bytes": builder(template bytes)
# returns the whole file.
CASES: dict[str, tuple[str, Callable]] = {}


def case(name: str, kind: str = "book") -> Callable[[Callable], Callable]:
    """Register a damage; ``name`` is the file name, ".xlsx" unless it has a suffix."""
    name = name if "." in name else f"{name}.xlsx"

    def register(builder: Callable) -> Callable:
        assert name not in CASES, name
        CASES[name] = (kind, builder)
        return builder

    return register


# -- helpers -----------------------------------------------------------------------------------


def column(ws: Worksheet, header: str) -> int:
    """1-based column of a header on row 1 (exact text)."""
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(f"{ws.title} has no column {header!r}")


def put(ws: Worksheet, row: int, header: str, value: object) -> None:
    ws.cell(row=row, column=column(ws, header)).value = value


def put_text(ws: Worksheet, row: int, header: str, text: str) -> None:
    """Text that openpyxl must not turn into a formula (a form answer starting with '=')."""
    cell = ws.cell(row=row, column=column(ws, header))
    cell.value = text
    cell.data_type = "s"


def rename(ws: Worksheet, old: str, new: str | None) -> None:
    ws.cell(row=1, column=column(ws, old)).value = new


def serial(day: dt.date | dt.datetime) -> float:
    return date_serial(day)


# -- missing tabs ------------------------------------------------------------------------------


@case("no_settings")
def _(wb: Workbook) -> None:
    del wb["Settings"]


@case("no_rules")
def _(wb: Workbook) -> None:
    del wb["Rules"]


@case("no_mentees")
def _(wb: Workbook) -> None:
    del wb["Mentees"]


@case("no_mentors")
def _(wb: Workbook) -> None:
    del wb["Mentors"]


@case("no_checkins")
def _(wb: Workbook) -> None:
    del wb["Check-ins"]


@case("empty_workbook", "bytes")
def _(_template: bytes) -> bytes:
    wb = Workbook()  # one empty sheet called "Sheet"
    stream = io.BytesIO()
    wb.save(stream)
    return _write_parts(_read_parts(stream.getvalue()))


@case("mentees_tab_blank")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    ws.delete_rows(1, ws.max_row)


@case("mentees_header_only")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    ws.delete_rows(2, ws.max_row)


@case("settings_names_missing_tab")
def _(wb: Workbook) -> None:
    ws = wb["Settings"]
    ws["B5"] = "Sign-ups"  # Mentee tab


@case("tab_names_case_and_spaces")
def _(wb: Workbook) -> None:
    for old, new in (("Mentees", "MENTEES"), ("Mentors", "mentors "), ("Check-ins", "check-INS"),
                     ("Rules", "rules")):
        ws = wb[old]
        ws.title = "renaming"  # openpyxl adds a "1" to a title differing only in case
        ws.title = new


# -- headers -----------------------------------------------------------------------------------


@case("no_email_column")
def _(wb: Workbook) -> None:
    rename(wb["Mentees"], "Email Address", "Contact")


@case("email_header_renamed")
def _(wb: Workbook) -> None:
    rename(wb["Mentees"], "Email Address", "E-mail")
    rename(wb["Mentors"], "Email Address", "Your e-mail address")


@case("duplicate_email_header")
def _(wb: Workbook) -> None:
    # Mentors: the phone column is headed "Email Address" as well (a copy-paste slip).
    rename(wb["Mentors"], "Phone number", "Email Address")
    # Mentees: a second "Email Address" column at the far right, typed differently.
    ws = wb["Mentees"]
    extra = ws.max_column + 1
    ws.cell(row=1, column=extra).value = "Email Address"
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=extra).value = f"other{row}@example.net"


@case("blank_header_cells")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    rename(ws, "Phone number", None)
    rename(ws, "Anything else we should know?", "   ")
    extra = ws.max_column + 2  # data under no header at all, after a blank column
    for row in range(2, 6):
        ws.cell(row=row, column=extra).value = f"stray note {row}"
    rename(wb["Mentors"], "Phone number", None)


@case("blank_rule_column_header")
def _(wb: Workbook) -> None:
    rename(wb["Mentees"], "Interests", None)  # Rules row 5 reads the mentees' Interests


@case("headers_case_and_spaces")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    rename(ws, "Email Address", "  EMAIL   address ")
    rename(ws, "Full name", "full NAME")
    rename(ws, "Languages you speak", "LANGUAGES  you speak")
    rename(ws, "Availability", "availability ")
    ws = wb["Mentors"]
    rename(ws, "Capacity", "CAPACITY")
    rename(ws, "Approved", " approved")
    rename(ws, "I can help with", "I can help   with")


@case("title_row_above_header")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    ws.insert_rows(1)
    ws["A1"] = "Mentee sign-ups, autumn 2026"


# -- merged cells ------------------------------------------------------------------------------


@case("merged_cells_roster")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    email, languages = column(ws, "Email Address"), column(ws, "Languages you speak")
    ws.merge_cells(start_row=6, start_column=email, end_row=7, end_column=email)  # row 7 loses it
    ws.merge_cells(start_row=2, start_column=languages, end_row=2, end_column=languages + 1)
    ws.merge_cells("C10:D11")
    ws = wb["Mentors"]
    capacity = column(ws, "Capacity")
    ws.merge_cells(start_row=3, start_column=capacity, end_row=4, end_column=capacity)


# -- wrong types -------------------------------------------------------------------------------


@case("numbers_in_name_columns")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 2, "Full name", 12345)
    put(ws, 3, "Full name", 3.14)
    put(ws, 4, "Full name", True)
    put(ws, 5, "Full name", dt.datetime(2026, 1, 2, 3, 4))
    put(ws, 2, "Time zone", 0)
    put(wb["Mentors"], 2, "Full name", 0)


@case("text_in_capacity")
def _(wb: Workbook) -> None:
    ws = wb["Mentors"]
    put(ws, 2, "Capacity", "three")
    put(ws, 3, "Capacity", -1)
    put(ws, 4, "Capacity", 2.5)
    put(ws, 5, "Capacity", "lots!!")
    put_text(ws, 6, "Capacity", " 4 ")


@case("booleans_in_dates")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    put(ws, 5, "Meeting Date", True)
    put(ws, 5, "Timestamp", False)
    put(ws, 3, "Timestamp", True)
    ws = wb["Pairings"]
    put(ws, 5, "Matched On", True)  # pair P-0004
    put(wb["Mentees"], 4, "Timestamp", False)


@case("dates_in_text_columns")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 2, "Languages you speak", dt.datetime(2026, 11, 24))
    put(ws, 3, "Interests", dt.datetime(2026, 3, 1, 9, 30))
    put(ws, 4, "Availability", dt.datetime(2026, 11, 24, 18, 0))
    put(ws, 5, "Time zone", dt.datetime(2026, 5, 5))
    put(ws, 6, "Age", dt.time(10, 30))
    put(ws, 8, "Approved", dt.datetime(2026, 1, 1))
    put(wb["Mentors"], 2, "Languages you speak", dt.datetime(2026, 11, 24))


@case("wrong_types_everywhere")
def _(wb: Workbook) -> None:
    ws = wb["Mentors"]
    put(ws, 2, "Age", "old")
    put(ws, 2, "Time zone", True)
    put(ws, 3, "Email Address", 12345)
    put(ws, 4, "Availability", 42)
    put(ws, 4, "Approved", 7)
    put(ws, 5, "Status", 3.14)
    put(ws, 6, "Languages you speak", 1.5)
    ws = wb["Mentees"]
    put(ws, 2, "Age", False)
    put(ws, 3, "Preferred meeting format", 99)
    put(ws, 4, "What would you like help with?", 0.5)
    put(ws, 5, "Status", dt.time(9, 0))
    ws = wb["Check-ins"]
    put(ws, 4, "Concern", 17)
    put(ws, 6, "Pair ID", 3)
    put(ws, 7, "Meeting Date", dt.time(10, 0))
    put(ws, 7, "Timestamp", None)


# -- dates -------------------------------------------------------------------------------------


@case("dates_as_text_locales")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    for row, text in enumerate([
        "24/11/2026",  # day first (UK, most of the world)
        "11/24/2026",  # month first (US)
        "24.11.2026",  # dots (Germany, Russia...)
        "24 Nov 2026",
        "2026-11-24T10:00",
        "Tuesday, November 24, 2026",
        "Nov 24, 2026",
    ], start=2):
        put(ws, row, "Meeting Date", text)
    put(ws, 9, "Meeting Date", "the 24th-ish")  # unreadable, and no Timestamp to fall back on
    put(ws, 9, "Timestamp", None)


@case("google_forms_timestamps")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    stamps = ["24/11/2026 10:15:32", "11/20/2026 9:05:01", "2026-11-19 18:00:00",
              "11/18/2026 10:15:32 PM", "17.11.2026 08:00"]
    for row, text in enumerate(stamps, start=2):
        put(ws, row, "Timestamp", text)
    # Row 13 repeats row 2's email with an older (real datetime) timestamp: row 2 wins.
    put(ws, 13, "Email Address", "  Santiago.Gomez40@example.org")
    ws = wb["Check-ins"]
    for row, text in ((2, "9/28/2026 8:42:00"), (3, "12/10/2026 20:02:00"),
                      (4, "2026-10-17 21:11:00")):
        put(ws, row, "Timestamp", text)
        put(ws, row, "Meeting Date", None)  # a form without a date question


@case("serial_dates_as_numbers")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    for row in range(2, 14):
        cell = ws.cell(row=row, column=column(ws, "Meeting Date"))
        cell.value = serial(cell.value)  # the date as the plain number 46xxx
        cell.number_format = "General"
        stamp = ws.cell(row=row, column=column(ws, "Timestamp"))
        stamp.value = serial(stamp.value)  # 46xxx.xxx
        stamp.number_format = "0.00000"
    ws = wb["Pairings"]
    for row in range(2, 8):
        cell = ws.cell(row=row, column=column(ws, "Matched On"))
        cell.value = serial(cell.value)
        cell.number_format = "General"
    put(wb["Mentees"], 2, "Age", serial(dt.date(2003, 5, 17)))  # a date of birth, unformatted


# -- size and script ---------------------------------------------------------------------------

LONG = 5000


def _long(text: str) -> str:
    return (text * (LONG // len(text) + 1))[:LONG]


@case("long_cells_5000")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 2, "Full name", _long("Santiago Gómez "))
    put(ws, 3, "Interests", _long("Arts and culture, Science, "))
    put(ws, 4, "Availability", _long("Mon 18:00-20:00, "))
    put(ws, 6, "Anything else we should know?", _long("Lorem ipsum dolor sit amet. "))
    put(ws, 7, "Email Address", "x" * (LONG - 12) + "@example.org")
    put(ws, 8, "Time zone", _long("Europe/London "))
    put(wb["Check-ins"], 2, "Notes", _long("We talked. "))
    put(wb["Settings"], 2, "Value", _long("general "))
    put(wb["Mentors"], 2, "I can help with", _long("Career planning, Confidence, "))


@case("emoji_and_rtl")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 2, "Full name", "محمد علي")
    put(ws, 3, "Full name", "נועה כהן")
    put(ws, 4, "Full name", "🦄 Sparkle ✨")
    put(ws, 5, "Languages you speak", "العربية, עברית, English")
    put(ws, 6, "Interests", "🎨 Art, 🎵 Music, Technology")
    put(ws, 7, "Availability", "الاثنين 18:00-20:00")  # Monday, in Arabic: not understood
    put(ws, 8, "Anything else we should know?", "\u202eevil override\u202c 👩🏽‍💻")
    put(ws, 9, "Time zone", "Asia/Jerusalem")
    ws = wb["Mentors"]
    put(ws, 2, "Full name", "דוד לוי 🧑‍🏫")
    put(ws, 3, "Interests", "Business 💼, Sports ⚽")
    put(wb["Check-ins"], 2, "Notes", "اجتماع جيد 👍")
    notes = wb.create_sheet("Notes 📝")
    notes.append(["ملاحظات", "הערות"])
    notes.append(["😀", "👍🏿"])


@case("formula_like_text")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put_text(ws, 2, "Full name", '=HYPERLINK("http://evil.example","Click me")')
    put_text(ws, 3, "Full name", "+1 555 0100")
    put_text(ws, 4, "Full name", "-Rania-")
    put_text(ws, 5, "Full name", "@isabela")
    put_text(ws, 6, "Interests", "=cmd|' /C calc'!A0")
    put_text(wb["Mentors"], 2, "Full name", "=IMPORTXML(\"http://x.example\",\"//a\")")


# -- formulas and error values -----------------------------------------------------------------


@case("formulas_in_inputs")
def _(wb: Workbook) -> None:
    # Formulas with no saved result (as openpyxl and some exporters write them).
    ws = wb["Mentees"]
    put(ws, 2, "Full name", '=UPPER("santiago gómez")')
    put(ws, 3, "Age", "=2026-1991")
    put(ws, 4, "Approved", '=IF(1=1,"Yes","No")')
    ws = wb["Mentors"]
    put(ws, 2, "Capacity", "=1+1")
    put(wb["Check-ins"], 5, "Meeting Date", "=TODAY()-1")
    put(wb["Settings"], 7, "Value", "=1+2")  # Default mentor capacity


@case("error_values")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 3, "Email Address", "#REF!")
    put(ws, 4, "Age", "#N/A")
    put(ws, 5, "Languages you speak", "#NAME?")
    ws = wb["Mentors"]
    put(ws, 2, "Capacity", "#DIV/0!")
    put(ws, 3, "Availability", "#VALUE!")
    ws = wb["Check-ins"]
    put(ws, 6, "Meeting Date", "#N/A")
    put(ws, 6, "Timestamp", "#REF!")
    put(wb["Settings"], 8, "Value", "#DIV/0!")  # Check-in every (days)
    put(wb["Pairings"], 3, "Mentor Email", "#N/A")
    for cell in (ws["F6"], ws["A6"]):
        assert cell.data_type == "e", cell.data_type


@case("formulas_with_saved_results", "zip")
def _(parts: dict[str, bytes]) -> None:
    # As Excel saves them: the formula and its last result side by side.
    sheet = _sheet_part(parts, "Mentees")
    xml = parts[sheet].decode()
    xml = _replace_cell(xml, "C2", '<c r="C2" t="str"><f>PROPER("santiago gómez")</f>'
                                   "<v>Santiago Gómez</v></c>")
    xml = _replace_cell(xml, "D3", '<c r="D3"><f>2026-1991</f><v>35</v></c>')
    parts[sheet] = xml.encode()


# -- odd workbook structure --------------------------------------------------------------------


@case("hidden_mentors")
def _(wb: Workbook) -> None:
    wb["Mentors"].sheet_state = "hidden"
    wb["Lists"].sheet_state = "veryHidden"


@case("blank_formatted_rows_10000")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    fill = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
    thin = Side(style="thin")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for row in range(ws.max_row + 1, ws.max_row + 10_001):
        for col in (1, 2, 3):
            cell = ws.cell(row=row, column=col)
            cell.fill, cell.border = fill, border
        ws.cell(row=row, column=1).number_format = "yyyy-mm-dd hh:mm"
    ws.cell(row=5000, column=5).value = "   "  # whitespace only: still blank


@case("shapes", "zip")
def _(parts: dict[str, bytes]) -> None:
    sheet = _sheet_part(parts, "Mentees")
    folder, name = sheet.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    assert rels not in parts
    drawing = next(f"drawing{n}.xml" for n in range(1, 99)
                   if f"xl/drawings/drawing{n}.xml" not in parts)  # the Dashboard has a chart
    parts[rels] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdShape1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/drawing" Target="../drawings/' + drawing.encode()
        + b'"/></Relationships>'
    )
    parts[f"xl/drawings/{drawing}"] = SHAPE_DRAWING.encode()
    parts[sheet] = parts[sheet].replace(
        b"</worksheet>",
        b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        b' r:id="rIdShape1"/></worksheet>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/drawings/' + drawing.encode() + b'" ContentType="application/'
        b'vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
    )


SHAPE_DRAWING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>\
<xdr:from><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>\
<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>19</xdr:col><xdr:colOff>0</xdr:colOff>\
<xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink="">\
<xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>\
<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2438400" cy="762000"/></a:xfrm>\
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/>\
<a:lstStyle/><a:p><a:r><a:t>Call Kenji before approving anyone!</a:t></a:r></a:p>\
</xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"""


@case("owned_tabs_messy")
def _(wb: Workbook) -> None:
    ws = wb["Problems"]
    ws["F1"] = "My notes"
    ws["A2"], ws["F2"] = "typed by hand", "keep me?"
    wb["Dashboard"]["A2"] = "=1/0"
    wb["Schedule"].merge_cells("A1:C1")
    wb["Sync Log"].append(["yesterday", "garbage", None, "#N/A"])
    wb["Follow-ups"]["B3"] = dt.time(12, 0)


@case("checkins_form_wording")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    for old, new in (("Your Email", "Email address"),
                     ("Pair ID", "Pair ID (from your welcome email)"),
                     ("Mentee Email", "Mentee email"), ("Mentor Email", "Mentor email"),
                     ("Meeting Date", "Date of the meeting"),
                     ("Concern", "Did anything concerning come up?")):
        rename(ws, old, new)


# -- Settings and Rules ------------------------------------------------------------------------


@case("settings_bad_values")
def _(wb: Workbook) -> None:
    ws = wb["Settings"]
    ws["B3"] = "Mars/Olympus_Mons"  # Time zone
    ws["B7"] = -1  # Default mentor capacity
    ws["B8"] = "two weeks"  # Check-in every (days)
    ws["B12"] = "lots"  # Sessions to schedule
    ws["B13"] = 5  # Session length (minutes)
    ws["B14"] = "Maybe"  # New pairs start as
    ws["B17"] = "sometimes"  # Show local times


@case("rules_unknown_test")
def _(wb: Workbook) -> None:
    wb["Rules"]["C3"] = "similar to"


@case("rules_missing_test_column")
def _(wb: Workbook) -> None:
    wb["Rules"]["C1"] = "Kind of test"


@case("rules_unknown_roster_column")
def _(wb: Workbook) -> None:
    wb["Rules"]["B4"] = "What do you want help with"


@case("rules_bad_value")
def _(wb: Workbook) -> None:
    wb["Rules"]["E6"] = "three hours"  # within ... Time zone


@case("rules_bad_weight")
def _(wb: Workbook) -> None:
    wb["Rules"]["F4"] = "high"


@case("rules_bad_kind")
def _(wb: Workbook) -> None:
    wb["Rules"]["A2"] = "Should"


@case("rules_header_only")
def _(wb: Workbook) -> None:
    ws = wb["Rules"]
    ws.delete_rows(2, ws.max_row)


# -- Pairings and Check-ins edited by hand -----------------------------------------------------


@case("pairings_unknown_status")
def _(wb: Workbook) -> None:
    put(wb["Pairings"], 3, "Status", "On hold?")
    put(wb["Pairings"], 4, "Status", "  active ")  # fine: case and spaces


@case("pairings_duplicate_ids")
def _(wb: Workbook) -> None:
    put(wb["Pairings"], 5, "Pair ID", "P-0001")
    put(wb["Pairings"], 6, "Pair ID", "p-0002 ")


@case("pairings_blank_emails")
def _(wb: Workbook) -> None:
    put(wb["Pairings"], 4, "Mentee Email", None)
    put(wb["Pairings"], 6, "Mentor Email", "   ")


@case("pairings_not_on_roster")
def _(wb: Workbook) -> None:
    wb["Pairings"].append(["P-0007", "Ghost", "ghost@example.org", "Thomas Murphy",
                           "thomas.murphy28@example.org", None, None, "Active",
                           dt.datetime(2026, 10, 1), "typed in by hand"])


@case("pairings_hand_typed")
def _(wb: Workbook) -> None:
    ws = wb["Pairings"]
    ws.insert_cols(3)
    ws["C1"] = "Mentor's phone"  # a coordinator column in the middle
    ws["C2"] = "(713) 555-0117"
    ws.append([])  # a blank row, then a pair typed in with emails only
    ws.append([None, None, None, " MATEO.OLIVEIRA23@example.org", None, "rahul.bose33@example.org"])
    ws.append([None, None, None, "kavya.nair36@example.org", None, "jiwoo.chen53@example.org",
               None, None, "rejected", "20/10/2026", "not a good fit"])


@case("checkins_unknown_pairs")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    put(ws, 4, "Pair ID", "P-0099")
    put(ws, 4, "Mentee Email", None)
    put(ws, 4, "Mentor Email", None)
    put(ws, 7, "Mentee Email", "nobody@example.org")


@case("checkins_future_dates")
def _(wb: Workbook) -> None:
    ws = wb["Check-ins"]
    put(ws, 12, "Meeting Date", dt.datetime(2027, 1, 15))
    put(ws, 13, "Meeting Date", "12/25/2026")


# -- people ------------------------------------------------------------------------------------


@case("duplicate_people")
def _(wb: Workbook) -> None:
    put(wb["Mentees"], 9, "Email Address", "  KENJI.PARK10@example.org ")  # newer than row 6
    put(wb["Mentors"], 6, "Email Address", "Thomas.Murphy28@Example.org")  # newer than row 2


@case("bad_emails")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    put(ws, 8, "Email Address", "kavya at example dot org")
    put(ws, 10, "Email Address", "@example.org")
    put(ws, 11, "Email Address", "analyn@")
    put(ws, 12, "Email Address", "kenji.park10@example.org\u200b")  # zero-width space pasted in


@case("approval_words")
def _(wb: Workbook) -> None:
    ws = wb["Mentees"]
    for row, word in zip(range(2, 10), ["✅", "y", 1, "TRUE ", "Approved", "maybe", "No", None],
                         strict=True):
        put(ws, row, "Approved", word)
    for row, word in ((10, "ON HOLD"), (11, " withdrawn "), (12, "paused"), (13, "??")):
        put(ws, row, "Status", word)


# -- not a workbook at all ---------------------------------------------------------------------


@case("csv_renamed", "bytes")
def _(_template: bytes) -> bytes:
    return (
        b"Timestamp,Email Address,Full name\n"
        b"11/24/2026 10:00:00,ana@example.org,Ana\n"
        b"11/24/2026 11:00:00,ben@example.org,Ben\n"
    )


@case("truncated_zip", "bytes")
def _(template: bytes) -> bytes:
    return template[: len(template) // 2]


@case("encrypted_ole", "bytes")
def _(_template: bytes) -> bytes:
    # What a password-protected .xlsx starts with: an OLE compound file, not a zip.
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff"
    return header + bytes((i * 37 + 11) % 256 for i in range(4096 - len(header)))


@case("zero_bytes", "bytes")
def _(_template: bytes) -> bytes:
    return b""


@case("signups.csv", "bytes")
def _(_template: bytes) -> bytes:
    return b"Email Address,Full name\nana@example.org,Ana\n"


@case("old_format.xls", "bytes")
def _(template: bytes) -> bytes:
    return CASES["encrypted_ole.xlsx"][1](template)  # an Excel 97-2003 file is OLE too


@case("read_only", "bytes")
def _(template: bytes) -> bytes:
    return template  # git keeps no write bits: the test makes its copy read-only (0444)


# -- zip helpers -------------------------------------------------------------------------------


def _sheet_part(parts: dict[str, bytes], tab: str) -> str:
    book = parts["xl/workbook.xml"].decode()
    rel_id = re.search(rf'<sheet [^>]*name="{re.escape(tab)}"[^>]*r:id="(\w+)"', book)
    assert rel_id, tab
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rel_id[1]}"[^>]*/>', rels)
    assert target, rel_id[1]
    path = re.search(r'Target="([^"]+)"', target[0])[1]  # type: ignore[index]
    return path.lstrip("/") if path.startswith("/xl/") else f"xl/{path}"


def _replace_cell(xml: str, ref: str, new: str) -> str:
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(xml), ref
    return pattern.sub(new, xml, count=1)


def _read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_parts(parts: dict[str, bytes]) -> bytes:
    """A zip with fixed timestamps and document dates, so the bytes are reproducible."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + DOC_TIME.encode(), data)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return stream.getvalue()


def template_bytes() -> bytes:
    """The `general` template with 12 sample mentees, as `sheets-sync new` writes it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        new_workbook(str(path), "general", sample=12, today=TEMPLATE_DAY)
        return _write_parts(_read_parts(path.read_bytes()))


def build(name: str, template: bytes) -> bytes:
    kind, builder = CASES[name]
    if kind == "bytes":
        return builder(template)
    if kind == "zip":
        parts = _read_parts(template)
        builder(parts)
        return _write_parts(parts)
    wb = load_workbook(io.BytesIO(template))
    builder(wb)
    stream = io.BytesIO()
    wb.save(stream)
    return _write_parts(_read_parts(stream.getvalue()))


def main(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    if out_dir.resolve() == OUT_DIR:  # a case renamed or dropped leaves no stale file behind
        for old in out_dir.iterdir():
            if old.suffix in (".xlsx", ".xls", ".csv") and old.name not in CASES:
                old.unlink()
    template = template_bytes()
    written = []
    for name in CASES:
        path = out_dir / name
        path.write_bytes(build(name, template))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR
    paths = main(target)
    total = sum(p.stat().st_size for p in paths)
    print(f"Wrote {len(paths)} files ({total // 1024} KiB) to {target}")
