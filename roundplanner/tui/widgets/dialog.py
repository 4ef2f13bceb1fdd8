"""The frame every dialog of the lists area sits in: a body that scrolls and a row of
buttons that never does.

At 80x24 a dialog with two text areas (the story form) or a long invite (the import) is
taller than the terminal. The buttons are docked to the bottom of the frame, so the body
gives way and scrolls while Save and Cancel stay on screen at any size.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll


class DialogFrame(Vertical):
    """The dialog's box: as tall as its content, never taller than the screen allows."""

    DEFAULT_CSS = """
    DialogFrame {
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        padding: 0 1;
        border: thick $accent;
        background: $surface;
    }
    DialogFrame.-wide { width: 100; }
    """


class DialogBody(VerticalScroll):
    """What the dialog asks or shows; scrolls when the frame cannot hold it all."""

    DEFAULT_CSS = """
    DialogBody {
        height: auto;
        max-height: 1fr;
        padding: 1 1 0 1;
        scrollbar-size-vertical: 1;
    }
    """


class DialogButtons(Horizontal):
    """The dialog's buttons, docked to the frame's bottom edge so they are always seen."""

    DEFAULT_CSS = """
    DialogButtons {
        dock: bottom;
        height: auto;
        padding: 0 1;
        margin-top: 1;
        align-horizontal: right;
    }
    DialogButtons Button { margin-left: 2; }
    """
