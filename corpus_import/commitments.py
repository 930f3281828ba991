"""Commitment items (pledge, agreement, support, proposal) and follow-up evidence, per sentence.

The first real commitment cue of a sentence decides its kind (see ../shared/ANNOTATION.md);
its actors are the subject of that cue, resolved to party codes; "các nước", "hai bên" and the
like stand for the parties of the meeting being reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from corpus_import import amounts, dates, lexicon, nlp, rule_engine
from corpus_import.doc import (
    ArticleDoc,
    CommitmentFinding,
    FollowUpFinding,
    MeetingFinding,
    Person,
    Span,
)
from corpus_import.rule_engine import Cue, CueContext, KindContext, SentenceContext, check

_REPORTING = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(v) for v in lexicon.REPORTING_VERBS) + r")(?!\w)"
)
_FRAME = re.compile(
    r"^\W*(?:" + "|".join(re.escape(f) for f in lexicon.LEADING_FRAMES) + r")(?!\w)[^,]*,\s*"
)
_SOURCE_FRAME = re.compile(lexicon.SOURCE_FRAME)
_PAST = re.compile(lexicon.PAST_MARKERS)
_SCHEDULE = re.compile(lexicon.SCHEDULE_AFTER_WILL)
_WILL = re.compile(r"(?<!\w)sẽ(?!\w)", re.IGNORECASE)
_BEFORE_WILL = re.compile(lexicon.BEFORE_WILL)
_NOT_SUBJECT = re.compile(lexicon.NOT_SUBJECT_BEFORE)
_PAST_TIME = re.compile(lexicon.PAST_TIME)
_DATED_OPENING = re.compile(lexicon.DATED_OPENING)
_PAST_IN_DATED = re.compile(lexicon.PAST_IN_DATED)
_PAST_OPENING = re.compile(lexicon.PAST_OPENING)
_YEAR_OPENING = re.compile(lexicon.YEAR_OPENING)
_REAFFIRMED = re.compile(lexicon.REAFFIRMED_BEFORE_CUE)
_FOLLOW_UP = [(re.compile(p), status) for p, status in lexicon.FOLLOW_UP_CUES]
_TARGET_PREPOSITION = re.compile(
    r"(?:cho|đối với|hỗ trợ|giúp|giúp đỡ|tới|đến|viện trợ|tài trợ)\s+(?:các nước\s+)?$"
)
# An entity after these words is an object or a possessor, never the subject.
_OBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:của|với|cho|về|đối với|tại|ở|trong|giữa|như|việc|"
    + lexicon.APPRECIATION_VERBS
    + r")\s+$"
)
_REFERENCE = re.compile(
    r"(?:Kế hoạch|Chương trình|Dự án|Quỹ|Hiệp định|Sáng kiến|Tuyên bố|Khung)"
    r"(?: (?!đạt|của|cho|với|và|đã|được)[^\s,.;]+){1,8}"
)
_TOPICS = {
    slug: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in words) + r")(?!\w)")
    for slug, words in lexicon.TOPIC_KEYWORDS.items()
}


# Items kept only under a meeting made from the article's lead: a curator should check them.
LEAD_MEETING_CONFIDENCE = 0.4


@dataclass(frozen=True)
class Entity:
    """A party, a person or a collective found in a sentence, resolved lazily."""

    start: int
    end: int
    codes: tuple[str, ...]
    refers_to: str = ""  # "meeting", "previous", "partners" for collectives


def _entities(doc: ArticleDoc, start: int, end: int) -> list[Entity]:
    found: list[Entity] = []
    people = [p for p in doc.people if start <= p.start < end]
    covered = [(p.start, p.end) for p in people]
    for person in people:
        codes = _person_codes(person)
        found.append(Entity(person.start, person.end, codes, "" if codes else "person"))
    for party in doc.parties:
        if start <= party.start < end and not any(a <= party.start < b for a, b in covered):
            found.append(Entity(party.start, party.end, (party.code,)))
    for collective in doc.collectives:
        if start <= collective.start < end and not any(
            a <= collective.start < b for a, b in covered
        ):
            found.append(Entity(collective.start, collective.end, (), collective.refers_to))
    return sorted(found, key=lambda e: (e.start, -e.end))


def _person_codes(person: Person) -> tuple[str, ...]:
    return (person.party,) if person.party else ()


def _is_whole_word(text: str, cue: Cue, start: int, end: int) -> bool:
    """word_tokenize must see the cue as whole words: "cần" is not "cần thiết".

    The segmenter's features reach two words either side, so a window of a few words around
    the cue segments it as the whole sentence would, at a fraction of the cost. It may glue a
    two-syllable cue to the next verb ("cam kết thúc đẩy"), so only one-syllable cues must also
    end a word.
    """
    left = text.rfind(" ", start, max(start, cue.start - 24)) + 1 or start
    right = text.find(" ", min(end, cue.end + 24), end)
    right = end if right < 0 else right
    left = max(left, start)
    tokens = nlp.words(text[left:right], left)
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    single = " " not in text[cue.start : cue.end]
    return cue.start in starts and (not single or cue.end in ends)


def find_cues(doc: ArticleDoc, start: int, end: int) -> Iterator[Cue]:
    """The sentence's cues that no filter row drops, in order; a dropped cue's row is noted
    in `doc.passed_over` (the caller stops at the first cue that makes an item)."""
    sentence = SentenceContext(doc, start, end)
    for cue in raw_cues(doc, start, end):
        dropped_by = rule_engine.cue_dropped_by(CueContext(sentence, cue))
        if dropped_by is None:
            yield cue
        else:
            doc.passed_over.setdefault(start, []).append(dropped_by)


@check("in_opening_frame")
def _in_opening_frame(context: CueContext) -> bool:
    """Cues inside an opening frame ("Cảm ơn X luôn ủng hộ ..., ") are not the sentence's own."""
    sentence = context.sentence
    frame_end = sentence.once(
        "frame_end", lambda: _subject_start(sentence.doc, sentence.start, sentence.end)
    )
    return context.cue.start < frame_end


