"""Domain model: parties, articles, meetings, participants, commitments and follow-ups."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.choices import DatePrecision, ReviewState, Status
from tracker.querysets import (
    ArticleQuerySet,
    CommitmentQuerySet,
    FollowUpQuerySet,
    MeetingQuerySet,
    PartyQuerySet,
)


def content_hash(text: str) -> str:
    """SHA-256 of an article's stored text: the identity used to skip unchanged re-imports."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentence_key(sentence: str) -> str:
    """Stable identity of a sentence inside one article, insensitive to spacing and case."""
    normalized = " ".join(unicodedata.normalize("NFC", sentence).casefold().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def localized(english: str, vietnamese: str) -> str:
    return vietnamese if (get_language() or "").startswith("vi") and vietnamese else english


def format_partial_date(value: datetime.date | None, precision: str) -> str | None:
    """Render a date only as far as it is known: YYYY-MM-DD, YYYY-MM or YYYY."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def partial_date_constraint(date_field: str, precision_field: str, name: str) -> models.Q:
    """A date is null exactly when its precision is unknown."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field}__isnull": True, precision_field: DatePrecision.UNKNOWN})
            | (
                Q(**{f"{date_field}__isnull": False})
                & ~Q(**{precision_field: DatePrecision.UNKNOWN})
            )
        ),
        name=name,
    )


