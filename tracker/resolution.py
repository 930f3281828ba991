"""One event, one record: find the stored meeting or statement a new article reports again.

Every look-up reads an index range (meetings by sides, kind and date or number; commitments
by meeting) and compares at most `CANDIDATE_LIMIT` meetings, so an import's cost per article
does not grow with the number of stored meetings. The similarity rules are in
`corpus_import.resolution`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from corpus_import import resolution as rules
from corpus_import.doc import MeetingFinding
from tracker.models import (
    Commitment,
    CommitmentSource,
    Meeting,
    MeetingMatch,
    Participant,
    sentence_key,
)
from tracker.services import meeting_merge

REAFFIRMATION_MEETINGS = 10  # earlier meetings of the same sides a new statement is compared with


def finding_report(finding: MeetingFinding, day_month: str = "") -> rules.MeetingReport:
    sides = set(finding.parties)
    persons = (
        rules.person_key(p.party, p.person_name)
        for p in finding.participants
        if p.person_name and p.party in sides
    )
    return rules.MeetingReport(
        title=finding.title,
        kind=finding.kind,
        sides=rules.sides_key(finding.parties),
        date=finding.date.value if finding.date.precision != "unknown" else None,
        precision=finding.date.precision,
        number=rules.meeting_number(finding.title),
        day_month=day_month,
        persons=frozenset(p for p in persons if p),
    )


def meeting_report(
    meeting: Meeting, persons: frozenset[tuple[str, str]] = frozenset()
) -> rules.MeetingReport:
    return rules.MeetingReport(
        title=meeting.title,
        kind=meeting.kind,
        sides=meeting.sides,
        date=meeting.date,
        precision=meeting.date_precision,
        number=meeting.number,
        day_month=meeting.day_month,
        persons=persons,
    )


def meeting_candidates(report: rules.MeetingReport) -> list[Meeting]:
    """Stored meetings that could be `report`: same sides and kind, and the same number or a
    date in the same year (or none), newest first, at most `CANDIDATE_LIMIT` of each."""
    if not report.sides:
        return []
    same = Meeting.objects.filter(sides=report.sides, kind=report.kind)
    limit = rules.CANDIDATE_LIMIT
    found: dict[int, Meeting] = {}
    if report.number is not None:
        found.update((m.pk, m) for m in same.filter(number=report.number)[:limit])
    if report.date is not None:
        year = report.date.year
        window = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        found.update((m.pk, m) for m in same.filter(date__range=window).order_by("-id")[:limit])
        found.update((m.pk, m) for m in same.filter(date=None).order_by("-id")[:limit])
    else:
        found.update((m.pk, m) for m in same.order_by("-id")[:limit])
    if report.day_month:
        around = datetime.date(2000, int(report.day_month[:2]), int(report.day_month[3:]))
        near = range(-rules.STATEMENT_DAYS, rules.STATEMENT_DAYS + 1)
        days = [(around + datetime.timedelta(days=d)).strftime("%m-%d") for d in near]
        found.update((m.pk, m) for m in same.filter(day_month__in=days).order_by("-id")[:limit])
    return list(found.values())


def _statements_of(meetings: list[Meeting]) -> dict[int, list[str]]:
    """The segmented statements stored for each meeting: one query for all candidates."""
    words: dict[int, list[str]] = defaultdict(list)
    rows = Commitment.objects.filter(meeting__in=meetings).exclude(words="").order_by()
    for meeting_id, text in rows.values_list("meeting_id", "words"):
        words[meeting_id].append(text)
    return words


def _persons_of(meetings: list[Meeting]) -> dict[int, frozenset[tuple[str, str]]]:
    """The named people of each meeting's sides, as `rules.person_key` compares them. One
    read of the candidates' participants by their meeting index (no join to meetings)."""
    sides = {m.pk: set(m.sides.split("+")) for m in meetings}
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    rows = Participant.objects.filter(meeting__in=meetings).exclude(person_name="").order_by()
    for meeting_id, code, name in rows.values_list("meeting_id", "party__code", "person_name"):
        key = rules.person_key(code, name)
        if key and code in sides[meeting_id]:
            found[meeting_id].add(key)
    return {pk: frozenset(keys) for pk, keys in found.items()}


