"""Meetings an article reports: title as written, kind, parties, date, format, participants.

A meeting name is only recorded when the article reports the meeting: it is opened by "Tại ...",
attended, chaired or said to take place. Names that are only mentioned (a past summit, the
umbrella "Hội nghị ... lần thứ 58 và các hội nghị liên quan", a meeting someone will hold) give
context, not rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from corpus_import import dates, lexicon, rule_engine
from corpus_import.doc import UNKNOWN_DATE, ArticleDoc, MeetingFinding, ParticipantFinding, Span
from corpus_import.entities import expand, is_state

_EVENT_BEFORE = re.compile(lexicon.MEETING_EVENT_BEFORE)
_EVENT_AFTER = re.compile(lexicon.MEETING_EVENT_AFTER)
_UMBRELLA_AFTER = re.compile(lexicon.UMBRELLA_AFTER)
_UMBRELLA_BEFORE = re.compile(lexicon.UMBRELLA_BEFORE)
_CHAIN_REFERENCE = re.compile(lexicon.CHAIN_REFERENCE)
_GUESTS = re.compile(lexicon.GUEST_LIST)
_OPENED_BY_TAI = re.compile(r"(?:^|\W)(?:Tại|tại|Cũng tại)\s+$")
_TOKEN = re.compile(r"\S+")
_BILATERAL = re.compile(
    r"(?<!\w)"
    + lexicon.BILATERAL_VERBS.format(titles="|".join(re.escape(t) for t in lexicon.TITLES))
    + r"(?!\w)"
)
_BILATERAL_JOINER = re.compile(lexicon.BILATERAL_JOINERS)
_BILATERAL_PAST = re.compile(lexicon.BILATERAL_PAST)
_CLAUSE_BREAK = re.compile(r"[,;:(]")
_SUBJECT_WINDOW = 70
_SUBJECT_GAP = 24
_SUBJECT_AFTER = re.compile(lexicon.BILATERAL_SUBJECT_AFTER)
_SIDE_JOINER = re.compile(lexicon.SIDE_JOINER)
_OBJECT_GAP = re.compile(lexicon.BILATERAL_OBJECT_GAP)
_GROUPING_SIDE = re.compile(lexicon.GROUPING_SIDE)
_BETWEEN_LATER = re.compile(lexicon.BETWEEN_LATER)
_PHONE_CALL = re.compile(r"(?:[Cc]uộc\s+)?[Đđ]iện đàm\b")
_DATED_LEAD = re.compile(lexicon.DATED_OPENING)
_BARE_DELEGATION = re.compile(r"[Đđ]oàn(?! đại biểu| cấp cao)\b")
_SIDES_END = re.compile(r"[,.;:]|\s(?:diễn ra|được tổ chức|tại)\s")
_NEEDS_BOTH = re.compile(lexicon.BILATERAL_NEEDS_BOTH)
_FUTURE_BEFORE = re.compile(lexicon.FUTURE_BEFORE_MEETING)
_FUTURE_AFTER = re.compile(lexicon.FUTURE_AFTER_MEETING)
_INVITED = re.compile(lexicon.INVITED_TO_MEETING)
_OCCASION_BEFORE = re.compile(lexicon.OCCASION_BEFORE)
_FRONTED_VENUE = re.compile(lexicon.FRONTED_VENUE)
_ORDINAL = re.compile(r"lần thứ \w+")
# Lower-case words that can sit inside a meeting name.
_TITLE_WORDS = frozenset(
    [
        "bộ",
        "trưởng",
        "ngoại",
        "giao",
        "cấp",
        "cao",
        "thượng",
        "đỉnh",
        "trực",
        "tuyến",
        "ba",
        "bên",
        "mở",
        "rộng",
        "giữa",
        "các",
        "với",
        "và",
        "đối",
        "tác",
        "quan",
        "chức",
        "hẹp",
        "ở",
        "đặc",
        "biệt",
        "kinh",
        "tế",
        "quốc",
        "phòng",
        "hợp",
        "tác",
        "chiến",
        "lược",
        "lãnh",
        "đạo",
        "nhà",
        "ngoại",
        "trưởng",
        "phát",
        "triển",
        "thường",
        "niên",
        "không",
        "chính",
        "thức",
        "an",
        "ninh",
        "nghị",
        "thoại",
        "lần",
        "thứ",
        "hai",
        "tư",
        "liên",
        "phủ",
        "ban",
        "đàn",
        "châu",
        # Joint committees and sector dialogues ("Ủy ban chỉ đạo hợp tác song phương", "Đối
        # thoại hợp tác nông nghiệp Việt Nam - Nhật Bản").
        "chỉ",
        "song",
        "phương",
        "hỗn",
        "ủy",
        "nông",
        "nghiệp",
        "thương",
        "mại",
        "đầu",
        "năng",
        "lượng",
        "y",
        "giáo",
        "dục",
        "khoa",
        "học",
        "công",
        "nghệ",
        "văn",
        "hóa",
        "du",
        "lịch",
        "biển",
        "hàng",
        "hải",
        "vấn",
        "toàn",
        "diện",
    ]
)


@dataclass
class Mention(Span):
    title: str
    parties: list[str]
    sentence: int
    recorded: bool
    is_chain: bool
    kind: str | None = None
    future: bool = False
    occasion: bool = False


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
            or bare.lower() in _TITLE_WORDS
        ):
            pass
        else:
            break
        if bare.startswith("(Ảnh"):
            break
        end = match.start() + len(bare)
        words += 1
        if bare != token or words > 30:
            break
    # A name does not end on a joining word ("... với", "... và").
    while True:
        last = text[start:end].rsplit(" ", 1)
        if len(last) == 2 and last[1].lower() in {"với", "và", "các", "giữa", "ở", "nhà"}:
            end = start + len(last[0])
            continue
        return end


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
            before = text[max(sentence.start, match.start() - 40) : match.start()]
            after = text[end : sentence.end]
            is_chain = len(rule_engine.active().head.findall(title)) > 1 or bool(
                re.search(r"ASEAN\s*\+\s*1\b", title)
            )
            umbrella = bool(_UMBRELLA_AFTER.search(after) or _UMBRELLA_BEFORE.search(before))
            recorded = not umbrella and bool(
                _OPENED_BY_TAI.search(before)
                or _EVENT_BEFORE.search(before)
                or _EVENT_AFTER.search(after)
            )
            guests = _GUESTS.search(after)
            if recorded and guests:
                codes += [
                    p.code for p in doc.parties if end + guests.end() <= p.start < sentence.end
                ]
            wide_before = text[max(sentence.start, match.start() - 100) : match.start()]
            invited = _INVITED.search(wide_before) and not _EVENT_AFTER.search(after)
            future = bool(_FUTURE_BEFORE.search(before) or _FUTURE_AFTER.search(after) or invited)
            occasion = bool(_OCCASION_BEFORE.search(wide_before))
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
                )
            )
    bilateral = _bilateral_mentions(doc)
    mentions = [m for m in mentions if not any(b.start <= m.start < b.end for b in bilateral)]
    return sorted(mentions + bilateral, key=lambda m: m.start)


def _side_codes(doc: ArticleDoc, start: int, end: int) -> list[str]:
    """States named by the people and party mentions between `start` and `end`."""
    people = [p for p in doc.people if start <= p.start < end and p.party]
    found = [(p.start, p.party) for p in people]
    found += [
        (p.start, p.code)
        for p in doc.parties
        if start <= p.start < end and not any(q.start <= p.start < q.end for q in people)
    ]
    codes: list[str] = []
    for _, code in sorted(found):
        if code and is_state(code) and code not in codes:
            codes.append(code)
    return codes


def _most_mentioned_state(doc: ArticleDoc, besides: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for party in doc.parties:
        if is_state(party.code) and party.code not in besides:
            counts[party.code] = counts.get(party.code, 0) + 1
    best = max(counts.items(), key=lambda item: item[1], default=None)
    return best[0] if best and best[1] >= 2 else None


def _listed_sides(
    doc: ArticleDoc, spans: list[tuple[int, int]], after: int, limit: int
) -> list[str]:
    """States of the first person or party after `after` and of those listed with it."""
    group: list[tuple[int, int]] = []
    for span in spans:
        if span[0] <= after or span[0] >= limit:
            continue
        if group and span[0] < group[-1][1]:
            continue
        if group and not _SIDE_JOINER.fullmatch(doc.text, group[-1][1], span[0]):
            break
        if not group and doc.text[after + 1 : span[0]].strip(" ,") not in ("", "cả", "Cả"):
            break
        group.append(span)
    codes: list[str] = []
    for start, end in group:
        codes += [c for c in _side_codes(doc, start, end) if c not in codes]
    return codes


def _between_later(doc: ArticleDoc, start: int, limit: int) -> tuple[int, list[str]] | None:
    """ "cuộc hội đàm xây dựng Bản ghi nhớ giữa A và B": the two states named after "giữa"."""
    between = _BETWEEN_LATER.match(doc.text, start, limit)
    if not between:
        return None
    stop = _SIDES_END.search(doc.text, between.end(), limit)
    end = stop.start() if stop else limit
    if " và " not in doc.text[between.end() : end]:
        return None
    codes = _side_codes(doc, between.end(), end)
    return (end, codes) if len(codes) == 2 else None


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
            subject = _side_codes(doc, clause_start, match.start())
            # "X đã có cuộc hội đàm": the subject ends a few words before the verb.
            last = max((e for s, e in starts_after if clause_start <= s < match.start()), default=0)
            if match.start() - last > _SUBJECT_GAP:
                subject = []
            joiner = _BILATERAL_JOINER.match(text, match.end(), sentence.end)
            object_start = joiner.end() if joiner else match.end()
            following = next((span for span in starts_after if span[0] >= object_start), None)
            end = match.end()
            obj: list[str] = []
            if following and _OBJECT_GAP.fullmatch(text, object_start, following[0]):
                end = max(end, following[1])
                obj = _side_codes(doc, following[0], following[1])
            if joiner and "giữa" in joiner.group() and len(obj) < 2:
                # "cuộc gặp giữa A và B": both sides follow the verb; the subject is the topic.
                listed = _listed_sides(doc, starts_after, object_start - 1, sentence.end)
                if len(listed) >= 2:
                    subject, obj = [], listed
            grouping = None if obj else _GROUPING_SIDE.match(text, object_start, sentence.end)
            if grouping:
                end, obj = grouping.end(), ["ASEAN"]
            later = (
                None
                if obj or (joiner and "giữa" in joiner.group())
                else _between_later(doc, match.end(), sentence.end)
            )
            if later:
                end, subject, obj = later[0], [], later[1]
            if not subject and _SUBJECT_AFTER.search(text, clause_start, match.start()):
                comma = text.find(",", end, sentence.end)
                subject = _listed_sides(doc, starts_after, comma, sentence.end) if comma > 0 else []
            parties = subject + [c for c in obj if c not in subject]
            # "Đại sứ Việt Nam tiếp đoàn ...": a delegation of no named country is one's own.
            bare_delegation = not obj and _BARE_DELEGATION.match(text, object_start)
            if len(parties) == 1 and not _NEEDS_BOTH.search(match.group()) and not bare_delegation:
                # The same talks named again: the pair already found, else the article's focus.
                earlier = next((m.parties for m in mentions if parties[0] in m.parties), None)
                other = (
                    next(c for c in earlier if c != parties[0])
                    if earlier
                    else _most_mentioned_state(doc, parties)
                )
                parties += [other] if other else []
            if len(parties) < 2:
                continue
            context = text[clause_start:end]
            recorded = not _BILATERAL_PAST.search(context)
            kind = "dialogue" if match.group().lower().startswith("tham vấn") else "bilateral"
            title = text[match.start() : end].strip()
            mentions.append(
                Mention(match.start(), end, title, parties, index, recorded, False, kind)
            )
    return mentions


def _kind(title: str, parties: list[str]) -> str:
    for pattern, kind in lexicon.MEETING_KINDS:
        if re.search(pattern, title):
            return kind
    # A session of two states' own body ("Ủy ban liên Chính phủ Việt Nam-Lào") is bilateral.
    if len(parties) == 2 and all(is_state(code) for code in parties):
        return "bilateral"
    return "foreign_ministers"


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
    for pattern, value in lexicon.FORMAT_CUES:
        if any(re.search(pattern, context) for context in contexts):
            return value
    if mention.future:
        return None
    if any(_FRONTED_VENUE.search(context) for context in contexts[1:]):
        return "in_person"
    if kind == "bilateral":
        for pattern, value in lexicon.FORMAT_BY_VERB:
            if re.search(pattern, mention.title):
                return value
    return None


def _key(parties: list[str], kind: str, taken: set[str]) -> str:
    base = "-".join(p.lower().replace("+", "plus") for p in parties) + "-" + kind.replace("_", "-")
    key, n = base[:90], 2
    while key in taken:
        key, n = f"{base[:86]}-{n}", n + 1
    taken.add(key)
    return key


def _same_numbered(mention: Mention, meetings: list[MeetingFinding]) -> int | None:
    """The meeting a partyless "Kỳ họp lần thứ 39 của ..." names again: same head, same number."""
    head = rule_engine.active().head.match(mention.title)
    ordinal = _ORDINAL.search(mention.title)
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


def _date_elsewhere(
    doc: ArticleDoc, mention: Mention, mentions: list[Mention]
) -> dates.DateMention | None:
    """The first day in a later sentence that names the meeting again.

    A headline names talks without a date that the lead gives; "Kỳ họp lần thứ 39 của Ủy ban
    ..." names no parties, but its head and ordinal are those of the meeting already found.
    """
    head = rule_engine.active().head.match(mention.title)
    ordinal = _ORDINAL.search(mention.title)
    for other in mentions:
        if other.sentence <= mention.sentence:
            continue
        same_parties = other.recorded and set(other.parties) == set(mention.parties)
        same_name = bool(head) and other.title.lower().startswith(head.group().lower())
        if not same_parties and not (same_name and (not ordinal or ordinal.group() in other.title)):
            continue
        sentence = doc.sentences[other.sentence]
        found = [
            d
            for d in dates.find_dates(doc.text, sentence.start, sentence.end)
            if not d.relative and d.day is not None
        ]
        if found:
            return found[0]
    return _lead_date(doc, mention)


def _lead_date(doc: ArticleDoc, mention: Mention) -> dates.DateMention | None:
    """ "Thủ tướng tiếp Đặc phái viên ..." / "Chiều 27/6, ..., Thủ tướng tiếp bà ...": a dated
    lead that repeats the headline's verb dates the meeting the headline names."""
    if mention.sentence != 0 or len(doc.sentences) < 2:
        return None
    lead = doc.sentences[1]
    verb = mention.title.split()[0]
    if not _DATED_LEAD.match(doc.text, lead.start, lead.end) or not re.search(
        rf"(?<!\w){re.escape(verb)}(?!\w)", doc.text[lead.start : lead.end]
    ):
        return None
    found = dates.find_dates(doc.text, lead.start, lead.end)
    return found[0] if found and found[0].day is not None else None


