"""Text from files and invites is shown on a terminal: strip what a terminal would obey.

An ESC or other control character in a company file or a recruiter's invite could move
the cursor, retitle the window or worse. Everything shown passes through `clean`.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b."  # two-character escapes
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NO_NEWLINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without escape sequences or control characters (tabs kept; newlines if asked)."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    if keep_newlines:
        return _CONTROL.sub("", text.replace("\r\n", "\n"))
    return _CONTROL_NO_NEWLINE.sub(" ", text.replace("\r\n", " ")).strip()