def resolve_meeting(
    finding: MeetingFinding, day_month: str = "", statements: list[str] | None = None
) -> tuple[Meeting | None, list[tuple[Meeting, rules.MeetingMatch]]]:
    """The stored meeting `finding` surely is (or None), and the ones it may be.

    `statements` are the finding's own statements, segmented: one that a candidate meeting's
    commitments also hold makes the two reports one meeting.
    """
    if finding.is_chain:
        return None, []
    report = finding_report(finding, day_month)
    candidates = meeting_candidates(report)
    stored = _statements_of(candidates) if statements and candidates else {}
    persons = _persons_of(candidates) if report.persons and candidates else {}
    scored = [
        (
            m,
            rules.match_meetings(
                report,
                meeting_report(m, persons.get(m.pk, frozenset())),
                rules.best_similarity(statements or [], stored[m.pk]) if m.pk in stored else 0.0,
            ),
        )
        for m in candidates
    ]
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    strong = [pair for pair in scored if pair[1].strength == "strong"]
    if strong:
        return strong[0][0], []
    return None, [pair for pair in scored if pair[1].strength == "weak"][:3]


def suggestions_create(*, meeting: Meeting, weak: list[tuple[Meeting, rules.MeetingMatch]]) -> int:
    rows = [
        MeetingMatch(meeting=meeting, candidate=candidate, score=m.score, reasons=m.reasons[:200])
        for candidate, m in weak
    ]
    return len(MeetingMatch.objects.bulk_create(rows, ignore_conflicts=True))


@transaction.atomic
def meeting_match_decide(*, match: MeetingMatch, accept: bool) -> bool:
    """A curator's answer to a suggestion: accepting merges the new meeting into the stored
    one (the stored one keeps its title and kind); refusing keeps both. Returns whether
    anything changed."""
    if match.state != MeetingMatch.State.OPEN:
        return False
    if accept:
        # The suggestion row goes with the merged meeting; its siblings with it.
        meeting_merge(target=match.candidate, source=match.meeting)
        return True
    match.state = MeetingMatch.State.REFUSED
    match.decided_at = timezone.now()
    match.save(update_fields=["state", "decided_at"])
    return True


def statements_elsewhere(*, meeting: Meeting, article_id: int) -> list[Commitment]:
    """The segmented commitments of `meeting` that other articles reported: what
    `same_statement` compares an article's sentences with, read once per article."""
    candidates = (
        Commitment.objects.filter(meeting=meeting)
        .exclude(article_id=article_id)
        .only("id", "words", "article_id")
    )
    return [c for c in candidates if c.words]


def same_statement(*, words: str, candidates: list[Commitment]) -> tuple[Commitment | None, float]:
    """The commitment of `candidates` (`statements_elsewhere`) that a sentence repeats.

    Two sentences of one article may both repeat it: a lead ("Thủ tướng Belarus khẳng định
    ...") and its paragraph say it twice, and the gold counts both as the same statement."""
    best, best_score = None, 0.0
    for candidate in candidates:
        score = rules.statement_similarity(words, candidate.words)
        if score > best_score:
            best, best_score = candidate, score
    if best is None or best_score < rules.SAME_STATEMENT:
        return None, best_score
    return best, best_score


def statement_sources_create(*, rows: Iterable[CommitmentSource]) -> int:
    return len(CommitmentSource.objects.bulk_create(list(rows)))


def _related_of(
    commitment_ids: Iterable[int], relation: str, field: str
) -> dict[int, frozenset[str]]:
    """Each commitment's actor or target codes, or topic slugs: one read of the relation's
    table."""
    through = getattr(Commitment, relation).through
    found: dict[int, set[str]] = defaultdict(set)
    rows = through.objects.filter(commitment_id__in=list(commitment_ids)).values_list(
        "commitment_id", field
    )
    for commitment_id, code in rows:
        found[commitment_id].add(code)
    return {pk: frozenset(codes) for pk, codes in found.items()}


def statements_of(commitments: list[Commitment]) -> dict[int, rules.Statement]:
    """What a reaffirmation link compares of each commitment: three queries for all."""
    ids = [c.pk for c in commitments]
    actors = _related_of(ids, "actors", "party__code")
    targets = _related_of(ids, "targets", "party__code")
    topics = _related_of(ids, "topics", "topic__slug")
    none: frozenset[str] = frozenset()
    return {
        c.pk: rules.Statement(
            c.sentence,
            c.words,
            actors.get(c.pk, none),
            targets.get(c.pk, none),
            topics.get(c.pk, none),
        )
        for c in commitments
    }


