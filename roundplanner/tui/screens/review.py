"""The checklist review: one round, full screen, walked item by item before the call.

The hour before a round deserves a quiet screen: who you meet and what you know about
them, how you would contribute, the topics to brush up on (walked with j/k, ticked with
space, each tick saved at once), the stories to tell and the questions to ask, and at the
end of the walk what is still unchecked.

Everything shown comes from `model.build_checklist`, the same function behind
`roundplanner checklist`, rebuilt after every change, so the shell and the screen never
disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from roundplanner.model import Checklist, Company, RoundRef, Topic, build_checklist, find_topic
from roundplanner.output.phrases import is_link, readiness_bar
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.timefmt import both_zones, live_countdown
from roundplanner.tui.screens.base import PlannerScreen, Showing

END_ID = "end"
"""The option after the last topic: landing on it shows what is still unchecked."""

PROGRESS_WIDTH = 20
"""Cells of the checklist's progress bar: wide enough that one tick visibly moves it."""

COUNTDOWN_SECONDS = 1.0
"""The countdown shows seconds in the last hour, so it is redrawn every second."""


def _topic_id(index: int) -> str:
    return f"topic-{index}"


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


def _indented(body: Text | str, indent: int) -> Padding:
    """A block whose wrapped lines keep their indent (a plain Text would wrap to column 0)."""
    return Padding(body if isinstance(body, Text) else Text(body), (0, 0, 0, indent))


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
    """The right-hand brief: people, contribution, stories, questions and prep notes.

    A section with nothing in it says what to do about it rather than disappearing: an
    empty "questions to ask" an hour before the call is worth noticing.
    """
    sections: list[tuple[str, list[RenderableType]]] = [("Who you meet", _people(checklist))]
    contribute = checklist.how_i_contribute
    sections.append(
        (
            "How I would contribute",
            [
                _paragraph(contribute)
                if contribute
                else _hint("not written yet — one sentence tying your work to theirs")
            ],
        )
    )
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