@check("after_schedule")
def _after_schedule(context: CueContext) -> bool:
    """Cues after "sẽ" + a step of a schedule ("sẽ tham dự ... và ủng hộ") are the programme."""
    sentence = context.sentence

    def schedule() -> int:
        text = sentence.text
        return next(
            (
                sentence.start + m.end()
                for m in _WILL.finditer(text)
                if _SCHEDULE.match(text[m.end() :])
            ),
            sentence.end,
        )

    return context.cue.start >= sentence.once("schedule", schedule)


@check("noun_before_cue")
def _noun_before_cue(context: CueContext) -> bool:
    return _noun_word_before(context.before) is True


@check("noun_after_cue")
def _noun_after_cue(context: CueContext) -> bool:
    if _noun_word_before(context.before) is not None:
        return False
    following = context.after.split()[:1]
    return bool(following) and following[0].strip(",.").lower() in lexicon.NOUN_AFTER_CUE


@check("inside_party_name")
def _inside_party_name(context: CueContext) -> bool:
    return any(p.start <= context.cue.start < p.end for p in context.doc.parties)


@check("past_time_in_clause")
def _past_time_in_clause(context: CueContext) -> bool:
    """The time must be in the agreement's own clause: "đã nhất trí ..., đáp lại đề nghị ...
    hồi năm ngoái" dates the proposal, not the agreement."""
    return bool(_PAST_TIME.search(re.split(r"[,;]", context.after)[0]))


@check("will_without_subject")
def _will_without_subject(context: CueContext) -> bool:
    sentence = context.sentence
    return not _subject_right_before(sentence.doc, sentence.start, context.cue.start, _BEFORE_WILL)


@check("need_of_no_one")
def _need_of_no_one(context: CueContext) -> bool:
    """ "cần" is a proposal when someone says it, or when a party is its subject ("Nhật Bản cần
    tăng cường ..."); alone ("cần có thời gian") it is no one's."""
    sentence = context.sentence
    return (
        not _REPORTING.search(context.before)
        and "nhất trí" not in context.before
        and not _subject_right_before(sentence.doc, sentence.start, context.cue.start)
    )


@check("continue_without_subject")
def _continue_without_subject(context: CueContext) -> bool:
    sentence = context.sentence
    return not _subject_right_before(sentence.doc, sentence.start, context.cue.start)


