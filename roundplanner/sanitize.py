"""The one sanitizer for text on its way to a terminal (and into an exported calendar).

Text from a company file or a recruiter's invite is written by someone else. On a terminal
an ESC or another control character can move the cursor, retitle the window or hide a
line; a bidi override (U+202E) can make `evil.exe` read as `exe.live`; zero-width
characters make two names that look the same differ. Everything shown passes through
`clean` (one line) or `clean(..., keep_newlines=True)` (notes), here or in the TUI, and
the calendar's cleaner uses the same character classes (`UNSAFE_CHARS`).

Markup is a separate matter: the TUI never interprets this text as Rich/Textual markup
(see `roundplanner.tui.text`).
"""

from __future__ import annotations

import re

ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves
    r"|\][^\x07\x1b\r\n]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|[PX^_][^\x1b\r\n]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|[^\r\n]?)"  # two-character escapes
)
"""Terminal escape sequences. Never across a line break: an unterminated sequence must not
swallow the lines after it."""

INVISIBLE_CHARS = (
    # Every format character (Unicode category Cf) but the soft hyphen, which only
    # suggests where a word may break: bidi embeddings, overrides and isolates, zero-width
    # spaces and joiners, word joiners, the BOM, the tag characters of "ASCII smuggling".
    "\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    # Characters that draw nothing but are not Cf: the combining grapheme joiner, Hangul
    # and Khmer fillers, the braille blank, variation selectors.
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\uffa0"
    "\ufe00-\ufe0f\U000e0100-\U000e01ef"
    # Lone surrogates: a file name that is not UTF-8 arrives with its raw bytes (C1
    # controls among them) escaped as these.
    "\ud800-\udfff"
)
"""Characters that reorder or hide text on a terminal; never part of a real name. A test
checks the list against the Unicode database, so a newer Python cannot slip one past."""

UNSAFE_CHARS = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE_CHARS}]")
"""Control and invisible characters; newline and tab are not in it."""

_LINE_SEPARATORS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
_BREAKS = re.compile(r"[\n\t]+")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe for a terminal: no escape sequences, control or invisible characters.

    One-line (the default): line breaks and tabs become single spaces and the ends are
    trimmed. With `keep_newlines`, line breaks become `\\n` and tabs stay.
    """
    text = _LINE_SEPARATORS.sub("\n", text)
    text = UNSAFE_CHARS.sub("", ESCAPE_SEQUENCE.sub("", text))
    if keep_newlines:
        return text
    return _BREAKS.sub(" ", text).strip()


_UNSAFE_IN_JSON = re.compile(f"[\\x7f-\\x9f\\u2028\\u2029{INVISIBLE_CHARS}]")
"""What `json.dumps(ensure_ascii=False)` leaves raw but a terminal would obey or hide."""


def json_text(data: object) -> str:
    """`data` as indented JSON that is safe on a terminal and still exact.

    Scripts get every character of the data back (the unsafe ones are written as `\\uXXXX`
    escapes, which any JSON reader decodes), while a person who runs `--json` in a terminal
    sees no bidi override or C1 control take effect."""
    import json  # only `--json` pays for it: the quick start never prints JSON

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda match: _json_escape(match.group()), text)


def _json_escape(char: str) -> str:
    """`\\uXXXX` for one character; a surrogate pair beyond the BMP, as JSON spells it."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
