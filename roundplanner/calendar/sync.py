"""Two-way sync with the user's CalDAV calendar: push our events, pull moves made there.

Each event of the `.ics` export (`export_events`: a round, a prep event, an offer
deadline) is one calendar object at ``<collection>/<UID>.ics``, byte for byte the export's
VEVENT. What we know of the server lives in a state file in the user's state folder
(``ROUNDPLANNER_STATE`` overrides it), never in the workspace: for every object we wrote,
its href, the ETag the server gave it and the digest of the bytes both sides agreed on.

One sync:

1. One PROPFIND (depth 1, ETags only) lists the collection. With nothing changed on
   either side that is the only request: no object is fetched.
2. An object whose ETag changed on the server and whose round did not change here is
   fetched; a new start, length or place of a round is applied through the session
   (recorded, undoable, saved like any edit), then our version (its SEQUENCE raised) is
   written back over theirs with ``If-Match``. Edits of anything else, and of prep and
   offer events, are accepted as they are on the server.
3. Changed on both sides since the last sync: ours wins; theirs is kept in the
   workspace's ``conflicts/`` as an `.ics` and reported.
4. New events are created with ``If-None-Match: *``, changed ones replaced with
   ``If-Match`` (never a blind overwrite), events of deleted rounds removed with
   ``If-Match``. An object deleted on the server while its round still exists is written
   again (the round is still planned; delete or cancel it here).
5. Objects we did not write (other hrefs) are never fetched, changed or deleted.

Any failure stops with one line (`SyncFailed`); what succeeded before it is recorded, the
workspace holds only completed pulls, and the next sync carries on from there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from roundplanner import paths, safeio
from roundplanner.calendar.export import EventObject, export_events, video_link_of
from roundplanner.model import Company, zone

if TYPE_CHECKING:
    from roundplanner.session import Session
    from roundplanner.settings import CaldavSpec, Settings

PASSWORD_ENV = "ROUNDPLANNER_CALDAV_PASSWORD"
STATE_ENV = "ROUNDPLANNER_STATE"
"""A folder for the sync state instead of the user's state folder (tests, scripts)."""
STATE_FORMAT = 1
MAX_STATE_BYTES = 64 * 1024 * 1024
MAX_OBJECT_BYTES = 5 * 1024 * 1024
PASSWORD_TIMEOUT = 30
"""Seconds a password command may take (a keyring prompt needs a moment, not forever)."""


class SyncSetupError(Exception):
    """A `[caldav]` setting that cannot be used: one line naming the file and key (exit 2)."""


class SyncFailed(Exception):
    """The server could not be reached or refused us: one line, nothing lost (exit 1)."""


# --------------------------------------------------------------------------- the account


@dataclass(frozen=True)
class Account:
    """How to reach the calendar collection; the password only ever lives in memory."""

    url: str
    username: str
    password: str | None
    verify: bool | str
    timeout: int

    def __repr__(self) -> str:  # never print a password by accident
        return f"Account(url={self.url!r}, username={self.username!r})"


def account_from(spec: CaldavSpec, shown: str) -> Account:
    """The account the settings describe; SyncSetupError naming `shown` (the settings file)
    and the key when one cannot be used."""
    if not spec.url:
        raise SyncSetupError(f"{shown}: caldav.url: not set; sync needs a calendar address")
    url = spec.url if spec.url.endswith("/") else spec.url + "/"
    verify: bool | str = True
    if spec.ca_file:
        ca = Path(spec.ca_file).expanduser()
        try:
            safeio.read_regular(ca, 16 * 1024 * 1024)
        except FileNotFoundError:
            raise SyncSetupError(f"{shown}: caldav.ca_file: no such file: {ca}") from None
        except safeio.UnreadableFile as error:
            raise SyncSetupError(f"{shown}: caldav.ca_file: {ca}: {error}") from None
        verify = str(ca)
    password = os.environ.get(PASSWORD_ENV)
    if password is None and spec.password_command:
        password = _run_password_command(spec.password_command, shown)
    if spec.username and password is None:
        raise SyncSetupError(
            f"{shown}: caldav.password_command: not set (nor {PASSWORD_ENV}); "
            "a user name needs a password"
        )
    return Account(url, spec.username, password, verify, spec.timeout_seconds)


