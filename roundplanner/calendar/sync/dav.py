"""The few HTTP requests a sync makes, through the caldav client, counted."""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from roundplanner.calendar.sync.account import Account
from roundplanner.calendar.sync.errors import SyncFailed

MAX_OBJECT_BYTES = 5 * 1024 * 1024


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
