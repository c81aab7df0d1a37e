"""French formatting for readers: dates and counts, with no process-wide locale."""

from __future__ import annotations

import datetime as dt
import re
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
    lowered = text.casefold()
    if lowered.isascii():  # nothing to decompose (most names, most lines of an export)
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus « _ »
# The bytes of ASCII that are neither letters nor digits, and what else an accented Latin text decomposes into.
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_BEYOND_LATIN_MARKS = re.compile("[^\x00-\x7f\u0300-\u036f]")


def fold(text: str) -> str:
    """The letters and digits of a text, case and accents aside: how names typed by hand are compared
    (« Démocratie & citoyenneté » → « democratiecitoyennete »)."""
    lowered = text.casefold()
    if not lowered.isascii():  # accents decompose into marks, and no mark is a letter or digit
        lowered = unicodedata.normalize("NFKD", lowered)
        if _BEYOND_LATIN_MARKS.search(lowered):  # letters of other scripts, symbols: the general rule
            return _NOT_ALNUM.sub("", lowered)
    # ASCII and Latin marks only (nearly every line of an export): drop the marks, then bytes, fast.
    return lowered.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM).decode("ascii")


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order as a French reader expects: « Éducation » between « Culture » and « Famille »."""
    return strip_accents(text), text


def typeset(label: str) -> str:
    """A label of ours in French typography: curly apostrophe, no-break space before « : ; ! ? »."""
    text = label.replace("'", "\u2019")
    for mark in ":;!?":
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text