def _earlier(meeting: Meeting) -> Q:
    """Meetings before `meeting`: by date when both have one, else by import order."""
    if meeting.date is not None:
        return Q(date__lt=meeting.date) | Q(date=None, pk__lt=meeting.pk)
    return Q(pk__lt=meeting.pk)


def reaffirmations_suggest(*, commitments: list[Commitment]) -> int:
    """Link each new commitment to the earlier commitment it most likely restates.

    Earlier commitments are those of the last `REAFFIRMATION_MEETINGS` meetings of the same
    sides, sharing an actor; each pair is weighed by `rules.reaffirmation_probability`, and
    the likeliest at or above `rules.REAFFIRMS` becomes a suggestion with its score until a
    curator confirms it. Five queries per meeting, whatever its number of commitments.
    Returns how many links were made.
    """
    fresh = [c for c in commitments if c.meeting_id and c.words and c.reaffirms_id is None]
    if not fresh:
        return 0
    said = statements_of(fresh)
    by_meeting: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in fresh:
        if commitment.meeting.sides and said[commitment.pk].actors:
            by_meeting[commitment.meeting_id].append(commitment)
    linked = 0
    for group in by_meeting.values():
        meeting = group[0].meeting
        earlier_meetings = list(
            Meeting.objects.filter(sides=meeting.sides)
            .filter(_earlier(meeting))
            .exclude(pk=meeting.pk)
            .order_by("-date", "-id")
            .values_list("id", flat=True)[:REAFFIRMATION_MEETINGS]
        )
        if not earlier_meetings:
            continue
        candidates = list(
            Commitment.objects.filter(meeting_id__in=earlier_meetings)
            .exclude(review_state="rejected")
            .only("id", "sentence", "words", "meeting_id")
        )
        earlier = statements_of(candidates)
        scored = {
            commitment.pk: [
                (rules.reaffirmation_features(earlier[c.pk], said[commitment.pk]), c)
                for c in candidates
                if earlier[c.pk].actors & said[commitment.pk].actors
            ]
            for commitment in group
        }
        # A near copy of any statement means that earlier "meeting" is this one reported
        # apart (a preview, a wrap-up): nothing said there is restated here.
        copied = {
            c.meeting_id
            for pairs in scored.values()
            for features, c in pairs
            if features["near_copy"]
        }
        for commitment in group:
            best, best_score = None, 0.0
            for features, candidate in scored[commitment.pk]:
                score = rules.reaffirmation_probability(features)
                if candidate.meeting_id not in copied and score > best_score:
                    best, best_score = candidate, score
            if best is not None and best_score >= rules.REAFFIRMS:
                Commitment.objects.filter(pk=commitment.pk).update(
                    reaffirms=best, reaffirms_score=round(best_score, 4)
                )
                commitment.reaffirms, commitment.reaffirms_score = best, best_score
                linked += 1
    return linked


def commitment_source_promote(*, commitment: Commitment) -> None:
    """The first article no longer reports an uncurated commitment that others still do: the
    next source becomes the commitment's own, instead of the statement being lost."""
    source = commitment.sources.order_by("article_id", "start").first()
    commitment.article_id = source.article_id
    commitment.sentence = commitment.text = source.sentence
    commitment.start, commitment.end = source.start, source.end
    commitment.sentence_key = source.sentence_key
    source.delete()
    commitment.save()


# Scoring against fixtures/gold/resolution (the `score_resolution` command)


def _pairwise(labels: list[tuple[object, object]]) -> tuple[int, int, int]:
    """True positives, false positives and false negatives over every pair of (gold, predicted)
    cluster labels."""
    tp = fp = fn = 0
    for i, (gold_a, pred_a) in enumerate(labels):
        for gold_b, pred_b in labels[i + 1 :]:
            same_gold, same_pred = gold_a == gold_b, pred_a == pred_b
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return tp, fp, fn


def _ratios(tp: int, fp: int, fn: int) -> dict:
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def split_of(event_id: str, events: list[dict]) -> str:
    """The event's half of the gold (`split`: events of the same sides share one, so that a
    look-alike is measured with the event it looks like)."""
    return next(e["split"] for e in events if e["id"] == event_id)


def pair_split(index: int) -> str:
    """Statement and reaffirmation pairs alternate tune / test in the file's order."""
    return "tune" if index % 2 == 0 else "test"


