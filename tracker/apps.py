from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = _("Commitment tracker")

    def ready(self) -> None:
        from tracker.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="tracker_sqlite_fold")