def find_meetings(doc: ArticleDoc) -> list[tuple[MeetingFinding, list[int]]]:
    """Recorded meetings with the indexes of the sentences that name them."""
    mentions = find_mentions(doc)
    year = dates.article_year(doc.text, doc.dateline)
    meetings: list[tuple[MeetingFinding, list[int]]] = []
    by_parties: dict[tuple[str, ...], int] = {}
    taken: set[str] = set()
    lead_date = UNKNOWN_DATE
    lead_parties: set[str] = set()
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
            meetings[by_parties[signature]][1].append(mention.sentence)
            continue
        if not mention.recorded or (mention.future and meetings):
            continue
        if len(mention.parties) == 1 and is_state(mention.parties[0]):
            # One state alone is a host or a venue ("cuộc họp Nhà Trắng", "... ở Singapore"):
            # a diplomatic meeting needs a second side or a grouping.
            continue
        sentence = doc.sentences[mention.sentence]
        found = dates.find_dates(doc.text, sentence.start, sentence.end)
        explicit = next((d for d in found if d.year is not None), None)
        if explicit is not None and year is not None and explicit.year < year:
            continue  # an earlier meeting recalled as background
        own = found[0] if found else None
        if own is None or own.relative:
            # A headline or "... từ hôm nay": a later sentence naming the meeting may date it.
            own = _date_elsewhere(doc, mention, mentions) or own
        if own is not None and own.year is None:
            own = replace(own, year=dates.same_day_year(doc.text, own))
        date = dates.resolve(own, year, doc.dateline)
        if own is None and set(mention.parties) <= lead_parties:
            date = lead_date
        kind = mention.kind or _kind(mention.title, mention.parties)
        if kind == "foreign_ministers" and len(mention.parties) == 2 and "Hội đàm" in mention.title:
            kind = "bilateral"
        meeting = MeetingFinding(
            mention.start,
            mention.end,
            key=_key(mention.parties, kind, taken),
            title=mention.title,
            kind=kind,
            parties=list(mention.parties),
            date=date,
            format=None,
            is_chain=mention.is_chain,
        )
        if not meetings or mention.is_chain:
            lead_date, lead_parties = date, set(mention.parties)
        by_parties[signature] = len(meetings)
        meetings.append((meeting, [mention.sentence]))
        firsts.append(mention)
    for (meeting, indexes), mention in zip(meetings, firsts, strict=True):
        meeting.format = _format(doc, mention, meeting.kind, indexes)
    _inherit_kind(meetings)
    return meetings


