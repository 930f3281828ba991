"""The API contract third-party clients rely on: parameters, errors, negotiation, auth, CSV."""

# `data` is the reporting tests' fixture, imported: each test's argument of that name is it.
# ruff: noqa: F811

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from tests.test_api_reporting import data, ids, pks  # noqa: F401  (data is a fixture)

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/commitments/?meeting=50%25", "meeting"),
        ("/api/follow-ups/?commitment=50%25", "commitment"),
        ("/api/commitments/?meeting=%25s%25d", "meeting"),
    ],
)
def test_a_percent_sign_in_an_id_filter_answers_400(client, data, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert "is not an id" in response.json()[parameter][0]


def test_an_unknown_parameter_answers_400_naming_it_and_the_nearest_known_one(client, data):
    response = client.get("/api/commitments/?actr=JP")

    assert response.status_code == 400
    message = response.json()["actr"][0]
    assert "Did you mean actor?" in message
    assert client.get("/api/stats/commitments/?group_by=kind&kindd=pledge").status_code == 400
    # An article's page takes `review_state` (staff may see any article), not a list filter.
    assert client.get("/api/articles/1/?kind=pledge").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/?format=json&page=1&page_size=10&ordering=id&q=cam&as_of=2023-01-01"
        "&review_state=confirmed",
        "/api/meetings/?format=csv&page=1&page_size=5&ordering=-date&review_state=confirmed",
        "/api/follow-ups/?format=json&commitment=1&commitment=2&unlinked=false",
        "/api/parties/JP/?review_state=confirmed&format=json",
        "/api/stats/commitments/?group_by=actor&actor=JP&kind=pledge&year=2021&format=csv",
        "/api/stats/compliance/?actor=JP&as_of=2023-01-01&review_state=confirmed",
    ],
)
def test_parameters_each_endpoint_takes_still_work(client, data, url):
    assert client.get(url).status_code == 200, client.get(url).content


def documented_query_parameters(client) -> dict[str, set[str]]:
    schema = client.get("/api/schema/?format=json").json()
    return {
        path: {p["name"] for p in operation["get"].get("parameters", []) if p["in"] == "query"}
        for path, operation in schema["paths"].items()
    }


def detail_url(path: str, data) -> str:
    """A schema path with its placeholder filled by a row the data set holds."""
    from tracker.models import FollowUp

    rows = {
        "/api/articles/{id}/": data["c1"].article_id,
        "/api/commitments/{id}/": data["c1"].pk,
        "/api/follow-ups/{id}/": FollowUp.objects.filter(commitment=data["c1"]).first().pk,
        "/api/meetings/{id}/": data["m1"].pk,
        "/api/parties/{code}/": "JP",
    }
    return re.sub(r"\{[^}]+\}", str(rows[path]), path) if path in rows else path


def test_each_endpoint_takes_exactly_the_parameters_its_schema_documents(client, data):
    """The 400 for an unknown parameter lists what the server takes: the schema must agree."""
    for path, documented in documented_query_parameters(client).items():
        url = detail_url(path, data)
        response = client.get(url + "?zz_not_a_parameter=1")
        assert response.status_code == 400, url
        taken = re.search(r"takes: (.*)\.$", response.json()["zz_not_a_parameter"][0]).group(1)
        assert set(taken.split(", ")) == documented, path


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/?actor=jp",
        "/api/commitments/?actor=Jp&target=asean",
        "/api/commitments/?topic=HEALTH",
        "/api/meetings/?party=jp",
        "/api/follow-ups/?party=jp",
        "/api/stats/commitments/?group_by=kind&actor=jp",
    ],
)
def test_party_codes_and_topic_slugs_are_accepted_in_any_case(client, data, url):
    canonical = url.replace("=jp", "=JP").replace("=Jp", "=JP").replace("=asean", "=ASEAN")
    canonical = canonical.replace("=HEALTH", "=health")

    response = client.get(url)

    assert response.status_code == 200, response.content
    assert response.json() == client.get(canonical).json()
    assert response.json().get("count", response.json().get("total")) > 0


def test_a_wrong_basic_password_answers_401_with_a_challenge(data, django_user_model):
    django_user_model.objects.create_superuser("curator", "c@example.org", "right-pw")
    client = Client()

    wrong = client.get("/api/commitments/", HTTP_AUTHORIZATION=basic("curator", "wrong"))
    right = client.get(
        "/api/commitments/?review_state=all", HTTP_AUTHORIZATION=basic("curator", "right-pw")
    )

    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Basic")
    assert right.status_code == 200
    assert right.json()["count"] == 4


def test_an_explicit_format_wins_over_the_accept_header(client, data):
    csv = client.get("/api/commitments/?format=csv", HTTP_ACCEPT="application/json")
    stats = client.get(
        "/api/stats/commitments/?group_by=kind&format=csv", HTTP_ACCEPT="application/json"
    )
    json = client.get("/api/commitments/?format=json", HTTP_ACCEPT="text/csv")

    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert stats["Content-Type"].startswith("text/csv")
    assert json["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/api/commitments/?format=xml", "/api/parties/JP/?format=html"])
def test_an_unknown_output_format_answers_400(client, data, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "format" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsupported_methods_answer_405_with_allow_to_anonymous_clients_too(data, method):
    for url in ("/api/commitments/", "/api/parties/JP/", "/api/stats/compliance/"):
        response = getattr(Client(enforce_csrf_checks=True), method)(url)
        assert response.status_code == 405, (url, response.status_code)
        assert "GET" in response["Allow"]


@pytest.fixture
def schema(client, data) -> dict:
    return client.get("/api/schema/?format=json").json()


def parameters(schema: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_schema_marks_what_can_be_null_as_nullable(schema):
    components = schema["components"]["schemas"]

    assert components["MeetingSource"]["properties"]["published_on"]["nullable"] is True
    url = components["FollowUp"]["properties"]["url"]
    assert url["type"] == "string" and url["format"] == "uri" and url["nullable"] is True
    assert "oneOf" not in url


def test_schema_documents_the_filters_stats_and_compliance_apply(schema):
    for path in ("/api/stats/commitments/", "/api/stats/compliance/", "/api/commitments/"):
        params = parameters(schema, path)
        assert {"actor", "kind", "year", "as_of", "q", "review_state"} <= set(params), path
        assert params["year"]["schema"]["type"] == "integer"
        assert params["review_state"]["schema"]["items"]["enum"] == [
            "extracted",
            "confirmed",
            "rejected",
            "all",
        ]
    commitment = parameters(schema, "/api/follow-ups/")["commitment"]
    assert commitment["schema"]["type"] == "array" and commitment["explode"] is True


def test_schema_documents_csv_as_text_and_every_error_answer(schema):
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "400", "401", "403", "404", "406", "429"} <= set(responses), path
        assert responses["200"]["content"]["text/csv"]["schema"]["type"] == "string", path


def test_schema_describes_http_basic_and_session_and_requires_neither(schema):
    schemes = schema["components"]["securitySchemes"]

    assert schemes == {
        "basicAuth": {"type": "http", "scheme": "basic"},
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    assert all("security" not in item["get"] for item in schema["paths"].values())
    assert "bearer" not in str(schema).lower()


def test_schema_descriptions_are_written_for_users(schema):
    components = schema["components"]["schemas"]

    for name in ("Commitment", "FollowUp", "Meeting", "PartyDetail"):
        description = components[name]["description"]
        assert "PLAIN_FIELDS" not in description and "serializer" not in description, name
    assert "source sentence" in components["Commitment"]["description"]
