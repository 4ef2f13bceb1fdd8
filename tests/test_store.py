"""The workspace store: nothing lost, other writers respected, same state -> same bytes."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundplanner import safeio
from roundplanner import store as store_module
from roundplanner.model import (
    FIRST_DAY,
    LAST_DAY,
    SCHEMA_VERSION,
    Company,
    Contact,
    Debrief,
    Interviewer,
    NegotiationStep,
    Offer,
    OfferStatus,
    Outcome,
    Research,
    Round,
    RoundStatus,
    Source,
    Stage,
    StageChange,
    Story,
    StoryBank,
    Topic,
    check_local_time,
    zone,
)
from roundplanner.store import (
    CONFLICTS,
    STORIES,
    TRASH,
    SaveStatus,
    Store,
    StoreError,
    init_workspace,
    migrate,
    parse_model,
)
from roundplanner.toml_io import dumps, loads, model_to_toml

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- strategies

NASTY = [
    '"',
    "'",
    '"""',
    "'''",
    '""""',
    "\\",
    "\\n",
    "\\u0041",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "#",
    "[x]",
    "[[rounds]]",
    "a = 1",
    "=",
    ".",
    "é",
    "日本",
    "😀",
    " ",
    "",
]
"""Pieces that trouble TOML writers: quotes, escapes, every kind of line end, controls."""

text = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    ),
    max_size=4,
).map("".join)
"""Any text a TOML file can hold (lone surrogates cannot be UTF-8, so they are left out)."""

names = text.filter(lambda s: bool(s.strip()))
short_lists = st.lists(text, max_size=3)
ZONES = ["UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]
FIELD_NAMES = {
    name
    for model in (Company, Round, Interviewer, Topic, Debrief, Offer, Research, Contact, Story)
    for field_name, info in model.model_fields.items()
    for name in (field_name, info.alias)
    if name
}
keys = text.filter(lambda key: key not in FIELD_NAMES)
toml_scalars = st.one_of(
    text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.times(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
    st.builds(
        lambda d, minutes: d.replace(tzinfo=timezone(timedelta(minutes=minutes))),
        st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1)),
        st.integers(-23 * 60, 23 * 60),
    ),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
extras = st.dictionaries(keys, toml_values, max_size=2)
model_dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
"""Any date the model accepts (its one range)."""
"""Keys a user added by hand: any name, any TOML value, tables and arrays of tables too."""


def with_extras(model: type[Any], **fields: Any) -> st.SearchStrategy[Any]:
    return st.builds(lambda extra, **kw: model(**kw, **extra), extras, **fields)


def _valid_start(local: datetime, tz: str) -> bool:
    try:
        check_local_time(local, zone(tz), tz)
    except ValueError:
        return False
    return True


@st.composite
def starts(draw: st.DrawFn, tz: str) -> datetime | None:
    local = draw(
        st.none()
        | st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
            lambda d: d.replace(second=0, microsecond=0)
        )
    )
    if local is not None and not _valid_start(local, tz):
        local = local.replace(hour=12, minute=0)
    return local


@st.composite
def rounds(draw: st.DrawFn, round_id: str) -> Round:
    tz = draw(st.sampled_from(ZONES))
    return draw(
        with_extras(
            Round,
            id=st.just(round_id),
            kind=st.sampled_from(["technical", "system_design", "onsite", "my-own-kind"]),
            title=text,
            start=starts(tz),
            timezone=st.just(tz),
            duration_minutes=st.integers(1, 24 * 60),
            where=text,
            status=st.sampled_from(RoundStatus),
            interviewers=st.lists(
                with_extras(Interviewer, name=text, role=text, profile=text, notes=text),
                max_size=2,
            ),
            topics=st.lists(
                with_extras(Topic, title=text, done=st.booleans(), note=text), max_size=3
            ),
            prep_notes=text,
            stories=short_lists,
            questions=short_lists,
            debrief=st.none()
            | with_extras(
                Debrief,
                outcome=st.sampled_from(Outcome),
                went_well=text,
                to_improve=text,
                questions_asked=short_lists,
                gaps=short_lists,
                feedback=text,
            ),
            sequence=st.integers(0, 1000),
            updated=st.none()
            | st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
                lambda d: d.replace(tzinfo=UTC)
            ),
        )
    )


round_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True)

OFFER_FIELDS = {
    "base": st.integers(0, 10**9),
    "bonus": st.integers(0, 10**9),
    "equity": st.integers(0, 10**9),
    "sign_on": st.integers(0, 10**9),
    "currency": text,
    "deadline": st.none() | model_dates,
    "status": st.sampled_from(OfferStatus),
    "notes": text,
    "negotiation": st.lists(
        with_extras(NegotiationStep, on=model_dates, asked=text, response=text), max_size=2
    ),
}


