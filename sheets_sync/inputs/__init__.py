"""Reading the workbook's own tabs into plain records: settings, rules, the rosters and who
may be matched, the pairs and their life dates, check-ins and concerns, and the values people
type (dates, numbers, grades, time zones, availability)."""