class CuratedMixin(models.Model):
    """Rows the importer pre-fills and curators correct.

    `curated_at` is set whenever a curator saves the row; the importer never overwrites or
    recreates a row that is curated or no longer in the `extracted` review state.
    """

    review_state = models.CharField(
        _("review state"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.EXTRACTED,
        db_index=True,
        help_text=_(
            "Extracted items wait in the review queue; the importer never overwrites confirmed "
            "or rejected ones."
        ),
    )
    curated_at = models.DateTimeField(_("curated at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_curated(self) -> bool:
        return self.curated_at is not None or self.review_state != ReviewState.EXTRACTED

    def mark_curated(self) -> None:
        self.curated_at = timezone.now()


class Party(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("state")
        ORGANIZATION = "organization", _("international organization")
        GROUPING = "grouping", _("grouping or forum")

    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 for states (VN, JP), the usual acronym otherwise (ASEAN)."),
    )
    name_en = models.CharField(_("English name"), max_length=200)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="groupings",
        verbose_name=_("members"),
        help_text=_("For groupings such as ASEAN+3: the parties it stands for."),
    )

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="party_code_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language: curators reading Vietnamese see Vietnamese names."""
        return localized(self.name_en, self.name_vi)


class PartyAlias(models.Model):
    """A name under which articles refer to a party ("Mỹ", "Hoa Kỳ", "xứ sở mặt trời mọc")."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("party")
    )
    text = models.CharField(
        _("alias"),
        max_length=200,
        unique=True,
        help_text=_("Matched case-sensitively as a whole word: 'Anh' is the UK, 'anh' is not."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["text"]
        verbose_name = _("party alias")
        verbose_name_plural = _("party aliases")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="party_alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=200)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return localized(self.name_en, self.name_vi)


class Article(models.Model):
    name = models.CharField(
        _("name"), max_length=500, unique=True, help_text=_("File name or URL of the source.")
    )
    title = models.CharField(_("title"), max_length=1000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, db_index=True)
    text = models.TextField(_("text"), help_text=_("The cleaned text that offsets refer to."))
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["imported_at", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="article_name_not_empty"),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="article_hash_is_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.name

    def save(self, *args, **kwargs) -> None:
        # The hash is a pure function of the text; keeping it in step here is integrity, not
        # business logic, and the unique constraint on it is what stops duplicate imports.
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)


class Meeting(CuratedMixin):
    class Kind(models.TextChoices):
        FOREIGN_MINISTERS = "foreign_ministers", _("foreign ministers' meeting")
        SENIOR_OFFICIALS = "senior_officials", _("senior officials' meeting (SOM)")
        LEADERS = "leaders", _("leaders' meeting or summit")
        DIALOGUE = "dialogue", _("ministerial dialogue")
        BILATERAL = "bilateral", _("bilateral talks")
        # The import's placeholder for a report whose meeting it did not recognize: made from
        # the article's lead so that its items are kept; a curator sets the real kind.
        OTHER = "other", _("other (to be checked)")

    class Format(models.TextChoices):
        ONLINE = "online", _("online")
        IN_PERSON = "in_person", _("in person")
        HYBRID = "hybrid", _("hybrid")
        UNKNOWN = "unknown", _("unknown")

    title = models.CharField(_("title"), max_length=500, help_text=_("As reported."))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("For month or year precision, the first day of that month or year."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.UNKNOWN, db_index=True
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    sides = models.CharField(
        _("sides"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_(
            "The parties that meet as sorted codes (ASEAN+JP), as the importer found them: "
            "where it looks for the same meeting reported again."
        ),
    )
    day_month = models.CharField(
        _("reported day"),
        max_length=5,
        blank=True,
        editable=False,
        help_text=_(
            "MM-DD of the day the report gives, even without a year (“ngày 7/7”): how the "
            "importer tells undated reports of the same sides apart."
        ),
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("For numbered meetings: 54 in “lần thứ 54”."),
    )
    articles = models.ManyToManyField(
        Article,
        through="MeetingSource",
        related_name="meetings",
        verbose_name=_("reported in"),
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            partial_date_constraint("date", "date_precision", "meeting_date_matches_precision"),
        ]
        indexes = [
            # The import's look-up of a meeting reported again (same sides, kind, date window;
            # or the same numbered meeting): a range read per finding, never a scan.
            models.Index(fields=["sides", "kind", "date"], name="meeting_resolution"),
            models.Index(fields=["sides", "number"], name="meeting_resolution_number"),
            models.Index(fields=["sides", "kind", "day_month"], name="meeting_resolution_day"),
            # The newest meetings of the same sides and kind, for an undated report: read
            # backwards and stopped after the candidate limit, however many are stored.
            models.Index(fields=["sides", "kind", "-id"], name="meeting_resolution_recent"),
        ]

    def __str__(self) -> str:
        date = self.date_display
        return f"{self.title} ({date})" if date else self.title

    @property
    def date_display(self) -> str | None:
        return format_partial_date(self.date, self.date_precision)


class MeetingSource(models.Model):
    """An article reporting a meeting, under the key the importer gave it in that article."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="sources", verbose_name=_("meeting")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="meeting_sources", verbose_name=_("article")
    )
    key = models.CharField(
        _("key"),
        max_length=100,
        help_text=_("The importer's stable name for this meeting within the article."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "key"]
        verbose_name = _("meeting source")
        verbose_name_plural = _("meeting sources")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"], name="meeting_source_unique_key_per_article"
            ),
            models.UniqueConstraint(
                fields=["meeting", "article"], name="meeting_source_unique_article_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.name} → {self.key}"


class Participant(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        CO_CHAIR = "co_chair", _("co-chair")
        COORDINATOR = "coordinator", _("coordinator")
        ATTENDEE = "attendee", _("attendee")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="participations", verbose_name=_("party")
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    title = models.CharField(
        _("title as written"), max_length=200, blank=True, help_text=_("Bộ trưởng Ngoại giao")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.ATTENDEE, db_index=True
    )
    is_side = models.BooleanField(
        _("side"),
        default=False,
        help_text=_(
            "One of the sides that meet (ASEAN and Japan at an ASEAN–Japan meeting), as opposed "
            "to a delegation attending as a member of a side (Viet Nam there)."
        ),
    )
    curated_at = models.DateTimeField(_("curated at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "party__code", "person_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "party", "person_name"], name="participant_unique_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        who = f"{self.person_name} ({self.party.code})" if self.person_name else self.party.code
        return f"{who} @ {self.meeting.title}"


class Commitment(CuratedMixin):
    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("pledge")
        AGREEMENT = "agreement", _("agreement")
        SUPPORT = "support", _("support")
        PROPOSAL = "proposal", _("proposal")

    Status = Status

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        db_index=True,
        help_text=_(
            "Pledge: a party says it will do something. Agreement: the parties jointly agree on "
            "a future action. Support: a party backs a position, role or initiative. Proposal: "
            "a party asks or urges another to act."
        ),
    )
    actors = models.ManyToManyField(
        Party,
        related_name="commitments_made",
        blank=True,
        verbose_name=_("actors"),
        help_text=_("The parties that commit, agree, support or propose."),
    )
    targets = models.ManyToManyField(
        Party,
        related_name="commitments_received",
        blank=True,
        verbose_name=_("targets"),
        help_text=_("The parties asked or helped, when the sentence names them."),
    )
    text = models.TextField(_("statement"), help_text=_("The curated statement of the commitment."))
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("source article"),
    )
    sentence = models.TextField(_("source sentence"))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    sentence_key = models.CharField(_("sentence key"), max_length=64, editable=False)
    topics = models.ManyToManyField(
        Topic, related_name="commitments", blank=True, verbose_name=_("topics")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, for money amounts.")
    )
    quantity_unit = models.CharField(
        _("quantity unit"),
        max_length=50,
        blank=True,
        help_text=_("For amounts that are not money, e.g. 'liều' (doses)."),
    )
    target_date = models.DateField(
        _("target date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Deadline; for a year or period, the first day of its last year."),
    )
    target_date_precision = models.CharField(
        _("target date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    target_period_start = models.DateField(_("target period start"), null=True, blank=True)
    target_text = models.CharField(
        _("target as written"), max_length=200, blank=True, help_text=_("giai đoạn 2021-2025")
    )
    is_priority = models.BooleanField(
        _("priority"),
        default=False,
        db_index=True,
        help_text=_("A priority commitment, tracked first in compliance reports."),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=Status.choices,
        default=Status.NOT_ASSESSED,
        db_index=True,
        help_text=_("Follows the latest follow-up once there is one."),
    )
    reaffirms = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reaffirmations",
        verbose_name=_("reaffirms"),
        help_text=_("An earlier commitment that this one repeats."),
    )
    reaffirms_score = models.FloatField(
        _("reaffirmation score"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("How alike the two statements are, when the importer suggested the link."),
    )
    reaffirms_confirmed = models.BooleanField(
        _("reaffirmation confirmed"),
        default=False,
        help_text=_("A curator checked the link; until then it is a suggestion."),
    )
    words = models.TextField(
        _("segmented words"),
        blank=True,
        editable=False,
        help_text=_("The sentence's words as underthesea segments them, for similarity."),
    )
    confidence = models.FloatField(
        _("extraction confidence"),
        default=1.0,
        help_text=_("How sure the import pipeline was, from 0 to 1."),
    )
    rules = models.JSONField(
        _("rules that fired"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Names of the import's rule table rows that made this item."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[actors, targets, topics])

    class Meta:
        ordering = ["article_id", "start", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "sentence_key"], name="commitment_unique_sentence_per_article"
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="commitment_span"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="commitment_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="commitment_amount_not_negative",
            ),
            partial_date_constraint(
                "target_date", "target_date_precision", "commitment_target_date_matches_precision"
            ),
            models.CheckConstraint(
                condition=Q(target_period_start__isnull=True)
                | Q(target_date__gte=models.F("target_period_start")),
                name="commitment_target_period_order",
            ),
        ]
        indexes = [
            models.Index(fields=["review_state", "created_at"], name="commitment_review_queue"),
            # Every column the API's common filters and groupings read from a commitment, so
            # counting and grouping many of them reads this index instead of the wide rows
            # (text and sentence): PostgreSQL and SQLite answer from the index alone.
            models.Index(
                fields=["review_state", "kind", "status", "meeting", "id"],
                name="commitment_report_columns",
            ),
            # Grouping by status reads this in order; without it SQLite walked the status
            # index and read every wide row for its review state (150 ms at 100,000).
            models.Index(fields=["review_state", "status"], name="commitment_state_status"),
            # Date filters reach commitments through their meeting: the same columns again,
            # so those rows are not read either.
            models.Index(
                fields=["meeting", "review_state", "kind", "status"],
                name="commitment_meeting_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def clean(self) -> None:
        if self.article_id and self.article.text[self.start : self.end] != self.sentence:
            raise ValidationError(
                {"sentence": _("The source sentence must be the article text between its offsets.")}
            )

    @property
    def is_overdue(self) -> bool:
        """Target date passed and not fulfilled, as stored: `CommitmentQuerySet.overdue`
        decides, for this row as for the admin's filter and the API's."""
        today = timezone.localdate()
        return Commitment.objects.filter(pk=self.pk).with_assessment().overdue(today).exists()

    def status_as_of(self, when: datetime.date) -> str:
        """The status as it stood on `when`, replayed from the follow-ups dated up to then."""
        deciding = FollowUp.objects.deciding(self, as_of=when).first()
        return deciding.status if deciding else Status.NOT_ASSESSED

    def compliance(self) -> tuple[float | None, dict[str, int]]:
        """Average compliance score and each assessed party's score.

        As in G7 compliance research, each party's deciding follow-up (its latest,
        `FollowUpQuerySet.deciding`) counts once, if scored; follow-ups that assess no
        particular party count as one assessment of the whole.
        """
        deciding: dict[str, int | None] = {}
        for follow_up in FollowUp.objects.deciding(self).select_related("party"):
            key = follow_up.party.code if follow_up.party_id else "*"
            deciding.setdefault(key, follow_up.score)
        scores = {key: score for key, score in deciding.items() if score is not None}
        if not scores:
            return None, {}
        return sum(scores.values()) / len(scores), scores

    def reaffirmation_chain(self, limit: int = 50) -> tuple[list[Commitment], list[Commitment]]:
        """The commitments this one restates (earliest first) and those restating it, directly
        or down the chain (confirmed links and suggestions alike)."""
        earlier: list[Commitment] = []
        seen = {self.pk}
        current = self.reaffirms
        while current is not None and current.pk not in seen and len(earlier) < limit:
            earlier.insert(0, current)
            seen.add(current.pk)
            current = current.reaffirms
        later: list[Commitment] = []
        frontier = [self.pk]
        while frontier and len(later) < limit:
            found = list(
                Commitment.objects.filter(reaffirms_id__in=frontier)
                .exclude(pk__in=seen)
                .select_related("meeting")
                .order_by("meeting__date", "id")[: limit - len(later)]
            )
            later += found
            seen.update(c.pk for c in found)
            frontier = [c.pk for c in found]
        return earlier, later

    def refresh_status(self) -> None:
        """Make `status` follow the deciding counted (confirmed) follow-up; without one it
        stays as curated: linking an unreviewed follow-up changes nothing until it is
        confirmed."""
        deciding = FollowUp.objects.deciding(self).first()
        if deciding is not None and self.status != deciding.status:
            self.status = deciding.status
            Commitment.objects.filter(pk=self.pk).update(status=deciding.status)


class FollowUp(CuratedMixin):
    """Later evidence about a commitment: progress, fulfilment, reaffirmation or breach."""

    class Score(models.IntegerChoices):
        NON_COMPLIANCE = -1, _("−1 no compliance")
        PARTIAL = 0, _("0 partial compliance or work in progress")
        FULL = 1, _("+1 full compliance")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("commitment"),
        help_text=_(
            "Empty when the importer found evidence it could not link: a curator links it."
        ),
    )
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("assessed party"),
        help_text=_("For a joint commitment, the party this evidence is about (optional)."),
    )
    status = models.CharField(
        _("reported status"), max_length=24, choices=Status.choices, db_index=True
    )
    score = models.SmallIntegerField(
        _("compliance score"), choices=Score.choices, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("evidence article"),
    )
    url = models.URLField(_("evidence URL"), max_length=1000, blank=True)
    quote = models.TextField(_("quoted passage"), blank=True)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    sentence_key = models.CharField(_("sentence key"), max_length=64, blank=True, editable=False)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=-1, score__lte=1),
                name="follow_up_score_range",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__gt=models.F("start"), article__isnull=False),
                name="follow_up_span",
            ),
            models.UniqueConstraint(
                fields=["article", "sentence_key"],
                condition=Q(article__isnull=False) & ~Q(sentence_key=""),
                name="follow_up_unique_sentence_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date or '?'}: {self.get_status_display()}"

    def clean(self) -> None:
        has_span = self.article_id and self.start is not None and self.end is not None
        if has_span and self.article.text[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": _("The quote must be the article text between its offsets.")}
            )


class CommitmentCount(models.Model):
    """How many commitments share one combination of reporting values: the stats API's
    summary, so that counting 100,000 commitments reads a few thousand rows.

    A commitment counts once per row of its grain: in the actor grain once per actor (or once
    under 0 when it has none), in grain 0 once. Zero stands for "none" in the party, topic
    and year columns and '' for "no meeting", because unique constraints treat NULLs as
    distinct. `tracker.summary` keeps it; see there for how it stays exact.
    """

    grain = models.PositiveSmallIntegerField(
        _("grain"), help_text=_("Which of actor, target, topic the row is split by.")
    )
    review_state = models.CharField(_("review state"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16)
    status = models.CharField(_("status"), max_length=24)
    year = models.IntegerField(_("meeting year"), help_text=_("0: no meeting or no date."))
    meeting_kind = models.CharField(_("meeting kind"), max_length=32, blank=True)
    actor = models.IntegerField(_("actor party id"), default=0)
    target = models.IntegerField(_("target party id"), default=0)
    topic = models.IntegerField(_("topic id"), default=0)
    count = models.IntegerField(_("commitments"))

    class Meta:
        verbose_name = _("commitment count")
        verbose_name_plural = _("commitment counts")
        constraints = [
            # Partition columns first: a refresh deletes and recomputes whole partitions.
            models.UniqueConstraint(
                fields=[
                    "review_state",
                    "kind",
                    "status",
                    "year",
                    "meeting_kind",
                    "grain",
                    "actor",
                    "target",
                    "topic",
                ],
                name="commitment_count_unique_cell",
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="commitment_count_positive"),
        ]
        indexes = [
            # What the stats API reads, count included, so both databases answer from the
            # index alone.
            models.Index(
                fields=[
                    "grain",
                    "review_state",
                    "year",
                    "kind",
                    "status",
                    "meeting_kind",
                    "actor",
                    "target",
                    "topic",
                    "count",
                ],
                name="commitment_count_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} ({self.grain}, {self.review_state}, {self.kind}, {self.year})"


class StaleCommitmentCount(models.Model):
    """A partition of `CommitmentCount` that a write changed and that is not yet recomputed.

    Database triggers (migration 0012) add a row for every write to commitments, their
    actor/target/topic links or their meetings, whatever code made it, so the summary is
    never trusted while it could be wrong: the stats API counts the raw rows instead until
    `tracker.summary.refresh` has run, which the app's write paths do in their transaction.
    """

    review_state = models.CharField(_("review state"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16)
    status = models.CharField(_("status"), max_length=24)
    year = models.IntegerField(_("meeting year"))
    meeting_kind = models.CharField(_("meeting kind"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("stale commitment count")
        verbose_name_plural = _("stale commitment counts")
        constraints = [
            models.UniqueConstraint(
                fields=["review_state", "kind", "status", "year", "meeting_kind"],
                name="stale_commitment_count_unique_partition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_state}, {self.kind}, {self.status}, {self.year}, {self.meeting_kind}"


class MeetingMatch(models.Model):
    """A stored meeting the importer thinks a newly reported one may be (a weak match).

    Accepting merges the new meeting into the stored one; refusing keeps both and the pair is
    not suggested again.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="match_suggestions",
        verbose_name=_("new meeting"),
    )
    candidate = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="matched_by",
        verbose_name=_("stored meeting"),
    )
    score = models.FloatField(_("score"))
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("meeting match suggestion")
        verbose_name_plural = _("meeting match suggestions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "candidate"], name="meeting_match_unique"),
            models.CheckConstraint(
                condition=~Q(meeting=models.F("candidate")), name="meeting_match_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ≟ {self.candidate} ({self.score:.2f})"


class CommitmentSource(models.Model):
    """Another article reporting the same statement: its own sentence and offsets.

    The commitment's own `article`, `sentence`, `start` and `end` are its first source.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="sources", verbose_name=_("commitment")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="commitment_sources",
        verbose_name=_("article"),
    )
    sentence = models.TextField(_("source sentence"))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    sentence_key = models.CharField(_("sentence key"), max_length=64, editable=False)
    similarity = models.FloatField(
        _("similarity"), help_text=_("How alike this sentence and the commitment's first one are.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["commitment_id", "article_id", "start"]
        verbose_name = _("commitment source")
        verbose_name_plural = _("commitment sources")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "sentence_key"],
                name="commitment_source_unique_sentence_per_article",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="commitment_source_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.name} [{self.start}:{self.end}] → {self.commitment_id}"
