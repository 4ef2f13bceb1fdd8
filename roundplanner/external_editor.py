"""Long notes edited in the user's own `$EDITOR`, through a temporary file.

Kept free of Textual: the screen suspends the app around `edit_text`, and tests call it
with EDITOR pointing at a tiny script. Whatever goes wrong (no such editor, a non-zero
exit), an `EditorFailed` says so and the caller keeps the text it had.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

DEFAULT_EDITOR = "vi"


class EditorFailed(Exception):
    """The editor could not be run or did not finish cleanly; the text is unchanged."""


def editor_command() -> list[str]:
    """$EDITOR split like a shell would (it may carry flags: `code --wait`), else vi."""
    value = os.environ.get("EDITOR", "").strip() or DEFAULT_EDITOR
    try:
        return shlex.split(value)
    except ValueError as error:
        raise EditorFailed(f"cannot read $EDITOR {value!r}: {error}") from None


def edit_text(text: str, *, suffix: str = ".md") -> str:
    """Open `text` in the editor and return what the file holds when it exits."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="roundplanner-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise EditorFailed(f"cannot run {command[0]!r}: {error.strerror}") from None
        if result.returncode != 0:
            raise EditorFailed(f"{command[0]} exited with status {result.returncode}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise EditorFailed(f"cannot read the edited text back: {error}") from None
    finally:
        path.unlink(missing_ok=True)
