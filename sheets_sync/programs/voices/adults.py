"""The messages of the programs between adults, where they differ from the shared wording:
colleagues, artists, career changers, generations and people across borders."""

from __future__ import annotations

ADULTS: dict[str, dict[str, tuple[str, str]]] = {
    "reverse": {
        "Introduction": (
            "Reverse mentoring: {Mentee}, meet your mentor {Mentor}",
            "Dear {Mentee} and {Mentor},\n\n"
            "Welcome to reverse mentoring. {Mentor} will mentor {Mentee} on technology and "
            "how colleagues earlier in their careers see the organisation. Seniority stays at "
            "the door: {Mentor} leads the agenda, and what is said stays between you.\n\n"
            "Your first session is planned for {Next session}; the attached calendar file has "
            "the next ones (monthly, 45 minutes). Do move them to suit your diaries.\n\n"
            "After each session, please log a check-in: {Check-in link}\n\n"
            "Kind regards,\n{Coordinator name}"),
        "Overdue reminder": (
            "Reverse mentoring: time to book your next session",
            "Dear {Mentee} and {Mentor},\n\n"
            "Your monthly session was due by {Due date} and no check-in has come in. Diaries "
            "fill up; could you book 45 minutes in the next fortnight? We had planned "
            "{Next session}.\n\nCheck-in form: {Check-in link}\n\n"
            "Kind regards,\n{Coordinator name}"),
        "Escalation": (
            "Reverse mentoring pair {Pair ID} has stalled",
            "Pair {Pair ID}, {Mentor} mentoring {Mentee}, needs attention: {Reason}.\n\n"
            "Sessions that stall usually do so on the senior side's diary. A word with "
            "{Mentee} (or their assistant) to protect the time tends to fix it; check that "
            "{Mentor} feels able to say so. Note what you agreed in Coordinator Notes."),
        "Closing thank-you": (
            "Thank you for reverse mentoring",
            "Dear {Mentee} and {Mentor},\n\n"
            "Your reverse mentoring partnership has ended. Thank you both: {Mentor} for your "
            "candour, {Mentee} for listening. Please tell us what changed for you, in five "
            "minutes: {Survey link}\n\nKind regards,\n{Coordinator name}"),
    },
    "arts": {
        "Introduction": (
            "Artist mentoring: {Mentee}, meet {Mentor}",
            "Dear {Mentee} and {Mentor},\n\n"
            "It's a pleasure to introduce you. {Mentor} will mentor {Mentee}, who works in "
            "{Your main discipline}, towards what they are working on: a portfolio, a show, "
            "funding or a network.\n\n"
            "Your first session is planned for {Next session} (calendar file attached; studio "
            "visits welcome). After each session, please log a check-in: {Check-in link}\n\n"
            "Warm wishes,\n{Coordinator name}"),
        "Escalation": (
            "Artist pair {Pair ID} needs a word",
            "Pair {Pair ID}, {Mentor} mentoring {Mentee}, needs attention: {Reason}.\n\n"
            "Artists' schedules swing with deadlines, shows and paid work. Ask each of them "
            "how it is going and whether the pairing still fits {Mentee}'s goals; note the "
            "outcome in Coordinator Notes."),
        "Closing thank-you": (
            "Thank you, {Mentee} and {Mentor}",
            "Dear {Mentee} and {Mentor},\n\n"
            "Your mentoring has come to an end. Thank you for the conversations, the studio "
            "time and the honesty. We'd love to hear what came of it (and to see the work): "
            "{Survey link}\n\nWarm wishes,\n{Coordinator name}"),
    },
    "career-paths": {
        "Introduction": (
            "Career paths: {Mentee}, meet {Mentor}",
            "Hi {Mentee} and {Mentor},\n\n"
            "{Mentee}, meet {Mentor}, whose own path is {Mentor Your own path}. Ask about how "
            "they got started, what a real week looks like, and what the money is like.\n\n"
            "Your first session is planned for {Next session} (calendar file attached). After "
            "each one, please log a check-in: {Check-in link}\n\n{Coordinator name}"),
        "Escalation": (
            "Career paths pair {Pair ID} needs attention",
            "Pair {Pair ID}, {Mentee} with {Mentor}, needs attention: {Reason}.\n\n"
            "Self-employed mentors lose time to busy seasons; mentees to shifts. Ask both what "
            "would make meeting easier (shorter calls, another slot), or set the pair to "
            "Rematch if the path no longer fits."),
    },
    "cross-generational": {
        "Introduction": (
            "Meet your mentoring partner: {Mentee} and {Mentor}",
            "Dear {Mentee} and {Mentor},\n\n"
            "Welcome to a partnership where both of you teach and both of you learn. Each of "
            "you has asked to learn something the other knows well; take turns.\n\n"
            "Your first meeting is planned for {Next session} (the calendar file has the next "
            "ones). Meeting by phone or in person is fine if video isn't.\n\n"
            "After each meeting, please fill in the short check-in form: {Check-in link}, or "
            "simply reply to this email and I'll record it for you.\n\n"
            "With best wishes,\n{Coordinator name}"),
        "Overdue reminder": (
            "We'd love to hear how you're getting on",
            "Dear {Mentee} and {Mentor},\n\n"
            "We haven't heard from you since {Due date}. If you have met, please tell us with "
            "the form ({Check-in link}) or a reply to this email. If not, do give each other a "
            "ring this week.\n\nWith best wishes,\n{Coordinator name}"),
        "Escalation": (
            "Cross-generational pair {Pair ID} needs a call",
            "Pair {Pair ID}, {Mentee} with {Mentor}, needs attention: {Reason}.\n\n"
            "Phone the older partner first: ill health, caring duties or trouble with the "
            "technology are the usual reasons. Then speak to the other and note the plan in "
            "Coordinator Notes."),
    },
    "virtual": {
        "Introduction": (
            "Meet across borders: {Mentee} and {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "Welcome! {Mentee} ({Mentee Country}) and {Mentor} ({Mentor Country}), you are "
            "now a mentoring pair. Your first video call is planned for {Next session}; the "
            "times are in the program's time zone and the attached calendar file converts "
            "them to yours. Agree on the video platform in your first reply.\n\n"
            "After each call, please log a check-in: {Check-in link}\n\n{Coordinator name}"),
        "Check-in reminder": (
            "Your next call: {Next session}",
            "Hello {Mentee} and {Mentor},\n\n"
            "Your next call is planned for {Next session} (check your own clock, especially "
            "around daylight-saving changes). A check-in is due by "
            "{Due date}: {Check-in link}\n\n{Coordinator name}"),
        "Escalation": (
            "Virtual pair {Pair ID} needs attention",
            "Pair {Pair ID}, {Mentee} in {Mentee Country} with {Mentor} in {Mentor Country}, "
            "needs attention: {Reason}.\n\n"
            "If a check-in raised a concern, read it first and contact them today. If calls "
            "were missed: across time zones that is often a clock-change or connection "
            "problem, so email both and suggest a new time in each one's own time. Note what "
            "you did in Coordinator Notes."),
    },
}
