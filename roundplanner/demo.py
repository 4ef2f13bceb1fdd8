"""A believable demo workspace, and a generator of any size for the benchmarks.

The demo follows the advice the product grew from: most leads come from referrals,
inbound interest and the network rather than cold applications; each round knows who
the candidate meets and what to brush up on; finished rounds carry a post-mortem;
stories have a setup, the actions and a measurable outcome; two offers compete.

Times are placed relative to `now`, so the demo always has rounds today, tomorrow and
next week, and a debrief or two still due.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from roundplanner.model import (
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
)
from roundplanner.settings import Settings
from roundplanner.store import Store, init_workspace

ZONES = ("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Europe/London")


def _local(now: datetime, zone_name: str, days: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time `days` from `now`'s date in `zone_name`, at hour:minute."""
    today = now.astimezone(ZoneInfo(zone_name)).date()
    day = today + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute)


def _topics(settings: Settings, kind: str, done: int) -> list[Topic]:
    items = settings.checklist_items(kind)
    return [Topic(title=title, done=i < done) for i, title in enumerate(items)]


def _history(now: datetime, *steps: tuple[Stage, int]) -> list[StageChange]:
    today = now.date()
    return [StageChange(stage=stage, on=today - timedelta(days=ago)) for stage, ago in steps]


def demo_stories() -> StoryBank:
    return StoryBank(
        stories=[
            Story(
                id="s-latency",
                title="Cut checkout latency in half",
                setup="Checkout p99 was 2.4 s during sales; carts were abandoned.",
                actions="Profiled the path, moved tax lookup to a cache, batched inventory "
                "calls; convinced the payments team to adopt idempotency keys.",
                outcome="p99 fell from 2.4 s to 1.1 s; abandoned carts dropped 18% that quarter.",
                tags=["performance", "impact", "influence"],
            ),
            Story(
                id="s-outage",
                title="Led the incident review after a 3-hour outage",
                setup="A bad config push took down search for three hours.",
                actions="Ran a blameless review, wrote the rollout checklist, built staged "
                "config deploys with automatic rollback.",
                outcome="No config-caused outage in the 14 months since; deploys went from "
                "weekly to daily.",
                tags=["failure", "ownership", "reliability"],
            ),
            Story(
                id="s-mentor",
                title="Brought two new engineers up to speed",
                setup="Two new hires joined during a migration with no onboarding docs.",
                actions="Paired daily for two weeks, wrote the onboarding guide as we went.",
                outcome="Both shipped to production in their second week; the guide is still used.",
                tags=["leadership", "mentoring"],
            ),
            Story(
                id="s-disagree",
                title="Disagreed with my manager about a rewrite",
                setup="My manager wanted to rewrite the billing service from scratch.",
                actions="Wrote a one-page comparison, proposed an incremental strangler plan.",
                outcome="We shipped the incremental plan; it went well.",
                tags=["conflict"],
            ),
        ]
    )


