"""The checklist review's parts: the round's heading and live countdown, the walk through
its topics, the progress, the item under the cursor (or the end-of-walk summary), and the
brief beside them.

Each is handed the `Checklist` (model.build_checklist, the same one `roundplanner
checklist` prints) or its slice through a reactive and redraws itself when that changed.
`TopicWalk` owns the walk's keys and posts what the user asked for; the screen makes the
change through the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roundplanner.model import Checklist, Topic
from roundplanner.output.phrases import is_link, readiness_bar
from roundplanner.sanitize import clean
from roundplanner.timefmt import both_zones, live_countdown

END_ID = "end"
"""The option after the last topic: landing on it shows what is still unchecked."""

PROGRESS_WIDTH = 20
"""Cells of the checklist's progress bar: wide enough that one tick visibly moves it."""

COUNTDOWN_SECONDS = 1.0
"""The countdown shows seconds in the last hour, so it is redrawn every second."""


# --------------------------------------------------------------------------- heading


class Countdown(Static):
    """'starts in 13h', 'in progress, 45m left': redrawn every second by itself."""

    DEFAULT_CSS = """
    Countdown { width: auto; color: $accent; text-style: bold; }
    """

    span: reactive[tuple[datetime | None, datetime | None]] = reactive((None, None))
    """When the round starts and ends."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        """The instant to count from (the session's clock)."""
        self._shown = ""

    def on_mount(self) -> None:
        self.set_interval(COUNTDOWN_SECONDS, self.tick)

    def watch_span(self) -> None:
        self.tick()

    def tick(self) -> None:
        """Redraw the countdown alone: cheap enough to run every second."""
        starts_at, ends_at = self.span
        now = self.clock()
        text = live_countdown(starts_at, ends_at, now)
        if starts_at is not None and starts_at > now:
            text = f"starts {text}"
        if text != self._shown:  # most seconds change nothing ("starts in 13h")
            self._shown = text
            self.update(Text(text))


class RoundHeading(Vertical):
    """Company and round, the countdown, the time in both zones, and where."""

    DEFAULT_CSS = """
    RoundHeading { height: auto; padding: 0 2; background: $boost; }
    RoundHeading > Horizontal { height: auto; }
    RoundHeading .review-title { width: 1fr; }
    RoundHeading .review-times { height: auto; }
    """

    checklist: reactive[Checklist | None] = reactive(None, init=False)
    """The round's checklist (its topics left out: a tick does not redraw the heading);
    None when the round is gone."""

    def __init__(self, clock: Callable[[], datetime], zone_name: str) -> None:
        super().__init__()
        self._clock = clock
        self.zone_name = zone_name
        """The user's zone: the first of the two times shown."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(id="review-title", classes="review-title")
            yield Countdown(self._clock, id="review-countdown")
        yield Static(id="review-times", classes="review-times")

    def watch_checklist(self, checklist: Checklist | None) -> None:
        title = self.query_one("#review-title", Static)
        times = self.query_one("#review-times", Static)
        if checklist is None:
            title.update(
                Text("This round is gone: deleted, or its id changed on disk.", style="bold")
            )
            times.update("escape goes back.")
            self.query_one(Countdown).display = False
            return
        heading = Text.assemble(
            (clean(checklist.company), "bold"), "  —  ", (clean(checklist.title), "bold")
        )
        if checklist.status != "scheduled":
            heading.append(f"  ({checklist.status})", style="dim")
        title.update(heading)
        times.update(self._times(checklist))
        self.query_one(Countdown).span = (checklist.starts_at, checklist.ends_at)

    def _times(self, checklist: Checklist) -> Text:
        mine, theirs = both_zones(
            checklist.starts_at, checklist.ends_at, checklist.timezone, self.zone_name
        )
        times = Text.assemble(("Your time   ", "dim"), mine)
        if theirs is not None:
            times.append("\n")
            times.append("Their time  ", style="dim")
            times.append(theirs)
        times.append("\n")
        times.append("Where       ", style="dim")
        where = clean(checklist.where)
        if not where:
            times.append("not set — ask the recruiter for the link", style="dim")
        elif is_link(where):
            times.append(where, style=Style(underline=True, link=where))
        else:
            times.append(where)
        return times


# --------------------------------------------------------------------------- the walk


def topic_prompt(title: str, done: bool, note: str) -> Table:
    """One checklist line: a box, then the title and its note, wrapping under the title."""
    body = Text(clean(title), style="dim" if done else "")
    if note:
        body.append("\n✎ ", style="dim")
        body.append(clean(note), style="italic")
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text("[✓]" if done else "[ ]", style="bold green" if done else "bold"), body)
    return grid


class WalkProgress(Static):
    """'Checklist 3/6 ██████████░░░░ 50%'."""

    DEFAULT_CSS = """
    WalkProgress { height: 1; padding: 0 1; }
    """

    counts: reactive[tuple[int, int]] = reactive((0, 0))
    """(ticked, all) topics."""

    def watch_counts(self, counts: tuple[int, int]) -> None:
        done, total = counts
        line = Text.assemble(("Checklist", "bold"), f"  {done}/{total}  ")
        if total:
            style = "green" if done == total else "yellow"
            line.append(readiness_bar(done, total, PROGRESS_WIDTH), style=style)
            line.append(f"  {done * 100 // total}%")
        else:
            line.append("no topics yet", style="dim")
        self.update(line)


class TopicWalk(OptionList):
    """The topics, then the end of the walk; j/k walk, space ticks, n notes, e jumps."""

    DEFAULT_CSS = """
    TopicWalk { height: auto; max-height: 75%; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "next", "Next", id="walk-next", tooltip="Next item (past the last: summary)"),
        Binding("k", "previous", "Previous", id="walk-previous", tooltip="Previous item"),
        Binding(
            "space",
            "tick",
            "Tick",
            id="tick",
            tooltip="Tick or untick the item; ticking moves on to the next",
        ),
        Binding("n", "note", "Note", id="note", tooltip="Add or edit a note on the item"),
        Binding(
            "e",
            "end",
            "Unchecked",
            id="walk-end",
            tooltip="Jump to the end of the walk: what is still unchecked",
        ),
    ]

    topics: reactive[tuple[Topic, ...]] = reactive(())
    """The round's topics, in order."""

    @dataclass
    class Toggle(Message):
        """Tick (or untick) the topic at `index`, called `title`; `advance` walks on."""

        index: int
        title: str
        done: bool
        advance: bool

    @dataclass
    class NoteWanted(Message):
        """Write a note on the topic at `index`."""

        index: int

    @dataclass
    class Moved(Message):
        """The cursor is on the topic at `index` (None: the end of the walk)."""

        index: int | None

    def watch_topics(self, old: tuple[Topic, ...], new: tuple[Topic, ...]) -> None:
        if len(old) == len(new) and self.option_count == len(new) + 1:
            # A tick or a note: redraw the lines that changed, keep the cursor.
            for index, (before, after) in enumerate(zip(old, new, strict=True)):
                if before != after:
                    self.replace_option_prompt_at_index(index, self._prompt(after))
            self.post_message(self.Moved(self.current_index()))
            return
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            [Option(self._prompt(t), id=f"topic-{i}") for i, t in enumerate(new)]
            + [Option(Text("◆ End of the walk", style="bold"), id=END_ID)]
        )
        last = self.option_count - 1
        self.highlighted = min(highlighted, last) if highlighted is not None else 0

    @staticmethod
    def _prompt(topic: Topic) -> Table:
        return topic_prompt(topic.title, topic.done, topic.note)

    def current_index(self) -> int | None:
        """The topic under the cursor, or None on the end-of-walk row (or with no topics)."""
        index = self.highlighted
        if index is None or index >= len(self.topics):
            return None
        return index

    def _move(self, step: int) -> None:
        current = self.highlighted if self.highlighted is not None else 0
        # Clamp rather than wrap: walking past the end lands on the summary and stays there.
        self.highlighted = max(0, min(self.option_count - 1, current + step))

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_end(self) -> None:
        self.highlighted = self.option_count - 1

    def action_tick(self) -> None:
        self._toggle(advance=True)

    def action_note(self) -> None:
        index = self.current_index()
        if index is None:
            self.notify("Move to an item to add a note to it")
            return
        self.post_message(self.NoteWanted(index))

    def walked_on(self) -> None:
        """A tick went through: walk on to the next item."""
        self._move(1)

    def _toggle(self, *, advance: bool) -> None:
        index = self.current_index()
        if index is None:
            return
        topic = self.topics[index]
        self.post_message(self.Toggle(index, topic.title, not topic.done, advance))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Moved(self.current_index()))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click: tick the item in place; on the summary, walk back to the
        first item still unchecked."""
        event.stop()
        if event.option.id != END_ID:
            self._toggle(advance=False)
            return
        first = next((i for i, t in enumerate(self.topics) if not t.done), None)
        if first is not None:
            self.highlighted = first


def _indented(body: Text | str, indent: int) -> Padding:
    """A block whose wrapped lines keep their indent (a plain Text would wrap to column 0)."""
    return Padding(body if isinstance(body, Text) else Text(body), (0, 0, 0, indent))


def summary_text(checklist: Checklist) -> Group:
    """The end of the walk: what is still unchecked, or a send-off when nothing is."""
    if checklist.total == 0:
        return Group(Text("This round has no checklist. Add topics from the round screen.", "dim"))
    if checklist.complete:
        return Group(Text(f"All {checklist.total} topics ticked. Good luck!", style="bold green"))
    count = f"Still unchecked: {len(checklist.unchecked)} of {checklist.total}"
    blocks: list[RenderableType] = [Text(count, style="bold yellow")]
    blocks += [_indented(Text(f"• {clean(title)}"), 2) for title in checklist.unchecked]
    blocks.append(Text("enter walks back to the first one", style="dim"))
    return Group(*blocks)


class WalkDetail(Static):
    """The item under the cursor in full, or at the end of the walk what is unchecked."""

    DEFAULT_CSS = """
    WalkDetail {
        height: auto;
        min-height: 5;
        padding: 0 1;
        border: round $panel;
        border-title-color: $text-muted;
    }
    WalkDetail.-summary { border: round $warning; border-title-color: $warning; }
    WalkDetail.-summary.-complete { border: round $success; border-title-color: $success; }
    """

    checklist: reactive[Checklist | None] = reactive(None)
    """The round's checklist."""
    index: reactive[int | None] = reactive(None)
    """The topic shown; None for the end of the walk."""

    def watch_checklist(self) -> None:
        self._show()

    def watch_index(self) -> None:
        self._show()

    def _show(self) -> None:
        checklist, index = self.checklist, self.index
        if checklist is None:
            return
        at_end = index is None or index >= checklist.total
        self.set_class(at_end, "-summary")
        self.set_class(at_end and checklist.complete, "-complete")
        if index is None or at_end:
            self.border_title = "End of the walk"
            self.update(summary_text(checklist))
            return
        topic = checklist.topics[index]
        self.border_title = f"Item {index + 1} of {checklist.total}"
        text = Text(clean(topic.title), style="bold")
        text.append("\n")
        if topic.note:
            text.append("Note: ", style="dim")
            text.append(clean(topic.note), style="italic")
        else:
            text.append("No note. n adds one.", style="dim")
        text.append("\n")
        text.append(
            "ticked — space unticks" if topic.done else "space ticks it and moves on",
            style="dim",
        )
        self.update(text)


