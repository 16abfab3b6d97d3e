"""Use cases: what the commands do, between the command line and the model and store."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ticli import exchange, store
from ticli.config import Config, load_config
from ticli.dates import is_span, parse_day
from ticli.errors import EntryProblem, FileProblem, TicliError, UsageError
from ticli.model import (
    ENTRY_KINDS,
    RATING_MAX,
    RATING_MIN,
    Answer,
    Entry,
    Prompt,
    Rating,
    clean_text,
    has_surrogates,
    normalise_tag,
)
from ticli.paths import Locations, locations
from ticli.prompts import BALANCE_DAYS, Library, choose_prompts, load_library
from ticli.query import Filters, summary_line
from ticli.tomlfile import key_line

if TYPE_CHECKING:
    from ticli.patterns import Brief, Lookback, Period, Summary
    from ticli.privacy import EntryFindings

_TAG = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Journal:
    """An open journal: where its files are, its prompt library and its settings."""

    locations: Locations
    library: Library
    config: Config

    @property
    def root(self) -> Path:
        return self.locations.journal

    def scan(self, since: date | None = None) -> store.Scan:
        """Read the journal's entries (from `since` on), through the cache when it helps."""
        return store.scan(self.root, since=since, cache_file=self.locations.cache_file)

    def ratings_to_offer(self) -> list[Rating]:
        """The check-ins to offer, as set in config.toml (all of them by default)."""
        wanted = self.config.ratings
        if wanted is None:
            return list(self.library.ratings.values())
        return [self.library.rating(rating_id) for rating_id in wanted]


def open_journal() -> Journal:
    """Find the journal's folders and load its settings and prompt library."""
    where = locations()
    config = load_config(where.config_file)
    library = load_library(where.user_prompts)
    unknown = [r for r in config.ratings or () if r not in library.ratings]
    if unknown:
        raise FileProblem(
            str(where.config_file),
            key_line(where.config_file.read_text(encoding="utf-8"), "ratings", one_table=False),
            f"'ratings' names '{unknown[0]}', which is not a check-in in the prompt library",
            hint=f"Check-ins: {', '.join(library.ratings)}.",
        )
    return Journal(where, library, config)


@dataclass
class Plan:
    """What a reflection will ask, and any journal files that could not be read on the way."""

    prompts: list[Prompt]
    ratings: list[Rating]
    problems: list[EntryProblem] = field(default_factory=list)


def plan_reflection(
    journal: Journal,
    now: datetime,
    count: int | None = None,
    principle: str | None = None,
    seed: int | None = None,
    kind: str = "daily",
) -> Plan:
    """Choose today's prompts from the library, looking only at the last month's entries."""
    since = (now - timedelta(days=BALANCE_DAYS)).date()
    recent = journal.scan(since)
    rng = random.Random(seed)
    prompts = choose_prompts(
        journal.library,
        recent.entries,
        now.date(),
        rng,
        count=count if count is not None else journal.config.count,
        kind=kind,
        principle=principle,
    )
    return Plan(prompts, journal.ratings_to_offer(), recent.problems)


class Draft:
    """An entry being written: saved again, atomically, after every change.

    Nothing is written until there is something to keep, so a reflection
    skipped from start to finish leaves no file behind.
    """

    def __init__(self, journal: Journal, kind: str, created: datetime) -> None:
        self.journal = journal
        self.entry = Entry(id=store.new_entry_id(created), created=created, kind=kind)
        self.path: Path | None = None

    def add_answer(self, prompt: Prompt, text: str) -> None:
        """Keep an answer (empty answers are skips and are not kept)."""
        text = checked_text(text, f"the answer to '{prompt.id}'")
        if text:
            self.save(with_answer(self.entry, prompt, text))

    def keep_answer(self, answer: Answer) -> None:
        """Keep an answer to a heading that is not in the library, as it was written."""
        text = checked_text(answer.text, "an answer")
        if text:
            self.save(
                replace(self.entry, answers=(*self.entry.answers, replace(answer, text=text)))
            )

    def set_note(self, text: str) -> None:
        self.save(replace(self.entry, note=checked_text(text, "the note")))

    def set_rating(self, rating_id: str, value: int) -> None:
        self.journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
        self.save(replace(self.entry, ratings={**self.entry.ratings, rating_id: value}))

    def set_flag(self, flagged: bool) -> None:
        self.save(replace(self.entry, flagged=flagged))

    def set_tags(self, tags: list[str]) -> None:
        self.save(replace(self.entry, tags=checked_tags(tags)))

    def save(self, entry: Entry) -> None:
        """Make `entry` the draft and write it (once it holds anything)."""
        self.entry = entry
        if entry.is_empty:
            return
        if self.path is None and store.entry_path(self.journal.root, entry).exists():
            # Another machine wrote this very id: astronomically unlikely, but never overwrite.
            self.entry = entry = replace(entry, id=store.new_entry_id(entry.created))
        self.path = store.write_entry(self.journal.root, entry)


