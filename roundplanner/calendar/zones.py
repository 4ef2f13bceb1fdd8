"""Time zone names as invites spell them, to IANA names a `Round` can hold.

Outlook writes Windows names ("W. Europe Standard Time"), some servers a vendor prefix
("/citadel.org/.../Europe/Paris"), and some a zone only the file defines ("Customized Time
Zone"); each has its own way back to an IANA name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from icalendar import Component

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


def _iana_name(tzid: str, timezones: Mapping[str, Component]) -> str | None:
    """The IANA name a TZID means, trying the ways real invites spell zones; None if unknown."""
    cleaned = tzid.strip().strip('"').strip()
    candidates = [cleaned, cleaned.strip("/")]
    windows = _windows_zones().get(cleaned)
    if windows:
        candidates.append(windows)
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[index:]) for index in range(1, len(parts))]
    component = timezones.get(tzid)
    if component is not None:
        candidates.append(_clean_line(str(component.get("X-LIC-LOCATION", ""))).strip())
    for candidate in candidates:
        if candidate and _known_zone(candidate):
            return candidate
    return None


def _known_zone(name: str) -> bool:
    try:
        zone(name)
    except ValueError:
        return False
    return True


def _matching_zone(value: datetime) -> str | None:
    """An IANA zone with the same offsets as a file-defined zone around `value`, or None.

    Any zone with the same offsets through the year gives the same instants; CLDR's
    default zones, alphabetically, make the choice stable ("Europe/Berlin" over "Paris").
    """
    custom = value.tzinfo
    assert custom is not None
    instants = [value.astimezone(UTC)] + [
        datetime(value.year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)
    ]
    try:
        wanted = [instant.astimezone(custom).utcoffset() for instant in instants]
    except Exception:  # a broken VTIMEZONE: better no match than a crash
        return None
    for candidate in sorted(set(_windows_zones().values())):
        if not _known_zone(candidate):
            continue
        tz = zone(candidate)
        if [instant.astimezone(tz).utcoffset() for instant in instants] == wanted:
            return candidate
    return None
