"""Every sentence a coordinator reads in the workbook, in one place.

The engine decides; these modules say it. Each function turns a decision into words for someone
who has never seen a rule engine: what is wrong or what to do, where, and how to fix it. Nothing
here decides anything, reads a file or knows a backend.

- ``problems``: rows of the Problems tab, and the errors that stop a sync (exit 2).
- ``rules``: the rules in words (for Why, Unmatched and the Rule tests reference).
- ``pairs``: the Why of a pair and the Reason of an unmatched mentee.
- ``follow_ups``: the Action of each Follow-ups row.
"""