def record_entry(
    journal: Journal,
    now: datetime,
    kind: str,
    answers: list[tuple[str, str]],
    ratings: list[tuple[str, int]],
    tags: list[str],
    note: str = "",
    at: datetime | None = None,
    flagged: bool = False,
) -> Draft:
    """Write an entry from given answers without asking anything; check everything first."""
    prompts = [journal.library.prompt(prompt_id) for prompt_id, _ in answers]
    texts = [checked_text(text, f"the answer to '{pid}'") for pid, text in answers]
    for rating_id, value in ratings:
        journal.library.rating(rating_id)
        check_rating_value(rating_id, value)
    tags = list(checked_tags(tags))
    note = checked_text(note, "the note")
    if not any(texts) and not note and not ratings:
        what = "the note is empty" if kind == "note" else "every answer given is empty"
        raise UsageError(f"There is nothing to write: {what}.")
    draft = Draft(journal, kind, at or now)
    # Build the whole entry in memory, then write it once.
    entry = replace(
        draft.entry, ratings=dict(ratings), tags=tuple(tags), note=note, flagged=flagged
    )
    for prompt, text in zip(prompts, texts, strict=True):
        if text:
            entry = with_answer(entry, prompt, text)
    draft.save(entry)
    return draft


def with_answer(entry: Entry, prompt: Prompt, text: str) -> Entry:
    """Return the entry with one more answer, and the answer's principle noted."""
    answers = (*entry.answers, Answer(prompt.id, prompt.text, text))
    principles = tuple(dict.fromkeys((*entry.principles, prompt.principle)))
    return replace(entry, answers=answers, principles=principles)


def checked_text(text: str, what: str) -> str:
    """Return text in its stored form, or refuse text that was not valid UTF-8."""
    if has_surrogates(text):
        raise UsageError(
            f"{what.capitalize()} is not valid UTF-8 text.",
            hint="Nothing was written. Check the encoding of what was typed or piped in.",
        )
    return clean_text(text)


def checked_tags(tags: list[str], words: bool = False) -> tuple[str, ...]:
    """Return tags in stored form, in order, each once; refuse a tag that is not a word.

    Each item may hold several tags separated by commas; with `words`, spaces
    separate tags too (as typed at the prompt), otherwise they become '-'.
    """
    found: list[str] = []
    separators = r"[,\s]+" if words else r","
    for raw in tags:
        for part in re.split(separators, raw):
            if not part:
                continue
            tag = normalise_tag(part)
            if not _TAG.fullmatch(tag) or has_surrogates(tag):
                raise UsageError(
                    f"'{part}' is not a tag I can keep.",
                    hint="Tags are single words: letters, digits, '-' and '_'.",
                )
            if tag not in found:
                found.append(tag)
    return tuple(found)


def check_rating_value(rating_id: str, value: int) -> None:
    """Refuse a rating outside the scale."""
    if not RATING_MIN <= value <= RATING_MAX:
        raise UsageError(
            f"The rating '{rating_id}' must be from {RATING_MIN} to {RATING_MAX}, not {value}."
        )