def demo_companies(now: datetime, settings: Settings) -> dict[str, Company]:
    """About a dozen companies across every stage and source, relative to `now`."""
    la, ny, berlin, london = ZONES
    companies: dict[str, Company] = {}

    companies["acme-robotics"] = Company(
        name="Acme Robotics",
        stage=Stage.INTERVIEWING,
        source=Source.REFERRAL,
        domain="acme-robotics.example",
        links=["https://acme-robotics.example/careers/platform-engineer"],
        research=Research(
            what_they_do="Warehouse robots; the fleet software schedules 40k picks an hour.",
            why_them="Hard real-time problems with physical results; a team I respect.",
            how_i_contribute="I built an event pipeline at this scale; their fleet "
            "scheduler runs on one like it, and their blog says it is the bottleneck.",
        ),
        contacts=[
            Contact(name="Priya Natarajan", role="Recruiter", email="priya@acme-robotics.example"),
            Contact(
                name="Tom Becker",
                role="Referrer, Staff Engineer",
                notes="Former teammate; says the team values written design docs.",
            ),
        ],
        stage_history=_history(
            now, (Stage.APPLIED, 20), (Stage.SCREENING, 14), (Stage.INTERVIEWING, 6)
        ),
        rounds=[
            Round(
                id="r-acme-screen",
                kind="recruiter_screen",
                start=_local(now, la, -8, 9, 30),
                timezone=la,
                duration_minutes=30,
                status=RoundStatus.DONE,
                where="https://meet.example/acme-screen",
                interviewers=[Interviewer(name="Priya Natarajan", role="Recruiter")],
                topics=_topics(settings, "recruiter_screen", 99),
                debrief=Debrief(
                    outcome=Outcome.PASSED,
                    went_well="Clear story on why robotics.",
                    to_improve="Had no number ready for salary expectations.",
                    gaps=["Salary expectations with a researched range"],
                ),
            ),
            Round(
                id="r-acme-design",
                kind="system_design",
                start=_local(now, la, 0, 14, 0),
                timezone=la,
                duration_minutes=60,
                where="https://meet.example/acme-design",
                interviewers=[
                    Interviewer(
                        name="Ann Lee",
                        role="Staff Engineer",
                        profile="https://acme-robotics.example/blog/ann-lee",
                        notes="Wrote the post on their event pipeline; ask about back-pressure.",
                    ),
                ],
                topics=_topics(settings, "system_design", 3),
                stories=["s-latency"],
                questions=[
                    "How do robots fall back when the scheduler is slow?",
                    "What would I own in the first quarter?",
                ],
                prep_notes="Read the event pipeline post twice. Draw the fleet scheduler "
                "before the call.",
            ),
            Round(
                id="r-acme-onsite",
                kind="onsite",
                start=_local(now, la, 6, 10, 0),
                timezone=la,
                duration_minutes=240,
                status=RoundStatus.TENTATIVE,
                where="Acme HQ, 500 Harbor Blvd, Oakland",
                interviewers=[
                    Interviewer(name="Marcus Chen", role="Engineering Manager"),
                    Interviewer(
                        name="Lena Ortiz",
                        role="Senior Engineer",
                        notes="Works on the path planner.",
                    ),
                ],
                topics=_topics(settings, "onsite", 2),
                stories=["s-outage", "s-mentor"],
            ),
        ],
    )

    companies["northwind-health"] = Company(
        name="Northwind Health",
        stage=Stage.OFFER,
        source=Source.INBOUND,
        domain="northwind.example",
        research=Research(
            what_they_do="Clinical scheduling software for 900 hospitals.",
            how_i_contribute="Their reliability story is young; I have led incident reviews "
            "and staged deploys.",
        ),
        stage_history=_history(
            now, (Stage.SCREENING, 35), (Stage.INTERVIEWING, 25), (Stage.OFFER, 4)
        ),
        rounds=[
            Round(
                id="r-nw-hm",
                kind="hiring_manager",
                start=_local(now, ny, -12, 11, 0),
                timezone=ny,
                duration_minutes=45,
                status=RoundStatus.DONE,
                where="https://meet.example/nw-hm",
                interviewers=[
                    Interviewer(
                        name="Dana Whitfield",
                        role="Director of Engineering",
                        notes="Cares about on-call health.",
                    )
                ],
                topics=_topics(settings, "hiring_manager", 99),
                stories=["s-outage"],
                debrief=Debrief(
                    outcome=Outcome.PASSED,
                    went_well="Outage story landed.",
                    to_improve="Rambled on the team-size question.",
                    questions_asked=["How do you handle on-call?"],
                    gaps=[
                        "Concise answer on team size and scope",
                        "Salary expectations with a researched range",
                    ],
                ),
            ),
            Round(
                id="r-nw-offer",
                kind="offer_call",
                start=_local(now, ny, 2, 16, 0),
                timezone=ny,
                duration_minutes=30,
                where="https://meet.example/nw-offer",
                interviewers=[Interviewer(name="Dana Whitfield", role="Director of Engineering")],
                topics=_topics(settings, "offer_call", 1),
                questions=["Is the sign-on bonus negotiable?", "When is the start date?"],
            ),
        ],
        offer=Offer(
            base=182000,
            bonus=18000,
            equity=160000,
            sign_on=20000,
            deadline=(now + timedelta(days=9)).date(),
            status=OfferStatus.NEGOTIATING,
            negotiation=[
                NegotiationStep(
                    on=(now - timedelta(days=2)).date(), asked="Base 195k", response="Waiting"
                )
            ],
        ),
    )

    companies["lumen-labs"] = Company(
        name="Lumen Labs",
        stage=Stage.OFFER,
        source=Source.NETWORK,
        domain="lumenlabs.example",
        research=Research(what_they_do="Battery analytics for grid storage."),
        stage_history=_history(
            now, (Stage.APPLIED, 40), (Stage.INTERVIEWING, 28), (Stage.OFFER, 7)
        ),
        rounds=[
            Round(
                id="r-lumen-coding",
                kind="coding",
                start=_local(now, berlin, -15, 15, 0),
                timezone=berlin,
                status=RoundStatus.DONE,
                where="https://meet.example/lumen",
                interviewers=[Interviewer(name="Jonas Weber", role="Senior Engineer")],
                topics=_topics(settings, "coding", 99),
                debrief=Debrief(
                    outcome=Outcome.PASSED,
                    went_well="Solved both problems.",
                    to_improve="Forgot to state complexity before coding.",
                    gaps=["Say the complexity out loud before coding"],
                ),
            ),
        ],
        offer=Offer(
            base=150000,
            bonus=10000,
            equity=300000,
            vesting_years=4,
            sign_on=0,
            currency="USD",
            deadline=(now + timedelta(days=5)).date(),
        ),
    )

    companies["orbital-freight"] = Company(
        name="Orbital Freight",
        stage=Stage.INTERVIEWING,
        source=Source.ALUMNI,
        domain="orbitalfreight.example",
        research=Research(what_they_do="Satellite launch logistics."),
        stage_history=_history(now, (Stage.SCREENING, 10), (Stage.INTERVIEWING, 3)),
        rounds=[
            Round(
                id="r-orbital-coding",
                kind="coding",
                start=_local(now, ny, -1, 13, 0),
                timezone=ny,
                where="https://meet.example/orbital",
                interviewers=[Interviewer(name="Sam Okafor", role="Tech Lead")],
                topics=_topics(settings, "coding", 5),
            ),
            Round(
                id="r-orbital-design",
                kind="system_design",
                start=_local(now, ny, 1, 12, 0),
                timezone=ny,
                where="https://meet.example/orbital-2",
                interviewers=[
                    Interviewer(
                        name="Ruth Adeyemi",
                        role="Principal Engineer",
                        notes="Designed their telemetry store.",
                    )
                ],
                topics=_topics(settings, "system_design", 1),
            ),
        ],
    )

    companies["quill-ai"] = Company(
        name="Quill AI",
        stage=Stage.SCREENING,
        source=Source.EVENT,
        research=Research(what_they_do="Writing assistant for legal teams."),
        stage_history=_history(now, (Stage.APPLIED, 6), (Stage.SCREENING, 2)),
        rounds=[
            Round(
                id="r-quill-screen",
                kind="recruiter_screen",
                start=_local(now, london, 3, 15, 30),
                timezone=london,
                duration_minutes=30,
                where="https://meet.example/quill",
                interviewers=[Interviewer(name="Hannah Price", role="Talent Partner")],
                topics=_topics(settings, "recruiter_screen", 0),
            )
        ],
    )
    companies["harbor-bank"] = Company(
        name="Harbor Bank",
        stage=Stage.APPLIED,
        source=Source.APPLIED,
        stage_history=_history(now, (Stage.APPLIED, 30)),
    )
    companies["tessellate"] = Company(
        name="Tessellate",
        stage=Stage.INTERESTED,
        source=Source.NETWORK,
        research=Research(
            what_they_do="CAD in the browser.",
            why_them="A friend says the rendering team is hiring.",
        ),
        stage_history=_history(now, (Stage.INTERESTED, 2)),
    )
    companies["fjord-data"] = Company(
        name="Fjord Data",
        stage=Stage.REJECTED,
        source=Source.APPLIED,
        stage_history=_history(
            now, (Stage.APPLIED, 45), (Stage.SCREENING, 38), (Stage.REJECTED, 30)
        ),
        rounds=[
            Round(
                id="r-fjord-screen",
                kind="technical",
                start=_local(now, berlin, -33, 10),
                timezone=berlin,
                status=RoundStatus.DONE,
                debrief=Debrief(
                    outcome=Outcome.FAILED,
                    to_improve="Froze on a graph problem.",
                    gaps=["Trees and graphs: BFS, DFS, topological sort"],
                    feedback="Strong communication, needs more practice on graphs.",
                ),
            )
        ],
    )
    companies["pinecrest-games"] = Company(
        name="Pinecrest Games",
        stage=Stage.GHOSTED,
        source=Source.APPLIED,
        stage_history=_history(now, (Stage.APPLIED, 60), (Stage.GHOSTED, 20)),
    )
    companies["verdant-energy"] = Company(
        name="Verdant Energy",
        stage=Stage.WITHDRAWN,
        source=Source.INBOUND,
        notes="Withdrew: the role moved to 100% on-site in another city.",
        stage_history=_history(now, (Stage.SCREENING, 25), (Stage.WITHDRAWN, 18)),
    )
    companies["kite-payments"] = Company(
        name="Kite Payments",
        stage=Stage.INTERVIEWING,
        source=Source.REFERRAL,
        stage_history=_history(now, (Stage.SCREENING, 12), (Stage.INTERVIEWING, 8)),
        rounds=[
            Round(
                id="r-kite-behavioral",
                kind="behavioral",
                start=_local(now, la, -6, 10, 0),
                timezone=la,
                duration_minutes=45,
                where="https://meet.example/kite",
                interviewers=[Interviewer(name="Grace Kim", role="Engineering Manager")],
                topics=_topics(settings, "behavioral", 5),
                stories=["s-disagree"],
            )
        ],
    )
    companies["meridian-maps"] = Company(
        name="Meridian Maps",
        stage=Stage.ACCEPTED,
        source=Source.REFERRAL,
        notes="A friend's loop from last year, kept for reference.",
        stage_history=_history(
            now, (Stage.INTERVIEWING, 300), (Stage.OFFER, 280), (Stage.ACCEPTED, 275)
        ),
    )
    return companies


