"""The one place every change goes through: apply, save at once, remember for undo.

The TUI never writes a file itself. It asks the session to change a company (or the
story bank); the session validates the result, saves only that file, pushes the old
state on the undo stack and says what happened. Kept free of Textual so the whole
editing flow can be tested without a screen.

A change that cannot be written (disk full, read-only folder) stays in memory, marked
pending, and `retry_pending` writes it later: nothing the user typed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from roundplanner import paths
from roundplanner.locking import WorkspaceBusy
from roundplanner.model import Company, StoryBank, zone
from roundplanner.problems import Problem, validation_problems
from roundplanner.settings import Settings
from roundplanner.store import (
    CONFLICTS,
    STORIES,
    SaveResult,
    SaveStatus,
    Store,
    StoreError,
    Workspace,
)
from roundplanner.toml_io import model_to_toml

_M = TypeVar("_M", Company, StoryBank)

UNDO_LIMIT = 50
"""How many changes ctrl+z can take back: a whole sitting's edits, not only the last few."""


class ChangeRejected(Exception):
    """A change that would make the data invalid; nothing was changed or saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(_short(p) for p in problems))


def _short(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def _apply(change: Callable[[_M], None], model: _M, where: str) -> None:
    """Run a change; a value refused by assignment validation becomes ChangeRejected."""
    try:
        change(model)
    except ValidationError as error:
        raise ChangeRejected(validation_problems(error, where)) from None


@dataclass
class Outcome:
    """What a change did, for the TUI to tell the user."""

    key: str
    saved: bool
    message: str = ""
    conflict: bool = False
    reason: str = ""
    """With `saved` False: why the write failed, without what the TUI does about it."""


Origin = str
"""Who made a change: "user" (the screens, the CLI), "sync" (the calendar sync), "disk"
(another writer: an editor, git, a second instance, picked up from the files)."""


@dataclass(frozen=True)
class Change:
    """What the session announces after its data changed: which files' data was replaced,
    how a change made here went, and who made it.

    Listeners (the TUI app) hear of every change, whoever made it, so no caller has to
    remember to say what it changed."""

    keys: tuple[str, ...]
    """The files whose data changed (`companies/<slug>.toml`, `stories.toml`)."""
    outcome: Outcome | None = None
    """For a change made through the session: saved, pending or kept apart, and what to
    tell the user. None for another writer's change picked up from disk."""
    origin: Origin = "user"


Listener = Callable[[Change], None]


@dataclass
class _UndoEntry:
    label: str
    slug: str | None  # None: the story bank
    before: Company | StoryBank | None  # None: the company did not exist
    left: str | None = None
    """The digest of what the change left on disk (None: no file, or not written). Undo
    restores `before` only while the file still holds exactly that; otherwise someone
    wrote since (an import, an editor) and overwriting would throw their work away."""
    written: bool = False