@st.composite
def vesting(draw: st.DrawFn) -> tuple[int, int]:
    """(vesting_years, cliff_months) with the cliff inside the vesting."""
    years = draw(st.integers(1, 10))
    return years, draw(st.integers(0, min(60, years * 12)))


offers = vesting().flatmap(
    lambda yc: with_extras(
        Offer,
        vesting_years=st.just(yc[0]),
        cliff_months=st.just(yc[1]),
        **OFFER_FIELDS,
    )
)


@st.composite
def companies(draw: st.DrawFn) -> Company:
    ids = draw(st.lists(round_ids, max_size=2, unique=True))
    return draw(
        with_extras(
            Company,
            name=names,
            stage=st.sampled_from(Stage),
            source=st.sampled_from(Source),
            links=short_lists,
            research=with_extras(
                Research, what_they_do=text, why_them=text, how_i_contribute=text, notes=text
            ),
            contacts=st.lists(
                with_extras(Contact, name=text, role=text, email=text, notes=text), max_size=2
            ),
            stage_history=st.lists(
                st.builds(StageChange, stage=st.sampled_from(Stage), on=model_dates), max_size=3
            ),
            rounds=st.tuples(*(rounds(i) for i in ids)).map(list),
            offer=st.none() | offers,
            notes=text,
            domain=text,
        )
    )


story_banks = st.lists(round_ids, max_size=3, unique=True).flatmap(
    lambda ids: st.tuples(
        *(
            with_extras(
                Story,
                id=st.just(i),
                title=text,
                setup=text,
                actions=text,
                outcome=text,
                tags=short_lists,
            )
            for i in ids
        )
    ).map(lambda stories: StoryBank(stories=list(stories)))
)


def slugs_for(count: int) -> list[str]:
    return [f"company-{i}" for i in range(count)]


