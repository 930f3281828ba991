"""Write extracted articles to the database: the only module of the import that uses the ORM.

`import_articles` is the one way in, for files (`import_paths`) and for bytes or text an
upload or a paste brings (`RawArticle`): each is read by `reading`, processed by `pipeline`
and stored here.

One transaction per article. An unchanged text (same content hash) is skipped; a changed one
updates only what no curator has touched. Curated rows (confirmed, rejected or edited) are
never overwritten, deleted or recreated. Concurrent imports rely on the unique constraints:
the loser of a race on an article sees an IntegrityError, rolls back its savepoint, and reports
the article as unchanged.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from simple_history.utils import bulk_create_with_history

from corpus_import import pipeline, worker_store
from corpus_import import resolution as rules
from corpus_import.doc import ArticleDoc, CommitmentFinding, FollowUpFinding, MeetingFinding
from corpus_import.pipeline import Failure, failure_reason, iter_article_paths, iter_documents
from corpus_import.reading import RawArticle
from tracker import resolution, summary
from tracker.models import (
    Article,
    Commitment,
    CommitmentSource,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    Topic,
    content_hash,
    sentence_key,
)
from tracker.services import commitments_history_create

FOLLOW_UP_SCORES = {"fulfilled": 1, "in_progress": 0}
# SQLite waits up to its busy timeout (30 s in settings) for the write lock; PostgreSQL may pick
# one of two importers as a deadlock victim. Either way the article's transaction rolled back
# whole, so it is safe to try it again a few times before reporting it.
BUSY_RETRIES = 3
BUSY_WAIT_SECONDS = 2.0
_BUSY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock timeout


@dataclass
class Lookups:
    """Party and topic ids, read once per run rather than once per row."""

    parties: dict[str, int]
    topics: dict[str, int]

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            dict(Party.objects.values_list("code", "id")),
            dict(Topic.objects.values_list("slug", "id")),
        )

    def party_ids(self, codes: Iterable[str]) -> list[int]:
        return [self.parties[c] for c in dict.fromkeys(codes) if c in self.parties]


@dataclass
class ImportResult:
    status: str  # new, unchanged, updated, skipped
    meetings: int = 0
    participants: int = 0
    commitments: int = 0
    follow_ups: int = 0


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    meetings: int = 0
    participants: int = 0
    commitments: int = 0
    follow_ups: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: ImportResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.meetings += result.meetings
        self.participants += result.participants
        self.commitments += result.commitments
        self.follow_ups += result.follow_ups

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.updated + self.skipped + self.failed


def import_article(doc: ArticleDoc, *, lookups: Lookups | None = None) -> ImportResult:
    """Store one extracted article and its findings, all or nothing."""
    if not doc.reports_meeting:
        return ImportResult("skipped")
    lookups = lookups or Lookups.load()
    digest = content_hash(doc.text)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(name=doc.name).first()
        if article is None:
            if Article.objects.filter(content_hash=digest).exists():
                return ImportResult("unchanged")
            try:
                with transaction.atomic():
                    article = Article.objects.create(
                        name=doc.name[:500],
                        title=doc.title[:1000],
                        text=doc.text,
                        published_on=doc.dateline.value
                        if doc.dateline.precision == "day"
                        else None,
                    )
            except IntegrityError:
                # Another import stored the same article first.
                return ImportResult("unchanged")
            status = "new"
        elif article.content_hash == digest:
            return ImportResult("unchanged")
        else:
            article.text = doc.text
            article.title = doc.title[:1000]
            article.save()
            status = "updated"
        result = ImportResult(status)
        meetings = _sync_meetings(article, doc, lookups, result)
        _sync_commitments(article, doc, meetings, lookups, result)
        _sync_follow_ups(article, doc, lookups, result)
        summary.refresh()
    return result


def preview_article(doc: ArticleDoc, *, lookups: Lookups | None = None) -> ImportResult:
    """What `import_article` would do to the database as it stands: it runs, and its
    transaction is rolled back. Counting the findings instead told a re-run of stored articles
    that it would create everything again."""
    with transaction.atomic():
        result = import_article(doc, lookups=lookups)
        transaction.set_rollback(True)
    return result


def is_database_busy(error: OperationalError) -> bool:
    """A lock held by another writer, as opposed to a broken database or query."""
    if getattr(error.__cause__, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return "database is locked" in str(error) or "database table is locked" in str(error)


class DatabaseBusy(Exception):
    """Another process kept the write lock through every retry."""


def import_article_retrying(
    doc: ArticleDoc,
    *,
    lookups: Lookups | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> ImportResult:
    """`import_article`, tried again when another writer holds the lock."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return import_article(doc, lookups=lookups)
        except OperationalError as error:
            if not is_database_busy(error):
                raise
            if attempt > BUSY_RETRIES:
                raise DatabaseBusy(
                    f"another process held the database write lock through {attempt} attempts; "
                    "nothing was stored for this article, re-run the import to add it"
                ) from error
            wait = BUSY_WAIT_SECONDS * attempt
            if on_retry is not None:
                on_retry(
                    f"Database busy (another import or a backup is writing): retrying "
                    f"{doc.name} in {wait:.0f}s ({attempt}/{BUSY_RETRIES})"
                )
            time.sleep(wait)


