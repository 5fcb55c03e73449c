"""The Note of a Schedule row, when a session could not be given a time."""

from __future__ import annotations


def no_shared_time(missing: bool) -> str:
    if missing:
        return ("One of them has not said when they are free, so no time is set: agree a time "
                "with the pair (or fill in their Availability).")
    return ("They have no free time in common, so no time is set: agree a time with the "
            "pair.")


def shared_time_taken() -> str:
    return ("Every time they are both free is taken by another session of one of them, so no "
            "time is set: agree a time with the pair.")
