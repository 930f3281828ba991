"""What a curator reads under "why extracted": the rule table rows that made an item."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corpus_import.rule_table import KEEP, KIND, ROWS

_BY_NAME = {row.name: row for row in ROWS}
_ROLE = {KEEP: _("cue"), KIND: _("kind set by")}


def why_extracted_html(rules: list[str]) -> str:
    """Each row with its role ("cue: support", "kind set by: pledge_shared"), in the order
    they fired; a row no longer in the table is still named, as such."""
    if not rules:
        return gettext("No rule recorded: added by hand, or imported before rules were kept.")
    parts = []
    for name in rules:
        row = _BY_NAME.get(name)
        if row is None:
            role = gettext("row no longer in the table")
        else:
            role = str(_ROLE.get(row.effect, row.effect))
        parts.append((role, name))
    return format_html(
        '<ul class="ct-why">{}</ul>',
        format_html_join("", "<li>{}: <code>{}</code></li>", parts),
    )