def _inherit_kind(meetings: list[tuple[MeetingFinding, list[int]]]) -> None:
    """ "Hội nghị ASEAN - Mỹ" inside a chain of ministers' meetings is a ministers' meeting."""
    chains = [m for m, _ in meetings if m.is_chain]
    for meeting, _ in meetings:
        for chain in chains:
            if (
                meeting is not chain
                and set(meeting.parties) <= set(chain.parties)
                and not re.search(r"thượng đỉnh|Cấp cao|SOM|Đối thoại", meeting.title)
            ):
                meeting.kind = chain.kind


def sentence_contexts(
    doc: ArticleDoc, meetings: list[tuple[MeetingFinding, list[int]]]
) -> list[str | None]:
    """The meeting each sentence reports on, as a key; None before the first one."""
    by_sentence: dict[int, str] = {}
    for meeting, indexes in meetings:
        for index in indexes:
            by_sentence.setdefault(index, meeting.key)
    chain = next((m.key for m, _ in meetings if m.is_chain), None)
    contexts: list[str | None] = []
    current = None
    for index, sentence in enumerate(doc.sentences):
        text = doc.text[sentence.start : sentence.end]
        if chain and _CHAIN_REFERENCE.search(text):
            current = chain
        elif index in by_sentence:
            current = by_sentence[index]
        contexts.append(current)
    return contexts