def _meeting_fields(finding: MeetingFinding) -> dict:
    return {
        "title": finding.title[:500],
        "kind": finding.kind,
        "date": finding.date.value if finding.date.precision != "unknown" else None,
        "date_precision": finding.date.precision,
        "format": finding.format or Meeting.Format.UNKNOWN,
        "sides": rules.sides_key(finding.parties)[:200],
        "number": rules.meeting_number(finding.title),
    }


def _sync_meetings(
    article: Article, doc: ArticleDoc, lookups: Lookups, result: ImportResult
) -> dict[str, Meeting]:
    # A new article has nothing stored yet: skip the reads. The writes are batched because the
    # loader runs in the one process that stores for all the language-processing workers.
    fresh = result.status == "new"
    sources = (
        {}
        if fresh
        else {
            s.key: s
            for s in MeetingSource.objects.filter(article=article).select_related("meeting")
        }
    )
    by_key: dict[str, Meeting] = {}
    new_findings: list[MeetingFinding] = []
    participants: list[Participant] = []
    for finding in doc.meetings:
        source = sources.pop(finding.key, None)
        if source is None:
            new_findings.append(finding)
            continue
        meeting = source.meeting
        by_key[finding.key] = meeting
        if meeting.is_curated:
            continue
        # A meeting other articles report too is theirs as well: this one only adds to it.
        shared = meeting.sources.exclude(article=article).exists()
        if not shared:
            for name, value in _meeting_fields(finding).items():
                setattr(meeting, name, value)
            meeting.save()
        participants += _sync_participants(
            meeting, finding, lookups, list(meeting.participants.all()), keep=shared
        )
    days = {
        f.key: rules.reported_day(doc.text, doc.sentences, f.start, f.date) for f in doc.meetings
    }
    new_findings, weak = _resolve_meetings(
        article, new_findings, days, by_key, participants, lookups, doc.commitments
    )
    created = bulk_create_with_history(
        [Meeting(**_meeting_fields(f), day_month=days[f.key]) for f in new_findings], Meeting
    )
    for meeting, finding in zip(created, new_findings, strict=True):
        resolution.suggestions_create(meeting=meeting, weak=weak.get(finding.key, []))
    bulk_create_with_history(
        [
            MeetingSource(meeting=m, article=article, key=f.key)
            for m, f in zip(created, new_findings, strict=True)
        ],
        MeetingSource,
    )
    for meeting, finding in zip(created, new_findings, strict=True):
        by_key[finding.key] = meeting
        participants += _sync_participants(meeting, finding, lookups, [])
    result.meetings += len(created)
    Participant.objects.bulk_create(participants, ignore_conflicts=True)
    result.participants += len(participants)
    for source in sources.values():
        meeting = source.meeting
        if meeting.is_curated or meeting.commitments.exclude(curated_at=None).exists():
            continue
        if meeting.commitments.exclude(review_state="extracted").exists():
            continue
        if meeting.sources.count() == 1:
            meeting.delete()
        else:
            source.delete()
    return by_key


def _resolve_meetings(
    article: Article,
    findings: list[MeetingFinding],
    days: dict[str, str],
    by_key: dict[str, Meeting],
    participants: list[Participant],
    lookups: Lookups,
    statements: list[CommitmentFinding],
) -> tuple[list[MeetingFinding], dict[str, list]]:
    """Attach findings that report a stored meeting to it (the article becomes one more source;
    a curated meeting gains nothing else); return the rest, and weak matches per key. A
    finding's own statements are compared with the candidates' (`rules.segment` keeps them
    for the commitments that follow)."""
    rest: list[MeetingFinding] = []
    weak: dict[str, list] = {}
    used: set[int] = set(m.pk for m in by_key.values())
    for finding in findings:
        said = [rules.segment(c.sentence) for c in statements if c.meeting_key == finding.key]
        match, maybe = resolution.resolve_meeting(finding, days[finding.key], said)
        if match is None or match.pk in used:
            rest.append(finding)
            weak[finding.key] = [(m, s) for m, s in maybe if m.pk not in used]
            continue
        used.add(match.pk)
        by_key[finding.key] = match
        MeetingSource.objects.create(meeting=match, article=article, key=finding.key)
        if not match.is_curated:
            participants += _sync_participants(
                match, finding, lookups, list(match.participants.all()), keep=True
            )
    return rest, weak


