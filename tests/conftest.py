from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES_DIR = FIXTURES / "articles"
GOLD_DIR = FIXTURES / "gold"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-123!")
    client.force_login(user)
    return client
