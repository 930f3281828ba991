"""Meetings an article reports: one per set of sides among the recorded mentions, with its
title as written, kind, sides and format (dates: meeting_dates; participants: participants).
"""

from __future__ import annotations

import re

from corpus_import import lexicon, patterns, rule_engine
from corpus_import.doc import ArticleDoc, MeetingFinding, Mention
from corpus_import.entities import is_state

LEAD_MEETING_KIND = "other"
_PHONE_CALL = re.compile(patterns.PHONE_CALL)


_FRONTED_VENUE = re.compile(patterns.FRONTED_VENUE)


ORDINAL = re.compile(patterns.ORDINAL)
_NAME_WORD = re.compile(r"[^\s.]+")
_PREVIEW_LEAD = 3
_OWN_KIND_IN_CHAIN = re.compile(lexicon.alternation(lexicon.OWN_KIND_IN_CHAIN))


def record(doc: ArticleDoc) -> None:
    """The meetings the article reports, from its mentions: one per set of sides, with the
    sentences that name it; kind and format. Dates come next (meeting_dates)."""
    mentions = doc.mentions
    year = doc.article_year
    meetings: list[tuple[MeetingFinding, list[int]]] = []
    by_parties: dict[tuple[str, ...], list[int]] = {}
    people: dict[int, tuple[str, ...]] = {}
    taken: set[str] = set()
    firsts: list[Mention] = []
    # "Nhân dịp tham dự Hội nghị Cấp cao ASEAN, Thủ tướng đã hội kiến ...": the summit is the
    # occasion of the talks the article reports; it is recorded only when nothing else is.
    reported = any(m.recorded and m.parties and not m.occasion for m in mentions)
    for mention in mentions:
        if mention.occasion and reported:
            continue
        if not mention.parties:
            named = _same_numbered(mention, [m for m, _ in meetings])
            if named is not None:
                meetings[named][1].append(mention.sentence)
            continue
        signature = tuple(sorted(mention.parties))
        if signature in by_parties:
            same = _same_talks(mention, by_parties[signature], people)
            if same is not None:
                meetings[same][1].append(mention.sentence)
                continue
        # A meeting to come is the article's own only when it leads a preview.
        if not mention.recorded or (
            mention.future and (meetings or mention.sentence >= _PREVIEW_LEAD)
        ):
            continue
        if len(mention.parties) == 1 and is_state(mention.parties[0]):
            # One state alone is a host or a venue ("cuộc họp Nhà Trắng", "... ở Singapore"):
            # a diplomatic meeting needs a second side or a grouping.
            continue
        found = doc.sentence_dates[mention.sentence]
        explicit = next((d for d in found if d.year is not None), None)
        if explicit is not None and year is not None and explicit.year < year:
            continue  # an earlier meeting recalled as background
        kind, kind_rules = (
            (mention.kind, []) if mention.kind else _kind(mention.title, mention.parties)
        )
        if (
            kind == "foreign_ministers"
            and len(mention.parties) == 2
            and lexicon.TALKS in mention.title
        ):
            kind = "bilateral"
        meeting = MeetingFinding(
            mention.start,
            mention.end,
            key=key(mention.parties, kind, taken),
            title=mention.title,
            kind=kind,
            parties=list(mention.parties),
            format=None,
            is_chain=mention.is_chain,
            rules=[*mention.rules, *kind_rules],
        )
        by_parties.setdefault(signature, []).append(len(meetings))
        people[len(meetings)] = mention.people
        meetings.append((meeting, [mention.sentence]))
        firsts.append(mention)
    for (meeting, indexes), mention in zip(meetings, firsts, strict=True):
        meeting.format = _format(doc, mention, meeting.kind, indexes)
    _inherit_kind(meetings)
    doc.meetings = [m for m, _ in meetings]
    doc.meeting_sentences = {m.key: indexes for m, indexes in meetings}
    doc.meeting_mentions = {m.key: first for (m, _), first in zip(meetings, firsts, strict=True)}
    doc.reports_meeting = bool(doc.meetings)


