"""Time zones as invites spell them, to zone names a `Round` can hold.

Outlook writes Windows names ("W. Europe Standard Time") or display names ("(UTC+10:00)
Canberra, Melbourne, Sydney"), some servers a vendor prefix ("/citadel.org/.../Europe/
Paris"), Exchange 2010 an empty TZID, and some a zone only the file defines ("Customized
Time Zone"). Whatever the name, a file's own VTIMEZONE is the truth for that file's times:
it is what the sender's calendar showed. The name is kept only when its IANA rules give
the same instants; else another IANA zone that does, else a fixed offset ("Etc/GMT-5")
the user can see is not a place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from icalendar import Component
from icalendar.timezone import tzp

from roundplanner.calendar.cleaning import _clean_line
from roundplanner.model import zone


def _windows_zones() -> Mapping[str, str]:
    """Windows zone names to IANA (CLDR windowsZones), as shipped by icalendar."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - moved in some icalendar release
        return _COMMON_WINDOWS_ZONES
    return WINDOWS_TO_OLSON


_COMMON_WINDOWS_ZONES = {
    "Pacific Standard Time": "America/Los_Angeles",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Central Standard Time": "America/Chicago",
    "Eastern Standard Time": "America/New_York",
    "Atlantic Standard Time": "America/Halifax",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "Russian Standard Time": "Europe/Moscow",
    "Israel Standard Time": "Asia/Jerusalem",
    "Arabian Standard Time": "Asia/Dubai",
    "India Standard Time": "Asia/Calcutta",
    "Singapore Standard Time": "Asia/Singapore",
    "China Standard Time": "Asia/Shanghai",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "E. South America Standard Time": "America/Sao_Paulo",
    "UTC": "Etc/UTC",
}


EMPTY_TZID = "roundplanner-empty-tzid"
"""What an empty VTIMEZONE TZID (Exchange 2010) is renamed to: icalendar refuses it."""


class FileZones:
    """The VTIMEZONEs of one file, by TZID, and what each one's times mean.

    Zones are built from the file's own rules, never from icalendar's process-wide cache
    (which keeps the first definition of a TZID it ever saw, from any earlier file).
    """

    def __init__(
        self, timezones: Mapping[str, Component], ignored: Mapping[str, str] | None = None
    ) -> None:
        self.timezones = dict(timezones)
        self.ignored = dict(ignored or {})
        self._built: dict[str, tzinfo | None] = {}

    def iana_name(self, tzid: str) -> str | None:
        """The IANA name a TZID means, trying the ways real invites spell zones."""
        cleaned = tzid.strip().strip('"').strip()
        candidates = [cleaned, cleaned.strip("/")]
        windows = _windows_zones().get(cleaned)
        if windows:
            candidates.append(windows)
        if cleaned.startswith("/"):
            parts = cleaned.strip("/").split("/")
            candidates += ["/".join(parts[index:]) for index in range(1, len(parts))]
        component = self.component(cleaned)
        if component is not None:
            candidates.append(_clean_line(str(component.get("X-LIC-LOCATION", ""))).strip())
        candidates += _cities(cleaned)
        for candidate in candidates:
            if candidate and _known_zone(candidate):
                return candidate
        return None

    def component(self, tzid: str) -> Component | None:
        """The VTIMEZONE for `tzid`; for Exchange 2010's empty TZID, the file's only one."""
        found = self.timezones.get(tzid or EMPTY_TZID)
        if found is None and not tzid and len(self.timezones) == 1:
            found = next(iter(self.timezones.values()))
        return found

    def resolve(self, tzid: str, naive: datetime) -> tuple[str, datetime] | None:
        """(zone name, aware instant) of the wall clock `naive` in `tzid`; None if unknown.

        With a VTIMEZONE, its rules give the instant; the name is the IANA zone those
        rules agree with (see the module doc). ValueError when the VTIMEZONE is broken
        and the name means nothing either.
        """
        named = self.iana_name(tzid)
        if named is None and tzid in self.ignored:
            raise ValueError(f"time zone {_clean_line(tzid)[:60]!r} ignored: {self.ignored[tzid]}")
        custom = self._zone(tzid)
        if custom is None:
            if named is None:
                if self.component(tzid) is not None:
                    raise ValueError(f"the time zone {_clean_line(tzid)[:60]!r} cannot be read")
                return None
            return named, naive.replace(tzinfo=zone(named))
        instant = _instant_in(custom, naive)
        return _zone_for(named, custom, naive, instant), instant

    def _zone(self, tzid: str) -> tzinfo | None:
        if tzid not in self._built:
            component = self.component(tzid)
            self._built[tzid] = None if component is None else _build(component)
        return self._built[tzid]