def parse_pair(text: str, option: str, shape: str = "NAME=VALUE") -> tuple[str, str]:
    """Split `NAME=VALUE` as given to --answer or --rate (a space after '=' is not kept)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"{option} takes {shape}, not '{text}'.")
    return name.strip(), value.removeprefix(" ")


def parse_rating(text: str) -> tuple[str, int]:
    """Read `NAME=N` as given to --rate."""
    name, value = parse_pair(text, "--rate", "NAME=N")
    try:
        number = int(value.strip())
    except ValueError:
        raise UsageError(
            f"The rating '{name}' must be a whole number from {RATING_MIN} to {RATING_MAX}, "
            f"not '{value}'."
        ) from None
    return name, number


# ---------------------------------------------------------------- reading


@dataclass
class Found:
    """Entries a reading command found, and the files it could not read."""

    entries: list[Entry]
    problems: list[EntryProblem]
    paths: dict[str, Path]


def read_entries(journal: Journal, filters: Filters) -> Found:
    """The entries matching the filters, newest first; only recent folders when --since."""
    scan = journal.scan(filters.since)
    return Found(filters.apply(scan.entries), scan.problems, scan.paths)


def entry_as_stored(path: Path) -> str:
    """An entry's file, byte for byte, for `show --raw`."""
    return store.read_raw(path)


def find_entry(journal: Journal, reference: str | None, last: bool = False) -> tuple[Entry, Path]:
    """The entry whose id is `reference` or starts with it (or the newest, with `last`)."""
    scan = journal.scan()
    entries = sorted(scan.entries, key=lambda e: (e.created, e.id))
    if last:
        if not entries:
            raise UsageError("The journal has no entries yet.", hint=FIRST_ENTRY_HINT)
        return entries[-1], scan.paths[entries[-1].id]
    if not reference:
        raise UsageError("Say which entry: give its id (or the start of it), or use --last.")
    exact = [e for e in entries if e.id == reference]
    matches = exact or [e for e in entries if e.id.startswith(reference)]
    if len(matches) == 1:
        return matches[0], scan.paths[matches[0].id]
    if not matches:
        broken = [p for p in scan.problems if Path(p.path).stem.startswith(reference)]
        if len(broken) == 1:
            raise BrokenEntry(broken[0])
        raise UsageError(
            f"No entry has an id starting with '{reference}'.",
            hint="'ticli list' shows entries with their ids.",
        )
    raise UsageError(
        f"'{reference}' is the start of {len(matches)} entries' ids; give more of it.",
        hint="Candidates:\n" + "\n".join(f"  {e.id}  {summary_line(e)}" for e in matches[:20]),
    )


class BrokenEntry(UsageError):
    """The entry asked for is a file that cannot be read; it names the file, line and reason."""

    def __init__(self, problem: EntryProblem) -> None:
        super().__init__(
            f"That entry could not be read: {problem.message}.",
            hint="ticli has not changed it. Fix it with: ticli edit (the same id), "
            "or in any text editor.",
        )
        self.problem = problem


FIRST_ENTRY_HINT = 'Write your first with: ticli today (or ticli note "...").'


# ---------------------------------------------------------------- delete and restore


def delete_entry(journal: Journal, entry_path: Path) -> Path:
    """Move an entry to the trash folder inside the journal; nothing is unlinked."""
    return store.trash_entry(journal.root, entry_path)


def trashed_entry(journal: Journal, reference: str) -> Path:
    """The trashed entry file whose id is `reference` or starts with it."""
    files = store.trashed_files(journal.root)
    exact = [p for p in files if p.stem == reference]
    matches = exact or [p for p in files if p.stem.startswith(reference)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"The trash holds no entry with an id starting '{reference}'.")
    raise UsageError(
        f"'{reference}' is the start of {len(matches)} trashed entries' ids; give more of it.",
        hint="Candidates:\n" + "\n".join(f"  {p.stem}" for p in matches[:20]),
    )


def restore_entry(journal: Journal, reference: str) -> Path:
    """Bring an entry back from the trash to where it was."""
    return store.restore_entry(journal.root, trashed_entry(journal, reference))