def _sync_participants(
    meeting: Meeting,
    finding: MeetingFinding,
    lookups: Lookups,
    existing: list[Participant],
    *,
    keep: bool = False,
) -> list[Participant]:
    """Update or delete the meeting's uncurated participants; return the missing ones.

    With `keep` (another article's report of the meeting) nothing stored is changed."""
    wanted = {
        (lookups.parties[p.party], p.person_name[:200]): p
        for p in finding.participants
        if p.party in lookups.parties
    }
    have = {(p.party_id, p.person_name): p for p in existing}
    for key, participant in have.items():
        if participant.curated_at is not None or keep:
            continue
        if key not in wanted:
            participant.delete()
            continue
        found = wanted[key]
        now = (found.title[:200], found.role, found.is_side)
        if (participant.title, participant.role, participant.is_side) != now:
            participant.title, participant.role, participant.is_side = now
            participant.save(update_fields=["title", "role", "is_side"])
    return [
        Participant(
            meeting=meeting,
            party_id=party_id,
            person_name=name,
            title=p.title[:200],
            role=p.role,
            is_side=p.is_side,
        )
        for (party_id, name), p in wanted.items()
        if (party_id, name) not in have
    ]


def _commitment_fields(item: CommitmentFinding, meetings: dict[str, Meeting]) -> dict:
    amount = item.amount
    return {
        "meeting": meetings.get(item.meeting_key) if item.meeting_key else None,
        "kind": item.kind,
        "text": item.sentence,
        "sentence": item.sentence,
        "start": item.start,
        "end": item.end,
        "amount": amount.value if amount else None,
        "currency": amount.currency if amount else "",
        "quantity_unit": amount.unit[:50] if amount else "",
        "target_date": item.target_date.value,
        "target_date_precision": item.target_date.precision,
        "target_period_start": item.target_period_start,
        "target_text": item.target_text[:200],
        "confidence": item.confidence,
        "rules": list(item.rules),
        "words": rules.segment(item.sentence),
    }


def _sync_commitments(
    article: Article,
    doc: ArticleDoc,
    meetings: dict[str, Meeting],
    lookups: Lookups,
    result: ImportResult,
) -> None:
    existing = (
        {}
        if result.status == "new"
        else {c.sentence_key: c for c in Commitment.objects.filter(article=article)}
    )
    reported = (
        {}
        if result.status == "new"
        else {s.sentence_key: s for s in CommitmentSource.objects.filter(article=article)}
    )
    to_create: list[tuple[Commitment, CommitmentFinding]] = []
    to_relate: list[tuple[Commitment, CommitmentFinding]] = []
    sources: list[CommitmentSource] = []
    seen: set[str] = set()
    # Per meeting, the statements other articles reported: none is added while this loops.
    elsewhere: dict[int, list[Commitment]] = {}
    for item in doc.commitments:
        key = sentence_key(item.sentence)
        if key in seen:
            continue
        seen.add(key)
        current = existing.pop(key, None)
        if current is None and key in reported:
            _follow_source(reported.pop(key), item)
        elif current is None:
            row = Commitment(
                article=article, sentence_key=key, **_commitment_fields(item, meetings)
            )
            # The same statement another article already reported for this meeting: one more
            # source of that commitment, not a second commitment to review.
            same, score = (None, 0.0)
            if row.meeting is not None:
                if row.meeting.pk not in elsewhere:
                    elsewhere[row.meeting.pk] = resolution.statements_elsewhere(
                        meeting=row.meeting, article_id=article.pk
                    )
                same, score = resolution.same_statement(
                    words=row.words, candidates=elsewhere[row.meeting.pk]
                )
            if same is not None:
                sources.append(
                    CommitmentSource(
                        commitment=same,
                        article=article,
                        sentence=item.sentence,
                        start=item.start,
                        end=item.end,
                        sentence_key=key,
                        similarity=round(score, 4),
                    )
                )
                continue
            to_create.append((row, item))
        elif current.is_curated:
            _follow_text(current, article.text)
        else:
            for name, value in _commitment_fields(item, meetings).items():
                setattr(current, name, value)
            current.save()
            to_relate.append((current, item))
    for leftover in existing.values():
        if leftover.is_curated or leftover.follow_ups.exists():
            _follow_text(leftover, article.text)
        elif leftover.sources.exists():
            resolution.commitment_source_promote(commitment=leftover)
        else:
            leftover.delete()
    for gone in reported.values():
        gone.delete()
    created = Commitment.objects.bulk_create([row for row, _ in to_create])
    result.commitments += len(created)
    resolution.statement_sources_create(rows=sources)
    _set_relations(list(zip(created, (item for _, item in to_create), strict=True)), lookups)
    commitments_history_create(commitments=created)
    _set_relations(to_relate, lookups, replace=True)
    resolution.reaffirmations_suggest(commitments=created)