def add_participants(doc: ArticleDoc, contexts: list[str | None]) -> None:
    by_key = {m.key: m for m in doc.meetings}
    for meeting in doc.meetings:
        meeting.participants = [ParticipantFinding(code, is_side=True) for code in meeting.parties]
    sentence_starts = [s.start for s in doc.sentences]
    for person in doc.people:
        if not person.name or not person.party:
            continue
        index = _sentence_index(sentence_starts, person.start)
        key = contexts[index] if index is not None else None
        if key is None:
            # The lead sentence names the people before it names the meeting.
            key = next((c for c in contexts[index or 0 :] if c), None)
        meeting = by_key.get(key) if key else None
        # A bare title refers back to someone already listed.
        if meeting is None or not doc.text[person.start : person.end].endswith(person.name):
            continue
        sentence = doc.sentences[index]
        after = doc.text[person.end : sentence.end]
        role = "attendee"
        for pattern, value in lexicon.ROLE_CUES:
            if re.search(pattern, after[:120]):
                role = value
                break
        existing = next(
            (
                p
                for p in meeting.participants
                if p.party == person.party and p.person_name == person.name
            ),
            None,
        )
        if existing is None:
            meeting.participants.append(
                ParticipantFinding(person.party, person.name, person.title, role)
            )
        elif existing.role == "attendee" and role != "attendee":
            existing.role = role