# ---------------------------------------------------------------- export and import

EXPORT_FORMATS = ("md", "json", "csv")
IMPORT_FORMATS = ("jrnl-json", "ticli-json")


def check_export_format(format_name: str) -> None:
    """Refuse an unknown export format before anything else is done."""
    if format_name not in EXPORT_FORMATS:
        raise UsageError(
            f"There is no export format '{format_name}'.",
            hint=f"Formats: {', '.join(EXPORT_FORMATS)}.",
        )


def export_text(journal: Journal, entries: list[Entry], format_name: str) -> str:
    """The entries as one Markdown document, a JSON array or CSV rows."""
    check_export_format(format_name)
    if format_name == "json":
        return exchange.entries_to_json(entries)
    if format_name == "csv":
        principle_of = {p.id: p.principle for p in journal.library.prompts.values()}
        return exchange.entries_to_csv(entries, principle_of)
    return exchange.entries_to_markdown(entries)


def export_to_folder(
    journal: Journal, found: Found, folder: Path, changed: frozenset[str] = frozenset()
) -> int:
    """Copy the entries' files into year/month folders under `folder`: as stored, or, for
    entries the privacy review changed, as changed."""
    check_outside(journal, folder)
    for entry in found.entries:
        source = found.paths[entry.id]
        target = folder / source.parent.parent.name / source.parent.name / source.name
        if entry.id in changed:
            store.atomic_write(target, store.format_entry(entry).encode("utf-8"))
        else:
            store.atomic_write(target, source.read_bytes())
    return len(found.entries)


def write_export(journal: Journal, path: Path, text: str) -> None:
    """Write an export file atomically, readable only by the user, outside the journal."""
    check_outside(journal, path)
    store.atomic_write(path, text.encode("utf-8"))


def check_outside(journal: Journal, path: Path) -> None:
    """Refuse to write an export into the journal, where it would be read as an entry."""
    if path.resolve().is_relative_to(journal.root.resolve()):
        raise UsageError(
            f"{path} is inside the journal folder; write exports somewhere else.",
            hint=f"The journal is {journal.root}.",
        )


@dataclass
class ImportPlan:
    """What an import would do: the entries it would add and those already in the journal."""

    format_name: str
    new: list[Entry]
    already: list[Entry]


def plan_import(
    journal: Journal, data: bytes, source: str, format_name: str | None, now: datetime
) -> ImportPlan:
    """Read and check every record first; any bad record stops the whole import."""
    if format_name is not None and format_name not in IMPORT_FORMATS:
        raise UsageError(
            f"There is no import format '{format_name}'.",
            hint=f"Formats: {', '.join(IMPORT_FORMATS)}.",
        )
    try:
        values = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UsageError(f"{source} is not UTF-8 text (byte {error.start + 1}).") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{source}, line {error.lineno}: this is not valid JSON ({error.msg})."
        ) from None
    except RecursionError:
        raise UsageError(f"{source} is nested too deeply to be an export.") from None
    detected = "jrnl-json" if isinstance(values, dict) and "entries" in values else "ticli-json"
    format_name = format_name or detected
    if format_name == "jrnl-json":
        entries = exchange.entries_from_jrnl(values, now)
    else:
        if not isinstance(values, list):
            raise UsageError(
                f"{source} is neither a ticli JSON export (a list of entries) "
                "nor a jrnl JSON export (an object with 'entries')."
            )
        entries = [exchange.entry_from_json(record, i) for i, record in enumerate(values)]
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in seen:
                raise exchange.RecordProblem(index, f"has the same id as record {seen[entry.id]}")
            seen[entry.id] = index
    existing = journal.scan().entries
    known_ids = {e.id for e in existing}
    known_content = {_content_key(e) for e in existing}
    plan = ImportPlan(format_name, [], [])
    for entry in entries:
        duplicate = entry.id in known_ids or _content_key(entry) in known_content
        (plan.already if duplicate else plan.new).append(entry)
        # The same record twice in one file is one entry.
        known_content.add(_content_key(entry))
    return plan


