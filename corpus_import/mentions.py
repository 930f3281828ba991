"""Meeting mentions: every meeting a sentence names, by a head ("Hội nghị ...") or by a
verb of talks ("Thủ tướng tiếp Đại sứ Iran"), and whether the article reports it as held.

A name is recorded only when the article reports the meeting: opened by "Tại ...", attended,
chaired or said to take place. Names only mentioned (a past summit, the umbrella "Hội nghị ...
lần thứ 58 và các hội nghị liên quan", a meeting someone will hold) give context, not rows.
"""

from __future__ import annotations

import re

from corpus_import import lexicon, patterns, rule_engine
from corpus_import.doc import ArticleDoc, Mention
from corpus_import.entities import expand, is_state
from corpus_import.rule_engine import MentionContext, check
from corpus_import.sides import between_later, listed_sides, most_mentioned_state, side_codes

_EVENT_AFTER = re.compile(patterns.MEETING_EVENT_AFTER)


_GUESTS = re.compile(patterns.GUEST_LIST)


_TOKEN = re.compile(r"\S+")


_BILATERAL = re.compile(
    r"(?<!\w)"
    + patterns.BILATERAL_VERBS.format(titles="|".join(re.escape(t) for t in lexicon.TITLES))
    + r"(?!\w)"
)


_BILATERAL_JOINER = re.compile(patterns.BILATERAL_JOINERS)


_BILATERAL_PAST = re.compile(patterns.BILATERAL_PAST)


_CLAUSE_BREAK = re.compile(r"[,;:(]")


_SUBJECT_WINDOW = 70


_SUBJECT_GAP = 24


_SUBJECT_AFTER = re.compile(patterns.BILATERAL_SUBJECT_AFTER)


_OBJECT_GAP = re.compile(patterns.BILATERAL_OBJECT_GAP)


_GROUPING_SIDE = re.compile(patterns.GROUPING_SIDE)


_BARE_DELEGATION = re.compile(patterns.BARE_DELEGATION)


_NEEDS_BOTH = re.compile(patterns.BILATERAL_NEEDS_BOTH)


def _title_end(
    text: str, start: int, head_end: int, limit: int, party_starts: dict[int, int]
) -> int:
    """Extend a meeting name word by word while the words belong to a name."""
    end = cursor = head_end
    words = 1
    for match in _TOKEN.finditer(text, head_end, limit):
        token = match.group()
        if match.start() < cursor:
            continue
        if match.start() in party_starts:
            end = cursor = party_starts[match.start()]
            # "Việt Nam-Lào": a hyphen glues the next party to this one.
            while text[end : end + 1] in ("-", "–") and end + 1 in party_starts:
                end = cursor = party_starts[end + 1]
            if text[end : end + 1] == ",":
                following = _TOKEN.search(text, end + 1, limit)
                if following and following.start() in party_starts:
                    continue
                break
            continue
        bare = token.rstrip(",.;:")
        core = bare.strip("()")
        if (
            words == 0
            or core[:1].isupper()
            or core[:1].isdigit()
            or bare[:1].isdigit()
            or core.lstrip("-–")[:1].isdigit()
            or bare in "-–+()"
            or bare.lower() in lexicon.MEETING_TITLE_WORDS
        ):
            pass
        else:
            break
        if bare.startswith(lexicon.CREDIT_START):
            break
        end = match.start() + len(bare)
        words += 1
        if bare != token or words > 30:
            break
    # A name does not end on a joining word ("... với", "... và").
    while True:
        last = text[start:end].rsplit(" ", 1)
        if len(last) == 2 and last[1].lower() in lexicon.NOT_TITLE_END:
            end = start + len(last[0])
            continue
        return end


@check("not_reported_after")
def _not_reported_after(context: MentionContext) -> bool:
    """An invitation names a meeting to come, unless the text goes on to report it ("mời ...
    dự hội nghị G7 diễn ra tại Liverpool")."""
    return not _EVENT_AFTER.match(context.after)


def find(doc: ArticleDoc) -> None:
    doc.mentions = find_mentions(doc)


def find_mentions(doc: ArticleDoc) -> list[Mention]:
    text = doc.text
    party_starts = {p.start: p.end for p in doc.parties}
    mentions: list[Mention] = []
    for index, sentence in enumerate(doc.sentences):
        for match in rule_engine.active().head.finditer(text, sentence.start, sentence.end):
            if mentions and match.start() < mentions[-1].end:
                continue
            end = _title_end(text, match.start(), match.end(), sentence.end, party_starts)
            codes = [p.code for p in doc.parties if match.start() <= p.start < end]
            title = text[match.start() : end].strip()
            after = text[end : sentence.end]
            is_chain = len(rule_engine.active().head.findall(title)) > 1 or bool(
                re.search(r"ASEAN\s*\+\s*1\b", title)
            )
            flags, fired = rule_engine.mention_flags(
                MentionContext(text[sentence.start : match.start()], after)
            )
            recorded = "held" in flags and not flags & {"umbrella", "past"}
            guests = _GUESTS.search(after)
            if recorded and guests:
                codes += [
                    p.code for p in doc.parties if end + guests.end() <= p.start < sentence.end
                ]
            future = "future" in flags
            occasion = "occasion" in flags
            mentions.append(
                Mention(
                    match.start(),
                    end,
                    title,
                    expand(codes),
                    index,
                    recorded,
                    is_chain,
                    None,
                    future,
                    occasion,
                    fired,
                )
            )
    bilateral = _bilateral_mentions(doc)
    mentions = [m for m in mentions if not any(b.start <= m.start < b.end for b in bilateral)]
    return sorted(mentions + bilateral, key=lambda m: m.start)


_TIME_FLAGS = frozenset({"future", "past"})


