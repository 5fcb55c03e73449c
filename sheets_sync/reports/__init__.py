"""Reports by program year, for the coordinator and the funder: the figures, the Reports tab
and the printable page."""
