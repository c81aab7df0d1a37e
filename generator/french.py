"""French formatting for readers: dates and counts, with no process-wide locale."""

from __future__ import annotations

import datetime as dt
import unicodedata

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
          "août", "septembre", "octobre", "novembre", "décembre")


def format_date(date: dt.date) -> str:
    """« 21 novembre 2026 », « 1er mars 2026 »."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 action », « 2 actions », « 0 action » (French uses the singular below 2)."""
    word = singular if count < 2 else (plural_form or singular + "s")
    return f"{format_number(count)} {word}"


def format_number(number: int) -> str:
    """« 12 345 » with a narrow no-break space between thousands."""
    return f"{number:,}".replace(",", "\u202f")


def format_euros(amount: float) -> str:
    """« 9 300 € »."""
    whole = int(amount)
    text = format_number(whole) if whole == amount else f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def strip_accents(text: str) -> str:
    """Lower case without diacritics: « Éducation Populaire » → « education populaire »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The letters and digits of a text, case and accents aside: how names typed by hand are compared
    (« Démocratie & citoyenneté » → « democratiecitoyennete »)."""
    return "".join(c for c in strip_accents(text) if c.isalnum())


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order as a French reader expects: « Éducation » between « Culture » and « Famille »."""
    return strip_accents(text), text


def typeset(label: str) -> str:
    """A label of ours in French typography: curly apostrophe, no-break space before « : ; ! ? »."""
    text = label.replace("'", "\u2019")
    for mark in ":;!?":
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text
