from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = _("Commitment tracker")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from tracker.cache import data_changed_on_commit

        # Any write to the curated data (not to its history) makes cached API answers stale.
        for model in self.get_models():
            if model.__name__.startswith("Historical"):
                continue
            post_save.connect(data_changed_on_commit, sender=model, dispatch_uid=f"api-{model}")
            post_delete.connect(data_changed_on_commit, sender=model, dispatch_uid=f"api-d{model}")
        for field in ("actors", "targets", "topics"):
            through = self.get_model("Commitment")._meta.get_field(field).remote_field.through
            m2m_changed.connect(data_changed_on_commit, sender=through, dispatch_uid=f"api-{field}")
