import uuid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES_DIR = FIXTURES / "articles"
GOLD_DIR = FIXTURES / "gold"

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test starts with an empty in-memory cache: the file cache that the settings
    default to outlives a run and would serve one run's answers to the next."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Parties and topics come from a data migration, and transactional tests (live_server
    included) flush them away afterwards; put them back for whichever test runs next."""
    if request.node.get_closest_marker("django_db") is None and not (
        DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from tracker.models import Party, PartyAlias, Topic
    from tracker.reference_data import sync_reference_data

    if not Party.objects.exists():
        sync_reference_data(Party, PartyAlias, Topic)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-123!")
    client.force_login(user)
    return client