# --------------------------------------------------------------------------- round trip

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.lists(companies(), min_size=1, max_size=2), story_banks)
def test_workspace_round_trip(saved: list[Company], bank: StoryBank) -> None:
    """Any valid workspace -> save -> load -> equal, and a second save writes nothing."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        wanted = dict(zip(slugs_for(len(saved)), saved, strict=True))
        store = Store(root)
        store.load()
        for slug, company in wanted.items():
            assert store.save_company(slug, company).status is SaveStatus.WRITTEN
        assert store.save_stories(bank).status is SaveStatus.WRITTEN

        again = Store(root)
        workspace = again.load()
        assert workspace.problems == []
        assert workspace.companies == wanted
        assert workspace.stories == bank
        for slug, company in workspace.companies.items():
            assert again.save_company(slug, company).status is SaveStatus.UNCHANGED
            assert model_to_toml(company) == model_to_toml(wanted[slug])
        assert again.save_stories(workspace.stories).status is SaveStatus.UNCHANGED


@PROPERTY
@given(st.dictionaries(text, toml_values, max_size=4))
def test_any_toml_data_round_trips(data: dict[str, Any]) -> None:
    """The writer under the models: any TOML data -> text -> the same data."""
    written = dumps(data)
    assert loads(written.encode()) == data
    assert dumps(loads(written.encode())) == written


@pytest.mark.parametrize("piece", NASTY)
def test_each_nasty_piece_round_trips_everywhere(piece: str) -> None:
    value = f"a{piece}b{piece}"
    company = Company(
        name=f"Acme {piece}",
        notes=value,
        research=Research(what_they_do=value),
        links=[value, piece],
        rounds=[
            Round(
                id="r-1",
                where=value,
                prep_notes=piece + "\n" + value,
                interviewers=[Interviewer(name=value, notes=value, **{piece or "_": value})],
                questions=[value],
            )
        ],
        **{f"k{piece}": value, f"t{piece}": {piece: value, "list": [{piece: value}]}},
    )
    written = model_to_toml(company)
    loaded, problems = parse_model(Company, written, "x.toml")
    assert problems == []
    assert loaded == company
    assert loaded is not None and model_to_toml(loaded) == written


def test_crlf_inside_a_note_survives_exactly() -> None:
    """TOML turns CRLF inside a multi-line string into LF: such a value is written escaped."""
    company = Company(name="Acme", notes="line one\r\nline two\nline three")
    written = model_to_toml(company).decode()
    assert 'notes = "line one\\r\\nline two\\nline three"' in written
    loaded, _ = parse_model(Company, written.encode(), "x.toml")
    assert loaded is not None and loaded.notes == company.notes


def test_notes_are_written_as_multi_line_strings() -> None:
    company = Company(name="Acme", notes="first line\nsecond line\n")
    assert 'notes = """\nfirst line\nsecond line\n"""' in model_to_toml(company).decode()


def test_a_key_with_a_newline_stays_a_key() -> None:
    data = {"a\nb": 1, "t": {"c\nd": "e\nf"}}
    assert loads(dumps(data).encode()) == data


# --------------------------------------------------------------------------- stable bytes


def file_state(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_mtime_ns, info.st_ino


def test_same_state_same_bytes(demo_ws: Path) -> None:
    store = Store(demo_ws)
    workspace = store.load()
    first = {key: (demo_ws / key).read_bytes() for key in store.company_keys_on_disk()}
    for slug, company in workspace.companies.items():
        copy = Company.model_validate(company.model_dump(by_alias=True))
        assert model_to_toml(copy) == first[store.company_key(slug)]
    assert model_to_toml(workspace.stories) == (demo_ws / STORIES).read_bytes()


def test_save_of_unchanged_writes_nothing(demo_ws: Path) -> None:
    store = Store(demo_ws)
    workspace = store.load()
    before = {key: file_state(demo_ws / key) for key in store.company_keys_on_disk()}
    time.sleep(0.01)
    for slug, company in workspace.companies.items():
        assert store.save_company(slug, company).status is SaveStatus.UNCHANGED
    assert store.save_stories(workspace.stories).status is SaveStatus.UNCHANGED
    after = {key: file_state(demo_ws / key) for key in store.company_keys_on_disk()}
    assert after == before


def test_save_twice_same_bytes_and_only_that_file(demo_ws: Path) -> None:
    store = Store(demo_ws)
    workspace = store.load()
    others = {
        key: file_state(demo_ws / key)
        for key in store.company_keys_on_disk()
        if key != "companies/acme-robotics.toml"
    }
    company = workspace.companies["acme-robotics"]
    company.notes = "Second thoughts.\nStill keen."
    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN
    written = (demo_ws / "companies/acme-robotics.toml").read_bytes()
    assert store.save_company("acme-robotics", company).status is SaveStatus.UNCHANGED
    # A second store that never read the file finds our bytes there already.
    assert Store(demo_ws).save_company("acme-robotics", company).status is SaveStatus.UNCHANGED
    assert (demo_ws / "companies/acme-robotics.toml").read_bytes() == written
    for key, state in others.items():
        assert file_state(demo_ws / key) == state


def test_output_layout_is_readable() -> None:
    company = Company(
        name="Acme",
        stage=Stage.INTERVIEWING,
        rounds=[
            Round(
                id="r-1",
                kind="coding",
                start=datetime(2026, 12, 3, 10),
                timezone="Europe/Berlin",
                interviewers=[Interviewer(name="Ann")],
                debrief=Debrief(outcome=Outcome.PASSED),
                updated=datetime(2026, 11, 26, 9, tzinfo=UTC),
            )
        ],
    )
    assert model_to_toml(company).decode() == (
        "schema = 1\n"
        'name = "Acme"\n'
        'stage = "interviewing"\n'
        'source = "other"\n'
        "\n"
        "[[rounds]]\n"
        'id = "r-1"\n'
        'kind = "coding"\n'
        "start = 2026-12-03T10:00:00\n"
        'timezone = "Europe/Berlin"\n'
        "duration_minutes = 60\n"
        'status = "scheduled"\n'
        "updated = 2026-11-26T09:00:00Z\n"
        "\n"
        "[[rounds.interviewers]]\n"
        'name = "Ann"\n'
        "\n"
        "[rounds.debrief]\n"
        'outcome = "passed"\n'
    )


# --------------------------------------------------------------------------- unknown keys

HAND_WRITTEN = """\
schema = 1
name = "Acme"
mood = "hopeful"
stage = "interviewing"

[research]
what_they_do = "Robots"
rating = 4

[[rounds]]
id = "r-1"
timezone = "UTC"
room = "4B"
parking = { level = 2, spot = "B7" }

[[rounds.interviewers]]
name = "Ann"
pronouns = "she/her"

[rounds.interviewers.socials]
mastodon = "@ann@example.social"

[[rounds.snacks]]
kind = "coffee"

[[rounds.snacks]]
kind = "tea"

[my_table]
x = 1
when = 2026-11-26T09:00:00+01:00

[my_table.deeper]
y = [1, "two", { three = 3 }]

