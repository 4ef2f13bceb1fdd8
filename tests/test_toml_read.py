"""The fast TOML reader gives exactly what the standard library gives, or the same refusal.

Company files are read by rtoml when `store._rtoml_may_differ` finds nothing it would read
differently, else by tomli, with tomllib's words for an error (store._read_toml). These
tests hold the reader to tomllib on every file in tests/data, on the demo, on what we
write, on generated documents, and on the forms TOML 1.1 added.
"""

from __future__ import annotations

import copy
import pickle
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from roundplanner.model import Company
from roundplanner.store import MAX_DEPTH, _read_toml, parse_model

DATA = Path(__file__).parent / "data"


def outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", read(text)
    except tomllib.TOMLDecodeError as error:
        return "error", str(error)
    except (RecursionError, ValueError) as error:
        return "error", type(error).__name__


def same_as_tomllib(text: str) -> None:
    ours, theirs = outcome(_read_toml, text), outcome(tomllib.loads, text)
    assert ours == theirs
    if ours[0] == "ok":
        assert_plain_zones(ours[1])


def assert_plain_zones(value: Any) -> None:
    """Every aware date-time uses the standard library's tzinfo: it copies and pickles."""
    if isinstance(value, dict):
        for item in value.values():
            assert_plain_zones(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain_zones(item)
    elif isinstance(value, datetime) and value.tzinfo is not None:
        assert type(value.tzinfo) is timezone
        assert pickle.loads(pickle.dumps(value)) == copy.deepcopy(value) == value


def test_every_file_in_the_test_data_reads_as_tomllib_reads_it() -> None:
    files = sorted(DATA.rglob("*.toml"))
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # refused before any parser sees it
        same_as_tomllib(text)


def test_the_demo_and_generated_workspaces_read_as_tomllib_reads_them(demo_ws: Path) -> None:
    files = sorted((demo_ws / "companies").glob("*.toml"))
    assert files
    for path in files:
        same_as_tomllib(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        'a = "\\e"',
        'a = "\\x41"',
        "a = 09:00",
        "a = 2026-11-26T09:00",
        "a = 2026-11-26 09:00",
        "a = [09:00, 10:00]",
        "a = {b = 1,\n c = 2}",
        "a = {b = 1,}",
        'notes = """\r\nFirst\r\nSecond\r\n"""\r\n',
        "a = 2026-11-26T09:00:00+01:00",
        "a = 2026-11-26T09:00:00.5Z",
        "a = 2026-11-26t09:00:00z",
        "a = 1\na = 2",
        "a = 99999999999999999999999",
        "a = " + "[" * 200 + "]" * 200,
        'notes = "meet at 10:30-11:00, then {lunch}"',
        "\ufeffa = 1",  # a second byte order mark (utf-8-sig took the first)
        'a = "x"\n\ufeffb = 1',
    ],
)
def test_toml_1_1_forms_and_edge_cases_read_as_tomllib_reads_them(text: str) -> None:
    same_as_tomllib(text)


def test_an_offset_date_time_is_stored_with_a_plain_zone() -> None:
    read = _read_toml('imported_stamp = 2026-11-26T09:00:00Z\nb = "x"')
    assert read["imported_stamp"] == datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert_plain_zones(read)


TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
SCALARS = st.one_of(
    TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ),
)
KEYS = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12)
DOCUMENTS = st.recursive(
    st.dictionaries(KEYS, SCALARS, max_size=5),
    lambda inner: st.dictionaries(KEYS, st.one_of(SCALARS, inner, st.lists(inner, max_size=3))),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_what_we_write_reads_back_as_tomllib_reads_it(document: dict[str, Any]) -> None:
    for multiline in (False, True):
        text = tomli_w.dumps(document, multiline_strings=multiline)
        same_as_tomllib(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from('ab=[]{}",.\\\n\r #:0129-+TZetx\'"\ufeff\x7fé'), max_size=60))
def test_arbitrary_text_reads_or_fails_as_tomllib(text: str) -> None:
    same_as_tomllib(text)


def test_dates_and_times_are_the_standard_types() -> None:
    read = _read_toml("d = 2026-11-26\nt = 09:00:00\nl = 2026-11-26T09:00:00")
    assert read == {
        "d": date(2026, 11, 26),
        "t": time(9),
        "l": datetime(2026, 11, 26, 9),
    }


@pytest.mark.parametrize("stamp", ["", "stamp = 2026-11-26T09:00:00Z\n"], ids=["rtoml", "tomli"])
@pytest.mark.parametrize(
    "deep",
    [
        ".".join(["a"] * 5000) + " = 1",
        "[" + ".".join(["a"] * 5000) + "]",
        "[[" + " . ".join(['"a.b"'] * 5000) + "]]",
    ],
    ids=["dotted", "header", "quoted-array-header"],
)
def test_a_key_of_thousands_of_parts_is_refused_before_tomli_reads_it(
    monkeypatch: pytest.MonkeyPatch, stamp: str, deep: str
) -> None:
    """tomli's time and memory grow with the square of a key's parts: a 200 KB key of
    100,000 took minutes and gigabytes (rtoml gives up at 80 parts, then tomli read it).
    `stamp` sends the file to tomli directly."""

    def never(text: str) -> None:
        raise AssertionError("tomli was asked to read it")

    monkeypatch.setattr(tomli, "loads", never)
    text = f'schema = 1\nname = "Acme"\n{stamp}{deep}\n'
    company, problems = parse_model(Company, text.encode(), "acme.toml")
    assert company is None
    line = 3 + stamp.count("\n")
    assert [str(problem) for problem in problems] == [
        f"acme.toml:{line}: nested more than {MAX_DEPTH} levels deep"
    ]


def test_a_note_of_many_dots_is_read() -> None:
    """Only a key is refused for its parts: a string of dotted words is data."""
    notes = ".".join(["a"] * 100) + " = 1"
    text = f'a = "{notes}"\nb = """\n{"x." * 100}\n"""\nc = "{"." * 1000}"\n'
    same_as_tomllib(text)