# --------------------------------------------------------------------------- the brief


def _paragraph(body: str, indent: int = 2, style: str = "") -> Padding:
    return _indented(Text(clean(body, keep_newlines=True), style=style), indent)


def _hint(body: str) -> Padding:
    return _indented(Text(body, style="dim"), 2)


def _people(checklist: Checklist) -> list[RenderableType]:
    if not checklist.interviewers:
        return [_hint("nobody named yet — ask the recruiter")]
    blocks: list[RenderableType] = []
    for person in checklist.interviewers:
        line = Text.assemble((clean(person.name), "bold"))
        if person.role:
            line.append(f" · {clean(person.role)}")
        blocks.append(_indented(line, 2))
        if person.profile:
            blocks.append(_paragraph(person.profile, 4, "dim underline"))
        if person.notes:
            blocks.append(_paragraph(person.notes, 4, "italic"))
    return blocks


def _stories(checklist: Checklist) -> list[RenderableType]:
    if not checklist.stories:
        return [_hint("none picked — choose one with a measurable outcome")]
    blocks: list[RenderableType] = []
    for story in checklist.stories:
        style = "bold red" if story.missing else "bold"
        blocks.append(_indented(Text(f"• {clean(story.title)}", style=style), 2))
        for label, body in (
            ("Setup", story.setup),
            ("Actions", story.actions),
            ("Outcome", story.outcome),
        ):
            if body:
                blocks.append(_indented(Text.assemble((f"{label}: ", "bold"), clean(body)), 4))
    return blocks