@check("not_whole_word")
def _not_whole_word(context: CueContext) -> bool:
    sentence = context.sentence
    return not _is_whole_word(sentence.doc.text, context.cue, sentence.start, sentence.end)


def _noun_word_before(before: str) -> bool | None:
    """Whether the word before a cue makes it a noun ("sự ủng hộ", "xem xét đề nghị"); None
    when no such word stands there. "bản cam kết" is a noun, "Nhật Bản cam kết" is not: case
    matters."""
    # "tái khẳng định cam kết của Ấn Độ": a commitment reaffirmed is declared again.
    if _REAFFIRMED.search(before):
        return False
    stripped = before.rstrip()
    for word in lexicon.NOUN_BEFORE_CUE:
        if stripped.endswith(" " + word) or stripped in (word, word.capitalize()):
            # "tái khẳng định sự ủng hộ" still declares support.
            return not (
                word == "sự"
                and _REPORTING.search(stripped[-30:])
                and not _APPRECIATION.search(stripped)
            )
    return None


_BEFORE_CONTINUE = re.compile(r"(?:\s+(?:cũng|sẽ|đều|luôn|vẫn|khẳng định|cam kết|sẵn sàng))*\s*$")


def _subject_right_before(
    doc: ArticleDoc, sentence_start: int, position: int, between: re.Pattern = _BEFORE_CONTINUE
) -> bool:
    """A party, person or collective ends right before the cue and is not an object
    ("vào Lào tiếp tục", "quan hệ Việt Nam-Thái Lan sẽ")."""
    window = doc.text[max(sentence_start, position - 40) : position]
    stripped = between.sub("", window)
    cut = position - (len(window) - len(stripped))
    return any(
        e.end == cut
        and not _NOT_SUBJECT.search(doc.text[max(sentence_start, e.start - 40) : e.start])
        for e in _entities(doc, sentence_start, position)
        if e.codes or e.refers_to
    )


def _subject_start(doc: ArticleDoc, start: int, end: int) -> int:
    """Skip opening frames ("Tại Hội nghị ..., ", "Bộ Ngoại giao cho biết, ")."""
    position = start
    for _ in range(4):
        rest = doc.text[position:end]
        match = _SOURCE_FRAME.match(rest) or _FRAME.match(rest)
        if not match:
            break
        position += match.end()
    return position


def _anchor(doc: ArticleDoc, start: int, cue: Cue) -> int:
    """Where the speaker's verb sits: "nhấn mạnh ... cần" speaks through "nhấn mạnh"."""
    before = doc.text[start : cue.start]
    reports = list(_REPORTING.finditer(before))
    if cue.kind == "need" and reports:
        return start + reports[-1].start()
    if reports and before[reports[-1].end() :].strip(" ,") in ("", "sẽ", "mong muốn", "cũng"):
        return start + reports[-1].start()
    return cue.start


# How far into the sentence its subject may start ("Chiều 3/8, tại Hà Nội, Bộ trưởng ...").
_SUBJECT_REACH = 40
# "Nga-Pháp", "Việt Nam – Lào": a hyphen joins two sides as well.
_CONTINUATION = re.compile(lexicon.CONTINUATION_OPENING)
_JOINER = re.compile(r"\s*(?:,|và|,\s*và|cùng|cùng với|-|–)\s*")
# "đánh giá cao sự ủng hộ": thanks for support received, not support declared.
_APPRECIATION = re.compile(r"(?:đánh giá cao|cảm ơn|hoan nghênh|ghi nhận|trân trọng)\s+sự$")
_OWN_WILL = re.compile(r"\s+(?:sẽ|tiếp tục)(?!\w)")
_HEAD_REPEATED = re.compile(r"\s*(?:,|và|,\s*và)\s+(?P<head>(?:[A-ZĐ]\w*|[a-zđ]\w*)(?: \w+){0,3}) ")
_LIST_OPENING = re.compile(lexicon.LIST_OPENING)


def _is_list(gaps: list[str]) -> bool:
    """ "A, B và C" is a list; "A, B" alone is two clauses."""
    return all("," not in gap for gap in gaps) or "và" in gaps[-1]