def _follow_source(source: CommitmentSource, item: CommitmentFinding) -> None:
    if (source.sentence, source.start, source.end) != (item.sentence, item.start, item.end):
        source.sentence, source.start, source.end = item.sentence, item.start, item.end
        source.save(update_fields=["sentence", "start", "end"])


def _follow_text(commitment: Commitment, text: str) -> None:
    """Keep a curated item's offsets pointing at its sentence in the new text, if it is there."""
    if text[commitment.start : commitment.end] == commitment.sentence:
        return
    index = text.find(commitment.sentence)
    if index >= 0:
        Commitment.objects.filter(pk=commitment.pk).update(
            start=index, end=index + len(commitment.sentence)
        )


def _set_relations(
    rows: list[tuple[Commitment, CommitmentFinding]], lookups: Lookups, *, replace: bool = False
) -> None:
    if not rows:
        return
    actors, targets, topics = Commitment.actors.through, Commitment.targets.through, None
    topics = Commitment.topics.through
    if replace:
        ids = [row.pk for row, _ in rows]
        for through in (actors, targets, topics):
            through.objects.filter(commitment_id__in=ids).delete()
    actors.objects.bulk_create(
        [
            actors(commitment_id=row.pk, party_id=party_id)
            for row, item in rows
            for party_id in lookups.party_ids(item.actors)
        ]
    )
    targets.objects.bulk_create(
        [
            targets(commitment_id=row.pk, party_id=party_id)
            for row, item in rows
            for party_id in lookups.party_ids(item.targets)
        ]
    )
    topics.objects.bulk_create(
        [
            topics(commitment_id=row.pk, topic_id=lookups.topics[slug])
            for row, item in rows
            for slug in item.topics
            if slug in lookups.topics
        ]
    )


def _earlier_commitment(article: Article, finding: FollowUpFinding) -> Commitment | None:
    if not finding.reference:
        return None
    return (
        Commitment.objects.filter(sentence__icontains=finding.reference)
        .exclude(article=article)
        .exclude(review_state="rejected")
        .order_by("-created_at")
        .first()
    )


def _sync_follow_ups(
    article: Article, doc: ArticleDoc, lookups: Lookups, result: ImportResult
) -> None:
    existing = (
        {}
        if result.status == "new"
        else {f.sentence_key: f for f in FollowUp.objects.filter(article=article)}
    )
    dates = {m.key: m.date for m in doc.meetings}
    for finding in doc.follow_ups:
        key = sentence_key(finding.quote)
        current = existing.pop(key, None)
        date = dates.get(finding.meeting_key) if finding.meeting_key else None
        fields = {
            "quote": finding.quote,
            "start": finding.start,
            "end": finding.end,
            "status": finding.status,
            "score": FOLLOW_UP_SCORES.get(finding.status),
            "date": date.value if date is not None and date.precision == "day" else None,
            "party_id": (
                lookups.parties.get(finding.actors[0]) if len(finding.actors) == 1 else None
            ),
        }
        if current is None:
            FollowUp.objects.create(
                article=article,
                sentence_key=key,
                commitment=_earlier_commitment(article, finding),
                **fields,
            )
            result.follow_ups += 1
        elif not current.is_curated:
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
    for leftover in existing.values():
        if not leftover.is_curated:
            leftover.delete()


def _database_can_be_shared() -> bool:
    """Workers may write themselves unless the database lives in this process's memory, or
    this process holds a transaction their writes would escape."""
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return not in_memory and not connection.in_atomic_block