def _instant_in(custom: tzinfo, naive: datetime) -> datetime:
    """The instant a wall clock names in a file's own zone. In a spring-forward gap it is
    read with the offset before the gap (RFC 5545 3.3.5), as the IANA zones read it:
    02:30 on the New York spring-forward day is 07:30Z, shown as 03:30. dateutil's zone
    uses the offset after, which gave 06:30Z and no longer matched the named zone."""
    instant = naive.replace(tzinfo=custom).astimezone(UTC)
    if instant.astimezone(custom).replace(tzinfo=None) == naive:
        return instant
    before = (naive - timedelta(days=1)).replace(tzinfo=custom).utcoffset()
    if before is None:
        return instant
    return (naive - before).replace(tzinfo=UTC)


def _build(component: Component) -> tzinfo | None:
    """The zone a VTIMEZONE defines, or None when it cannot be used (its rules were
    bounded before parsing, see `rules.py`)."""
    try:
        built: tzinfo = tzp.create_timezone(component)
        built.utcoffset(datetime(2026, 1, 1))  # a broken zone fails here, not later
    except Exception:  # dateutil/icalendar raise many types for a broken VTIMEZONE
        return None
    return built


def _zone_for(named: str | None, custom: tzinfo, naive: datetime, instant: datetime) -> str:
    """The zone to keep for a time read with the file's own rules.

    A named zone (IANA, Windows, a city of a display name) is kept when its rules give the
    same instants, else the time gets a fixed offset ('Etc/GMT-5'): we do not move the
    user to another place. A zone with no usable name ("Customized Time Zone") takes the
    first IANA zone with the same offsets through the year, else a fixed offset.
    """
    samples = _samples(naive, instant)
    try:
        wanted = [sample.astimezone(custom).utcoffset() for sample in samples]
    except Exception:  # a zone that fails on some instant: keep the one we know
        wanted = [instant.astimezone(custom).utcoffset()] * len(samples)
        samples = [instant] * len(samples)
    if named is not None:
        # A place the sender named but whose rules differ: not another place, an offset.
        if _agrees(named, naive, instant, samples, wanted):
            return named
        return _fixed_zone(instant.astimezone(custom).utcoffset() or timedelta(0))
    for candidate in _offset_candidates():
        if _agrees(candidate, naive, instant, samples, wanted):
            return candidate
    return _fixed_zone(instant.astimezone(custom).utcoffset() or timedelta(0))


def _samples(naive: datetime, instant: datetime) -> list[datetime]:
    """The event's instant and the middle of every month of its year, in UTC."""
    year = min(max(naive.year, 2), 9998)
    return [instant] + [datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]


def _agrees(
    name: str, naive: datetime, instant: datetime, samples: list[datetime], wanted: list[Any]
) -> bool:
    tz = zone(name)
    if naive.replace(tzinfo=tz).astimezone(UTC) != instant:
        return False
    return [sample.astimezone(tz).utcoffset() for sample in samples] == wanted


def _fixed_zone(offset: timedelta) -> str:
    """'Etc/GMT-5' for UTC+5 (the Etc names have the sign reversed); UTC when the offset
    is not whole hours (the instant is still right)."""
    minutes = round(offset.total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    if rest or not minutes or hours > 12:
        return "UTC"
    return f"Etc/GMT{'-' if minutes > 0 else '+'}{hours}"


@lru_cache(maxsize=1)
def _offset_candidates() -> list[str]:
    """CLDR's default zones, alphabetically, so the choice is stable ("Europe/Berlin")."""
    return [name for name in sorted(set(_windows_zones().values())) if _known_zone(name)]


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'sydney' -> 'Australia/Sydney': the last part of every IANA name, for display names."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        city = name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(city, name)
    return cities


def _cities(tzid: str) -> list[str]:
    """IANA zones named after the places in Outlook's display name
    ('(UTC+10:00) Canberra, Melbourne, Sydney' -> Australia/Canberra, .../Melbourne, ...)."""
    text = re.sub(r"^\(UTC[^)]*\)\s*", "", tzid)
    places = [place.strip().casefold() for place in re.split(r"[,;/]| and ", text)]
    known = _zones_by_city()
    return [known[place] for place in places if place in known]


def _iana_name(tzid: str, timezones: Mapping[str, Component]) -> str | None:
    """The IANA name a TZID means (see `FileZones.iana_name`); None if unknown."""
    return FileZones(timezones).iana_name(tzid)


_NOT_PLACES = frozenset({"localtime", "posixrules", "factory"})
"""Files in the zone database that are not zones a sender means: the machine's own zone,
a template, and "Factory" (whose abbreviation says the zone is unset)."""


def _known_zone(name: str) -> bool:
    if name.casefold() in _NOT_PLACES or name.startswith(("right/", "posix/")):
        return False  # right/ counts leap seconds; posix/ repeats the main names
    try:
        zone(name)
    except ValueError:
        return False
    return True
