"""The engine-owned tabs: their columns and look, their rows (Unmatched, Dashboard,
Problems ...), the diff against what the workbook holds, and `explain`."""