def _same_head_gap(text: str, first: Entity, second: Entity) -> str:
    """ "Bộ Quốc phòng Việt Nam và Bộ Quốc phòng Campuchia": the repeated head joins a list."""
    gap = text[first.end : second.start]
    joined = _HEAD_REPEATED.fullmatch(gap)
    if joined and text[: first.start].rstrip().endswith(joined["head"]):
        return gap[: joined.start("head")]
    return gap


def _list_around(
    entities: list[Entity], index: int, text: str, opening: int | None = None
) -> list[Entity]:
    """An entity with the ones joined to it by "," / "và" ("ASEAN, Trung Quốc và Hàn Quốc").

    "A, B" opening the sentence is a list too: headlines write "Mỹ, Nhật nhất trí ...".
    """
    group = [entities[index]]
    gaps: list[str] = []
    i = index
    while i > 0:
        gap = _same_head_gap(text, entities[i - 1], entities[i])
        if _JOINER.fullmatch(gap) and entities[i - 1].codes:
            group.insert(0, entities[i - 1])
            gaps.insert(0, gap)
            i -= 1
        else:
            break
    if opening is not None and (
        not text[opening : group[0].start].strip()
        or _LIST_OPENING.fullmatch(text, opening, group[0].start)
    ):
        return group
    while gaps and not _is_list(gaps):
        group.pop(0)
        gaps.pop(0)
    return group


def resolve(
    entity_group: list[Entity],
    meeting: MeetingFinding | None,
    previous: list[str],
    actors: list[str] | None = None,
) -> list[str]:
    codes: list[str] = []
    for entity in entity_group:
        if entity.codes:
            values = list(entity.codes)
        elif entity.refers_to == "previous":
            values = list(previous)
        elif entity.refers_to == "person":
            # A foreign official of unknown country at talks with Vietnam is the other side.
            others = [p for p in meeting.parties if p != "VN"] if meeting else []
            values = others if meeting and "VN" in meeting.parties and len(others) == 1 else []
        elif entity.refers_to == "partners" and meeting:
            values = [p for p in meeting.parties if p != "ASEAN" and p not in (actors or [])]
        elif meeting:
            values = list(meeting.parties)
        else:
            values = []
        for code in values:
            if code not in codes:
                codes.append(code)
    return codes


def _actors(
    doc: ArticleDoc,
    start: int,
    end: int,
    anchor: int,
    meeting: MeetingFinding | None,
    previous: list[str],
) -> tuple[list[str], bool]:
    """Actors of the cue at `anchor`, and whether they came from a collective subject."""
    subject_start = _subject_start(doc, start, anchor)
    clause_start = max(subject_start, doc.text.rfind(",", start, anchor) + 1)
    clause_start = max(clause_start, doc.text.rfind(";", start, anchor) + 1)
    entities = [
        e
        for e in _entities(doc, subject_start, anchor)
        if not _OBJECT_BEFORE.search(doc.text[max(start, e.start - 12) : e.start])
    ]
    in_clause = [i for i, e in enumerate(entities) if e.start >= clause_start]
    if in_clause:
        group = _list_around(entities, in_clause[-1], doc.text, subject_start)
    elif entities and entities[0].start - subject_start <= _SUBJECT_REACH:
        # The cue's own clause names nobody: the sentence's subject speaks.
        first = 0
        while first + 1 < len(entities) and entities[first + 1].start == entities[first].start:
            first += 1
        j = first
        group = [entities[first]]
        gaps: list[str] = []
        while j + 1 < len(entities):
            gap = doc.text[entities[j].end : entities[j + 1].start]
            if _JOINER.fullmatch(gap) and entities[j + 1].codes:
                group.append(entities[j + 1])
                gaps.append(gap)
                j += 1
            else:
                break
        while gaps and not _is_list(gaps):
            group.pop()
            gaps.pop()
    elif previous and _CONTINUATION.fullmatch(doc.text, start, anchor):
        # "Đồng thời đề nghị ...": the sentence goes on with the previous item's subject.
        return list(previous), False
    else:
        return [], False
    # "các nước G7": the named party wins over the collective.
    explicit = [e for e in group if e.codes or e.refers_to == "person"]
    collective = not explicit
    codes = resolve(explicit or group, meeting, previous)
    return _expand(codes), collective


def _expand(codes: list[str]) -> list[str]:
    from corpus_import.entities import expand

    return expand(codes)


