"""Text from a calendar file made safe for a terminal, and for a calendar file.

An invite is written by a stranger: every text taken from it loses terminal escape
sequences and control characters, so it cannot restyle or spoof the TUI. The same cleaning
keeps control characters out of what we export (RFC 5545 forbids them in TEXT values).
"""

from __future__ import annotations

import re

from roundplanner.sanitize import ESCAPE_SEQUENCE as _ESCAPE_SEQUENCE
from roundplanner.sanitize import INVISIBLE_CHARS, clean

MAX_TEXT = 10_000
"""Longest description kept from an invite; the rest is boilerplate at best."""
MAX_LINE = 500
"""Longest one-line field (title, place, name) kept from an invite."""


def clean_text(text: str) -> str:
    """`text` without terminal escape sequences and control characters (newline, tab kept).

    Used on every text taken from an invite, and on what we export (RFC 5545 forbids
    control characters in TEXT values).
    """
    return clean(text, keep_newlines=True)


_clean = clean_text
_RAW_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{INVISIBLE_CHARS}]")


def _strip_controls(text: str) -> str:
    """The whole file without escape sequences and control characters, line breaks kept.

    Done before parsing, so hostile bytes in a parameter (where icalendar would drop the
    whole property) are removed and the rest of the line still counts.
    """
    return _RAW_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


_LINE_BREAKS = re.compile(r"[\n\t]+")


def _clean_line(text: str) -> str:
    """Cleaned text for one-line fields: newlines and tabs become spaces."""
    return _LINE_BREAKS.sub(" ", clean_text(text))


def _has_control(text: str) -> bool:
    return clean_text(text) != text or "\n" in text or "\t" in text
