from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

FIXTURE_ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"
DEMO_USERNAME = "admin"
# A development-only account: quickstart refuses to run unless DEBUG is on.
DEMO_PASSWORD = "admin"


class Command(BaseCommand):
    help = (
        "Set up a local instance in one go: migrate, load reference data, create a demo curator "
        "account, import the bundled articles, and serve the admin and API."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up, but do not serve.")

    def handle(self, *args, addrport: str, no_serve: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "quickstart creates a demo account with a known password, so it runs only with "
                "DJANGO_DEBUG=1. In production run migrate, createsuperuser and import_articles."
            )
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready: " + str(settings.DATABASES["default"]["NAME"]))
        call_command("sync_reference_data", stdout=self.stdout)
        self._ensure_demo_user()
        if "import_articles" in get_commands():
            call_command("import_articles", str(FIXTURE_ARTICLES), stdout=self.stdout)
        base = f"http://{addrport}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDashboard: {base}/  (public: confirmed items only)\n"
                f"Admin: {base}/admin/  (user '{DEMO_USERNAME}', password '{DEMO_PASSWORD}')\n"
                f"API:   {base}/api/   docs: {base}/api/docs/\n"
                "Imported items await review in the admin; the dashboard and the API show the "
                "public only what a curator confirmed. Logged in to the admin, add "
                "?review_state=all to an API URL to see everything.\n"
            )
        )
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def _ensure_demo_user(self) -> None:
        users = get_user_model()
        if users.objects.filter(username=DEMO_USERNAME).exists():
            return
        users.objects.create_superuser(DEMO_USERNAME, "admin@example.org", DEMO_PASSWORD)
        self.stdout.write(f"Created the demo superuser '{DEMO_USERNAME}'.")
