"""Chainable reads for the domain models (`Commitment.objects.confirmed().by_actor("JP")`).

The models import this module for their managers, so it never imports them: a queryset
reaches the other models through its own model's relations (`related`).
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Sequence

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable

from tracker.choices import Status
from tracker.search import search_commitments

# Follow-ups that count towards a commitment's status, score and compliance unless staff ask
# for others: confirmed ones. An imported follow-up is a guess until a curator confirms it,
# and must not change what the public reads.
COUNTED_BY_DEFAULT = ("confirmed",)


def counted_states(states: Sequence[str] = COUNTED_BY_DEFAULT) -> list[str]:
    """The review states of the follow-ups that count: those asked for, never rejected ones."""
    return sorted(set(states) - {"rejected"})


def related(model: type[models.Model], name: str) -> type[models.Model]:
    """The model at the other end of `model`'s relation `name` (`related(Commitment,
    "follow_ups")` is FollowUp)."""
    return model._meta.get_field(name).related_model


def meeting_visible(states: Sequence[str]) -> Q:
    """A commitment's meeting may be shown, filtered on or grouped by: it is in `states`."""
    return Q(meeting__review_state__in=list(states))


class YearOf(models.Func):
    """The year of a date. On SQLite, read from the ISO text: Django's ExtractYear there calls
    a Python function per row, which makes grouping 100,000 commitments by year slow."""

    template = "EXTRACT(YEAR FROM %(expressions)s)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="CAST(SUBSTR(%(expressions)s, 1, 4) AS INTEGER)"
        )


# `FollowUpQuerySet.deciding`'s order for raw SQL over follow-ups aliased `f`.
DECIDING_ORDER_SQL = "CASE WHEN f.date IS NULL THEN 1 ELSE 0 END, f.date DESC, f.id DESC"

# What `CommitmentQuerySet.count_by` can group by, and the expression behind each name.
# Parties and topics are grouped by id, read from the link tables alone, and named after:
# grouping 100,000 rows by a joined text column cost several times more.
GROUPINGS = {
    "actor": F("actors"),
    "target": F("targets"),
    "topic": F("topics"),
    "kind": F("kind"),
    "status": F("assessed_status"),
    "year": YearOf("meeting__date"),
    "meeting_kind": F("meeting__kind"),
}

# Groupings read from the commitment's meeting.
MEETING_GROUPINGS = frozenset({"year", "meeting_kind"})

# Groupings where each commitment has one value (perhaps none): its groups' counts add up to
# the number of commitments. A commitment counts once per actor, target or topic.
SINGLE_VALUED = frozenset({"kind", "status", "year", "meeting_kind"})

# The code lists the API shows for a commitment: attribute, link relation, named model and
# the column that names it.
CODE_LISTS = {
    "actor_codes": ("actors", "code"),
    "target_codes": ("targets", "code"),
    "topic_slugs": ("topics", "slug"),
}


class CommitmentCodesIterable(ModelIterable):
    """Commitments carrying `article_name` and sorted `actor_codes`, `target_codes` and
    `topic_slugs` lists.

    One plain SQL query per batch reads the article names and the three code lists, instead
    of joining the article (its text is long, and a join would also slow the list's COUNT)
    or prefetching Party and Topic objects: building model instances, and even building four
    ORM queries, cost more than running them. Batches keep `iterator()` streaming.
    """

    batch_size = 2000

    def __iter__(self):
        rows = super().__iter__()
        while batch := list(itertools.islice(rows, self.batch_size)):
            model, db = self.queryset.model, self.queryset.db
            names, codes = _article_names_and_codes(model, db, batch)
            sources = _other_sources(model, db, codes)
            for commitment in batch:
                commitment.article_name = names.get(commitment.article_id)
                for attribute in CODE_LISTS:
                    setattr(commitment, attribute, sorted(codes[attribute, commitment.pk]))
                # The UNION's value column is text (codes): ids come back as strings.
                restated = codes["restated_ids", commitment.pk]
                commitment.restated_ids = sorted(int(i) for i in restated)
                commitment.other_sources = [
                    sources[i] for i in sorted(int(i) for i in codes["source_ids", commitment.pk])
                ]
            yield from batch


def _article_names_and_codes(
    commitment_model: type[models.Model], db: str, commitments: list
) -> tuple[dict, defaultdict]:
    Commitment = commitment_model
    Article, CommitmentSource = related(Commitment, "article"), related(Commitment, "sources")
    ids = [commitment.pk for commitment in commitments]
    article_ids = list({commitment.article_id for commitment in commitments} - {None})
    marks = ", ".join(["%s"] * len(ids))
    parts = [
        f"SELECT 'article_name', id, name FROM {Article._meta.db_table} "
        f"WHERE id IN ({', '.join(['%s'] * len(article_ids)) or 'NULL'})"
    ]
    params: list = [*article_ids]
    for attribute, (relation, column) in CODE_LISTS.items():
        field = Commitment._meta.get_field(relation)
        link = field.remote_field.through._meta
        named = field.related_model._meta
        parts.append(
            f"SELECT '{attribute}', l.commitment_id, n.{column} FROM {link.db_table} l "
            f"JOIN {named.db_table} n ON n.id = l.{field.m2m_reverse_name()} "
            f"WHERE l.commitment_id IN ({marks})"
        )
        params.extend(ids)
    # One statement reported by several articles, and confirmed restatements of it: ids only
    # here, so a page without either costs no further query.
    parts.append(
        f"SELECT 'source_ids', commitment_id, CAST(id AS VARCHAR(20)) "
        f"FROM {CommitmentSource._meta.db_table} "
        f"WHERE commitment_id IN ({marks})"
    )
    parts.append(
        f"SELECT 'restated_ids', reaffirms_id, CAST(id AS VARCHAR(20)) "
        f"FROM {Commitment._meta.db_table} "
        f"WHERE reaffirms_id IN ({marks}) AND reaffirms_confirmed = %s AND review_state = %s"
    )
    params.extend([*ids, *ids, True, "confirmed"])
    names: dict = {}
    codes: defaultdict = defaultdict(list)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for attribute, key, value in cursor.fetchall():
            if attribute == "article_name":
                names[key] = value
            else:
                codes[attribute, key].append(value)
    return names, codes


def name_groups(rows: list[dict], dimensions: tuple[str, ...], *, using: str) -> list[dict]:
    """Rows of {"_<dimension>": value, ..., "count": n} with party and topic ids replaced by
    their codes and slugs, ordered by the values (none last): the one shape both the raw
    grouping and the summary (`tracker.summary`) answer in."""
    # No queryset at hand to reach them through: the app registry names them.
    Party, Topic = apps.get_model("tracker", "Party"), apps.get_model("tracker", "Topic")
    keys = [f"_{name}" for name in dimensions]
    names = {
        "actor": Party.objects.using(using).values_list("pk", "code"),
        "target": Party.objects.using(using).values_list("pk", "code"),
        "topic": Topic.objects.using(using).values_list("pk", "slug"),
    }
    for key, name in zip(keys, dimensions, strict=True):
        if name in names:
            labels = dict(names[name])
            for row in rows:
                row[key] = labels.get(row[key])
    return sorted(rows, key=lambda row: tuple((row[k] is None, row[k]) for k in keys))


def _other_sources(
    commitment_model: type[models.Model], db: str, codes: defaultdict
) -> dict[int, dict]:
    """The further sources named in `codes`, by id: article name, sentence and offsets."""
    CommitmentSource = related(commitment_model, "sources")
    ids = [
        int(i)
        for (attribute, _), values in codes.items()
        if attribute == "source_ids"
        for i in values
    ]
    if not ids:
        return {}
    rows = (
        CommitmentSource.objects.using(db)
        .filter(pk__in=ids)
        .values_list("id", "article__name", "sentence", "start", "end")
    )
    return {
        i: {"article": name, "sentence": sentence, "start": start, "end": end}
        for i, name, sentence, start, end in rows
    }


class PartyQuerySet(models.QuerySet):
    def by_code(self, *codes: str) -> PartyQuerySet:
        return self.filter(code__in=[code.upper() for code in codes])


class ArticleQuerySet(models.QuerySet):
    def sourcing(self, states: Sequence[str]) -> ArticleQuerySet:
        """Articles that are the source of something in `states`: a commitment, a meeting they
        report or a follow-up. An article nobody reviewed anything from is a raw import, and
        its text is not for the public."""
        Commitment = related(self.model, "commitments")
        MeetingSource = related(self.model, "meeting_sources")
        FollowUp = related(self.model, "follow_ups")
        states = list(states)
        return self.filter(
            Exists(Commitment.objects.filter(article=OuterRef("pk"), review_state__in=states))
            | Exists(
                MeetingSource.objects.filter(
                    article=OuterRef("pk"), meeting__review_state__in=states
                )
            )
            | Exists(FollowUp.objects.filter(article=OuterRef("pk"), review_state__in=states))
        )


class MeetingQuerySet(models.QuerySet):
    def confirmed(self) -> MeetingQuerySet:
        return self.filter(review_state="confirmed")

    def with_party(self, *codes: str) -> MeetingQuerySet:
        return self.filter(participants__party__code__in=codes).distinct()

    def for_api(self, commitment_states: list[str] | None = None) -> MeetingQuerySet:
        """Prefetch what the API shows; count only commitments in `commitment_states`."""
        Participant = related(self.model, "participants")
        counted = Q(commitments__review_state__in=commitment_states) if commitment_states else Q()
        return self.annotate(
            commitment_count=Count("commitments", filter=counted, distinct=True)
        ).prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("party").order_by(
                    "party__code", "person_name"
                ),
            ),
            "sources__article",
        )


class CommitmentQuerySet(models.QuerySet):
    def confirmed(self) -> CommitmentQuerySet:
        return self.filter(review_state="confirmed")

    def visible(self, states: Sequence[str]) -> CommitmentQuerySet:
        """Commitments in `states` as a client allowed those states reads them: each names its
        meeting (`shown_meeting`) only when the meeting is in `states` too. A confirmed
        commitment of an unreviewed meeting must not reveal that meeting's id; its kind and
        date stay out of filters and groupings the same way (`meeting_visible`)."""
        return self.filter(review_state__in=states).annotate(
            shown_meeting=Case(
                When(meeting_visible(states), then=F("meeting")),
                default=Value(None),
                output_field=models.BigIntegerField(),
            )
        )

    def awaiting_review(self) -> CommitmentQuerySet:
        return self.filter(review_state="extracted")

    def by_actor(self, *codes: str) -> CommitmentQuerySet:
        return self.filter(actors__code__in=codes).distinct()

    def by_target(self, *codes: str) -> CommitmentQuerySet:
        return self.filter(targets__code__in=codes).distinct()

    def for_api(self) -> CommitmentQuerySet:
        """Commitments carrying what the API shows beside their own fields: the article's
        name and the code lists (`CommitmentCodesIterable`)."""
        queryset = self._chain()
        queryset._iterable_class = CommitmentCodesIterable
        return queryset

    def made_by(
        self, when: datetime.date, meeting_states: Sequence[str] | None = None
    ) -> CommitmentQuerySet:
        """Commitments made at a meeting on or before `when`; undated ones are kept, as nothing
        rules them out, and so are those whose meeting is not in `meeting_states` (its date is
        not shown, so it must not decide either)."""
        dated = Q(meeting__date__lte=when) | Q(meeting__date__isnull=True)
        if meeting_states is not None:
            dated |= ~meeting_visible(meeting_states) | Q(meeting__isnull=True)
        return self.filter(dated)

    def with_assessment(
        self,
        as_of: datetime.date | None = None,
        follow_up_states: Sequence[str] = COUNTED_BY_DEFAULT,
        meeting_states: Sequence[str] | None = None,
    ) -> CommitmentQuerySet:
        """Annotate `assessed_status` and `assessed_score`: now, or replayed as of a past date,
        from the follow-ups in `follow_up_states` (confirmed ones unless staff ask otherwise);
        `meeting_states` as for `made_by`. The one reading of status and score: the model,
        the admin, the API, the stats and compliance all go through it or `deciding`.

        The score is the deciding follow-up's (`FollowUpQuerySet.deciding`). Today's status is
        the stored one, which `Commitment.refresh_status` keeps at the deciding confirmed
        follow-up's (or a curator's call, without one); a past status is replayed from the
        follow-ups dated up to then.
        """
        FollowUp = related(self.model, "follow_ups")
        deciding = FollowUp.objects.deciding(OuterRef("pk"), follow_up_states, as_of=as_of)
        score = Subquery(deciding.values("score")[:1])
        if as_of is not None:
            return self.made_by(as_of, meeting_states).annotate(
                assessed_status=Coalesce(
                    Subquery(deciding.values("status")[:1]), Value(Status.NOT_ASSESSED)
                ),
                assessed_score=score,
            )
        status = F("status")
        if counted_states(follow_up_states) != counted_states():
            # The stored status follows confirmed follow-ups only; counting others too, the
            # deciding one among them sets it, as `Commitment.refresh_status` would.
            status = Coalesce(Subquery(deciding.values("status")[:1]), F("status"))
        return self.annotate(assessed_status=status, assessed_score=score)

    def overdue(self, today: datetime.date) -> CommitmentQuerySet:
        """Target date passed and not fulfilled; needs `with_assessment` first. The one
        definition of overdue: `Commitment.is_overdue`, the admin's filter and the API's."""
        return self.filter(target_date__lt=today).exclude(assessed_status=Status.FULFILLED)

    def search(self, query: str) -> CommitmentQuerySet:
        return search_commitments(self, query)

    def count_by(self, *dimensions: str, meeting_states: Sequence[str] | None = None) -> list[dict]:
        """Rows of {"_<dimension>": value, ..., "count": n}, ordered by the values (none last);
        needs `with_assessment` first. Parties are named by code, topics by slug. With
        `meeting_states`, a meeting in another state gives no year or meeting kind."""
        unknown = set(dimensions) - GROUPINGS.keys()
        if unknown:
            raise ValueError(f"cannot group by {sorted(unknown)}")
        keys = [f"_{name}" for name in dimensions]
        expressions = {
            name: Case(When(meeting_visible(meeting_states), then=GROUPINGS[name]), default=None)
            if meeting_states is not None and name in MEETING_GROUPINGS
            else GROUPINGS[name]
            for name in dimensions
        }
        rows = list(
            self.order_by()
            .annotate(
                **{key: expressions[name] for key, name in zip(keys, dimensions, strict=True)}
            )
            .values(*keys)
            # Filters select through subqueries, never joins, so each commitment meets each
            # combination of grouped values once: no DISTINCT needed.
            .annotate(count=Count("pk"))
        )
        return name_groups(rows, dimensions, using=self.db)

    def compliance_by_actor(
        self,
        as_of: datetime.date | None = None,
        follow_up_states: Sequence[str] = COUNTED_BY_DEFAULT,
        *,
        party: int | None = None,
    ) -> list[dict]:
        """Per actor party: commitments, assessed ones, average follow-up score, fulfilled count.

        A follow-up about one party counts for that party only; one without a party counts
        for every actor of the commitment (G7/G20 compliance reports score each member). Each
        actor link is joined to the follow-ups that concern it (its own party's or shared) and
        the latest per actor link is picked with a window function: a lookup per link took
        seconds on PostgreSQL over 100,000 commitments. `party` (an id) keeps that party's
        row only, and reads only its links: a party's page needs no one else's.
        """
        Commitment = self.model
        FollowUp, Party = related(Commitment, "follow_ups"), related(Commitment, "actors")
        states = counted_states(follow_up_states)
        try:
            chosen, chosen_params = self.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return []
        sql = f"""
            WITH evidence AS (
                SELECT l.party_id, c.status AS stored_status, f.score, f.status,
                    ROW_NUMBER() OVER (
                        PARTITION BY l.id
                        ORDER BY {DECIDING_ORDER_SQL}
                    ) AS position
                FROM {Commitment.actors.through._meta.db_table} l
                JOIN {Commitment._meta.db_table} c ON c.id = l.commitment_id
                LEFT JOIN {FollowUp._meta.db_table} f
                    ON f.commitment_id = l.commitment_id
                    AND (f.party_id = l.party_id OR f.party_id IS NULL)
                    AND f.review_state IN ({", ".join(["%s"] * len(states))})
                    {"AND f.date <= %s" if as_of else ""}
                WHERE l.commitment_id IN ({chosen}) {"AND l.party_id = %s" if party else ""}
            )
            SELECT party_id, COUNT(*), COUNT(score), AVG(score),
                SUM(CASE WHEN COALESCE(status, {"stored_status" if as_of is None else "%s"}) = %s
                    THEN 1 ELSE 0 END)
            FROM evidence
            WHERE position = 1
            GROUP BY party_id
        """
        params = [
            *states,
            *([as_of] if as_of else []),
            *chosen_params,
            *([party] if party else []),
            *([Status.NOT_ASSESSED] if as_of else []),
            Status.FULFILLED,
        ]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            counts = cursor.fetchall()
        codes = dict(Party.objects.using(self.db).values_list("pk", "code"))
        rows = [
            {
                "party__code": codes[party_id],
                "commitments": commitments,
                "assessed": assessed,
                "average_score": None if average is None else float(average),
                "fulfilled": int(fulfilled),
            }
            for party_id, commitments, assessed, average, fulfilled in counts
        ]
        return sorted(rows, key=lambda row: row["party__code"])


class FollowUpQuerySet(models.QuerySet):
    def counted(self, states: Sequence[str] = COUNTED_BY_DEFAULT) -> FollowUpQuerySet:
        """The follow-ups that count towards status, score and compliance (see
        COUNTED_BY_DEFAULT); staff may count unreviewed ones too by passing their states."""
        return self.filter(review_state__in=counted_states(states))

    def deciding(
        self,
        commitment: object,
        states: Sequence[str] = COUNTED_BY_DEFAULT,
        *,
        as_of: datetime.date | None = None,
    ) -> FollowUpQuerySet:
        """`commitment`'s counted follow-ups (dated up to `as_of`, when replaying), the one that
        decides its status and score first. `commitment`: a commitment, its id or an OuterRef.

        The latest dated follow-up decides. An undated one ranks after every dated one, as the
        commitment's oldest evidence, so it decides only while no dated one exists; among
        equals the one recorded last does. Every reading of status, score and compliance uses
        this order (`DECIDING_ORDER_SQL` in raw SQL).
        """
        evidence = self.counted(states).filter(commitment=commitment)
        if as_of is not None:
            evidence = evidence.filter(date__lte=as_of)
        return evidence.order_by(F("date").desc(nulls_last=True), "-id")

    def for_api(self) -> FollowUpQuerySet:
        return self.select_related("commitment", "party", "article")
