"""The README's first command: quickstart prepares everything and says where each part is."""

from io import StringIO

import pytest
from django.core.management import call_command

from tracker.models import Article, Commitment


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_quickstart_imports_the_bundled_articles_and_says_where_everything_is(settings):
    settings.DEBUG = True  # quickstart refuses to make its demo account otherwise
    out = StringIO()

    call_command("quickstart", "--no-serve", stdout=out)

    printed = out.getvalue()
    assert Article.objects.count() == 5 and Commitment.objects.exists()
    for line in ("Dashboard: http://", "Admin: http://", "API:   http://"):
        assert line in printed
