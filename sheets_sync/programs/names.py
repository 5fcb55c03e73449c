"""Made-up people's names from several cultures, and e-mail addresses built from them."""

from __future__ import annotations

import random
import re
import unicodedata

# culture -> (weight when drawing at random, first names, family names)
CULTURES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "Anglo": (4, (
        "James", "Emily", "Olivia", "Liam", "Sophie", "Thomas", "Grace", "Daniel", "Hannah",
        "Ryan", "Megan", "Jack", "Chloe", "Nathan",
    ), (
        "Smith", "Johnson", "Brown", "Walker", "Wright", "Hughes", "Carter", "Bennett", "Murphy",
        "Collins", "Foster", "Reed", "O'Brien", "Campbell",
    )),
    "West African": (2, (
        "Amara", "Chidi", "Kwame", "Ngozi", "Tunde", "Adaeze", "Kofi", "Abena", "Femi",
        "Yewande", "Emeka", "Ama", "Seun", "Folake",
    ), (
        "Okafor", "Mensah", "Adeyemi", "Boateng", "Nwosu", "Owusu", "Balogun", "Diallo", "Eze",
        "Asante", "Okeke", "Adebayo", "Ogunleye", "Appiah",
    )),
    "South Asian": (2, (
        "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Sanjay", "Deepa",
        "Rahul", "Nisha", "Aditya", "Ishaan", "Lakshmi",
    ), (
        "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Chatterjee", "Menon",
        "Desai", "Rao", "Kapoor", "Qureshi", "Bose",
    )),
    "East Asian": (2, (
        "Wei", "Mei", "Hiroshi", "Yuki", "Jiwoo", "Minjun", "Lin", "Haruto", "Sakura", "Seo-yeon",
        "Jun", "Xiaoling", "Hana", "Kenji",
    ), (
        "Chen", "Wang", "Li", "Zhang", "Kim", "Park", "Lee", "Tanaka", "Sato", "Liu",
        "Watanabe", "Huang", "Choi", "Yamamoto",
    )),
    "Latin American": (3, (
        "María", "José", "Valentina", "Mateo", "Camila", "Santiago", "Lucía", "Diego", "Isabela",
        "Joaquín", "Gabriela", "Andrés", "João", "Fernanda",
    ), (
        "García", "Rodríguez", "Hernández", "López", "Martínez", "Gómez", "Silva", "Santos",
        "Oliveira", "Pereira", "Ramírez", "Torres", "Souza", "Castillo",
    )),
    "Arabic": (1.5, (
        "Omar", "Layla", "Youssef", "Fatima", "Karim", "Nour", "Hassan", "Amira", "Tariq", "Salma",
        "Khalid", "Yasmin", "Rania", "Samir",
    ), (
        "Haddad", "Mansour", "Khalil", "Nasser", "Saleh", "Farouk", "Aziz", "Hamdan", "Rahman",
        "Darwish", "El-Sayed", "Hijazi", "Abboud", "Kassem",
    )),
    "Slavic": (1.5, (
        "Ivan", "Olga", "Dmitri", "Katarzyna", "Piotr", "Anna", "Mikhail", "Natalia", "Tomasz",
        "Irina", "Marek", "Zofia", "Milena", "Bogdan",
    ), (
        "Novak", "Horvat", "Kravchenko", "Petrenko", "Shevchenko", "Dvořák", "Kovač", "Marković",
        "Popović", "Jovanović", "Bondarenko", "Tkachenko", "Kowalczyk", "Symonenko",
    )),
    # Drawn only when a planted sample person asks for it.
    "Filipino": (0, (
        "Maricel", "Rodel", "Analyn", "Jericho", "Kristine", "Paolo",
    ), (
        "Dela Cruz", "Bautista", "Villanueva", "Mendoza", "Reyes", "Aquino",
    )),
}

_ASCII_FIXES = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d",
                              "Đ": "D", "æ": "ae", "Æ": "AE"})


def pick_name(rng: random.Random, culture: str | None = None) -> tuple[str, str, str]:
    """(culture, first name, family name); a random culture by weight unless one is given."""
    if culture is None:
        cultures = list(CULTURES)
        culture = rng.choices(cultures, [CULTURES[c][0] for c in cultures])[0]
    _weight, firsts, lasts = CULTURES[culture]
    return culture, rng.choice(firsts), rng.choice(lasts)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only: 'Dvořák' -> 'dvorak', "O'Brien" -> 'obrien'."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII_FIXES))
    plain = plain.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z]", "", plain)


def make_email(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    """firstname.lastname<k>@example.org, unique within ``taken`` (which it updates)."""
    stem = f"{ascii_slug(first) or 'person'}.{ascii_slug(last) or 'sample'}"
    high = 99
    while True:
        email = f"{stem}{rng.randint(1, high)}@example.org"
        if email not in taken:
            taken.add(email)
            return email
        high *= 2