[[my_log]]
on = 2026-11-01
what = "Called Ann"
"""


def test_unknown_keys_survive_an_edit_and_a_save(workspace_dir: Path) -> None:
    init_workspace(workspace_dir)
    path = workspace_dir / "companies/acme.toml"
    path.write_text(HAND_WRITTEN)
    store = Store(workspace_dir)
    company = store.load().companies["acme"]
    company.rounds[0].interviewers[0].notes = "Met at a meetup"
    company.stage = Stage.OFFER
    assert store.save_company("acme", company).status is SaveStatus.WRITTEN

    before = tomllib.loads(HAND_WRITTEN)
    after = tomllib.loads(path.read_text())
    assert after["mood"] == "hopeful"
    assert after["research"]["rating"] == 4
    assert after["rounds"][0]["room"] == "4B"
    assert after["rounds"][0]["parking"] == {"level": 2, "spot": "B7"}
    assert after["rounds"][0]["interviewers"][0]["pronouns"] == "she/her"
    assert (
        after["rounds"][0]["interviewers"][0]["socials"]
        == before["rounds"][0]["interviewers"][0]["socials"]
    )
    assert after["rounds"][0]["snacks"] == [{"kind": "coffee"}, {"kind": "tea"}]
    assert after["my_table"] == before["my_table"]
    assert after["my_log"] == before["my_log"]
    assert after["stage"] == "offer"
    assert after["rounds"][0]["interviewers"][0]["notes"] == "Met at a meetup"
    reloaded = Store(workspace_dir).load().companies["acme"]
    assert reloaded == company


# --------------------------------------------------------------------------- broken files

BROKEN_ZONE = """\
schema = 1
name = "Acme Robotics"
stage = "interviewing"

[[rounds]]
id = "r-1"
start = 2026-12-01T10:00:00
timezone = "America/Los_Angeles"

