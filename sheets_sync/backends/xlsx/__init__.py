"""An .xlsx workbook written by patching its zip (the backend itself is
``sheets_sync.backends.excel``): the zip (``archive``), its parts and relationships
(``package``), XML trees (``xmltree``) and the cut of a big worksheet (``fragments``); the
workbook part (``workbook``); an engine tab's worksheet (``sheet``), its cells (``cells``),
formats (``styles``, ``looks``), dropdowns and colour rules (``rules``), charts (``charts``,
``drawing``) and Excel tables (``tables``); what the tab held before (``old``) and the
references in formulas (``formulas``); the write itself (``patch``), a new workbook (``new``),
error cells on reading (``error_cells``), and the lock files of Excel and LibreOffice
(``locks``)."""
