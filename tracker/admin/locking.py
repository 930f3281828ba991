"""Optimistic locking for admin edits: a save made on a stale copy of a row is refused."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionedModelForm(forms.ModelForm):
    """Carries the row's `version` through the form and refuses the save if it moved.

    The admin saves inside a transaction; `select_for_update` holds the row from this check
    to the save, so two curators saving at once cannot both pass it (SQLite's IMMEDIATE
    transactions serialise writers the same way).
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Read from the table, not the instance: reverting to a historical copy starts from
            # the row as it stands now.
            self.fields["edit_version"].initial = self._stored_version()

    def _stored_version(self, *, lock: bool = False) -> int | None:
        rows = type(self.instance).objects.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        opened = cleaned.get("edit_version")
        current = self._stored_version(lock=True)
        if current is None:
            raise forms.ValidationError(_("This item was deleted by someone else."))
        if opened != current:
            raise forms.ValidationError(
                _(
                    "Someone else saved this item after you opened it (version %(current)s, "
                    "you opened version %(opened)s). Your changes were not saved: reload the "
                    "page to see theirs, then apply yours again."
                ),
                code="stale",
                params={"current": current, "opened": opened},
            )
        self.instance.version = current + 1
        return cleaned