def _owner(side: dict) -> int | None:
    """The commitment that holds a gold sentence: its own, or one it is a source of."""
    key = sentence_key(side["sentence"])
    own = Commitment.objects.filter(article__name=side["article"], sentence_key=key)
    found = own.values_list("id", flat=True).first()
    if found is None:
        found = (
            CommitmentSource.objects.filter(article__name=side["article"], sentence_key=key)
            .values_list("commitment_id", flat=True)
            .first()
        )
    return found


def resolution_score(gold: dict) -> dict:
    """Meeting and statement resolution as the database now holds the gold articles."""
    from tracker.models import MeetingSource

    reports, missing = [], []
    for event in gold["events"]:
        sides = rules.sides_key(event["parties"])
        for name in event["articles"]:
            source = (
                MeetingSource.objects.filter(
                    article__name=name, meeting__sides=sides, meeting__kind=event["kind"]
                )
                .order_by("id")
                .first()
            )
            if source is None:
                missing.append(f"{event['id']}: {name}")
            else:
                reports.append((event["split"], event["id"], source.meeting_id))
    open_matches = set(
        MeetingMatch.objects.filter(state=MeetingMatch.State.OPEN).values_list(
            "meeting_id", "candidate_id"
        )
    )
    result: dict = {"meetings": {"reports": len(reports), "not_extracted": missing}}
    for split in ("tune", "test"):
        own = [(event, meeting) for half, event, meeting in reports if half == split]
        # With every open suggestion accepted: a suggested meeting joins its candidate.
        accepted = [
            (event, next((c for m, c in open_matches if m == meeting), meeting))
            for event, meeting in own
        ]
        result["meetings"][split] = {
            "reports": len(own),
            "automatic": _ratios(*_pairwise(own)),
            "suggestions_accepted": _ratios(*_pairwise(accepted)),
        }
    result["statements"] = {}

    owner = _owner
    result["reaffirmations"] = _reaffirmation_score(gold, owner)
    for split in ("tune", "test"):
        tp = fp = fn = 0
        skipped = 0
        for index, pair in enumerate(gold["statement_pairs"]):
            if pair_split(index) != split:
                continue
            a, b = owner(pair["a"]), owner(pair["b"])
            if a is None or b is None:
                skipped += 1
                continue
            same = a == b
            tp += same and pair["same"]
            fp += same and not pair["same"]
            fn += pair["same"] and not same
        result["statements"][split] = {**_ratios(tp, fp, fn), "not_stored": skipped}
    return result


def _restated(later: int) -> list[int]:
    """The suggested chain from a commitment back: what it restates, what that restates..."""
    chain: list[int] = []
    current = Commitment.objects.filter(pk=later).values_list("reaffirms_id", flat=True).first()
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = (
            Commitment.objects.filter(pk=current).values_list("reaffirms_id", flat=True).first()
        )
    return chain


def _reaffirmation_score(gold: dict, owner) -> dict:
    """Suggested links (before any curation) against the labelled pairs, per split: pairs
    alternate tune / test in file order. `direct`: the later commitment is linked to the
    earlier one; `chain`: the earlier one is in the later one's chain (a pledge made in May,
    restated in June and July: July links to June, which links to May)."""
    figures: dict = {}
    for split in ("tune", "test"):
        counts = {"direct": [0, 0, 0], "chain": [0, 0, 0]}
        skipped = 0
        for index, pair in enumerate(gold.get("reaffirmation_pairs", [])):
            if pair_split(index) != split:
                continue
            earlier, later = owner(pair["earlier"]), owner(pair["later"])
            chain = _restated(later) if earlier is not None and later is not None else []
            if earlier is None or later is None:
                skipped += 1
            for how, linked in (
                ("direct", chain[:1] == [earlier]),
                ("chain", earlier in chain and earlier != later),
            ):
                counts[how][0] += linked and pair["reaffirms"]
                counts[how][1] += linked and not pair["reaffirms"]
                counts[how][2] += pair["reaffirms"] and not linked
        figures[split] = {
            **_ratios(*counts["direct"]),
            "not_stored": skipped,
            "chain": _ratios(*counts["chain"]),
        }
    return figures


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# The similarity methods compared on the gold (`score_resolution --thresholds`).
METHODS = {
    "tfidf_words": lambda a, b: rules.statement_similarity(rules.segment(a), rules.segment(b)),
    "jaccard_words": lambda a, b: _jaccard(
        set(rules.segment(a).split()), set(rules.segment(b).split())
    ),
    "jaccard_syllables": lambda a, b: _jaccard(rules.title_words(a), rules.title_words(b)),
}