def write_demo(root: Path, settings: Settings, now: datetime | None = None) -> Path:
    """Write the demo workspace into `root` (created user-only) and return it."""
    now = now or datetime.now(UTC)
    init_workspace(root)
    store = Store(root)
    store.load()
    for slug, company in demo_companies(now, settings).items():
        store.save_company(slug, company)
    store.save_stories(demo_stories())
    return root


# --------------------------------------------------------------------------- benchmarks


def generate(
    companies: int, rounds: int, topics: int, *, seed: int = 7, today: date | None = None
) -> dict[str, Company]:
    """A deterministic workspace of any size: same arguments, same companies."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 26)
    stages = list(Stage)
    sources = list(Source)
    out: dict[str, Company] = {}
    for c in range(companies):
        zone_name = ZONES[c % len(ZONES)]
        rounds_list = []
        for r in range(rounds):
            day = today + timedelta(days=rng.randint(-30, 30))
            rounds_list.append(
                Round(
                    id=f"r-{c:05d}-{r:02d}",
                    kind=rng.choice(["technical", "system_design", "behavioral", "coding"]),
                    start=datetime(day.year, day.month, day.day, rng.randint(9, 16), 0),
                    timezone=zone_name,
                    duration_minutes=rng.choice([30, 45, 60]),
                    where=f"https://meet.example/{c}-{r}",
                    interviewers=[
                        Interviewer(
                            name=f"Interviewer {c}-{r}",
                            role="Engineer",
                            notes="Generated for benchmarks.",
                        )
                    ],
                    topics=[
                        Topic(title=f"Topic {t} of round {r}", done=rng.random() < 0.5)
                        for t in range(topics)
                    ],
                )
            )
        out[f"company-{c:05d}"] = Company(
            name=f"Company {c:05d}",
            stage=rng.choice(stages),
            source=rng.choice(sources),
            research=Research(what_they_do=f"Makes product number {c}."),
            rounds=rounds_list,
        )
    return out


def write_generated(root: Path, companies: dict[str, Company]) -> None:
    init_workspace(root)
    store = Store(root)
    for slug, company in companies.items():
        store.save_company(slug, company)


KINDS_OF_LOOP = ("recruiter_screen", "technical", "coding", "system_design", "behavioral")
PEOPLE = ("Ann Lee", "Ravi Shah", "Mia Chen", "Tom Becker", "Sara Diaz", "Omar Khan")
ROLES = ("Recruiter", "Staff Engineer", "Engineering Manager", "Senior Engineer", "Director")
GAPS = ("Capacity estimates", "Talk less about tooling", "Quantify the outcome", "Edge cases")


def generate_realistic(
    companies: int, settings: Settings, now: datetime, *, seed: int = 11
) -> dict[str, Company]:
    """A deterministic workspace as rich as the demo's, of any size: 5-15 rounds per company,
    interviewers with notes, the shipped checklists, contacts, research, stage history,
    debriefs on most past rounds, offers here and there, and one round of every few
    companies in the next 48 hours (so the app opens on Upcoming, as a user's would)."""
    rng = random.Random(seed)
    stages = [Stage.INTERVIEWING, Stage.SCREENING, Stage.APPLIED, Stage.OFFER, Stage.REJECTED]
    sources = list(Source)
    out: dict[str, Company] = {}
    for c in range(companies):
        zone_name = ZONES[c % len(ZONES)]
        rounds_list = []
        count = rng.randint(5, 15)
        for r in range(count):
            days = rng.randint(-40, 20) if not (c % 3 == 0 and r == count - 1) else 1
            kind = KINDS_OF_LOOP[r % len(KINDS_OF_LOOP)]
            start = _local(now, zone_name, days, rng.randint(9, 16), rng.choice((0, 30)))
            past = days < 0
            items = settings.checklist_items(kind)
            rounds_list.append(
                Round(
                    id=f"r-{c:05d}-{r:02d}",
                    kind=kind,
                    start=start,
                    timezone=zone_name,
                    duration_minutes=rng.choice([30, 45, 60]),
                    status=RoundStatus.DONE if past else RoundStatus.SCHEDULED,
                    where=f"https://meet.example/{c}-{r}",
                    interviewers=[
                        Interviewer(
                            name=rng.choice(PEOPLE),
                            role=rng.choice(ROLES),
                            notes="Wrote the post on their event pipeline; ask about "
                            "the migration they mentioned.",
                        )
                        for _ in range(rng.randint(1, 3))
                    ],
                    topics=[Topic(title=title, done=past or rng.random() < 0.5) for title in items],
                    prep_notes="Lead with the pipeline story; have numbers ready.",
                    debrief=Debrief(
                        outcome=Outcome.PASSED,
                        went_well="Clear structure; the trade-offs landed.",
                        to_improve="Say the numbers earlier.",
                        gaps=[rng.choice(GAPS)],
                    )
                    if past and rng.random() < 0.8
                    else None,
                )
            )
        stage = stages[c % len(stages)]
        offer = (
            Offer(base=150000 + 1000 * (c % 50), deadline=now.date() + timedelta(days=10 + c % 9))
            if stage is Stage.OFFER
            else None
        )
        out[f"company-{c:05d}"] = Company(
            name=f"Company {c:05d}",
            stage=stage,
            source=rng.choice(sources),
            domain=f"company-{c}.example",
            links=[f"https://company-{c}.example/careers"],
            research=Research(
                what_they_do=f"Makes product number {c}; sells to logistics firms.",
                why_them="Hard problems with physical results; a team I respect.",
                how_i_contribute="I built an event pipeline at this scale.",
            ),
            contacts=[
                Contact(name=rng.choice(PEOPLE), role="Recruiter", email=f"hr@company-{c}.example")
            ],
            stage_history=_history(now, (Stage.APPLIED, 30), (Stage.SCREENING, 20)),
            rounds=rounds_list,
            offer=offer,
        )
    return out