def _sentence_index(starts: list[int], position: int) -> int | None:
    import bisect

    index = bisect.bisect_right(starts, position) - 1
    return index if index >= 0 else None


def annotate(doc: ArticleDoc) -> list[str | None]:
    meetings = find_meetings(doc)
    doc.meetings = [m for m, _ in meetings]
    contexts = sentence_contexts(doc, meetings)
    add_participants(doc, contexts)
    doc.reports_meeting = bool(doc.meetings)
    return contexts


LEAD_MEETING_KIND = "other"
_LEAD_SENTENCES = 3
# How far into the article a meeting or visit must be named for a lead meeting: the opening
# paragraphs, where a report says what it reports.
_SIGNAL_SENTENCES = 6
_VISIT = re.compile(lexicon.VISIT)
_NOT_A_MEETING_AT = re.compile(lexicon.NOT_A_MEETING_AT)
_LEAD_TITLE_CHARS = 300


def speaks_of_meeting(text: str, end: int) -> bool:
    """Whether `text[:end]` names a meeting or a visit. A statement made at a press conference,
    or one calling for dialogue, is not the report of a meeting: on dev, every lead meeting
    whose only signal was such a word was a statement made outside any meeting."""
    if _VISIT.search(text, 0, end):
        return True
    for match in rule_engine.active().signal.finditer(text, 0, end):
        # The signal may start inside "cuộc họp báo" ("cuộc họp") or at its "họp báo".
        head = text.rfind(" ", 0, max(match.start() - 1, 0)) + 1
        if not (
            _NOT_A_MEETING_AT.match(text, match.start()) or _NOT_A_MEETING_AT.match(text, head)
        ):
            return True
    return False


