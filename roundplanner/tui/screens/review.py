"""The checklist review: one round, full screen, walked item by item before the call.

The hour before a round deserves a quiet screen: who you meet and what you know about
them, how you would contribute, the topics to brush up on (walked with j/k, ticked with
space, each tick saved at once), the stories to tell and the questions to ask, and at the
end of the walk what is still unchecked.

A small layout of the widgets in widgets/review.py. Everything shown comes from
`model.build_checklist` (`read`), the same function behind `roundplanner checklist`, read
again after every change and handed out in slices, so only the parts that changed redraw
and the shell and the screen never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive

from roundplanner.model import Checklist, Company, RoundRef, Topic, build_checklist, find_topic
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.tui.screens.base import PlannerScreen, Showing
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.review import (
    Brief,
    Countdown,
    RoundHeading,
    TopicWalk,
    WalkDetail,
    WalkProgress,
)


class ReviewScreen(PlannerScreen):
    """Walk one round's checklist before the call; every tick is saved at once."""

    HELP_TITLE = "Checklist review"
    DEFAULT_CSS = """
    ReviewScreen .review-body { height: 1fr; padding: 0 1; margin-top: 1; }
    ReviewScreen .review-walk { width: 42%; margin-right: 2; }
    /* Below 100 columns the walk takes the width; the brief follows below it. */
    ReviewScreen.-narrow .review-body { layout: vertical; overflow-y: auto; }
    ReviewScreen.-narrow .review-walk { width: 100%; height: auto; margin-right: 0; }
    ReviewScreen.-narrow TopicWalk { max-height: 12; }
    ReviewScreen.-narrow Brief { height: auto; overflow-y: hidden; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
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

    checklist: reactive[Checklist | None] = reactive(None, init=False)
    """The checklist as last read; None when the round is gone. Set by `refresh_data`;
    its watcher hands each widget its slice (an unchanged checklist redraws nothing)."""

    def __init__(self, session: Session, slug: str, round_id: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.slug = slug
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        yield RoundHeading(self.now, self.session.settings.zone_name)
        with Horizontal(classes="review-body"):
            with Vertical(classes="review-walk"):
                yield WalkProgress(id="review-progress")
                yield TopicWalk(id="review-topics")
                yield WalkDetail(id="review-detail")
            yield Brief(id="review-brief")
        yield Footer()

    def on_mount(self) -> None:
        self.checklist = self.read()
        if self.checklist is None:
            self.watch_checklist(None)  # a round gone before the screen opened
        self.query_one(TopicWalk).focus()

    # -- data

    def read(self) -> Checklist | None:
        """The checklist from the session's current data, by the one shared function."""
        company = self.session.companies.get(self.slug)
        round_ = company.round_by_id(self.round_id) if company is not None else None
        if company is None or round_ is None:
            return None
        ref = RoundRef(self.slug, company, round_)
        return build_checklist(ref, self.session.stories, self.session.settings.kind_labels)

    def refresh_data(self) -> None:
        """Read the checklist again; the walk keeps its place."""
        if self.is_mounted:
            self.checklist = self.read()

    def watch_checklist(self, checklist: Checklist | None) -> None:
        """Hand each widget its slice; the ones whose slice is unchanged do not redraw."""
        heading = self.query_one(RoundHeading)
        self.query_one(".review-body").display = checklist is not None
        if checklist is None:
            heading.checklist = None
            return
        without_topics = replace(checklist, topics=[], unchecked=[])
        heading.checklist = without_topics
        self.query_one(WalkProgress).counts = (checklist.done, checklist.total)
        self.query_one(TopicWalk).topics = tuple(checklist.topics)
        detail = self.query_one(WalkDetail)
        detail.checklist = checklist
        detail.index = self.current_index()
        self.query_one(Brief).checklist = without_topics

    def refresh_countdown(self) -> None:
        """Redraw the countdown now (it redraws itself every second)."""
        self.query_one(Countdown).tick()

    def current_index(self) -> int | None:
        """The topic under the cursor, or None on the end-of-walk row (or with no topics)."""
        return self.query_one(TopicWalk).current_index()

    # -- the walk's requests

    @on(TopicWalk.Moved)
    def _moved(self, message: TopicWalk.Moved) -> None:
        self.query_one(WalkDetail).index = message.index

    @on(TopicWalk.Toggle)
    def _toggle(self, message: TopicWalk.Toggle) -> None:
        verb = "tick" if message.done else "untick"
        label = f"{verb} {message.title}"
        if (
            self._change_topic(message.index, message.title, label, _set_done(message.done))
            and message.advance
            and message.done
        ):
            self.query_one(TopicWalk).walked_on()

    @on(TopicWalk.NoteWanted)
    def _note(self, message: TopicWalk.NoteWanted) -> None:
        checklist = self.checklist
        if checklist is None:
            return
        index = message.index
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

    def action_scroll_brief(self, lines: int) -> None:
        self.query_one(Brief).scroll_relative(y=lines, animate=False)

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
