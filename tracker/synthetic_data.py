"""A large, realistic data set for benchmarks, built from the vocabulary of the seed gold files.

Sentences, kinds and meeting titles come from `fixtures/gold/`; partners, topics, dates,
amounts, review states and follow-ups are drawn at random (seeded, so runs are repeatable).
Every commitment's sentence is the article text between its offsets, as in a real import.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from tracker.models import (
    Article,
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    ReviewState,
    Status,
    Topic,
    content_hash,
    sentence_key,
)

PARTNERS = ["US", "JP", "KR", "CN", "RU", "IN", "AU", "NZ", "CA", "EU", "GB", "DE", "FR", "G7"]
ASEAN_MEMBERS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
MEETING_TITLES = {
    Meeting.Kind.FOREIGN_MINISTERS: "Hội nghị Bộ trưởng Ngoại giao ASEAN - {partner}",
    Meeting.Kind.SENIOR_OFFICIALS: "Hội nghị Quan chức Cao cấp (SOM) ASEAN - {partner}",
    Meeting.Kind.LEADERS: "Hội nghị Cấp cao ASEAN - {partner}",
    Meeting.Kind.DIALOGUE: "Đối thoại ASEAN - {partner}",
    Meeting.Kind.BILATERAL: "Hội đàm Việt Nam - {partner}",
}
REVIEW_STATES = [ReviewState.CONFIRMED] * 16 + [ReviewState.EXTRACTED] * 3 + [ReviewState.REJECTED]
FOLLOW_UP_STATUSES = [
    (Status.IN_PROGRESS, 0),
    (Status.PARTIALLY_FULFILLED, 0),
    (Status.FULFILLED, 1),
    (Status.STALLED, -1),
    (Status.BROKEN, -1),
]
BATCH = 2000


@dataclass(frozen=True)
class Phrase:
    sentence: str
    kind: str


def gold_phrases(gold_dir: Path) -> list[Phrase]:
    phrases = {}
    for path in sorted(gold_dir.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            phrases[item["sentence"]] = Phrase(item["sentence"], item["kind"])
    if not phrases:
        raise ValueError(f"no gold items under {gold_dir}")
    return list(phrases.values())


def generate(
    *,
    gold_dir: Path,
    meetings: int,
    commitments: int,
    seed: int = 2021,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Add `meetings` meetings carrying `commitments` commitments in all, with follow-ups."""
    rng = random.Random(seed)
    phrases = gold_phrases(gold_dir)
    parties = {
        p.code: p for p in Party.objects.filter(code__in=[*PARTNERS, *ASEAN_MEMBERS, "ASEAN"])
    }
    topics = list(Topic.objects.all())
    per_meeting, remainder = divmod(commitments, meetings)
    run = Article.objects.count()
    counts = {"meetings": 0, "commitments": 0, "follow_ups": 0}
    step = max(1, BATCH // max(per_meeting, 1))
    for first in range(0, meetings, step):
        last = min(meetings, first + step)
        with transaction.atomic():
            _add_batch(
                rng,
                phrases,
                parties,
                topics,
                range(first, last),
                per_meeting,
                remainder,
                run,
                counts,
            )
        progress(f"{last}/{meetings} meetings, {counts['commitments']} commitments")
    return counts


def _add_batch(rng, phrases, parties, topics, numbers, per_meeting, remainder, run, counts) -> None:
    articles, meetings, plans = [], [], []
    for number in numbers:
        partner = rng.choice(PARTNERS)
        kind = rng.choice(list(MEETING_TITLES))
        date = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(15 * 365))
        size = per_meeting + (1 if number < remainder else 0)
        chosen = [rng.choice(phrases) for _ in range(size)]
        lines = [f"Bản tin tổng hợp số {run}-{number}."]
        spans = []
        offset = len(lines[0]) + 1
        for index, phrase in enumerate(chosen):
            sentence = f"{phrase.sentence.rstrip('.')} (mục {index + 1})."
            spans.append((offset, sentence, phrase.kind))
            lines.append(sentence)
            offset += len(sentence) + 1
        text = "\n".join(lines)
        articles.append(
            Article(
                name=f"synthetic/{run}-{number:06d}.txt",
                title=MEETING_TITLES[kind].format(partner=parties[partner].name_vi),
                publisher="Dữ liệu tổng hợp",
                published_on=date,
                text=text,
            )
        )
        meetings.append(
            Meeting(
                title=MEETING_TITLES[kind].format(partner=parties[partner].name_vi),
                kind=kind,
                date=date,
                date_precision=DatePrecision.DAY,
                format=rng.choice(list(Meeting.Format.values)),
                review_state=rng.choice(REVIEW_STATES[:-1]),
            )
        )
        plans.append((partner, spans, date))
    for article in articles:
        article.content_hash = content_hash(article.text)
    Article.objects.bulk_create(articles, batch_size=BATCH)
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    counts["meetings"] += len(meetings)

    sources, participants, rows, links = [], [], [], []
    for article, meeting, (partner, spans, date) in zip(articles, meetings, plans, strict=True):
        sources.append(MeetingSource(meeting=meeting, article=article, key="main"))
        for code, role in (("VN", "co_chair"), (partner, "co_chair"), ("ASEAN", "attendee")):
            participants.append(Participant(meeting=meeting, party=parties[code], role=role))
        for start, sentence, kind in spans:
            amount = (
                Decimal(rng.choice([5, 10, 50, 100, 500])) * 1_000_000
                if rng.random() < 0.1
                else None
            )
            has_target = rng.random() < 0.2
            target = (
                date + datetime.timedelta(days=rng.randrange(200, 2000)) if has_target else None
            )
            rows.append(
                Commitment(
                    meeting=meeting,
                    kind=kind,
                    text=sentence,
                    article=article,
                    sentence=sentence,
                    start=start,
                    end=start + len(sentence),
                    sentence_key=sentence_key(sentence),
                    amount=amount,
                    currency="USD" if amount else "",
                    target_date=target,
                    target_date_precision=DatePrecision.DAY if target else DatePrecision.UNKNOWN,
                    review_state=rng.choice(REVIEW_STATES),
                    confidence=round(rng.uniform(0.5, 1.0), 2),
                )
            )
            actors = [partner] if kind != "agreement" else [partner, "ASEAN"]
            links.append((actors, ["ASEAN"] if kind != "agreement" else [], rng.sample(topics, 2)))
    MeetingSource.objects.bulk_create(sources, batch_size=BATCH)
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    Commitment.objects.bulk_create(rows, batch_size=BATCH)
    counts["commitments"] += len(rows)

    actor_rows, target_rows, topic_rows, follow_ups = [], [], [], []
    Actors, Targets, Topics = (
        Commitment.actors.through,
        Commitment.targets.through,
        Commitment.topics.through,
    )
    for commitment, (actors, targets, chosen_topics) in zip(rows, links, strict=True):
        actor_rows += [Actors(commitment=commitment, party=parties[c]) for c in actors]
        target_rows += [Targets(commitment=commitment, party=parties[c]) for c in targets]
        topic_rows += [Topics(commitment=commitment, topic=t) for t in chosen_topics]
        if rng.random() < 0.3:
            when = commitment.meeting.date
            for _ in range(rng.randint(1, 3)):
                when += datetime.timedelta(days=rng.randrange(30, 400))
                status, score = rng.choice(FOLLOW_UP_STATUSES)
                follow_ups.append(
                    FollowUp(
                        commitment=commitment,
                        date=when,
                        party=parties[actors[0]] if rng.random() < 0.5 else None,
                        status=status,
                        score=score,
                        reason="Theo báo cáo tiến độ hợp tác.",
                        review_state=ReviewState.CONFIRMED,
                    )
                )
            commitment.status = follow_ups[-1].status
    Actors.objects.bulk_create(actor_rows, batch_size=BATCH)
    Targets.objects.bulk_create(target_rows, batch_size=BATCH)
    Topics.objects.bulk_create(topic_rows, batch_size=BATCH)
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    Commitment.objects.bulk_update(rows, ["status"], batch_size=BATCH)
    counts["follow_ups"] += len(follow_ups)
