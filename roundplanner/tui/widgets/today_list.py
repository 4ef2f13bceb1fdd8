"""The morning list: today's prep blocks, the follow-ups due, what will not fit, what is next.

A widget that owns its part: it is given a `Today` (plan.py) through its `today` reactive
and redraws itself when that changes; its keys (space, z, enter) post messages up, so the
screen that holds it decides what a tick or a snooze changes, through the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roundplanner.model import countdown
from roundplanner.plan import Block, Flagged, FollowUp, RoundKey, Today
from roundplanner.timefmt import day_text
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.hanging import Hanging


def _rounds(keys: tuple[RoundKey, ...], now: datetime) -> Text:
    first = keys[0]
    more = f" (+{len(keys) - 1})" if len(keys) > 1 else ""
    when = countdown(first.starts_at, now)
    return Text.assemble(
        plain(f"{first.company} — {first.label}", "dim"), (f"{more}, {when}", "dim")
    )


BOX_INDENT = len("[ ] ")
BLOCK_INDENT = len("[ ]  30 min  ")
"""Where a row's words start: its wrapped lines start there too."""


class TodayList(OptionList):
    """Rows of the day; headings are disabled rows the cursor skips."""

    DEFAULT_CSS = """
    TodayList { height: 1fr; border: none; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space", "tick", "Done", id="today-done", tooltip="Tick the topic, or mark it done"
        ),
        Binding("z", "snooze", "Snooze", id="today-snooze", tooltip="Put a follow-up off a day"),
        Binding("enter", "open", "Open round", id="today-open", tooltip="Open the round it is for"),
    ]

    today: reactive[Today | None] = reactive(None, always_update=True)
    """What the list shows; set by the screen, redrawn here."""
    now: datetime | None = None
    """The instant the countdowns count from (set with `today`)."""

    @dataclass
    class TickTopic(Message):
        """Tick the topic called `title` (a shared topic is one piece of prep for every
        round still to come that lists it)."""

        title: str

    @dataclass
    class Settle(Message):
        """Mark the follow-up done (`snooze_days` None) or put it off."""

        slug: str
        key: str
        snooze_days: int | None

    @dataclass
    class OpenRound(Message):
        """Open the round a row is about."""

        slug: str
        round_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[str, Block | FollowUp | Flagged] = {}

    def watch_today(self, today: Today | None) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self._rows.clear()
        if today is None:
            return
        now = self.now or datetime.now().astimezone()
        self.add_options(self._build(today, now))
        if highlighted is not None and self.option_count:
            self.highlighted = min(highlighted, self.option_count - 1)
        elif self.option_count:
            self.action_first()

    def _build(self, today: Today, now: datetime) -> list[Option]:
        options: list[Option] = []
        todays = today.blocks_on(today.day)
        minutes = sum(block.minutes for block in todays)
        title = f"Prep today · {minutes} min" if todays else "Prep today · nothing planned"
        options.append(self._heading(title))
        for block in todays:
            options.append(self._row(block.key, block, self._block_line(block, now)))
        due = [item for item in today.follow_ups if item.due <= today.day]
        if due:
            options.append(self._heading(f"Follow-ups · {len(due)}"))
            for item in due:
                row = self._follow_up_line(item, late=item.due < today.day)
                options.append(self._row(item.ref, item, row))
        if today.flagged:
            options.append(self._heading("Will not fit before the round · pick what matters"))
            for index, flag in enumerate(today.flagged):
                flagged = Text.assemble("! ", plain(flag.title), "  ", _rounds(flag.rounds, now))
                options.append(self._row(f"flag-{index}", flag, Hanging(flagged, 2)))
        ahead = sorted({block.day for block in today.blocks if block.day > today.day})
        if ahead:
            options.append(self._heading("Coming days"))
            for day in ahead[:7]:
                blocks = today.blocks_on(day)
                total = sum(block.minutes for block in blocks)
                names = ", ".join("review" if b.is_review else b.title for b in blocks)
                coming = Text.assemble((f"{day_text(day)}  {total:>3} min  ", "bold"), plain(names))
                options.append(Option(Hanging(coming, len("Mon 30 Nov   90 min  ")), disabled=True))
        return options

    @staticmethod
    def _heading(title: str) -> Option:
        return Option(Text(title, style="bold"), disabled=True)

    def _row(self, key: str, item: Block | FollowUp | Flagged, line: Text | Hanging) -> Option:
        """A row the cursor can land on, remembered by `key`."""
        self._rows[key] = item
        return Option(line, id=key)

    @staticmethod
    def _block_line(block: Block, now: datetime) -> Hanging:
        what = "Review: checklist, stories, questions" if block.is_review else block.title
        line = Text.assemble(
            ("[ ] ", "bold"),
            (f"{block.minutes:>3} min  ", "cyan"),
            plain(what),
            "  ",
            _rounds(block.rounds, now),
        )
        return Hanging(line, BLOCK_INDENT)

    @staticmethod
    def _follow_up_line(item: FollowUp, late: bool) -> Hanging:
        due = f"  (due {day_text(item.due)})" if late else ""
        line = Text.assemble(
            ("[ ] ", "bold"), plain(item.company), ": ", plain(item.text), (due, "yellow")
        )
        return Hanging(line, BOX_INDENT)

    # -- keys

    def _current(self) -> Block | FollowUp | Flagged | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._rows.get(option.id or "")

    def action_tick(self) -> None:
        item = self._current()
        if isinstance(item, Block | Flagged) and item.topic_index is not None:
            self.post_message(self.TickTopic(item.title))
        elif isinstance(item, FollowUp):
            self.post_message(self.Settle(item.slug, item.key, None))

    def action_snooze(self) -> None:
        item = self._current()
        if isinstance(item, FollowUp):
            self.post_message(self.Settle(item.slug, item.key, 1))

    def action_open(self) -> None:
        item = self._current()
        if isinstance(item, Block | Flagged):
            first = item.rounds[0]
            self.post_message(self.OpenRound(first.slug, first.round_id))
        elif isinstance(item, FollowUp) and item.round_id is not None:
            self.post_message(self.OpenRound(item.slug, item.round_id))