def _run_password_command(command: str, shown: str) -> str:
    """The command's output, stripped: run without a shell, with a timeout."""
    where = f"{shown}: caldav.password_command"
    words = shlex.split(command)
    if not words:
        raise SyncSetupError(f"{where}: empty command")
    try:
        done = subprocess.run(
            words,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=PASSWORD_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise SyncSetupError(f"{where}: {words[0]!r} not found") from None
    except subprocess.TimeoutExpired:
        raise SyncSetupError(f"{where}: gave no answer in {PASSWORD_TIMEOUT} s") from None
    except OSError as error:
        raise SyncSetupError(f"{where}: cannot run: {error.strerror or error}") from None
    if done.returncode != 0:
        raise SyncSetupError(f"{where}: exited with status {done.returncode}")
    password = done.stdout.decode("utf-8", "replace").strip()
    if not password:
        raise SyncSetupError(f"{where}: printed nothing")
    return password


# --------------------------------------------------------------------------- the state


def state_dir() -> Path:
    """ROUNDPLANNER_STATE, else the user's state folder: never inside the workspace."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_path

    return user_state_path(paths.APP_NAME, appauthor=False) / "sync"


def state_file(url: str, workspace: Path) -> Path:
    """One state file per (calendar, workspace): two workspaces may sync to two calendars."""
    key = f"{url}\0{os.path.realpath(workspace)}".encode()
    return state_dir() / f"{hashlib.blake2b(key, digest_size=12).hexdigest()}.json"


@dataclass
class Known:
    """What we last agreed with the server about one of our objects."""

    href: str
    etag: str | None
    digest: str
    slug: str = ""
    """The company it belongs to: while that file cannot be read, its objects stay."""


def load_state(path: Path) -> dict[str, Known]:
    """The recorded objects by UID; an absent or unreadable state is an empty one (the
    first sync then finds our objects at their hrefs and adopts them)."""
    try:
        data = json.loads(safeio.read_regular(path, MAX_STATE_BYTES))
        if data.get("format") != STATE_FORMAT:
            return {}
        return {
            uid: Known(
                str(entry["href"]),
                entry.get("etag"),
                str(entry["digest"]),
                str(entry.get("slug", "")),
            )
            for uid, entry in data["objects"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_state(path: Path, url: str, known: dict[str, Known]) -> None:
    objects = {
        uid: {"href": k.href, "etag": k.etag, "digest": k.digest, "slug": k.slug}
        for uid, k in sorted(known.items())
    }
    data = {"format": STATE_FORMAT, "url": url, "objects": objects}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    safeio.atomic_write(path, json.dumps(data, indent=1).encode())


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --------------------------------------------------------------------------- HTTP


_LIST_BODY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
)


@dataclass
class Reply:
    status: int
    etag: str | None
    body: bytes


class Dav:
    """The few requests sync makes, through the caldav client; counts them."""

    def __init__(self, account: Account) -> None:
        # caldav (and niquests under it) costs ~150 ms to import: only a sync pays it.
        from caldav.davclient import DAVClient

        self.account = account
        self.requests = 0
        self._client = DAVClient(
            url=account.url,
            username=account.username or None,
            password=account.password,
            # Basic sent at once: no 401 round trip before every first request.
            auth_type="basic" if account.username else None,
            timeout=account.timeout,
            ssl_verify_cert=account.verify,
            enable_rfc6764=False,
        )

    def close(self) -> None:
        # Closing a broken connection must not hide why it broke.
        with contextlib.suppress(Exception):
            self._client.close()

    def send(
        self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Reply:
        from caldav.lib import error as dav_error

        self.requests += 1
        try:
            response = self._client.request(url, method, body.decode("utf-8"), headers or {})
        except dav_error.AuthorizationError:
            raise SyncFailed(
                "the server refused the user name or password (check caldav.username and "
                "the password)"
            ) from None
        except dav_error.RateLimitError:
            raise SyncFailed("the server asks to slow down (429/503); try again later") from None
        except Exception as error:
            # niquests' and urllib3's errors (refused, reset, timeout, TLS) share no base
            # class with OSError here: every transport failure is "not synced this time".
            raise SyncFailed(f"cannot reach {_shown(self.account.url)}: {_reason(error)}") from None
        raw = response._raw if hasattr(response, "_raw") else response.raw
        data = raw if isinstance(raw, bytes) else str(raw or "").encode("utf-8")
        etag = response.headers.get("ETag") or response.headers.get("etag")
        return Reply(int(response.status), etag, data)


def _shown(url: str) -> str:
    """The URL without a user name or password someone wrote into it."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    # niquests wraps the real cause several levels deep; its last words say it.
    if "Connection refused" in str(error) or "ConnectionRefused" in repr(error):
        return "connection refused"
    if "timed out" in str(error).lower():
        return "timed out"
    return text[:200]


def list_etags(dav: Dav) -> dict[str, str | None]:
    """href path (unquoted) -> ETag of every object in the collection: one request."""
    reply = dav.send(
        "PROPFIND",
        dav.account.url,
        _LIST_BODY.encode(),
        {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
    )
    if reply.status == 404:
        raise SyncFailed(f"no calendar at {_shown(dav.account.url)} (404); check caldav.url")
    if reply.status != 207:
        raise SyncFailed(f"listing the calendar failed: HTTP {reply.status}")
    try:
        tree = ET.fromstring(reply.body)
    except ET.ParseError:
        raise SyncFailed("the server's listing is not valid XML") from None
    own = unquote(urlsplit(dav.account.url).path).rstrip("/")
    found: dict[str, str | None] = {}
    for response in tree.iter("{DAV:}response"):
        href = response.findtext("{DAV:}href") or ""
        path = unquote(urlsplit(href).path)
        if path.rstrip("/") == own:
            continue
        etag = None
        for propstat in response.iter("{DAV:}propstat"):
            status = propstat.findtext("{DAV:}status") or ""
            value = propstat.findtext("{DAV:}prop/{DAV:}getetag")
            if " 200 " in f"{status} " and value:
                etag = value
        found[path] = etag
    return found


# --------------------------------------------------------------------------- the sync


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
        from roundplanner.store import Store

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
        moved = _moved(reply.body, obj, company)
        if moved is None:
            self.known[obj.uid] = Known(known.href, reply.etag, digest(obj.data), obj.slug)
            self._step("accept", obj.uid, "changed on the server (not its time or place)")
            return reply.etag
        change, told = moved
        from roundplanner.session import ChangeRejected

        try:
            outcome = self._call(
                lambda: self.session.update_company(obj.slug, change, "sync from calendar")
            )
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
        if _same_event(reply.body, obj.data, obj.uid):
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


# --------------------------------------------------------------------------- pulling a move


def _moved(
    data: bytes, obj: EventObject, company: Company | None
) -> tuple[Callable[[Company], None], str] | None:
    """The change (and its description) that makes our round match the server's event:
    its start, length and place. None when those are as we have them, or unreadable."""
    if company is None:
        return None
    round_ = next((r for r in company.rounds if r.id == obj.round_id), None)
    if round_ is None or round_.starts_at is None:
        return None
    theirs = _event_times(data, obj.uid, round_.timezone)
    if theirs is None:
        return None
    start, end, location = theirs
    told: list[str] = []
    new_start = round_.start
    if start != round_.starts_at:
        new_start = start.astimezone(zone(round_.timezone)).replace(tzinfo=None)
        told.append(f"moved to {new_start:%Y-%m-%d %H:%M} {round_.timezone}")
    minutes = round_.duration_minutes
    if end is not None:
        length = int((end - start).total_seconds() // 60)
        if 0 < length <= 24 * 60 and length != minutes:
            minutes = length
            told.append(f"now {minutes} minutes")
    where = round_.where
    ours = video_link_of(round_.where) or round_.where.strip()
    if location is not None and location.strip() and location.strip() != ours:
        from roundplanner.calendar.cleaning import clean_text

        where = clean_text(location.strip())
        told.append(f"now at {where}")
    if not told:
        return None
    round_id = round_.id

    def change(company: Company) -> None:
        for r in company.rounds:
            if r.id == round_id:
                r.start = new_start
                r.duration_minutes = minutes
                r.where = where

    return change, "; ".join(told)


def _event_times(
    data: bytes, uid: str, fallback_zone: str
) -> tuple[datetime, datetime | None, str | None] | None:
    """(start, end, location) of the event `uid` in a server's object, aware; None when it
    has no usable timed start (an all-day event, a broken file)."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception:  # a server's object we cannot read is not applied, never a crash
        return None
    for event in calendar.walk("VEVENT"):
        if str(event.get("UID", "")) != uid or event.get("RECURRENCE-ID") is not None:
            continue
        try:
            start = _aware(event.decoded("DTSTART"), fallback_zone)
            if start is None:
                return None
            end: datetime | None = None
            if event.get("DTEND") is not None:
                end = _aware(event.decoded("DTEND"), fallback_zone)
            elif event.get("DURATION") is not None:
                duration = event.decoded("DURATION")
                if isinstance(duration, timedelta):
                    end = start + duration
        except Exception:
            return None
        location = event.get("LOCATION")
        return start, end, (str(location) if location is not None else None)
    return None


_COMPARED = ("DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")


def _same_event(theirs: bytes, ours: bytes, uid: str) -> bool:
    """Whether the server's object holds our event as we would write it. Compared on the
    values, not the bytes: servers re-serialise what they store (Radicale does)."""
    import icalendar

    def values(data: bytes) -> list[Any] | None:
        try:
            calendar = icalendar.Calendar.from_ical(data)
            for event in calendar.walk("VEVENT"):
                if str(event.get("UID", "")) == uid:
                    return [event.decoded(name) if name in event else None for name in _COMPARED]
        except Exception:  # unreadable: not the same
            return None
        return None

    mine = values(ours)
    return mine is not None and values(theirs) == mine


def _aware(value: Any, fallback_zone: str) -> datetime | None:
    if not isinstance(value, datetime):
        return None  # an all-day date: not a round's time
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(fallback_zone))
    return value.astimezone(UTC)
