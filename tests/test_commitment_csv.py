"""The commitment export's per-column plan writes the bytes the serializer path wrote, for
the public and for staff, on generated data with the awkward values a cell can hold."""

from __future__ import annotations

import csv
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from tracker.api import commitment_csv, views
from tracker.api.csv_export import BOM, csv_lines, serializer_columns
from tracker.api.rows import commitment_serializer, represent
from tracker.models import (
    Article,
    Commitment,
    CommitmentSource,
    DatePrecision,
    Party,
    ReviewState,
    Topic,
)

pytestmark = pytest.mark.django_db

# Cells a spreadsheet would take for formulas, list separators, quotes, line breaks.
AWKWARD_TEXT = [
    "=SUM(A1:A9)",
    "+84 đối tác",
    "-5 điểm; còn lại",
    "@cmd",
    "\tthụt lề",
    "\rdòng",
    'trích "dẫn", dấu phẩy',
    "hai\ndòng",
    "thường",
]


def awkward_data(seed: int) -> None:
    """`generate_data`'s commitments, then randomly: awkward texts, amounts of every sign
    and scale, target dates of each precision, suggested and confirmed restatements, further
    sources, codes holding semicolons, every review state."""
    call_command("generate_data", meetings=12, commitments=240, seed=seed, verbosity=0)
    rng = random.Random(seed)
    ids = list(Commitment.objects.order_by("id").values_list("id", flat=True))
    odd_party = Party.objects.create(code="=X;Y", name_en="Odd; party", name_vi="Lạ", kind="state")
    odd_topic = Topic.objects.create(slug="a;b", name_en="Odd topic", name_vi="Lạ")
    odd_article = Article.objects.create(
        name="=tin;lạ.txt", title="t", publisher="p", text="Câu nguồn; khác.", content_hash="x1"
    )
    plain_article = Article.objects.create(
        name="tin-khac.txt", title="t", publisher="p", text="Một câu khác.", content_hash="x2"
    )
    for number, pk in enumerate(rng.sample(ids, 80)):
        date = datetime.date(2020 + number % 6, 1 + number % 12, 1 + number % 28)
        precision = rng.choice(list(DatePrecision.values))
        Commitment.objects.filter(pk=pk).update(
            text=rng.choice(AWKWARD_TEXT),
            sentence=rng.choice(AWKWARD_TEXT),
            amount=rng.choice([None, Decimal("1234.5"), Decimal("3"), Decimal("0.01"), 10**12]),
            currency=rng.choice(["", "USD", "=1+"]),
            quantity_unit=rng.choice(["", "liều", "-tấn"]),
            target_date=None if precision == DatePrecision.UNKNOWN else date,
            target_date_precision=precision,
            target_text=rng.choice(AWKWARD_TEXT),
            is_priority=rng.random() < 0.5,
            confidence=rng.choice([0.5, 1.0, 0.123456789, 1e-7]),
            review_state=rng.choice(list(ReviewState.values)),
        )
    for pk in rng.sample(ids, 30):
        Commitment.objects.filter(pk=pk).update(
            reaffirms_id=rng.choice([i for i in ids if i != pk]),
            reaffirms_confirmed=rng.random() < 0.5,
            reaffirms_score=rng.choice([0.81, 0.9, None]),
        )
    for number, pk in enumerate(rng.sample(ids, 20)):
        article = rng.choice([odd_article, plain_article])
        CommitmentSource.objects.create(
            commitment_id=pk,
            article=article,
            sentence=article.text,
            start=0,
            end=len(article.text),
            sentence_key=f"k{number}",
            similarity=0.9,
        )
    for pk in rng.sample(ids, 15):
        commitment = Commitment.objects.get(pk=pk)
        commitment.actors.add(odd_party)
        commitment.topics.add(odd_topic)


def serializer_path(rows: list[dict]) -> str:
    """The export as the serializer wrote it before the plan: each row represented by the
    serializer's fields, flattened, then converted cell by cell."""
    columns = serializer_columns(commitment_serializer())
    return "".join(csv_lines(columns, represent(rows, connection.alias)))


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("public", ""),
        ("public", "&as_of=2023-06-30"),
        ("staff", "&review_state=all"),
        ("staff", "&review_state=extracted&as_of=2022-01-01"),
    ],
)
def test_the_plan_writes_the_serializer_paths_bytes(client, staff_client, monkeypatch, who, query):
    awkward_data(seed=11)
    read_rows: list[dict] = []
    plan_lines = commitment_csv.commitment_csv_lines

    def keeping_the_rows(rows, db):
        rows = list(rows)
        read_rows.extend(dict(row) for row in rows)
        return plan_lines(iter(rows), db)

    monkeypatch.setattr(views, "commitment_csv_lines", keeping_the_rows)
    answering = staff_client if who == "staff" else client
    response = answering.get(f"/api/commitments/?format=csv{query}")
    assert response.status_code == 200
    sent = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8")
    assert len(read_rows) > 20
    assert sent == serializer_path(read_rows)

    # The data reached every kind of cell: each column has values, but `score` without
    # `as_of`, and `meeting`, `score` and the suggestion when only unreviewed commitments (of
    # unreviewed meetings, with no follow-ups of their state) are asked for.
    header, *lines = list(csv.reader(io.StringIO(sent.removeprefix(BOM))))
    assert header == commitment_csv.columns()
    filled = {name for line in lines for name, value in zip(header, line, strict=True) if value}
    may_be_empty = set() if "as_of" in query else {"score"}
    # The generated suggestions sit on reviewed commitments.
    suggestion = {"reaffirms_suggestion.id", "reaffirms_suggestion.score"}
    may_be_empty |= (
        {"meeting", "score", *suggestion} if "review_state=extracted" in query else set()
    )
    assert set(header) - filled <= may_be_empty
    cells = [value for line in lines for value in line]
    assert any(value.startswith("'=") for value in cells)
    assert any(value.startswith("'-") for value in cells)
    assert "',X,Y" not in sent and "'=X,Y" in sent


def test_a_column_without_a_getter_is_an_error(monkeypatch):
    commitment_csv.plan.cache_clear()
    monkeypatch.setattr(
        commitment_csv,
        "columns",
        lambda: [*serializer_columns(commitment_serializer()), "new_field"],
    )
    try:
        with pytest.raises(LookupError, match="new_field"):
            commitment_csv.plan(False)
    finally:
        commitment_csv.plan.cache_clear()
