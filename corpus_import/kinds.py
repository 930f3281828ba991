"""The item's kind from its cue's and its actors: the kind rows of the rule table."""

from __future__ import annotations

import re

from corpus_import import lexicon, patterns, rule_engine
from corpus_import.doc import ArticleDoc
from corpus_import.rule_engine import Cue, KindContext, check


def item_kind(
    doc: ArticleDoc, cue: Cue, end: int, actors: list[str], collective: bool
) -> tuple[str, list[str]]:
    """The item's kind, and the kind row that set it if one did."""
    return rule_engine.item_kind(KindContext(doc, cue, end, actors, collective))


_OWN_WILL = re.compile(patterns.OWN_WILL)


@check("need_shared")
def _need_shared(context: KindContext) -> bool:
    return context.cue.kind == "need" and (context.collective or len(context.actors) > 1)


@check("need_one")
def _need_one(context: KindContext) -> bool:
    return context.cue.kind == "need" and not _need_shared(context)


@check("pledge_shared")
def _pledge_shared(context: KindContext) -> bool:
    return context.cue.kind == "pledge" and len(context.actors) > 1


@check("own_wish")
def _own_wish(context: KindContext) -> bool:
    return context.cue.kind == "proposal" and _is_own_wish(
        context.doc, context.cue, context.sentence_end, context.actors
    )


def _is_own_wish(doc: ArticleDoc, cue: Cue, end: int, actors: list[str]) -> bool:
    """ "mong muốn Nhật Bản sẽ tiếp tục hỗ trợ" said by Japan: the speaker's state will act.

    A bare wish to act ("Việt Nam mong muốn đẩy mạnh hợp tác") stays a proposal, as annotated.
    """
    if doc.text[cue.start : cue.end].lower() not in lexicon.OPEN_WISH_CUES | {"mong"}:
        return False
    own = next((p for p in doc.parties if cue.end < p.start <= min(end, cue.end + 2)), None)
    return own is not None and own.code in actors and bool(_OWN_WILL.match(doc.text, own.end))
