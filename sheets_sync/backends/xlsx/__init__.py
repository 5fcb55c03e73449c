"""An .xlsx workbook, written by patching its zip: the package and its parts (``archive``,
``package``, ``xmltext``), the workbook part (``workbook``), one engine tab's worksheet (``sheet``),
its cells (``cells``), formats (``styles``, ``looks``), charts (``charts``, ``drawing``), Excel
tables (``tables``), what the tab held before (``old``, ``formulas``), the write itself
(``patch``), a new workbook (``new``), error cells on reading (``error_cells``) and the lock
files of Excel and LibreOffice (``locks``). ``sheets_sync.backends.excel`` is the backend."""