@dataclass
class Session:
    """The workspace being edited, its store, and the history of changes."""

    store: Store
    workspace: Workspace
    settings: Settings
    clock: Callable[[], datetime] = field(default=paths.now)
    undo_stack: list[_UndoEntry] = field(default_factory=list)
    pending: dict[str, str] = field(default_factory=dict)
    """File keys whose latest change is only in memory, with the reason."""
    listeners: list[Listener] = field(default_factory=list)
    """Told of every change (see `Change`); the TUI app is one."""
    origin: Origin = "user"
    """Who is changing data now (see `changes_from`)."""

    # -- announcing

    def subscribe(self, listener: Listener) -> None:
        """Hear of every change to the data from now on."""
        self.listeners.append(listener)

    @contextmanager
    def changes_from(self, origin: Origin) -> Iterator[None]:
        """Changes made inside are announced as made by `origin` (the calendar sync uses
        it, so a change it pulled does not start another sync)."""
        previous, self.origin = self.origin, origin
        try:
            yield
        finally:
            self.origin = previous

    def _announce(self, outcome: Outcome) -> Outcome:
        self._tell(Change((outcome.key,), outcome, self.origin))
        return outcome

    def _tell(self, change: Change) -> None:
        for listener in list(self.listeners):
            listener(change)

    @property
    def companies(self) -> dict[str, Company]:
        return self.workspace.companies

    @property
    def stories(self) -> StoryBank:
        return self.workspace.stories

    def today(self) -> date:
        return self.clock().astimezone(zone(self.settings.zone_name)).date()

    # -- changing

    def update_company(
        self, slug: str, change: Callable[[Company], None], label: str = "edit"
    ) -> Outcome:
        """Apply `change` to a copy of the company, validate, save, and remember the old one.

        Under the workspace lock, the change is applied to the file's latest version: if
        another writer (an `import`, a second instance, an editor) changed it since we read
        it and nothing of ours waits to be saved, that version is read first. So racing
        writers each land instead of one being pushed aside into conflicts/."""
        key = self.store.company_key(slug)
        with self._writing(key):
            self._catch_up(slug)
            before = self.companies[slug]
            after = before.model_copy(deep=True)
            _apply(change, after, key)
            moved = after.follow_facts(self.clock(), self.today())
            after = self._validated(after, key)
            self._stamp_rounds(before, after)
            outcome = self._told(self._commit_company(slug, before, after, label), after, moved)
        return self._announce(outcome)

    def replace_company(self, slug: str, company: Company, label: str = "edit") -> Outcome:
        with self._writing(self.store.company_key(slug)):
            before = self.companies.get(slug)
            company = company.model_copy(deep=True)
            moved = company.follow_facts(self.clock(), self.today())
            after = self._validated(company, self.store.company_key(slug))
            if before is not None:
                self._stamp_rounds(before, after)
            outcome = self._told(self._commit_company(slug, before, after, label), after, moved)
        return self._announce(outcome)

    @staticmethod
    def _told(outcome: Outcome, company: Company, moved: list[str]) -> Outcome:
        """Say what the facts moved by themselves (a stage, a round now done), so the
        user sees it and knows ctrl+z takes it back with the change."""
        if moved and outcome.saved and not outcome.message:
            outcome.message = f"{company.name}: {', '.join(moved)}"
        return outcome

    def add_company(self, company: Company) -> tuple[str, Outcome]:
        company = self._validated(company, "new company")
        if not company.stage_history:
            company.set_stage(company.stage, self.today())
        with self._writing("new company"):
            # The slug is chosen under the lock: two writers adding one name get two files.
            slug = self.store.new_slug(company.name)
            outcome = self._commit_company(slug, None, company, f"add {company.name}")
        return slug, self._announce(outcome)

    def delete_company(self, slug: str) -> Outcome:
        before = self.companies[slug]
        key = self.store.company_key(slug)
        self.store.delete_company(slug)
        del self.companies[slug]
        self.pending.pop(key, None)
        self._remember(_UndoEntry(f"delete {before.name}", slug, before, None, written=True))
        return self._announce(Outcome(key, True, f"Deleted {before.name} (ctrl+z to undo)"))

    def update_stories(
        self, change: Callable[[StoryBank], None], label: str = "edit story"
    ) -> Outcome:
        with self._writing(STORIES):
            self._catch_up_stories()
            before = self.stories
            after = before.model_copy(deep=True)
            _apply(change, after, STORIES)
            after = self._validated(after, STORIES)
            self.workspace.stories = after
            entry = _UndoEntry(label, None, before)
            self._remember(entry)
            outcome = self._noted(entry, STORIES, self._save_stories(after))
        return self._announce(outcome)

    # -- the lock, and other writers' latest versions

    @contextmanager
    def _writing(self, where: str) -> Iterator[None]:
        """Hold the workspace lock for one change; a lock held elsewhere too long refuses it."""
        try:
            with self.store.locked():
                yield
        except WorkspaceBusy as error:
            raise ChangeRejected([Problem(where, str(error))]) from None

    def _catch_up(self, slug: str) -> None:
        """Read the company's file again if another writer changed it and we have nothing
        pending for it (a pending change keeps the usual both-versions-kept path)."""
        key = self.store.company_key(slug)
        if key in self.pending or not self.store.changed_on_disk(key):
            return
        company, problems = self.store.load_company(key)
        self._replace_problems(key, problems)
        if company is None:
            self.companies.pop(slug, None)
            self._tell(Change((key,), origin="disk"))
            why = problems or [Problem(key, "was removed on disk; nothing was changed")]
            raise ChangeRejected(why)
        self.companies[slug] = company
        self._tell(Change((key,), origin="disk"))

    def _catch_up_stories(self) -> None:
        if STORIES in self.pending or not self.store.changed_on_disk(STORIES):
            return
        bank, problems = self.store.load_stories()
        self._replace_problems(STORIES, problems)
        if problems:
            raise ChangeRejected(problems)
        self.workspace.stories = bank
        self._tell(Change((STORIES,), origin="disk"))

    # -- undo

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def undo(self) -> Outcome | None:
        """Take back the last change, saving the restored state; None if nothing to undo.

        Only while the file still holds what that change wrote: if another writer changed
        it since (an import, an editor, a sync), their version stays, the state before our
        change is kept in conflicts/, and the user is told. Nothing is thrown away."""
        if not self.undo_stack:
            return None
        entry = self.undo_stack.pop()
        key = STORIES if entry.slug is None else self.store.company_key(entry.slug)
        with self._writing(key):
            if entry.written and self.store.disk_digest(key) != entry.left:
                outcome = self._undo_apart(entry, key)
            elif entry.slug is None:
                assert isinstance(entry.before, StoryBank)
                self.workspace.stories = entry.before
                outcome = self._save_stories(entry.before)
            elif entry.before is None:
                self.store.delete_company(entry.slug)
                self.companies.pop(entry.slug, None)
                self.pending.pop(key, None)
                outcome = Outcome(key, True)
            else:
                assert isinstance(entry.before, Company)
                self.companies[entry.slug] = entry.before
                outcome = self._save_company(entry.slug, entry.before)
        if not outcome.conflict:
            outcome.message = f"Undid {entry.label}" + (
                f" — {outcome.message}" if outcome.message else ""
            )
        return self._announce(outcome)

    def _undo_apart(self, entry: _UndoEntry, key: str) -> Outcome:
        """The undo of a change whose file was changed since by someone else: theirs stays
        (and is shown), the state from before our change goes to conflicts/."""
        kept = None
        if entry.before is not None:
            try:
                kept = self.store.keep_apart(Path(key).stem, model_to_toml(entry.before))
            except OSError as error:
                self.undo_stack.append(entry)  # nothing happened: it can be tried again
                reason = error.strerror or str(error)
                problem = Problem(key, f"cannot keep the undo apart: {reason}")
                raise ChangeRejected([problem]) from None
        if entry.slug is None:
            bank, problems = self.store.load_stories()
            self.workspace.stories = bank
        else:
            company, problems = self.store.load_company(key)
            if company is not None:
                self.companies[entry.slug] = company
            else:
                self.companies.pop(entry.slug, None)
        self._replace_problems(key, problems)
        where = f"; the version from before it is in {CONFLICTS}/{kept.name}" if kept else ""
        message = f"Not undone: {key} was changed on disk since {entry.label}{where}"
        return Outcome(key, True, message, conflict=True)

    # -- failures and other writers

    def retry_pending(self) -> list[Outcome]:
        """Try again to write every change that is only in memory."""
        outcomes = []
        for key in list(self.pending):
            if key == STORIES:
                outcomes.append(self._save_stories(self.stories))
                continue
            slug = Store.slug_of(key)
            if slug in self.companies:
                outcomes.append(self._save_company(slug, self.companies[slug]))
            else:
                self.pending.pop(key, None)
        for outcome in outcomes:
            if outcome.saved:
                self._announce(outcome)
        return outcomes

    def reload_external(self) -> list[tuple[str, str]]:
        """Pick up files changed on disk by others. Returns (key, what happened) pairs.

        A file with a pending local change is not reloaded: the next save will find the
        difference and keep both versions, and the user is told.
        """
        events: list[tuple[str, str]] = []
        for change in self.store.external_changes():
            key = change.key
            if key in self.pending:
                events.append((key, "changed on disk while your edit waits to be saved"))
                continue
            if key == STORIES:
                bank, problems = self.store.load_stories()
                self.workspace.stories = bank
                self._replace_problems(key, problems)
                events.append((key, "reloaded" if not problems else "broken"))
                continue
            slug = Store.slug_of(key)
            if change.kind == "removed":
                self.companies.pop(slug, None)
                self.store.forget(key)
                self._replace_problems(key, [])
                events.append((key, "removed"))
                continue
            company, problems = self.store.load_company(key)
            self._replace_problems(key, problems)
            if company is not None:
                self.companies[slug] = company
                events.append((key, "reloaded" if change.kind == "changed" else "added"))
            else:
                self.companies.pop(slug, None)
                events.append((key, "broken"))
        changed = tuple(key for key, what in events if key not in self.pending)
        if changed:
            self._tell(Change(changed, origin="disk"))
        return events

    def _replace_problems(self, key: str, problems: list[Problem]) -> None:
        self.workspace.problems = [p for p in self.workspace.problems if p.path != key]
        self.workspace.problems.extend(problems)

    # -- internals

    def _validated(self, model: _M, where: str) -> _M:
        """Re-validate the whole model: assignment validation does not see cross-field rules."""
        data = model.model_dump(by_alias=True)
        context = {"kinds": self.store.kinds} if self.store.kinds else None
        try:
            return type(model).model_validate(data, context=context)
        except ValidationError as error:
            raise ChangeRejected(validation_problems(error, where)) from None

    def _stamp_rounds(self, before: Company, after: Company) -> None:
        """Stamp changed rounds (DTSTAMP) and bump SEQUENCE where the calendar must update."""
        old = {r.id: r for r in before.rounds}
        now = self.clock()
        for round_ in after.rounds:
            previous = old.get(round_.id)
            if previous is None:
                round_.touch(None, now)
            elif previous.model_dump(exclude={"updated", "sequence"}) != round_.model_dump(
                exclude={"updated", "sequence"}
            ):
                round_.touch(previous, now)

    def _commit_company(
        self, slug: str, before: Company | None, after: Company, label: str
    ) -> Outcome:
        self.companies[slug] = after
        entry = _UndoEntry(label, slug, before)
        self._remember(entry)
        return self._noted(entry, self.store.company_key(slug), self._save_company(slug, after))

    def _noted(self, entry: _UndoEntry, key: str, outcome: Outcome) -> Outcome:
        """Record on the undo entry what the change left on disk (see `_UndoEntry.left`)."""
        if outcome.saved and not outcome.conflict:
            # What the store just wrote or found there (no second read of the file).
            entry.left, entry.written = self.store.digest_of(key), True
        return outcome

    def _remember(self, entry: _UndoEntry) -> None:
        self.undo_stack.append(entry)
        del self.undo_stack[:-UNDO_LIMIT]

    def _save_company(self, slug: str, company: Company) -> Outcome:
        key = self.store.company_key(slug)
        try:
            result = self.store.save_company(slug, company)
        except StoreError as error:
            self.pending[key] = str(error)
            kept = f"{error}; your change is kept and will be retried"
            return Outcome(key, False, kept, reason=str(error))
        return self._after_save(key, result)

    def _save_stories(self, bank: StoryBank) -> Outcome:
        try:
            result = self.store.save_stories(bank)
        except StoreError as error:
            self.pending[STORIES] = str(error)
            kept = f"{error}; your change is kept and will be retried"
            return Outcome(STORIES, False, kept, reason=str(error))
        return self._after_save(STORIES, result)

    def _after_save(self, key: str, result: SaveResult) -> Outcome:
        self.pending.pop(key, None)
        if result.status is SaveStatus.CONFLICT:
            # The disk version wins on screen; ours is safe in conflicts/.
            if key == STORIES:
                bank, _ = self.store.load_stories()
                self.workspace.stories = bank
            else:
                company, problems = self.store.load_company(key)
                slug = Store.slug_of(key)
                if company is not None:
                    self.companies[slug] = company
                self._replace_problems(key, problems)
            return Outcome(key, True, result.message, conflict=True)
        return Outcome(key, True)