def _time_flags(context: MentionContext) -> tuple[set[str], list[str]]:
    """What the mention rows say of talks named by a verb: only whether they are past or to
    come; the verb itself says they are held."""
    flags, fired = rule_engine.mention_flags(context)
    kinds = {row.name: row.kind for row, _, _ in rule_engine.active().mentions}
    return flags & _TIME_FLAGS, [name for name in fired if kinds[name] in _TIME_FLAGS]


def _named_sides(
    doc: ArticleDoc, clause_start: int, verb_start: int, object_start: int, end: int
) -> tuple[str, ...]:
    """The names of the person on each side of the talks, when the text gives both: the
    subject before the verb and the person after it, or the two after "giữa"."""
    after = [p for p in doc.people if object_start <= p.start < end]
    host = next(
        (
            p
            for p in reversed(doc.people)
            if p.end > clause_start and p.start < verb_start and verb_start - p.end <= _SUBJECT_GAP
        ),
        None,
    )
    if host is None and len(after) >= 2:
        host, after = after[0], after[1:]
    if host is None or not after or not host.name or not after[0].name:
        return ()
    if host.name == after[0].name:  # a bare title resumed the subject: the guest is unknown
        return ()
    return (host.name, after[0].name)


def _bilateral_mentions(doc: ArticleDoc) -> list[Mention]:
    """Talks between two states named by a verb: the subject's state and the object's.

    Vietnamese reports put one side before the verb ("Thủ tướng Nguyễn Xuân Phúc tiếp ...") and
    the other after it; when a side is only "người đồng cấp" or a bare name, the other state
    is the one the article names most.
    """
    text = doc.text
    starts_after = sorted(
        [(p.start, p.end) for p in doc.people if p.party]
        + [(p.start, p.end) for p in doc.parties if is_state(p.code)]
    )
    mentions: list[Mention] = []
    for index, sentence in enumerate(doc.sentences):
        for match in _BILATERAL.finditer(text, sentence.start, sentence.end):
            if mentions and match.start() < mentions[-1].end:
                continue
            breaks = list(_CLAUSE_BREAK.finditer(text, sentence.start, match.start()))
            clause_start = breaks[-1].end() if breaks else sentence.start
            # The subject sits right before the verb; a glued caption must not lend it parties.
            clause_start = max(clause_start, match.start() - _SUBJECT_WINDOW)
            subject = side_codes(doc, clause_start, match.start())
            # "X đã có cuộc hội đàm": the subject ends a few words before the verb.
            last = max(
                (e for s, e in starts_after if s < match.start() and e > clause_start), default=0
            )
            if match.start() - last > _SUBJECT_GAP:
                subject = []
            joiner = _BILATERAL_JOINER.match(text, match.end(), sentence.end)
            object_start = joiner.end() if joiner else match.end()
            following = next((span for span in starts_after if span[0] >= object_start), None)
            end = match.end()
            obj: list[str] = []
            if following and _OBJECT_GAP.fullmatch(text, object_start, following[0]):
                end = max(end, following[1])
                obj = side_codes(doc, following[0], following[1])
            if joiner and lexicon.BETWEEN in joiner.group() and len(obj) < 2:
                # "cuộc gặp giữa A và B": both sides follow the verb; the subject is the topic.
                listed = listed_sides(doc, starts_after, object_start - 1, sentence.end)
                if len(listed) >= 2:
                    subject, obj = [], listed
            grouping = None if obj else _GROUPING_SIDE.match(text, object_start, sentence.end)
            if grouping:
                end, obj = grouping.end(), ["ASEAN"]
            later = (
                None
                if obj or (joiner and lexicon.BETWEEN in joiner.group())
                else between_later(doc, match.end(), sentence.end)
            )
            if later:
                end, subject, obj = later[0], [], later[1]
            if not subject and _SUBJECT_AFTER.search(text, clause_start, match.start()):
                comma = text.find(",", end, sentence.end)
                subject = listed_sides(doc, starts_after, comma, sentence.end) if comma > 0 else []
            parties = subject + [c for c in obj if c not in subject]
            # "Đại sứ Việt Nam tiếp đoàn ...": a delegation of no named country is one's own.
            bare_delegation = not obj and _BARE_DELEGATION.match(text, object_start)
            if len(parties) == 1 and not _NEEDS_BOTH.search(match.group()) and not bare_delegation:
                # The same talks named again: the pair already found, else the article's focus.
                earlier = next((m.parties for m in mentions if parties[0] in m.parties), None)
                other = (
                    next(c for c in earlier if c != parties[0])
                    if earlier
                    else most_mentioned_state(doc, parties)
                )
                parties += [other] if other else []
            if len(parties) < 2:
                continue
            context = text[clause_start:end]
            # Talks are held by their verb; the mention rows may still say they are past or
            # to come ("kết quả cuộc hội đàm", "sẽ hội đàm").
            flags, fired = _time_flags(
                MentionContext(text[sentence.start : match.start()], text[end : sentence.end])
            )
            recorded = not _BILATERAL_PAST.search(context) and "past" not in flags
            kind = (
                "dialogue"
                if match.group().lower().startswith(lexicon.CONSULTATION)
                else "bilateral"
            )
            title = text[match.start() : end].strip()
            mentions.append(
                Mention(
                    match.start(),
                    end,
                    title,
                    parties,
                    index,
                    recorded,
                    False,
                    kind,
                    future="future" in flags,
                    rules=fired,
                    people=_named_sides(
                        doc,
                        clause_start,
                        match.start(),
                        object_start,
                        sentence.end if joiner and lexicon.BETWEEN in joiner.group() else end,
                    )
                    if obj
                    else (),
                )
            )
    return mentions