def lead_meeting(doc: ArticleDoc, actor_lists: list[list[str]]) -> MeetingFinding | None:
    """A meeting for a report whose meeting no pattern recognized, made from its lead.

    Its sides are the parties the items' subjects name, the most named first; its title is that
    of a meeting named as held but with no party in its name, else the headline (or the first
    sentence); its date and format what that meeting's or the lead sentences say. Kind
    `other` tells the curator it is a placeholder to fix, not a recognized meeting.
    """
    counts: dict[str, int] = {}
    for actors in actor_lists:
        for code in actors:
            counts[code] = counts.get(code, 0) + 1
    lead = doc.sentences[:_LEAD_SENTENCES]
    # A feed's other news (a minister's domestic orders, sport) also holds cue words: only an
    # opening that speaks of a meeting or a visit, between at least two parties, makes one.
    window = doc.sentences[:_SIGNAL_SENTENCES][-1].end if doc.sentences else 0
    if not counts or not speaks_of_meeting(doc.text, window):
        return None
    # A meeting the text names as held, but with no party in its name ("Diễn đàn An ninh
    # Shangri-La lần thứ 21 khai mạc", "phiên họp kín của Hội đồng Bảo an"), titles it.
    # A bare head ("cuộc họp", "Diễn đàn") names nothing: the headline says more.
    named = next(
        (
            m
            for m in find_mentions(doc)
            if m.recorded and not m.parties and not m.future and len(m.title.split()) >= 3
        ),
        None,
    )
    # One item by one party is too little to call a report of a meeting, even a named one: on
    # the dev gold, such items were statements made outside any meeting.
    if len(actor_lists) < 2 and len(counts) < 2:
        return None
    sides = sorted(counts, key=lambda code: -counts[code])
    if len(sides) < 2:
        lead_parties: dict[str, int] = {}
        for party in doc.parties:
            if party.start < lead[-1].end and party.code not in sides:
                lead_parties[party.code] = lead_parties.get(party.code, 0) + 1
        if not lead_parties:
            return None
        sides.append(max(lead_parties, key=lambda code: lead_parties[code]))
    title = named.title if named else (doc.title or doc.span_text(doc.sentences[0])).strip()
    if len(title) > _LEAD_TITLE_CHARS:
        title = title[: _LEAD_TITLE_CHARS - 1].rstrip() + "…"
    year = dates.article_year(doc.text, doc.dateline)
    dated = [doc.sentences[named.sentence]] if named else lead
    found = [d for s in dated for d in dates.find_dates(doc.text, s.start, s.end)]
    own = found[0] if found else None
    if own is not None and own.year is None and not own.relative:
        own = replace(own, year=dates.same_day_year(doc.text, own))
    date = dates.resolve(own, year, doc.dateline)
    start, end = (lead[0].start, lead[0].end) if lead else (0, 0)
    meeting = MeetingFinding(
        start,
        end,
        key=_key(sides[:4], LEAD_MEETING_KIND, set()),
        title=title,
        kind=LEAD_MEETING_KIND,
        parties=sides,
        date=date,
    )
    contexts = [title] + [doc.span_text(s) for s in lead]
    for pattern, value in lexicon.FORMAT_CUES:
        if any(re.search(pattern, context) for context in contexts):
            meeting.format = value
            break
    return meeting
