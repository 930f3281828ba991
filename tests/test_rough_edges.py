"""What a new user meets first: the front page, the API root, error lines, command summaries."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_front_page_leads_to_the_api(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/api/' in response.content.decode()


def test_an_unknown_address_is_a_plain_404_that_shows_no_url_patterns(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "admin/" not in response.content.decode()


def test_syncing_reference_data_says_how_many_parties_exist_not_only_how_many_were_added():
    from io import StringIO

    from django.core.management import call_command

    from tracker.models import Party

    out = StringIO()
    call_command("sync_reference_data", stdout=out)
    assert f"Reference data: {Party.objects.count()} parties," in out.getvalue()
    assert "(0 parties, 0 aliases, 0 topics added now)" in out.getvalue()


def test_the_api_root_links_the_statistics_schema_and_docs(client):
    links = client.get("/api/").json()
    for name, path in [
        ("commitments", "/api/commitments/"),
        ("stats/commitments", "/api/stats/commitments/"),
        ("stats/compliance", "/api/stats/compliance/"),
        ("schema", "/api/schema/"),
        ("docs", "/api/docs/"),
        ("redoc", "/api/redoc/"),
    ]:
        assert links[name] == f"http://testserver{path}", name