[[rounds]]
id = "r-2"
kind = "system_design"
start = 2026-12-03T10:00:00
timezone = "PST8"
"""


def write_company(root: Path, slug: str, body: str | bytes) -> Path:
    init_workspace(root)
    path = root / "companies" / f"{slug}.toml"
    path.write_bytes(body.encode() if isinstance(body, str) else body)
    return path


def test_broken_file_reported_with_path_line_and_field(demo_ws: Path) -> None:
    path = write_company(demo_ws, "acme", BROKEN_ZONE)
    before = file_state(path)
    store = Store(demo_ws)
    workspace = store.load()
    assert [str(p) for p in workspace.problems] == [
        "companies/acme.toml:14: rounds[1].timezone: unknown time zone 'PST8'"
    ]
    assert workspace.broken_files == ["companies/acme.toml"]
    assert len(workspace.companies) == 12  # the rest of the workspace loads
    assert "acme" not in workspace.companies
    with pytest.raises(StoreError, match="could not be read, so it is not overwritten"):
        store.save_company("acme", Company(name="Acme Robotics"))
    assert file_state(path) == before
    assert "acme" in store.taken_slugs()
    assert store.new_slug("Acme") == "acme-2"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('name = "Acme"\nstage = "interviewing\n', "companies/acme.toml:2: TOML syntax:"),
        ('name = "Acme"\n[[rounds]]\nid = "r-1"\nduration_minutes = "an hour"\n', ":4: rounds[0]"),
        ("schema = 1\nname = 42\n", "companies/acme.toml:2: name: Input should be a valid string"),
    ],
)
def test_broken_file_kinds(workspace_dir: Path, body: str, expected: str) -> None:
    path = write_company(workspace_dir, "acme", body)
    workspace = Store(workspace_dir).load()
    assert len(workspace.problems) == 1
    assert expected in str(workspace.problems[0])
    assert path.read_bytes() == body.encode()


def test_a_broken_story_bank_leaves_companies_loading(demo_ws: Path) -> None:
    (demo_ws / STORIES).write_text("schema = 1\n[[stories]]\ntitle = 3\n")
    store = Store(demo_ws)
    workspace = store.load()
    assert [str(p) for p in workspace.problems] == [
        "stories.toml:3: stories[0].title: Input should be a valid string"
    ]
    assert len(workspace.companies) == 12
    with pytest.raises(StoreError):
        store.save_stories(StoryBank())


def test_a_fixed_file_loads_again(workspace_dir: Path) -> None:
    path = write_company(workspace_dir, "acme", BROKEN_ZONE)
    store = Store(workspace_dir)
    store.load()
    path.write_text(BROKEN_ZONE.replace("PST8", "America/Los_Angeles"))
    changes = store.external_changes()
    assert [(c.key, c.kind) for c in changes] == [("companies/acme.toml", "changed")]
    company, problems = store.load_company("companies/acme.toml")
    assert problems == [] and company is not None
    company.notes = "fixed"
    assert store.save_company("acme", company).status is SaveStatus.WRITTEN


def test_a_folder_where_a_file_should_be(workspace_dir: Path) -> None:
    init_workspace(workspace_dir)
    (workspace_dir / "companies/odd.toml").mkdir()
    workspace = Store(workspace_dir).load()
    assert [str(p) for p in workspace.problems] == ["companies/odd.toml: is a folder, not a file"]


def test_unreadable_file(workspace_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_company(workspace_dir, "acme", 'name = "Acme"\n')
    real = os.open

    def deny(name: Any, flags: int, *args: Any) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(name, flags, *args)

    monkeypatch.setattr(safeio.os, "open", deny)
    workspace = Store(workspace_dir).load()
    assert [str(p) for p in workspace.problems] == [
        "companies/acme.toml: cannot read: Permission denied"
    ]


# --------------------------------------------------------------------------- failed writes


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.tmp"))


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("replace", OSError(errno.EIO, "Input/output error")),
        ("replace", PermissionError(errno.EACCES, "Permission denied")),
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
        ("mkstemp", PermissionError(errno.EACCES, "Permission denied")),
        ("mkstemp", OSError(errno.EROFS, "Read-only file system")),
        ("write", OSError(errno.ENOSPC, "No space left on device")),
    ],
)
def test_a_failed_write_keeps_the_old_file_and_can_be_retried(
    demo_ws: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: OSError
) -> None:
    """Disk full, permission denied, a read-only folder: StoreError, nothing half-written."""
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    before = file_state(path)
    company.notes = "An edit that must not be lost."

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    with monkeypatch.context() as patch:
        if target == "replace":
            patch.setattr(store_module.os, "replace", fail)
        elif target == "fsync":
            patch.setattr(store_module.os, "fsync", fail)
        elif target == "mkstemp":
            patch.setattr(safeio.tempfile, "mkstemp", fail)
        else:
            real_fdopen = os.fdopen

            class Full:
                def __init__(self, handle: Any) -> None:
                    self.handle = handle

                def __enter__(self) -> Full:
                    return self

                def __exit__(self, *exc: object) -> None:
                    self.handle.close()

                def write(self, data: bytes) -> int:
                    self.handle.write(data[: len(data) // 2])
                    raise error

            patch.setattr(store_module.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
        with pytest.raises(StoreError) as info:
            store.save_company("acme-robotics", company)
    assert str(info.value) == (f"could not save companies/acme-robotics.toml: {error.strerror}")
    assert file_state(path) == before
    assert leftovers(demo_ws) == []
    assert company.notes == "An edit that must not be lost."

    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN
    assert Store(demo_ws).load().companies["acme-robotics"] == company
    assert leftovers(demo_ws) == []


def test_a_failed_conflict_copy_is_a_store_error(
    demo_ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    path.write_bytes(path.read_bytes() + b"# edited elsewhere\n")
    company.notes = "mine"

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio.tempfile, "mkstemp", fail)
    with pytest.raises(StoreError, match=r"changed on disk.*No space left on device"):
        store.save_company("acme-robotics", company)
    assert path.read_bytes().endswith(b"# edited elsewhere\n")


def test_a_clean_run_leaves_no_temp_files(demo_ws: Path) -> None:
    store = Store(demo_ws)
    workspace = store.load()
    for slug, company in workspace.companies.items():
        company.notes += " edited"
        store.save_company(slug, company)
    assert leftovers(demo_ws) == []


def test_stale_temp_files_are_swept_and_live_ones_kept(demo_ws: Path) -> None:
    stale = demo_ws / "companies/.acme-robotics.toml.abc.tmp"
    live = demo_ws / "companies/.acme-robotics.toml.def.tmp"
    stale.write_bytes(b"half a fi")
    live.write_bytes(b"being writ")
    old = time.time() - store_module.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    workspace = Store(demo_ws).load()
    assert not stale.exists() and live.exists()
    assert workspace.problems == [] and len(workspace.companies) == 12


# --------------------------------------------------------------------------- other writers


def test_an_external_change_is_not_clobbered(demo_ws: Path) -> None:
    store = Store(demo_ws)
    ours = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    theirs = path.read_text().replace('stage = "interviewing"', 'stage = "offer"')
    path.write_text(theirs)
    ours.notes = "my local change"

    result = store.save_company("acme-robotics", ours)
    assert result.status is SaveStatus.CONFLICT
    assert path.read_text() == theirs
    assert result.kept is not None and result.kept.parent == demo_ws / CONFLICTS
    assert result.kept.read_bytes() == model_to_toml(ours)
    assert re.fullmatch(r"acme-robotics-\d{8}T\d{12}Z\.toml", result.kept.name)
    assert "changed on disk; it was not overwritten" in result.message
    assert result.kept.name in result.message
    assert Store(demo_ws).load().companies["acme-robotics"].stage is Stage.OFFER


def test_reload_after_an_external_change_then_save(demo_ws: Path) -> None:
    store = Store(demo_ws)
    store.load()
    path = demo_ws / "companies/acme-robotics.toml"
    path.write_text(path.read_text().replace('stage = "interviewing"', 'stage = "offer"'))
    company, _ = store.load_company("companies/acme-robotics.toml")
    assert company is not None and company.stage is Stage.OFFER
    company.notes = "after reload"
    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN


def test_a_touched_file_is_not_a_conflict(demo_ws: Path) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    path.write_bytes(path.read_bytes())  # same content, new mtime (a sync tool, `git checkout`)
    os.utime(path, ns=(1, 1))
    assert store.external_changes() == []
    company.notes = "edited"
    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN


def test_the_same_change_made_elsewhere_is_no_conflict(demo_ws: Path) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    company.notes = "same edit on two machines"
    path = demo_ws / "companies/acme-robotics.toml"
    path.write_bytes(model_to_toml(company))
    assert store.save_company("acme-robotics", company).status is SaveStatus.UNCHANGED
    assert not (demo_ws / CONFLICTS).exists()
    company.notes = "and then more"
    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN


def test_a_file_deleted_elsewhere_is_recreated_by_a_save(demo_ws: Path) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    (demo_ws / "companies/acme-robotics.toml").unlink()
    company.notes = "still here"
    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN
    assert Store(demo_ws).load().companies["acme-robotics"].notes == "still here"


def test_a_new_file_never_replaces_one_we_did_not_read(demo_ws: Path) -> None:
    store = Store(demo_ws)
    store.load()
    path = write_company(demo_ws, "newco", 'name = "NewCo"\nnotes = "theirs"\n')
    result = store.save_company("newco", Company(name="NewCo", notes="ours"))
    assert result.status is SaveStatus.CONFLICT
    assert path.read_text() == 'name = "NewCo"\nnotes = "theirs"\n'


def test_external_changes(demo_ws: Path) -> None:
    store = Store(demo_ws)
    store.load()
    assert store.external_changes() == []
    companies = demo_ws / "companies"
    (companies / "acme-robotics.toml").write_text('name = "Acme"\n')
    (companies / "harbor-bank.toml").unlink()
    (companies / "zeta.toml").write_text('name = "Zeta"\n')
    (companies / ".zeta.toml.x.tmp").write_text("junk")
    (companies / "readme.txt").write_text("not a company")
    changes = [(c.key, c.kind) for c in store.external_changes()]
    assert changes == [
        ("companies/acme-robotics.toml", "changed"),
        ("companies/harbor-bank.toml", "removed"),
        ("companies/zeta.toml", "added"),
    ]
    store.load()
    assert store.external_changes() == []


def test_external_stories_added(workspace_dir: Path) -> None:
    init_workspace(workspace_dir)
    store = Store(workspace_dir)
    store.load()
    (workspace_dir / STORIES).write_text("schema = 1\n")
    assert [(c.key, c.kind) for c in store.external_changes()] == [(STORIES, "added")]


def test_two_writers_on_different_companies_both_save(demo_ws: Path) -> None:
    first, second = Store(demo_ws), Store(demo_ws)
    mine, theirs = first.load(), second.load()
    mine.companies["acme-robotics"].notes = "from the first"
    theirs.companies["lumen-labs"].notes = "from the second"
    assert first.save_company("acme-robotics", mine.companies["acme-robotics"]).status is (
        SaveStatus.WRITTEN
    )
    assert second.save_company("lumen-labs", theirs.companies["lumen-labs"]).status is (
        SaveStatus.WRITTEN
    )
    both = Store(demo_ws).load().companies
    assert both["acme-robotics"].notes == "from the first"
    assert both["lumen-labs"].notes == "from the second"


def test_two_writers_on_the_same_company_lose_nothing(demo_ws: Path) -> None:
    first, second = Store(demo_ws), Store(demo_ws)
    mine, theirs = first.load(), second.load()
    mine.companies["acme-robotics"].notes = "from the first"
    theirs.companies["acme-robotics"].notes = "from the second"
    assert first.save_company("acme-robotics", mine.companies["acme-robotics"]).status is (
        SaveStatus.WRITTEN
    )
    result = second.save_company("acme-robotics", theirs.companies["acme-robotics"])
    assert result.status is SaveStatus.CONFLICT
    on_disk = Store(demo_ws).load().companies["acme-robotics"]
    assert on_disk.notes == "from the first"
    assert result.kept is not None
    kept, _ = parse_model(Company, result.kept.read_bytes(), "kept")
    assert kept is not None and kept.notes == "from the second"
    # The conflicts folder is not part of the workspace.
    assert len(Store(demo_ws).load().companies) == 12


# --------------------------------------------------------------------------- files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_and_folders_are_user_only(workspace_dir: Path) -> None:
    old = os.umask(0)
    try:
        init_workspace(workspace_dir)
        store = Store(workspace_dir)
        store.load()
        store.save_company("acme", Company(name="Acme"))
        store.save_stories(StoryBank(stories=[Story(id="s-1", title="x")]))
        other = Store(workspace_dir)
        other.load()
        store.save_company("acme", Company(name="Acme", notes="a"))
        kept = other.save_company("acme", Company(name="Acme", notes="b")).kept
        store.delete_company("acme")
    finally:
        os.umask(old)
    assert kept is not None
    for folder in (workspace_dir, workspace_dir / "companies", kept.parent, workspace_dir / TRASH):
        assert mode(folder) == 0o700, folder
    for file in (workspace_dir / STORIES, kept, *(workspace_dir / TRASH).iterdir()):
        assert mode(file) == 0o600, file


def test_a_save_makes_a_hand_made_file_private(workspace_dir: Path) -> None:
    path = write_company(workspace_dir, "acme", 'name = "Acme"\n')
    path.chmod(0o644)
    store = Store(workspace_dir)
    company = store.load().companies["acme"]
    company.notes = "x"
    store.save_company("acme", company)
    assert mode(path) == 0o600


def test_delete_moves_to_trash_and_a_save_restores(demo_ws: Path) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    content = path.read_bytes()
    target = store.delete_company("acme-robotics")
    assert target is not None and target.parent == demo_ws / TRASH
    assert target.read_bytes() == content
    assert not path.exists()
    assert "acme-robotics" not in Store(demo_ws).load().companies
    assert store.external_changes() == []
    assert store.delete_company("acme-robotics") is None

    assert store.save_company("acme-robotics", company).status is SaveStatus.WRITTEN
    assert path.read_bytes() == content
    assert Store(demo_ws).load().companies["acme-robotics"] == company


def test_create_company_picks_a_fresh_safe_slug(demo_ws: Path) -> None:
    store = Store(demo_ws)
    store.load()
    assert store.create_company(Company(name="Acme Robotics")) == "acme-robotics-2"
    assert store.create_company(Company(name="../../etc/passwd")) == "etc-passwd"
    assert store.create_company(Company(name="CON")) == "con-co"
    assert store.create_company(Company(name="日本")) == "company"
    assert store.create_company(Company(name="中国")) == "company-2"
    files = sorted(p.name for p in (demo_ws / "companies").iterdir())
    assert "etc-passwd.toml" in files and "con-co.toml" in files
    assert not (demo_ws.parent / "etc").exists()
    assert all(p.parent == demo_ws / "companies" for p in (demo_ws / "companies").iterdir())
    assert len(Store(demo_ws).load().companies) == 17


def test_slugs_clash_case_insensitively_with_files(workspace_dir: Path) -> None:
    write_company(workspace_dir, "Acme", 'name = "Acme"\n')
    store = Store(workspace_dir)
    store.load()
    assert store.new_slug("acme") == "acme-2"


def test_missing_workspace_loads_empty(tmp_path: Path) -> None:
    workspace = Store(tmp_path / "nowhere").load()
    assert workspace.companies == {} and workspace.problems == []
    assert workspace.stories == StoryBank()


def test_kinds_are_checked_when_given(workspace_dir: Path) -> None:
    write_company(workspace_dir, "acme", 'name = "Acme"\n[[rounds]]\nid = "r-1"\nkind = "lunch"\n')
    workspace = Store(workspace_dir, kinds={"coding", "onsite"}).load()
    assert [str(p) for p in workspace.problems] == [
        "companies/acme.toml:4: rounds[0].kind: unknown round kind 'lunch' (known: coding, onsite)"
    ]
    assert Store(workspace_dir).load().problems == []


# --------------------------------------------------------------------------- schema


def test_migrate_refuses_a_newer_schema() -> None:
    with pytest.raises(ValueError, match=r"newer roundplanner \(schema 2, this one reads 1\)"):
        migrate({"schema": SCHEMA_VERSION + 1})


@pytest.mark.parametrize("version", [0, -1, "1", True, 1.0])
def test_migrate_refuses_a_bad_schema(version: object) -> None:
    with pytest.raises(ValueError, match="schema must be a whole number"):
        migrate({"schema": version})


def test_migrate_current_and_missing() -> None:
    assert migrate({"schema": 1, "name": "x"}) == {"schema": 1, "name": "x"}
    assert migrate({"name": "x"}) == {"name": "x"}


def test_migrations_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(old: str, new: str) -> Any:
        return lambda data: {new if key == old else key: value for key, value in data.items()}

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(
        store_module, "MIGRATIONS", {1: rename("title", "company"), 2: rename("company", "name")}
    )
    assert migrate({"schema": 1, "title": "Acme"}) == {"schema": 3, "name": "Acme"}


def test_a_newer_file_is_reported_and_kept(workspace_dir: Path) -> None:
    path = write_company(workspace_dir, "acme", 'name = "Acme"\nschema = 7\n')
    store = Store(workspace_dir)
    assert [str(p) for p in store.load().problems] == [
        "companies/acme.toml:2: schema: written by a newer roundplanner "
        "(schema 7, this one reads 1)"
    ]
    with pytest.raises(StoreError):
        store.save_company("acme", Company(name="Acme"))
    assert path.read_text() == 'name = "Acme"\nschema = 7\n'


# --------------------------------------------------------------------------- documented format

DESIGN_SAMPLE = """\
schema = 1
name = "Acme Robotics"
stage = "interviewing"          # interested, applied, screening, interviewing, offer, accepted, rejected, withdrawn, ghosted
source = "referral"             # referral, inbound, network, alumni, event, applied, ...
[research]
what_they_do = "..."
how_i_contribute = "..."
[[stage_history]]
stage = "applied"
on = 2026-11-02
[[rounds]]
id = "r-7f3a"                   # stable: the .ics UID derives from it
kind = "system_design"
start = 2026-12-03T10:00:00     # local time of `timezone`
timezone = "America/Los_Angeles"
duration_minutes = 60
where = "https://meet.example/abc"
[[rounds.interviewers]]
name = "Ann Lee"
role = "Staff Engineer"
notes = "Wrote the post on their event pipeline"
[[rounds.topics]]
title = "Capacity estimation"
done = true
[rounds.debrief]
outcome = "passed"
to_improve = "..."
[offer]
base = 185000
deadline = 2026-12-20
"""  # noqa: E501 - verbatim from DESIGN.md


def test_the_design_sample_loads(workspace_dir: Path, settings: Any) -> None:
    write_company(workspace_dir, "acme", DESIGN_SAMPLE)
    workspace = Store(workspace_dir, settings.kinds).load()
    assert workspace.problems == []
    company = workspace.companies["acme"]
    round_ = company.rounds[0]
    assert (company.stage, company.source) == (Stage.INTERVIEWING, Source.REFERRAL)
    assert round_.starts_at == datetime(2026, 12, 3, 10, tzinfo=zone("America/Los_Angeles"))
    assert round_.interviewers[0].name == "Ann Lee" and round_.topics[0].done
    assert round_.debrief is not None and round_.debrief.outcome is Outcome.PASSED
    assert company.offer is not None and company.offer.deadline == date(2026, 12, 20)
    assert company.stage_history == [StageChange(stage=Stage.APPLIED, on=date(2026, 11, 2))]


def readme_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```toml\n(.*?)```", readme, re.DOTALL)


def test_the_readme_company_file_and_story_bank_load(workspace_dir: Path, settings: Any) -> None:
    blocks = readme_blocks()
    company_block = next(b for b in blocks if "[[rounds]]" in b)
    stories_block = next(b for b in blocks if "[[stories]]" in b)
    write_company(workspace_dir, "acme", company_block)
    (workspace_dir / STORIES).write_text(stories_block)
    store = Store(workspace_dir, settings.kinds)
    workspace = store.load()
    assert workspace.problems == []
    company = workspace.companies["acme"]
    assert company.rounds[0].stories == ["s-latency"]
    assert workspace.stories.by_id("s-latency") is not None
    assert company.offer is not None and company.offer.negotiation[0].asked == "Base 195k"
    assert company.model_extra == {}
    assert all(round_.model_extra == {} for round_ in company.rounds)
    assert store.save_company("acme", company).status is SaveStatus.WRITTEN
    assert Store(workspace_dir).load().companies["acme"] == company


def test_a_same_size_edit_within_the_same_mtime_is_still_seen(demo_ws: Path) -> None:
    """Some file systems keep mtimes to the second: the bytes are what counts."""
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    info = path.stat()
    theirs = path.read_bytes().replace(b"Acme Robotics", b"ACME ROBOTICS")
    with path.open("r+b") as handle:  # in place: same inode, same size
        handle.write(theirs)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (info.st_mtime_ns, info.st_size)
    company.notes = "mine"
    assert store.save_company("acme-robotics", company).status is SaveStatus.CONFLICT
    assert path.read_bytes() == theirs


def test_an_untouched_company_never_overwrites_an_external_edit(demo_ws: Path) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    path = demo_ws / "companies/acme-robotics.toml"
    theirs = path.read_bytes() + b'extra = "added in an editor"\n'
    path.write_bytes(theirs)
    assert store.save_company("acme-robotics", company).status is not SaveStatus.WRITTEN
    assert path.read_bytes() == theirs
