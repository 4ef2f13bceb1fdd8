"""One sync: list, decide per object, pull moves through the session, push with ETags."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from roundplanner.calendar.export import EventObject, export_events
from roundplanner.calendar.sync.account import Account
from roundplanner.calendar.sync.dav import MAX_OBJECT_BYTES, Dav, Reply, list_etags
from roundplanner.calendar.sync.errors import SyncFailed
from roundplanner.calendar.sync.objects import moved_change, same_event
from roundplanner.calendar.sync.state import Known, digest, load_state, save_state, state_file
from roundplanner.model import Company
from roundplanner.session import ChangeRejected
from roundplanner.store import Store

if TYPE_CHECKING:
    from roundplanner.session import Outcome, Session
    from roundplanner.settings import Settings


@dataclass
class Step:
    """One thing a sync did (or, in a dry run, would do)."""

    action: str
    """create, update, delete, pull, accept, conflict, recreate, adopt, failed"""
    uid: str
    text: str

    def line(self) -> str:
        return (
            f"{self.action} {self.uid}: {self.text}" if self.text else f"{self.action} {self.uid}"
        )


@dataclass
class SyncResult:
    steps: list[Step] = field(default_factory=list)
    requests: int = 0
    error: str = ""
    """Why the sync stopped early ('' when it ran to the end)."""
    dry_run: bool = False
    changed: list[str] = field(default_factory=list)
    """Workspace files (keys) that pulled changes were saved to."""

    @property
    def failed(self) -> list[Step]:
        return [s for s in self.steps if s.action == "failed"]

    @property
    def conflicts(self) -> list[Step]:
        return [s for s in self.steps if s.action == "conflict"]

    @property
    def ok(self) -> bool:
        return not self.error and not self.failed

    def summary(self) -> str:
        if self.error:
            return f"sync stopped: {self.error}; nothing was lost, the next sync carries on"
        counts: dict[str, int] = {}
        for step in self.steps:
            counts[step.action] = counts.get(step.action, 0) + 1
        done = ", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "nothing to do"
        verb = "would sync" if self.dry_run else "synced"
        return f"{verb}: {done} ({self.requests} request(s))"


class Syncer:
    """One sync of a session's workspace with one CalDAV collection."""

    def __init__(
        self,
        session: Session,
        account: Account,
        *,
        dav: Dav | None = None,
        call: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        """`call(fn)` runs `fn` where the session may be used and returns its result: the
        TUI runs the sync in a worker thread and passes `App.call_from_thread`, so every
        read and change of the session happens on the UI thread. Default: right here."""
        self.session = session
        self.account = account
        self.dav = dav or Dav(account)
        self._call: Callable[[Callable[[], Any]], Any] = call or (lambda fn: fn())
        self.state_path = state_file(account.url, session.store.root)
        self.known = load_state(self.state_path)
        self.result = SyncResult()
        self._collection = unquote(urlsplit(account.url).path)

    # -- the whole run

    def _apply_pulled(self, slug: str, change: Callable[[Company], None]) -> Outcome:
        """Apply a move made on the server, announced as the sync's (so it does not start
        another sync)."""
        with self.session.changes_from("sync"):
            return self.session.update_company(slug, change, "sync from calendar")

    def run(self, *, dry_run: bool = False) -> SyncResult:
        self.result.dry_run = dry_run
        try:
            listing = list_etags(self.dav)
            if dry_run:
                self._plan(listing)
            else:
                try:
                    self._sync(listing)
                finally:
                    save_state(self.state_path, self.account.url, self.known)
        except SyncFailed as error:
            self.result.error = str(error)
        except OSError as error:  # the state file could not be written
            self.result.error = f"the sync state cannot be saved: {error.strerror or error}"
        finally:
            self.result.requests = self.dav.requests
            self.dav.close()
        return self.result

    def _objects(self) -> dict[str, EventObject]:
        settings: Settings = self.session.settings
        # A snapshot: the session replaces a changed company, it never mutates one.
        companies: dict[str, Company] = self._call(lambda: dict(self.session.companies))
        events = export_events(
            companies,
            kinds=settings.kind_labels,
            reminder_minutes=settings.reminder_minutes,
        )
        return {event.uid: event for event in events}

    def _unread_slugs(self) -> set[str]:
        """Companies whose file did not load: their rounds are unknown, not deleted."""
        broken = self._call(lambda: list(self.session.workspace.broken_files))
        return {Store.slug_of(key) for key in broken}

    def _href(self, uid: str) -> str:
        return f"{self._collection.rstrip('/')}/{uid}.ics"

    def _url(self, href: str) -> str:
        return urljoin(self.account.url, quote(href, safe="/@"))

    # -- deciding

    def _changes(
        self, objects: dict[str, EventObject], listing: dict[str, str | None]
    ) -> Iterator[tuple[str, str, EventObject | None, Known | None, str | None]]:
        """(uid, what, object, known, server etag) for every object that needs a step."""
        unread = self._unread_slugs()
        for uid in sorted(set(objects) | set(self.known)):
            obj = objects.get(uid)
            known = self.known.get(uid)
            if obj is None and known is not None and known.slug in unread:
                continue  # its company's file is broken just now: not a deletion
            href = known.href if known else self._href(uid)
            on_server = href in listing
            etag = listing.get(href)
            if known is None:
                assert obj is not None
                yield uid, ("adopt" if on_server else "create"), obj, None, etag
                continue
            ours_changed = obj is None or digest(obj.data) != known.digest
            theirs_changed = on_server and etag != known.etag
            if obj is None:
                yield uid, ("delete" if on_server else "forget"), None, known, etag
            elif not on_server:
                yield uid, "recreate", obj, known, None
            elif ours_changed and theirs_changed:
                yield uid, "conflict", obj, known, etag
            elif theirs_changed:
                yield uid, "pull", obj, known, etag
            elif ours_changed:
                yield uid, "update", obj, known, etag

    def _plan(self, listing: dict[str, str | None]) -> None:
        texts = {
            "create": "new here, to be created on the server",
            "adopt": "already on the server (an earlier sync), to be compared",
            "delete": "removed here, to be removed from the server",
            "recreate": "deleted on the server, to be written again",
            "conflict": "changed on both sides: ours would win, theirs kept in conflicts/",
            "pull": "changed on the server, to be read back",
            "update": "changed here, to be updated on the server",
        }
        for uid, what, _obj, _known, _etag in self._changes(self._objects(), listing):
            if what != "forget":
                self.result.steps.append(Step(what, uid, texts[what]))

    # -- doing

    def _sync(self, listing: dict[str, str | None]) -> None:
        objects = self._objects()
        todo = list(self._changes(objects, listing))
        # Pulls first: applying one changes our object, which is then written back.
        pulled: dict[str, str | None] = {}
        for uid, what, obj, known, _etag in todo:
            if what == "pull":
                assert obj is not None and known is not None
                pulled[uid] = self._pull(obj, known)
        if pulled:
            objects = self._objects()
        for uid, what, _obj, known, etag in todo:
            obj = objects.get(uid)
            if obj is None and what not in ("delete", "forget"):
                # Gone from the workspace meanwhile (a pull caught up with another
                # writer's version of the file): the next sync removes it.
                continue
            if what == "pull":
                if uid not in pulled:
                    continue
                assert obj is not None and known is not None
                if digest(obj.data) != known.digest:
                    self._put(obj, known.href, pulled[uid], "written back with the change")
            elif what == "create":
                assert obj is not None
                self._put(obj, self._href(uid), None, "created", create=True)
            elif what == "recreate":
                assert obj is not None and known is not None
                self._put(
                    obj, known.href, None, "deleted on the server; written again", create=True
                )
            elif what == "update":
                assert obj is not None and known is not None
                self._put(obj, known.href, etag, "updated")
            elif what in ("conflict", "adopt"):
                assert obj is not None
                href = known.href if known else self._href(uid)
                self._overwrite_theirs(obj, href, what)
            elif what == "delete":
                assert known is not None
                self._delete(uid, known, etag)
            elif what == "forget":
                self.known.pop(uid, None)

    def _fetch(self, href: str) -> Reply:
        reply = self.dav.send("GET", self._url(href))
        if reply.status != 200:
            raise _ObjectFailed(f"reading it failed: HTTP {reply.status}")
        if len(reply.body) > MAX_OBJECT_BYTES:
            raise _ObjectFailed("the server's object is larger than 5 MB")
        return reply

    def _pull(self, obj: EventObject, known: Known) -> str | None:
        """Read the server's changed object; apply a move of a round through the session.
        Returns the server's ETag (what to write back over), recording the state."""
        try:
            reply = self._fetch(known.href)
        except _ObjectFailed as failure:
            self._failed(obj.uid, str(failure))
            return None
        if obj.kind != "round":
            self.known[obj.uid] = Known(known.href, reply.etag, digest(obj.data), obj.slug)
            self._step("accept", obj.uid, "changed on the server; kept as it is there")
            return reply.etag
        company = self._call(lambda: self.session.companies.get(obj.slug))
        moved = moved_change(reply.body, obj, company)
        if moved is None:
            self.known[obj.uid] = Known(known.href, reply.etag, digest(obj.data), obj.slug)
            self._step("accept", obj.uid, "changed on the server (not its time or place)")
            return reply.etag
        change, told = moved
        try:
            outcome = self._call(lambda: self._apply_pulled(obj.slug, change))
        except ChangeRejected as error:
            self._failed(obj.uid, f"the server's change cannot be applied: {error}")
            return None
        if not outcome.saved:
            self._failed(obj.uid, f"the server's change is not saved: {outcome.reason}")
            return None
        self.result.changed.append(outcome.key)
        if outcome.conflict:
            self._step("conflict", obj.uid, outcome.message)
        self.known[obj.uid] = Known(known.href, reply.etag, digest(obj.data), obj.slug)
        self._step("pull", obj.uid, told)
        return reply.etag

    def _overwrite_theirs(self, obj: EventObject, href: str, what: str) -> None:
        """Ours wins: theirs (when it differs) goes to conflicts/, ours over it (If-Match)."""
        try:
            reply = self._fetch(href)
        except _ObjectFailed as failure:
            self._failed(obj.uid, str(failure))
            return
        if same_event(reply.body, obj.data, obj.uid):
            self.known[obj.uid] = Known(href, reply.etag, digest(obj.data), obj.slug)
            self._step("adopt", obj.uid, "already the same on the server")
            return
        kept = self._keep_theirs(obj.uid, reply.body)
        if kept is None:
            return
        note = f"changed on both sides; ours kept, theirs in conflicts/{kept.name}"
        if what == "adopt":
            note = (
                f"on the server but not in our records; ours kept, theirs in conflicts/{kept.name}"
            )
        if self._put(obj, href, reply.etag, ""):
            self._step("conflict", obj.uid, note)

    def _keep_theirs(self, uid: str, data: bytes) -> Path | None:
        try:
            return self.session.store.keep_apart(_stem(uid), data, ".ics")
        except OSError as error:
            self._failed(uid, f"theirs could not be kept apart: {error.strerror or error}")
            return None

    def _put(
        self, obj: EventObject, href: str, etag: str | None, told: str, *, create: bool = False
    ) -> bool:
        """Write our object: a new one only where none is (If-None-Match), an existing one
        only over the version we saw (If-Match). Without an ETag to match, not at all."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        elif etag is None:
            self._failed(obj.uid, "the server gave no ETag for it; not overwritten blindly")
            return False
        else:
            headers["If-Match"] = etag
        reply = self.dav.send("PUT", self._url(href), obj.data, headers)
        if reply.status == 412:
            self._failed(obj.uid, "changed on the server during the sync; the next sync sees it")
            return False
        if reply.status not in (200, 201, 204):
            self._failed(obj.uid, f"the server refused it: HTTP {reply.status}")
            return False
        self.known[obj.uid] = Known(href, reply.etag, digest(obj.data), obj.slug)
        if told:
            self._step("create" if create else "update", obj.uid, told)
        return True

    def _delete(self, uid: str, known: Known, etag: str | None) -> None:
        if etag != known.etag:
            try:
                reply = self._fetch(known.href)
            except _ObjectFailed as failure:
                self._failed(uid, str(failure))
                return
            kept = self._keep_theirs(uid, reply.body)
            if kept is None:
                return
            self._step("conflict", uid, f"removed here, changed there; theirs in {kept.name}")
            etag = reply.etag
        headers = {"If-Match": etag} if etag else {}
        reply = self.dav.send("DELETE", self._url(known.href), b"", headers)
        if reply.status in (200, 204, 404):
            self.known.pop(uid, None)
            self._step("delete", uid, "removed from the server")
        elif reply.status == 412:
            self._failed(uid, "changed on the server during the sync; the next sync sees it")
        else:
            self._failed(uid, f"the server refused to remove it: HTTP {reply.status}")

    def _step(self, action: str, uid: str, text: str) -> None:
        self.result.steps.append(Step(action, uid, text))

    def _failed(self, uid: str, why: str) -> None:
        self._step("failed", uid, why)


class _ObjectFailed(Exception):
    """One object could not be read; the others go on."""


def _stem(uid: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", uid)[:80]