def _content_key(entry: Entry) -> tuple[object, ...]:
    # The same moment and the same words: the same entry, whatever id it was given.
    return (entry.created, entry.kind, entry.note, entry.answers)


def apply_import(journal: Journal, plan: ImportPlan) -> list[Path]:
    """Write the new entries; if any write fails, remove the ones this import wrote."""
    written: list[Path] = []
    try:
        for entry in plan.new:
            path = store.entry_path(journal.root, entry)
            if path.exists():
                raise UsageError(f"{path} already exists; nothing was imported.")
            written.append(store.write_entry(journal.root, entry))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def make_filters(
    journal: Journal,
    today: date,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    principle: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> Filters:
    """Check the reading commands' shared options and turn them into Filters."""
    if principle is not None:
        journal.library.principle(principle)
    if kind is not None and kind not in ENTRY_KINDS:
        raise UsageError(
            f"There is no entry kind '{kind}'.", hint=f"Kinds: {', '.join(ENTRY_KINDS)}."
        )
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1.")
    first = parse_day(since, today) if since else None
    last = parse_day(until, today) if until else None
    if first and last and first > last:
        raise UsageError(f"--since ({first}) is after --until ({last}).")
    return Filters(first, last, checked_tags(tags or []), principle, kind, limit)


# ---------------------------------------------------------------- patterns


def summarise_journal(
    journal: Journal,
    today: date,
    since: str | None = "30d",
    until: str | None = None,
    tags: list[str] | None = None,
    principle: str | None = None,
    kind: str | None = None,
) -> tuple[Summary, list[EntryProblem]]:
    """Summarise the period from `since` to `until` (default: the last 30 days)."""
    from ticli.patterns import Period, summarise

    since = since or "30d"
    filters = make_filters(journal, today, since, until, tags, principle, kind)
    assert filters.since is not None
    # "The last 30 days" is 30 days, today among them.
    start = filters.since + timedelta(days=1) if is_span(since) else filters.since
    period = Period(start, filters.until or today)
    scan = journal.scan()
    # Only the date filters shape the period; the others choose the entries.
    chosen = replace(filters, since=None, until=None).apply(scan.entries)
    return summarise(chosen, journal.library, period, today), scan.problems


def summarise_demo(
    today: date,
    since: str | None = "30d",
    until: str | None = None,
    tags: list[str] | None = None,
    principle: str | None = None,
    kind: str | None = None,
) -> tuple[Summary, list[EntryProblem]]:
    """Summarise a made-up journal of a year, in a temporary folder; the user's is untouched."""
    import tempfile

    from ticli.demo import write_synthetic_journal

    library = load_library()
    with tempfile.TemporaryDirectory(prefix="ticli-demo-") as folder:
        root = Path(folder)
        end = datetime.combine(today, datetime.min.time()).astimezone().replace(hour=20)
        write_synthetic_journal(root, library, count=400, end=end, per_day=1, seed=7)
        demo = Journal(Locations(root, root), library, Config())
        return summarise_journal(demo, today, since, until, tags, principle, kind)


def look_back_on(journal: Journal, day: date) -> tuple[tuple[Lookback, ...], list[EntryProblem]]:
    """What was written around `day` in earlier months and years."""
    from ticli.patterns import look_back

    scan = journal.scan()
    return look_back([e for e in scan.entries if e.created.date() < day], day), scan.problems


# ---------------------------------------------------------------- sessions and supervision

#: The after-session reflection, Driscoll's What? / So what? / Now what? with a
#: trauma-informed lens. Read by id from prompts.toml, so their words can be changed there.
SESSION_FLOW = (
    "session-what-happened",
    "session-noticed-them",
    "session-noticed-me",
    "session-strong",
    "session-next-time",
    "supervision-bring",
)


def plan_session(journal: Journal) -> Plan:
    """The session prompts, in order: config's session_prompts, else SESSION_FLOW."""
    wanted = journal.config.session_prompts or SESSION_FLOW
    if journal.config.session_prompts:
        prompts = [journal.library.prompt(pid) for pid in wanted]
    else:
        # A shipped prompt the user disabled is simply left out.
        prompts = [journal.library.prompts[pid] for pid in wanted if pid in journal.library.prompts]
    if not prompts:
        raise UsageError(
            "There are no session prompts to ask.", hint="See session_prompts in the README."
        )
    return Plan(prompts, journal.ratings_to_offer())


def flag_entry(journal: Journal, reference: str | None, flagged: bool, last: bool = False) -> Path:
    """Mark an entry (or clear the mark) for supervision, changing only that line."""
    _, path = find_entry(journal, reference, last=last)
    store.set_flagged(path, flagged)
    return path


def record_supervision(
    journal: Journal, now: datetime, at: datetime | None, note: str, actions: list[str]
) -> Draft:
    """Record that a supervision took place, with notes and agreed actions."""
    checked = [checked_text(a, "an action") for a in actions]
    if any(not a for a in checked):
        raise UsageError("An --action cannot be empty.")
    draft = Draft(journal, "supervision", at or now)
    draft.save(replace(draft.entry, note=checked_text(note, "the note"), actions=tuple(checked)))
    return draft


def last_supervision(entries: Sequence[Entry], before: date | None = None) -> Entry | None:
    """The most recent supervision entry (before a day, when given)."""
    done = [
        e
        for e in entries
        if e.kind == "supervision" and (before is None or e.created.date() < before)
    ]
    return max(done, key=lambda e: (e.created, e.id), default=None)


def brief_period(
    journal: Journal, today: date, since: str = "last"
) -> tuple[Period, Found, list[Entry]]:
    """The period a brief covers (since the last supervision, or a day), the entries in
    it, and every entry of the journal (the brief's analysis compares with the rest)."""
    from ticli.patterns import Period

    scan = journal.scan()
    last = last_supervision(scan.entries)
    if since == "last":
        # The day of the last supervision is in the new period: reflections written after it count.
        start = last.created.date() if last else today - timedelta(days=29)
    else:
        start = parse_day(since, today)
    if start > today:
        raise UsageError(f"{start} is in the future.")
    period = Period(start, today)
    inside = [e for e in scan.entries if period.holds(e.created.date())]
    return period, Found(inside, scan.problems, scan.paths), scan.entries


def brief_for(
    journal: Journal,
    period: Period,
    today: date,
    everything: list[Entry],
    reviewed: dict[str, Entry] | None = None,
) -> Brief:
    """The supervision brief for a period; `reviewed` replaces entries the guard changed."""
    from ticli.patterns import build_brief

    entries = [(reviewed or {}).get(e.id, e) for e in everything]
    last = last_supervision(entries)
    rest = [e for e in entries if not (last and e.id == last.id)]
    return build_brief(rest, journal.library, period, today, last)


def brief_sources(brief: Brief, found: Found, everything: list[Entry]) -> Found:
    """Every entry a brief draws on: the period's, and any it quotes from longer ago."""
    quoted = {q.entry_id for q in brief.summary.strengths_long_ago}
    inside = {e.id for e in found.entries}
    extra = [e for e in everything if e.id in quoted and e.id not in inside]
    return replace(found, entries=[*found.entries, *extra])


# ---------------------------------------------------------------- the privacy guard


def check_entries(journal: Journal, entries: Sequence[Entry]) -> list[EntryFindings]:
    """What the privacy guard finds in these entries, entry by entry."""
    from ticli.privacy import check_entry

    found = (check_entry(e, journal.config.watch_list) for e in entries)
    return [f for f in found if f is not None]


class IdentifiersFound(TicliError):
    """Output was refused because it may identify someone; lists what was found."""

    exit_code = 1

    def __init__(self, what: str, findings: list[EntryFindings]) -> None:
        super().__init__(
            f"{what} may identify someone, so nothing was written.",
            hint="Change those entries (ticli edit ID), or add --allow-identifiers "
            "if you are sure this is safe.",
        )
        self.findings = findings