def _targets(
    doc: ArticleDoc,
    cue: Cue,
    end: int,
    kind: str,
    actors: list[str],
    meeting: MeetingFinding | None,
) -> list[str]:
    if kind not in ("proposal", "pledge"):
        return []
    entities = [e for e in _entities(doc, cue.end, end)]
    for index, entity in enumerate(entities):
        if kind == "pledge" and (
            entity.refers_to
            or not _TARGET_PREPOSITION.search(
                doc.text[max(cue.end, entity.start - 30) : entity.start]
            )
        ):
            continue
        if entity.refers_to and index + 1 < len(entities):
            nxt = entities[index + 1]
            if nxt.codes and nxt.start - entity.end <= 1:
                entity = nxt
        codes = [c for c in resolve([entity], meeting, [], actors) if c not in actors]
        if codes:
            return _expand(codes)
    if kind == "pledge" and meeting and set(actors) & set(meeting.parties):
        # A party's pledge at a meeting is made to its counterparts.
        return [p for p in meeting.parties if p not in actors]
    return []


def _topics(sentence: str) -> list[str]:
    lowered = sentence.lower()
    return [slug for slug, pattern in _TOPICS.items() if pattern.search(lowered)]


def _is_label_headline(doc: ArticleDoc, start: int, end: int) -> bool:
    sentence = doc.text[start:end]
    return start == 0 and doc.title == sentence and ":" in sentence[:60]


def extract(doc: ArticleDoc, contexts: list[str | None]) -> None:
    by_key = {m.key: m for m in doc.meetings}
    previous: list[str] = []
    meeting_days = _meeting_days(doc)
    for index, span in enumerate(doc.sentences):
        start, end = span.start, span.end
        context = SentenceContext(doc, start, end, {"meeting_days": meeting_days})
        dropped_by = rule_engine.sentence_dropped_by(context)
        if dropped_by is not None:
            doc.passed_over.setdefault(start, []).append(dropped_by)
            continue
        meeting = by_key.get(contexts[index]) if contexts[index] else None
        # Before any meeting is named, "các nước" means the article's first meeting.
        resolving = meeting or (doc.meetings[0] if doc.meetings else None)
        item = None
        for cue in find_cues(doc, start, end):
            item = item_for_cue(doc, span, cue, meeting, resolving, previous)
            if item is not None:
                break
        if item is not None:
            doc.commitments.append(item)
            previous = item.actors
            continue
        follow_up = _follow_up(doc, start, end, meeting, previous)
        if follow_up is not None:
            doc.follow_ups.append(follow_up)
    place_unattached(doc)


def item_for_cue(
    doc: ArticleDoc,
    span: Span,
    cue: Cue,
    meeting: MeetingFinding | None,
    resolving: MeetingFinding | None,
    previous: list[str],
) -> CommitmentFinding | None:
    """The item a cue makes of its sentence, or None when it names no actor."""
    start, end = span.start, span.end
    anchor = _anchor(doc, start, cue)
    actors, collective = _actors(doc, start, end, anchor, resolving, previous)
    if not actors:
        return None
    kind, changed_by = rule_engine.item_kind(KindContext(doc, cue, end, actors, collective))
    sentence = doc.text[start:end]
    item = CommitmentFinding(
        start,
        end,
        sentence=sentence,
        kind=kind,
        actors=actors,
        targets=_targets(doc, cue, end, kind, actors, resolving),
        meeting_key=meeting.key if meeting else None,
        topics=_topics(sentence),
        confidence=_confidence(cue, collective, meeting),
        rules=[cue.rule, *changed_by],
    )
    _add_amount_and_target(item, cue.end - start)
    return item


raw_cues = rule_engine.raw_cues


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


@check("too_short")
def _too_short(context: SentenceContext) -> bool:
    return len(context.text.split()) < 5


@check("label_headline")
def _label_headline(context: SentenceContext) -> bool:
    return _is_label_headline(context.doc, context.start, context.end)


@check("dated_background")
def _dated_background(context: SentenceContext) -> bool:
    return _is_dated_background(
        context.doc, context.start, context.end, context.cache["meeting_days"]
    )