def _same_talks(
    mention: Mention, indexes: list[int], people: dict[int, tuple[str, ...]]
) -> int | None:
    """Which meeting with these sides a mention names again, or None when it names other talks.

    A visitor received in turn by several leaders has several meetings with the same sides:
    talks whose two named people differ from every earlier pair's are new ones, if they are
    held. A mention without both names is the latest such meeting named again.
    """
    if len(mention.people) < 2 or not mention.recorded or mention.future:
        return indexes[-1]
    for index in reversed(indexes):
        if not people[index]:
            people[index] = mention.people
            return index
        if _same_people(people[index], mention.people):
            return index
    return None


def _same_people(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """The same two people, in either order; "Abe" names "Shinzo Abe"."""
    return all(any(_same_name(a, b) for b in other) for a in one)


def _same_name(a: str, b: str) -> bool:
    """ "Putin", "V. Putin" and "V.Putin" name "Vladimir Putin": every word of the shorter name
    is a word of the longer one, an initial the first letter of one."""
    shorter, longer = sorted((_NAME_WORD.findall(a), _NAME_WORD.findall(b)), key=len)
    return all(any(_same_word(word, other) for other in longer) for word in shorter)


def _same_word(word: str, other: str) -> bool:
    initial, full = sorted((word, other), key=len)
    return word == other or (len(initial) == 1 and full.startswith(initial))


def _kind(title: str, parties: list[str]) -> tuple[str, list[str]]:
    """The kind of a meeting by its title, and the meeting kind row that gave it if one did."""
    found = rule_engine.meeting_kind(title)
    if found is not None:
        return found[0], [found[1]]
    # A session of two states' own body ("Ủy ban liên Chính phủ Việt Nam-Lào") is bilateral.
    if len(parties) == 2 and all(is_state(code) for code in parties):
        return "bilateral", []
    return "foreign_ministers", []


def _format(doc: ArticleDoc, mention: Mention, kind: str, indexes: list[int]) -> str | None:
    """Online or in person, as the sentences naming the meeting say; else as its verb says.

    A meeting still to come keeps only what is said outright: where it will be held is a plan.
    """
    # A phone call is online whatever later sentences say of a visit or face-to-face talks.
    if _PHONE_CALL.match(mention.title):
        return "online"
    contexts = [mention.title] + [
        doc.text[doc.sentences[i].start : doc.sentences[i].end] for i in dict.fromkeys(indexes)
    ]
    for pattern, value in patterns.FORMAT_CUES:
        if any(re.search(pattern, context) for context in contexts):
            return value
    if mention.future:
        return None
    if any(_FRONTED_VENUE.search(context) for context in contexts[1:]):
        return "in_person"
    if kind == "bilateral":
        for pattern, value in patterns.FORMAT_BY_VERB:
            if re.search(pattern, mention.title):
                return value
    return None


def key(parties: list[str], kind: str, taken: set[str]) -> str:
    base = "-".join(p.lower().replace("+", "plus") for p in parties) + "-" + kind.replace("_", "-")
    key, n = base[:90], 2
    while key in taken:
        key, n = f"{base[:86]}-{n}", n + 1
    taken.add(key)
    return key


def _same_numbered(mention: Mention, meetings: list[MeetingFinding]) -> int | None:
    """The meeting a partyless "Kỳ họp lần thứ 39 của ..." names again: same head, same number."""
    head = rule_engine.active().head.match(mention.title)
    ordinal = ORDINAL.search(mention.title)
    if head is None or ordinal is None:
        return None
    return next(
        (
            i
            for i, meeting in enumerate(meetings)
            if meeting.title.lower().startswith(head.group().lower())
            and ordinal.group() in meeting.title
        ),
        None,
    )


def _inherit_kind(meetings: list[tuple[MeetingFinding, list[int]]]) -> None:
    """ "Hội nghị ASEAN - Mỹ" inside a chain of ministers' meetings is a ministers' meeting."""
    chains = [m for m, _ in meetings if m.is_chain]
    for meeting, _ in meetings:
        for chain in chains:
            if (
                meeting is not chain
                and set(meeting.parties) <= set(chain.parties)
                and not _OWN_KIND_IN_CHAIN.search(meeting.title)
            ):
                meeting.kind = chain.kind