def brief_blocks(checklist: Checklist) -> list[RenderableType]:
    """The brief: people, contribution, stories, questions and prep notes.

    A section with nothing in it says what to do about it rather than disappearing: an
    empty "questions to ask" an hour before the call is worth noticing.
    """
    contribute = checklist.how_i_contribute
    sections: list[tuple[str, list[RenderableType]]] = [
        ("Who you meet", _people(checklist)),
        (
            "How I would contribute",
            [
                _paragraph(contribute)
                if contribute
                else _hint("not written yet — one sentence tying your work to theirs")
            ],
        ),
    ]
    if checklist.what_they_do:
        sections.append(("What they do", [_paragraph(checklist.what_they_do)]))
    sections.append(("Stories to tell", _stories(checklist)))
    questions: list[RenderableType] = [
        _indented(Text(f"? {clean(q)}"), 2) for q in checklist.questions
    ] or [_hint("none yet — have two ready")]
    sections.append(("Questions to ask", questions))
    if checklist.prep_notes:
        sections.append(("Prep notes", [_paragraph(checklist.prep_notes)]))
    blocks: list[RenderableType] = []
    for index, (heading, body) in enumerate(sections):
        title = Text(heading, style="bold underline")
        if index:
            title = Text.assemble("\n", title)
        blocks.append(title)
        blocks.extend(body)
    return blocks


class Brief(VerticalScroll):
    """Who you meet, how you would contribute, stories, questions, prep notes; scrolls."""

    DEFAULT_CSS = """
    Brief { width: 1fr; padding: 0 1 0 0; scrollbar-size-vertical: 1; }
    """

    checklist: reactive[Checklist | None] = reactive(None, init=False)
    """The round's checklist (its topics left out: a tick does not redraw the brief)."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-brief-text")

    def watch_checklist(self, checklist: Checklist | None) -> None:
        if checklist is not None:
            self.query_one("#review-brief-text", Static).update(Group(*brief_blocks(checklist)))