class ReviewScreen(PlannerScreen):
    """Walk one round's checklist before the call; every tick is saved at once."""

    HELP_TITLE = "Checklist review"
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
        Binding(
            "J",
            "scroll_brief(4)",
            "Scroll brief",
            id="brief-down",
            show=False,
            tooltip="Scroll the brief (people, stories, questions) down",
        ),
        Binding(
            "K",
            "scroll_brief(-4)",
            "Scroll brief up",
            id="brief-up",
            show=False,
            tooltip="Scroll the brief up",
        ),
        Binding("escape,q", "close", "Close", id="close-review", tooltip="Back where you were"),
    ]

    def showing(self) -> Showing:
        return Showing(self.slug, self.round_id)

    def __init__(self, session: Session, slug: str, round_id: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.slug = slug
        self.round_id = round_id
        self.checklist: Checklist | None = None
        """The checklist as last built; None when the round is gone."""

    def compose(self) -> ComposeResult:
        with Vertical(id="review-top"):
            with Horizontal(id="review-title-row"):
                yield Static(id="review-title")
                yield Static(id="review-countdown")
            yield Static(id="review-times")
        with Horizontal(id="review-body"):
            with Vertical(id="review-walk"):
                yield Static(id="review-progress")
                yield OptionList(id="review-topics")
                yield Static(id="review-detail")
            with VerticalScroll(id="review-brief"):
                yield Static(id="review-brief-text")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#review-topics", OptionList).focus()
        self.set_interval(COUNTDOWN_SECONDS, self.refresh_countdown)

    # -- data

    def _ref(self) -> RoundRef | None:
        company = self.session.companies.get(self.slug)
        round_ = company.round_by_id(self.round_id) if company is not None else None
        if company is None or round_ is None:
            return None
        return RoundRef(self.slug, company, round_)

    def build(self) -> Checklist | None:
        """The checklist from the session's current data, by the one shared function."""
        ref = self._ref()
        if ref is None:
            return None
        return build_checklist(ref, self.session.stories, self.session.settings.kind_labels)

    def refresh_data(self) -> None:
        """Rebuild the checklist and redraw everything, keeping the walk where it was."""
        if not self.is_mounted:
            return
        self.checklist = self.build()
        checklist = self.checklist
        if checklist is None:
            self._show_gone()
            return
        self._refresh_top(checklist)
        self._refresh_topics(checklist)
        self._refresh_progress(checklist)
        self.query_one("#review-brief-text", Static).update(Group(*brief_blocks(checklist)))
        self._refresh_detail()

    def _show_gone(self) -> None:
        self.query_one("#review-title", Static).update(
            Text("This round is gone: deleted, or its id changed on disk.", style="bold")
        )
        self.query_one("#review-times", Static).update("escape goes back.")
        self.query_one("#review-body").display = False

    def _refresh_top(self, checklist: Checklist) -> None:
        title = Text.assemble(
            (clean(checklist.company), "bold"),
            "  —  ",
            (clean(checklist.title), "bold"),
        )
        if checklist.status != "scheduled":
            title.append(f"  ({checklist.status})", style="dim")
        self.query_one("#review-title", Static).update(title)
        user_zone = self.session.settings.zone_name
        mine, theirs = both_zones(
            checklist.starts_at, checklist.ends_at, checklist.timezone, user_zone
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
        self.query_one("#review-times", Static).update(times)
        self.refresh_countdown()

    def refresh_countdown(self) -> None:
        """Redraw the countdown alone: cheap enough to run every second."""
        checklist = self.checklist
        if checklist is None or not self.is_mounted:
            return
        now = self.now()
        text = live_countdown(checklist.starts_at, checklist.ends_at, now)
        if checklist.starts_at is not None and checklist.starts_at > now:
            text = f"starts {text}"
        self.query_one("#review-countdown", Static).update(Text(text, style="bold"))

    def _refresh_topics(self, checklist: Checklist) -> None:
        topics = self.query_one("#review-topics", OptionList)
        highlighted = topics.highlighted
        topics.clear_options()
        topics.add_options(
            [
                Option(topic_prompt(t.title, t.done, t.note), id=_topic_id(i))
                for i, t in enumerate(checklist.topics)
            ]
        )
        topics.add_option(Option(Text("◆ End of the walk", style="bold"), id=END_ID))
        last = topics.option_count - 1
        topics.highlighted = min(highlighted, last) if highlighted is not None else 0

    def _refresh_progress(self, checklist: Checklist) -> None:
        done, total = checklist.done, checklist.total
        line = Text.assemble(("Checklist", "bold"), f"  {done}/{total}  ")
        if total:
            style = "green" if done == total else "yellow"
            line.append(readiness_bar(done, total, PROGRESS_WIDTH), style=style)
            line.append(f"  {done * 100 // total}%")
        else:
            line.append("no topics yet", style="dim")
        self.query_one("#review-progress", Static).update(line)

    def _refresh_detail(self) -> None:
        """Below the list: the item under the cursor, or the summary at the end of the walk."""
        checklist = self.checklist
        if checklist is None:
            return
        detail = self.query_one("#review-detail", Static)
        index = self.current_index()
        at_end = index is None
        detail.set_class(at_end, "-summary")
        detail.set_class(at_end and checklist.complete, "-complete")
        if at_end:
            detail.border_title = "End of the walk"
            detail.update(summary_text(checklist))
            return
        assert index is not None
        topic = checklist.topics[index]
        detail.border_title = f"Item {index + 1} of {checklist.total}"
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
        detail.update(text)

    # -- the walk

    def current_index(self) -> int | None:
        """The topic under the cursor, or None on the end-of-walk row (or with no topics)."""
        option = self.query_one("#review-topics", OptionList).highlighted_option
        if option is None or option.id is None or option.id == END_ID:
            return None
        return int(option.id.removeprefix("topic-"))

    def _move(self, step: int) -> None:
        topics = self.query_one("#review-topics", OptionList)
        current = topics.highlighted if topics.highlighted is not None else 0
        # Clamp rather than wrap: walking past the end lands on the summary and stays there.
        topics.highlighted = max(0, min(topics.option_count - 1, current + step))

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_end(self) -> None:
        topics = self.query_one("#review-topics", OptionList)
        topics.highlighted = topics.option_count - 1

    def action_scroll_brief(self, lines: int) -> None:
        self.query_one("#review-brief", VerticalScroll).scroll_relative(y=lines, animate=False)

    @on(OptionList.OptionHighlighted, "#review-topics")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._refresh_detail()

    @on(OptionList.OptionSelected, "#review-topics")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click: tick the item in place; on the summary, walk back to the first gap."""
        event.stop()
        if event.option.id == END_ID:
            self._back_to_first_unchecked()
        else:
            self.toggle(advance=False)

    def _back_to_first_unchecked(self) -> None:
        checklist = self.checklist
        if checklist is None:
            return
        first = next((i for i, t in enumerate(checklist.topics) if not t.done), None)
        if first is not None:
            self.query_one("#review-topics", OptionList).highlighted = first

    # -- changes

    def action_tick(self) -> None:
        self.toggle(advance=True)

    def toggle(self, *, advance: bool) -> None:
        """Tick or untick the current item and save at once; a tick moves the walk on."""
        index = self.current_index()
        checklist = self.checklist
        if index is None or checklist is None:
            return
        title = checklist.topics[index].title
        ticking = not checklist.topics[index].done
        verb = "tick" if ticking else "untick"
        if self._change_topic(index, title, f"{verb} {title}", _set_done(ticking)) and (
            advance and ticking
        ):
            self._move(1)

    def action_note(self) -> None:
        index = self.current_index()
        checklist = self.checklist
        if index is None or checklist is None:
            self.notify("Move to an item to add a note to it")
            return
        topic = checklist.topics[index]
        from roundplanner.tui.screens.text_prompt import TextPromptScreen

        def answered(value: str | None) -> None:
            if value is None or value == topic.note:
                return
            self._change_topic(index, topic.title, f"note on {topic.title}", _set_note(value))

        self.app.push_screen(
            TextPromptScreen(
                f"Note on “{clean(topic.title)}”",
                clean(topic.note),
                placeholder="what to remember about this item",
            ),
            answered,
        )

    def _change_topic(
        self, index: int, title: str, label: str, change: Callable[[Topic], None]
    ) -> bool:
        """Apply `change` to the topic shown at `index` and save; False (and say why) if not."""
        company = self.session.companies.get(self.slug)
        if company is None or find_topic(company, self.round_id, index, title) is None:
            self.notify("That item changed on disk; showing the file as it is now")
            self.refresh_data()
            return False
        round_id = self.round_id

        def apply_to(company: Company) -> None:
            topic = find_topic(company, round_id, index, title)
            if topic is not None:
                change(topic)

        return self.apply(self.slug, apply_to, label)

    def action_close(self) -> None:
        self.app.pop_screen()


def _set_done(done: bool) -> Callable[[Topic], None]:
    def change(topic: Topic) -> None:
        topic.done = done

    return change


def _set_note(note: str) -> Callable[[Topic], None]:
    def change(topic: Topic) -> None:
        topic.note = note

    return change