def import_paths(
    paths: list[str | Path], *, published_on: datetime.date | None = None, **options: Any
) -> Summary:
    """Import every article file under `paths` (see `import_articles` for the options);
    `published_on` is the day the articles were published, when their text does not say."""
    files = iter_article_paths(paths)
    return import_articles([RawArticle.from_path(path, published_on) for path in files], **options)


def import_articles(
    articles: list[RawArticle],
    *,
    workers: int = 1,
    on_progress: Callable[[Summary], None] | None = None,
    on_document: Callable[[ArticleDoc], None] | None = None,
    on_retry: Callable[[str], None] | None = None,
    dry_run: bool = False,
    isolated: bool = False,
) -> Summary:
    """Import articles, each a file or bytes or text in memory, with `workers` processes.

    Workers extract and store their own articles when the database can be shared; otherwise
    (in-memory SQLite, an enclosing transaction, a dry run) they extract and this process writes.
    `isolated`: extract in a child process even with one worker, so that this process's
    memory does not grow with the pages (a web worker's upload).
    """
    summary = Summary()
    started = time.perf_counter()
    if workers > 1 and not dry_run and on_document is None and _database_can_be_shared():
        stored = worker_store.iter_stored(
            articles, workers, dict(connection.settings_dict), extract_and_store
        )
        for result, failure in stored:
            if failure is not None:
                summary.failed += 1
                summary.failures.append(failure)
            else:
                summary.add(result)
            if on_progress is not None:
                summary.seconds = time.perf_counter() - started
                on_progress(summary)
        summary.seconds = time.perf_counter() - started
        return summary
    lookups = Lookups.load()
    # A dry run rolls each article back, so a later file with the same name or text in this
    # run would look new again; the real run would find it stored.
    previewed: set[str] = set()
    for outcome in iter_documents(articles, workers, isolated=isolated):
        if isinstance(outcome, Failure):
            summary.failed += 1
            summary.failures.append(outcome)
        elif dry_run:
            seen = {outcome.name, content_hash(outcome.text)}
            if outcome.reports_meeting and seen & previewed:
                summary.add(ImportResult("unchanged"))
            else:
                summary.add(preview_article(outcome, lookups=lookups))
            previewed |= seen
        else:
            try:
                summary.add(import_article_retrying(outcome, lookups=lookups, on_retry=on_retry))
            except Exception as error:  # reported per file; the others still import
                summary.failed += 1
                summary.failures.append(Failure(outcome.name, failure_reason(error)))
        if on_document is not None and not isinstance(outcome, Failure):
            on_document(outcome)
        if on_progress is not None:
            summary.seconds = time.perf_counter() - started
            on_progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary


# A worker's party and topic ids, read once for its life.
_worker_lookups: Lookups | None = None


def extract_and_store(
    articles: list[RawArticle],
) -> list[tuple[ImportResult | None, Failure | None]]:
    """A worker's task (`worker_store`): (ImportResult, None) per stored article, (None,
    Failure) per failed one, in order.

    SQLite lets one process write at a time, and its busy handler sleeps in growing steps, so
    a worker that simply waited would idle past the moment the lock frees. Instead, while the
    other worker is writing, this one extracts its next article; it waits only when it has
    nothing left to extract. Each article is still its own transaction.
    """
    outcomes: list[tuple[ImportResult | None, Failure | None]] = [(None, None)] * len(articles)
    extracted: list[tuple[int, ArticleDoc]] = []
    for index, article in enumerate(articles):
        try:
            extracted.append((index, pipeline.process_article(article)))
        except Exception as error:  # one bad article must not stop the run
            outcomes[index] = (None, Failure(article.label, failure_reason(error)))
        if extracted and worker_store.take_turn(wait=False):
            _store(extracted, outcomes)
    if extracted:
        worker_store.take_turn(wait=True)
        _store(extracted, outcomes)
    return outcomes


def _store(extracted: list, outcomes: list) -> None:
    """Store the extracted articles, each in its own transaction, and end this turn."""
    global _worker_lookups
    try:
        for index, doc in extracted:
            try:
                if _worker_lookups is None:
                    _worker_lookups = Lookups.load()
                outcomes[index] = (import_article_retrying(doc, lookups=_worker_lookups), None)
            except Exception as error:  # reported per file; the others still import
                outcomes[index] = (None, Failure(doc.name, failure_reason(error)))
    finally:
        worker_store.end_turn()
    extracted.clear()