def _is_own_wish(doc: ArticleDoc, cue: Cue, end: int, actors: list[str]) -> bool:
    """ "mong muốn Nhật Bản sẽ tiếp tục hỗ trợ" said by Japan: the speaker's state will act.

    A bare wish to act ("Việt Nam mong muốn đẩy mạnh hợp tác") stays a proposal, as annotated.
    """
    if doc.text[cue.start : cue.end].lower() not in lexicon.OPEN_WISH_CUES | {"mong"}:
        return False
    own = next((p for p in doc.parties if cue.end < p.start <= min(end, cue.end + 2)), None)
    return own is not None and own.code in actors and bool(_OWN_WILL.match(doc.text, own.end))


def _meeting_days(doc: ArticleDoc) -> set[tuple[int | None, int | None]]:
    """Day and month of the dates in the sentences that name a reported meeting."""
    days: set[tuple[int | None, int | None]] = set()
    for meeting in doc.meetings:
        for sentence in doc.sentences:
            if sentence.start <= meeting.start < sentence.end:
                found = dates.find_dates(doc.text, sentence.start, sentence.end)
                days.update((d.day, d.month) for d in found if d.day is not None)
        if meeting.date.value is not None and meeting.date.precision == "day":
            days.add((meeting.date.value.day, meeting.date.value.month))
    return days


def _meeting_years(doc: ArticleDoc) -> set[int]:
    return {m.date.value.year for m in doc.meetings if m.date.value is not None}


def _is_dated_background(
    doc: ArticleDoc, start: int, end: int, meeting_days: set[tuple[int | None, int | None]]
) -> bool:
    """ "Ngày 22/6, các nước ... đã ...": another day than the meeting's, told in the past; so
    is "Hồi tháng 3, ... đã ..." and "Năm 2014, ... đã ..." in another year than the meeting's."""
    earlier = _PAST_OPENING.match(doc.text, start, end)
    year = _YEAR_OPENING.match(doc.text, start, end)
    if year and int(year["year"]) in _meeting_years(doc):
        year = None
    for opening in (earlier, year):
        if opening and _PAST_IN_DATED.search(doc.text, opening.end(), end):
            return True
    opening = _DATED_OPENING.match(doc.text, start, end)
    if opening is None or not _PAST_IN_DATED.search(doc.text, opening.end(), end):
        return False
    found = dates.find_dates(doc.text, start, opening.end())
    return bool(found) and (found[0].day, found[0].month) not in meeting_days


def _confidence(cue: Cue, collective: bool, meeting: MeetingFinding | None) -> float:
    score = 0.9 if cue.strength == 2 else 0.7
    if collective and meeting is None:
        score -= 0.3
    if meeting is None:
        score -= 0.1
    return round(max(0.1, min(1.0, score)), 2)


def _add_amount_and_target(item: CommitmentFinding, after: int) -> None:
    found = amounts.find_amounts(item.sentence)
    if found:
        item.amount = found[0]
    target = dates.find_target(item.sentence, after)
    if target is not None:
        item.target_date = target.date
        item.target_period_start = target.period_start
        item.target_text = target.text


def _follow_up(
    doc: ArticleDoc,
    start: int,
    end: int,
    meeting: MeetingFinding | None,
    previous: list[str],
) -> FollowUpFinding | None:
    sentence = doc.text[start:end]
    for pattern, status in _FOLLOW_UP:
        if pattern.search(sentence):
            reference = _REFERENCE.search(sentence)
            entities = _entities(doc, start, end)
            actors = resolve(entities[:1], meeting, previous) if entities else []
            return FollowUpFinding(
                start,
                end,
                quote=sentence,
                status=status,
                actors=actors,
                meeting_key=meeting.key if meeting else None,
                reference=reference.group() if reference else "",
            )
    return None


def place_unattached(doc: ArticleDoc) -> None:
    """Items before the first meeting context (a headline, a lead) go to the smallest meeting
    whose parties cover their actors and targets."""
    for item in doc.commitments:
        if item.meeting_key is not None or not doc.meetings:
            continue
        wanted = set(item.actors) | set(item.targets)
        fitting = [m for m in doc.meetings if wanted <= set(m.parties)]
        chosen = min(fitting, key=lambda m: len(m.parties)) if fitting else doc.meetings[0]
        item.meeting_key = chosen.key
        if not item.actors:
            item.actors = list(chosen.parties)
