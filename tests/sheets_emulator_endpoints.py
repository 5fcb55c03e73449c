"""The Sheets API endpoints of the emulator (test equipment): spreadsheets.get and batchUpdate,
and the values API, each answering from the in-memory state."""

from __future__ import annotations

from typing import Any

from sheets_emulator_objects import batch_update
from sheets_emulator_state import (
    ApiError,
    Spreadsheet,
    bad_request,
    clear_values,
    format_range,
    grid_box,
    jcopy,
    read_values,
    write_values,
)


class EndpointsMixin:
    """The endpoint half of SheetsEmulator."""

    _books: dict[str, Spreadsheet]

    # ------------------------------------------------------------------------ endpoints

    @staticmethod
    def _opt(query: dict[str, list[str]], name: str, default: str) -> str:
        return (query.get(name) or [default])[0]

    def _do_get(self, book: Spreadsheet, query: dict, _body: dict, _range: Any,
                tree: dict) -> dict[str, Any]:
        if tree:
            sheets = tree.get("sheets")
            grid = "*" in tree or sheets == {} or bool(sheets and ("data" in sheets
                                                                   or "*" in sheets))
        else:
            grid = self._opt(query, "includeGridData", "false").lower() in ("true", "1")
        return book.to_json(include_grid=grid)

    def _do_batchUpdate(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                        _tree: dict) -> dict[str, Any]:
        requests = body.get("requests") or []
        if not requests:
            raise bad_request("Must specify at least one request.")
        work = book.clone()
        replies = batch_update(work, requests)
        self._books[book.spreadsheet_id] = work  # all or nothing
        out: dict[str, Any] = {"spreadsheetId": work.spreadsheet_id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            out["updatedSpreadsheet"] = work.to_json(bool(body.get("responseIncludeGridData")))
        return out

    @classmethod
    def _render_opts(cls, query: dict) -> tuple[str, str, str]:
        return (
            cls._opt(query, "valueRenderOption", "FORMATTED_VALUE"),
            cls._opt(query, "dateTimeRenderOption", "SERIAL_NUMBER"),
            cls._opt(query, "majorDimension", "ROWS"),
        )

    def _do_values_get(self, book: Spreadsheet, query: dict, _body: dict, range_text: str,
                       _tree: dict) -> dict[str, Any]:
        return read_values(book, range_text, *self._render_opts(query))

    def _do_values_batchGet(self, book: Spreadsheet, query: dict, _body: dict, _range: Any,
                            _tree: dict) -> dict[str, Any]:
        options = self._render_opts(query)
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        ranges = query.get("ranges") or []
        if ranges:
            out["valueRanges"] = [read_values(book, text, *options) for text in ranges]
        return out

    def _do_values_batchGetByDataFilter(self, book: Spreadsheet, _query: dict, body: dict,
                                        _range: Any, _tree: dict) -> dict[str, Any]:
        options = (body.get("valueRenderOption") or "FORMATTED_VALUE",
                   body.get("dateTimeRenderOption") or "SERIAL_NUMBER",
                   body.get("majorDimension") or "ROWS")
        matched = []
        for i, data_filter in enumerate(body.get("dataFilters") or []):
            if "gridRange" in data_filter:
                sheet, box = grid_box(book, data_filter["gridRange"])
                text = format_range(sheet.title, box)
            elif "a1Range" in data_filter:
                text = data_filter["a1Range"]
            else:
                raise ApiError(501, f"dataFilters[{i}]: only gridRange and a1Range filters are "
                                    "implemented by the emulator")
            matched.append({"valueRange": read_values(book, text, *options),
                            "dataFilters": [jcopy(data_filter)]})
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        if matched:
            out["valueRanges"] = matched
        return out

    @staticmethod
    def _input_option(option: str | None) -> str:
        if option in (None, "", "INPUT_VALUE_OPTION_UNSPECIFIED"):
            raise bad_request("'valueInputOption' is required but not specified")
        return option

    def _do_values_update(self, book: Spreadsheet, query: dict, body: dict, range_text: str,
                          _tree: dict) -> dict[str, Any]:
        option = self._input_option(self._opt(query, "valueInputOption", ""))
        if body.get("range") and book.resolve(body["range"]) != book.resolve(range_text):
            raise bad_request(
                f"Requested range [{range_text}] does not match the range in the request body "
                f"[{body['range']}]"
            )
        work = book.clone()
        reply = write_values(work, range_text, body.get("values"), body.get("majorDimension"),
                             option)
        self._books[book.spreadsheet_id] = work
        self._with_data(work, reply, query.get("includeValuesInResponse", ["false"])[0],
                        self._opt(query, "responseValueRenderOption", "FORMATTED_VALUE"),
                        self._opt(query, "responseDateTimeRenderOption", "SERIAL_NUMBER"))
        return reply

    @staticmethod
    def _with_data(book: Spreadsheet, reply: dict, include: Any, render: str, dates: str) -> None:
        if str(include).lower() in ("true", "1") and "updatedRange" in reply:
            reply["updatedData"] = read_values(book, reply["updatedRange"], render, dates, "ROWS")

    def _do_values_batchUpdate(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                               _tree: dict) -> dict[str, Any]:
        option = self._input_option(body.get("valueInputOption"))
        work = book.clone()
        responses = []
        for i, value_range in enumerate(body.get("data") or []):
            if not value_range.get("range"):
                raise bad_request(f"data[{i}].range is required")
            reply = write_values(work, value_range["range"], value_range.get("values"),
                                 value_range.get("majorDimension"), option)
            self._with_data(work, reply, body.get("includeValuesInResponse"),
                            body.get("responseValueRenderOption") or "FORMATTED_VALUE",
                            body.get("responseDateTimeRenderOption") or "SERIAL_NUMBER")
            responses.append(reply)
        self._books[book.spreadsheet_id] = work
        out: dict[str, Any] = {"spreadsheetId": work.spreadsheet_id}
        if responses:
            out.update(
                totalUpdatedRows=sum(r.get("updatedRows", 0) for r in responses),
                totalUpdatedColumns=sum(r.get("updatedColumns", 0) for r in responses),
                totalUpdatedCells=sum(r.get("updatedCells", 0) for r in responses),
                totalUpdatedSheets=len({r["updatedRange"].rsplit("!", 1)[0]
                                        for r in responses if "updatedRange" in r}),
                responses=responses,
            )
        return out

    def _do_values_clear(self, book: Spreadsheet, _query: dict, _body: dict, range_text: str,
                         _tree: dict) -> dict[str, Any]:
        return {"spreadsheetId": book.spreadsheet_id, "clearedRange": clear_values(book,
                                                                                   range_text)}

    def _do_values_batchClear(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                              _tree: dict) -> dict[str, Any]:
        work = book.clone()
        cleared = [clear_values(work, text) for text in body.get("ranges") or []]
        self._books[book.spreadsheet_id] = work
        return {"spreadsheetId": work.spreadsheet_id, "clearedRanges": cleared}
