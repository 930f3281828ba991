"""The enumerations the models store and the querysets filter on, apart from both so that
neither imports the other for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    EXTRACTED = "extracted", _("extracted, awaiting review")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


class Status(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("not assessed")
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    STALLED = "stalled", _("stalled")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("partially fulfilled")
    FULFILLED = "fulfilled", _("fulfilled")
    BROKEN = "broken", _("broken")
    CANNOT_BE_ASSESSED = "cannot_be_assessed", _("cannot be assessed")
