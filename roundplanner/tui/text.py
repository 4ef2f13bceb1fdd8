"""Text from files and invites on its way to the screen: always data, never markup.

A company name, a round title from a recruiter's invite, a note, a file name: someone
else may have written it, and Textual and Rich read a plain `str` as markup almost
everywhere (Static and Label content, DataTable and OptionList cells, Rich table cells,
command palette hits, toasts). `[/]` in a title then raises while the screen is drawn
(a blank screen that ignores every key), and `[blink reverse]` or `[link=…]` are obeyed.

The one rule: such text reaches a widget as a `rich.text.Text` (or Textual `Content`),
made here, cleaned of control, bidi and zero-width characters on the way
(`roundplanner.sanitize.clean`). The app's own fixed strings may stay markup. Toasts and
the header are covered once, in `RoundPlannerApp.notify` and `.format_title`, which treat
every message as plain text; `tests/tui/test_text_is_never_markup.py` guards the rule.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from roundplanner.sanitize import clean


def plain(text: str, style: str | Style = "", *, keep_newlines: bool = False) -> Text:
    """`text` (from a file, an invite or the keyboard) to show as it is: cleaned, a Text.

    One line by default; `keep_newlines` for notes shown over several lines.
    """
    return Text(clean(text, keep_newlines=keep_newlines), style=style)


def editable(text: str) -> str:
    """`text` to put in an Input or TextArea for editing: control, bidi and zero-width
    characters out (a TextArea writes what it holds to the terminal as it is), line breaks
    and spacing kept. Saving the field saves what was shown; an untouched field is not
    saved, so the file keeps its text until the user edits it."""
    return clean(text, keep_newlines=True)


def toast(text: str) -> str:
    """A toast's message or title, cleaned (toasts are always shown without markup)."""
    return clean(text, keep_newlines=True)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """`candidate` with the letters `matcher` found highlighted, read as plain text.

    `Matcher.highlight` reads the candidate as markup, so a company named `Aardvark [/]`
    would break the command palette; this does the same highlighting on plain content.
    """
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def one_line(width: int, parts: list[tuple[Text, int]]) -> Text:
    """`parts` (each with how soon it gives way: 0 never, higher first) joined on one
    line of `width` cells: the parts that give way first are left out until the rest
    fits, then what still does not fit ends in "…". A heading that wrapped at 80 columns
    took a second line, and the line that matters (name, stage, what is due) with it."""
    kept = list(parts)
    while sum(text.cell_len for text, _ in kept) > width and any(give for _, give in kept):
        last = max(give for _, give in kept)
        kept.remove(next(part for part in reversed(kept) if part[1] == last))
    line = Text.assemble(*(text for text, _ in kept))
    line.truncate(max(width, 1), overflow="ellipsis")
    return line