def similarity_tables(gold: dict, thresholds: list[float]) -> dict:
    """For each method and labelled set, precision and recall of `similarity >= t` on each
    split, and the best F1 on the tune split: what chose the method and the thresholds."""
    sets = {
        "statements": [
            (
                pair_split(i),
                p["a"]["sentence"],
                p["b"]["sentence"],
                p["same"],
            )
            for i, p in enumerate(gold["statement_pairs"])
        ],
        "reaffirmations": [
            (
                pair_split(i),
                p["earlier"]["sentence"],
                p["later"]["sentence"],
                p["reaffirms"],
            )
            for i, p in enumerate(gold.get("reaffirmation_pairs", []))
        ],
    }
    tables: dict = {}
    for name, rows in sets.items():
        for method, similarity in METHODS.items():
            scored = [(split, similarity(a, b), label) for split, a, b, label in rows]
            table: dict = {"tune": {}, "test": {}}
            for split in table:
                for t in thresholds:
                    tp = sum(1 for s, x, y in scored if s == split and x >= t and y)
                    fp = sum(1 for s, x, y in scored if s == split and x >= t and not y)
                    fn = sum(1 for s, x, y in scored if s == split and x < t and y)
                    table[split][f"{t:.2f}"] = _ratios(tp, fp, fn)

            def f1(row: dict) -> float:
                p, r = row["precision"] or 0.0, row["recall"] or 0.0
                return 2 * p * r / (p + r) if p + r else 0.0

            best = max(table["tune"], key=lambda t: (f1(table["tune"][t]), -float(t)))
            table["best_tune_threshold"] = best
            table["best_tune_f1"] = round(f1(table["tune"][best]), 3)
            table["test_at_best"] = table["test"][best]
            tables[f"{name}/{method}"] = table
    return tables


def reaffirmation_model_fit(gold: dict, *, regularization: float = 1.0) -> dict:
    """Fit `rules.reaffirmation_probability`'s weights on the tune half of the gold's
    reaffirmation pairs, as the database now holds the gold articles: each pair's features
    are those of its stored commitments, what the import weighs. A logistic regression on
    standardized features, the classes balanced (1 restatement in 5 pairs), each weight on the
    side `rules.REAFFIRMATION_SIGNS` allows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    pairs = []
    for index, pair in enumerate(gold["reaffirmation_pairs"]):
        earlier, later = _owner(pair["earlier"]), _owner(pair["later"])
        if pair_split(index) == "tune" and earlier and later and earlier != later:
            pairs.append((earlier, later, pair["reaffirms"]))
    said = statements_of(
        list(Commitment.objects.filter(pk__in={pk for a, b, _ in pairs for pk in (a, b)}))
    )
    features = [rules.reaffirmation_features(said[a], said[b]) for a, b, _ in pairs]
    labels = [label for _, _, label in pairs]
    names = list(rules.REAFFIRMATION_SIGNS)
    while True:
        rows = [[f[name] for name in names] for f in features]
        scaler = StandardScaler().fit(rows)
        model = LogisticRegression(C=regularization, class_weight="balanced", max_iter=1000)
        model.fit(scaler.transform(rows), labels)
        against = {
            name: weight * rules.REAFFIRMATION_SIGNS[name]
            for name, weight in zip(names, model.coef_[0], strict=True)
            if weight * rules.REAFFIRMATION_SIGNS[name] < 0
        }
        if not against:
            break
        names.remove(min(against, key=against.get))
    return {
        "fitted_on": f"tune reaffirmation pairs of fixtures/gold/resolution ({len(pairs)} pairs, "
        f"{sum(labels)} restatements), C={regularization}, weights against their sign left out",
        "intercept": round(float(model.intercept_[0]), 6),
        "weights": {n: round(float(w), 6) for n, w in zip(names, model.coef_[0], strict=True)},
        "mean": {n: round(float(m), 6) for n, m in zip(names, scaler.mean_, strict=True)},
        "scale": {n: round(float(v), 6) for n, v in zip(names, scaler.scale_, strict=True)},
    }
