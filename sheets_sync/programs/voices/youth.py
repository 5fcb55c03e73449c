"""The messages of the programs for students and young people, where they differ from the
shared wording: gentler, with safeguarding in mind, and escalations that say what to do first."""

from __future__ import annotations

YOUTH: dict[str, dict[str, tuple[str, str]]] = {
    "learning-support": {
        "Introduction": (
            "Your learning-support mentor: {Mentee}, meet {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "{Mentee}, {Mentor} will be your mentor this term. {Mentor} has experience with the "
            "kind of support you asked for, and will work at your pace.\n\n"
            "Your first session is planned for {Next session} (it is in the attached calendar "
            "file, with the next ones). Short, regular sessions work best: 45 minutes a week.\n"
            "If you would like this message read aloud, in larger print or explained, just "
            "reply and say so.\n\n"
            "After each session, {Mentor} please fill in the check-in form: {Check-in link}\n\n"
            "{Coordinator name}"),
        "Check-in reminder": (
            "Mentoring session this week",
            "Hello {Mentee} and {Mentor},\n\n"
            "A reminder that your weekly session is coming up: {Next session}. A check-in is "
            "due by {Due date}.\n\n"
            "{Mentor}, after the session please fill in the check-in form: {Check-in link}\n\n"
            "{Coordinator name}"),
        "Escalation": (
            "Learning support pair {Pair ID} needs you: {Mentee}",
            "{Mentee} (with mentor {Mentor}, pair {Pair ID}) needs your attention: {Reason}.\n\n"
            "Regular sessions matter most for these students. Check in with {Mentee} and, "
            "where appropriate, their family or support coordinator, then with {Mentor}. "
            "Record what you did in Coordinator Notes on the Pairings tab."),
    },
    "at-risk-youth": {
        "Introduction": (
            "{Mentee}, meet your mentor {Mentor}",
            "Hi {Mentee} and {Mentor},\n\n"
            "{Mentee}, meet {Mentor}, who will be your mentor. {Mentor}, meet {Mentee}.\n\n"
            "Your first meeting is planned for {Next session}; the calendar file has the next "
            "few. Please meet in the places agreed in your training, and tell me if a time "
            "doesn't work.\n\n"
            "{Mentor}: after every meeting, fill in the check-in form the same day: "
            "{Check-in link} If anything worries you, tick Concern and call me.\n\n"
            "{Coordinator name}"),
        "Overdue reminder": (
            "We missed your check-in, {Mentee} and {Mentor}",
            "Hi {Mentee} and {Mentor},\n\n"
            "We haven't heard how things are going since {Due date}. {Mentor}, please get in "
            "touch with {Mentee} today and fill in the check-in form once you have met: "
            "{Check-in link}\n\n"
            "If you can't reach each other, reply to this email straight away.\n\n"
            "{Coordinator name}"),
        "Escalation": (
            "URGENT: pair {Pair ID}, {Mentee} and {Mentor}",
            "Pair {Pair ID} needs you today: {Reason}.\n\n"
            "Follow the safeguarding procedure first: if {Mentee} may be at risk, contact the "
            "designated safeguarding lead before anything else. Then call {Mentor} to hear what "
            "happened. Record every step in Coordinator Notes on the Pairings tab, and mark the "
            "check-in Handled only when it is dealt with."),
    },
    "peer": {
        "Introduction": (
            "Meet your peer mentor: {Mentor}",
            "Hi {Mentee} and {Mentor}!\n\n"
            "{Mentee}, {Mentor} is your peer mentor this year: someone a little further along "
            "who remembers what starting out felt like. {Mentor}, thanks for stepping up.\n\n"
            "Your first catch-up is planned for {Next session} (see the calendar file). Half "
            "an hour over lunch is plenty.\n\n"
            "After you meet, {Mentor} please log it: {Check-in link}\n\n{Coordinator name}"),
        "Check-in reminder": (
            "Peer mentoring catch-up due {Due date}",
            "Hi {Mentee} and {Mentor},\n\n"
            "Time for your next catch-up: we planned {Next session}. Log it after you meet: "
            "{Check-in link}\n\n{Coordinator name}"),
        "Escalation": (
            "Peer pair {Pair ID} needs a staff check: {Mentee} and {Mentor}",
            "Pair {Pair ID} ({Mentee}, mentored by {Mentor}) needs a staff check: {Reason}.\n\n"
            "Have a quiet word with {Mentor} first: peer mentors are students too and may need "
            "support themselves. If {Mentee} may be struggling, involve their form tutor or "
            "the school counsellor."),
        "Closing thank-you": (
            "Thank you for a year of peer mentoring",
            "Hi {Mentee} and {Mentor},\n\n"
            "The peer mentoring year is over for you two. {Mentor}, thank you for showing "
            "{Mentee} the ropes; {Mentee}, maybe you'll be a peer mentor next year?\n\n"
            "Tell us how it went in a two-minute survey: {Survey link}\n\n{Coordinator name}"),
    },
    "lgbtq": {
        "Introduction": (
            "Meet your mentor: {Mentee} and {Mentor}",
            "Hi {Mentee} and {Mentor},\n\n"
            "Welcome to your mentoring partnership ({Pair ID}). This is a space to be "
            "yourselves: share only what you are comfortable sharing, use the names and "
            "pronouns each of you gives, and keep what is said between you.\n\n"
            "Your first session is planned for {Next session}; the attached calendar file has "
            "the next ones. After each session please fill in the check-in form: "
            "{Check-in link}\n\n"
            "If anything feels wrong at any point, reply to me directly; it stays with me.\n\n"
            "{Coordinator name}"),
        "Escalation": (
            "Pair {Pair ID} needs your attention (confidential)",
            "Pair {Pair ID}, {Mentee} with {Mentor}, needs your attention: {Reason}.\n\n"
            "Contact {Mentee} privately first, on the channel they chose; don't assume their "
            "family or school know about their identity. Then speak with {Mentor}. Record what "
            "you did in Coordinator Notes, without identity details."),
    },
    "low-income": {
        "Introduction": (
            "Your college and career mentor: {Mentee}, meet {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "{Mentee}, {Mentor} will be your mentor for college and career planning: "
            "scholarships, applications, money and what comes next. {Mentor}, thank you.\n\n"
            "Your first meeting is planned for {Next session} (calendar file attached). Bring "
            "your questions and any deadlines you know about.\n\n"
            "After each meeting, please fill in the check-in form: {Check-in link}\n\n"
            "Mentoring is free, always: nobody in this program will ask you for money.\n\n"
            "{Coordinator name}"),
        "Overdue reminder": (
            "Application season: let's keep your meetings going",
            "Hello {Mentee} and {Mentor},\n\n"
            "Your check-in was due on {Due date}. Deadlines come quickly, so please meet "
            "this week if you can (we planned {Next session}) and fill in the form after: "
            "{Check-in link}\n\n"
            "If transport, phone credit or work shifts are in the way, reply and tell me: we "
            "may be able to help.\n\n{Coordinator name}"),
        "Escalation": (
            "Pair {Pair ID} needs you: {Mentee} and {Mentor}",
            "Pair {Pair ID}, {Mentee} with {Mentor}, needs your attention: {Reason}.\n\n"
            "Reach {Mentee} by the contact they prefer; missed meetings are often about work "
            "shifts, transport or phone credit rather than interest. Then talk to {Mentor} and "
            "note the plan in Coordinator Notes."),
    },
    "mental-health": {
        "Introduction": (
            "Your peer mentor: {Mentee}, meet {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "{Mentee}, {Mentor} will be your peer mentor. {Mentor} is trained in supporting "
            "students and will go at your pace; you only share what you want to share.\n\n"
            "Your first session is planned for {Next session} (calendar file attached). If the "
            "time is hard for you, reply and we will find another.\n\n"
            "After each session {Mentor} fills in a short check-in: {Check-in link}\n\n"
            "This program is not a crisis service. If you are in crisis, call 999 or the "
            "Samaritans on 116 123 (free, day or night).\n\n{Coordinator name}"),
        "Overdue reminder": (
            "Checking in: {Mentee} and {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "We haven't had a check-in since {Due date}. There is no pressure, and it is fine "
            "if things have been difficult. {Mentor}, please reach out to {Mentee} gently and "
            "log the check-in after you meet: {Check-in link}\n\n"
            "If you are in crisis, call 999 or the Samaritans on 116 123.\n\n"
            "{Coordinator name}"),
        "Escalation": (
            "Wellbeing concern, act today: pair {Pair ID}",
            "Pair {Pair ID} ({Mentee}, mentored by {Mentor}): {Reason}.\n\n"
            "Treat this as a wellbeing concern today. Read the pair's row in Follow-ups (and "
            "the check-in, if one raised this), then follow the safeguarding procedure: if "
            "{Mentee} may be at risk, contact them and the university's wellbeing or "
            "out-of-hours service now. Debrief {Mentor}, who may need support too. If a "
            "check-in raised this, mark it Handled only once it is resolved. Record the steps "
            "(no clinical details) in Coordinator Notes."),
        "Closing thank-you": (
            "Thank you, {Mentee} and {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "Your mentoring partnership has come to an end. Thank you both for your honesty "
            "and care. {Mentee}, support is still there when you need it: the university's "
            "wellbeing service, and the Samaritans on 116 123.\n\n"
            "We'd be grateful for five minutes of feedback: {Survey link}\n\n"
            "{Coordinator name}"),
    },
    "stem": {
        "Introduction": (
            "Meet your STEM mentor: {Mentee} and {Mentor}",
            "Hello {Mentee} and {Mentor},\n\n"
            "{Mentee}, {Mentor} works in your field and will be your mentor: ask about the "
            "work, the path into it and the things nobody writes down. {Mentor}, thank you "
            "for opening the door.\n\n"
            "Your first session is planned for {Next session} (calendar file attached). After "
            "each session, please fill in the check-in form: {Check-in link}\n\n"
            "{Coordinator name}"),
        "Escalation": (
            "STEM pair {Pair ID} needs your attention",
            "Pair {Pair ID}, {Mentee} with {Mentor}, needs your attention: {Reason}.\n\n"
            "Contact {Mentee} first; for a mentee under 18 involve the parent or guardian as "
            "your safeguarding policy says. Then talk to {Mentor} and note the outcome in "
            "Coordinator Notes."),
    },
}
