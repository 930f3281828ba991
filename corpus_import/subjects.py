"""Who a statement is by: the subject before a cue, read from the parties, people and
collectives the entities step found, and "A, B và C" lists of them.

The step `index` gathers those entities once per article; the other steps ask for the ones in
a span (`entities_in`).
"""

from __future__ import annotations

import bisect
import re

from corpus_import import lexicon, patterns
from corpus_import.doc import ArticleDoc, Collective, Entity, MeetingFinding
from corpus_import.entities import expand
from corpus_import.rule_engine import Cue

REPORTING = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(v) for v in lexicon.REPORTING_VERBS) + r")(?!\w)"
)


_FRAME = re.compile(
    r"^\W*(?:" + "|".join(re.escape(f) for f in lexicon.LEADING_FRAMES) + r")(?!\w)[^,]*,\s*"
)


_SOURCE_FRAME = re.compile(patterns.SOURCE_FRAME)


_NOT_SUBJECT = re.compile(patterns.NOT_SUBJECT_BEFORE)


# An entity after these words is an object or a possessor, never the subject.
_OBJECT_BEFORE = re.compile(patterns.OBJECT_BEFORE)
# How far into the sentence its subject may start ("Chiều 3/8, tại Hà Nội, Bộ trưởng ...").
_SUBJECT_REACH = 40
# "Nga-Pháp", "Việt Nam – Lào": a hyphen joins two sides as well.
# "Nga-Pháp", "Việt Nam – Lào": a hyphen joins two sides as well.
_CONTINUATION = re.compile(patterns.CONTINUATION_OPENING)


_JOINER = re.compile(patterns.LIST_JOINER)


_HEAD_REPEATED = re.compile(patterns.HEAD_REPEATED)


_LIST_OPENING = re.compile(patterns.LIST_OPENING)


_BEFORE_CONTINUE = re.compile(patterns.BETWEEN_SUBJECT_AND_CUE)


_FIRST_PERSON = re.compile(patterns.FIRST_PERSON)


_AND_OWN_VERB = re.compile(patterns.AND_OWN_VERB)


def index(doc: ArticleDoc) -> None:
    """Every party, person and collective of the article as one list, by start."""
    found: list[Entity] = []
    people = [(p.start, p.end) for p in doc.people]
    for person in doc.people:
        codes = (person.party,) if person.party else ()
        found.append(Entity(person.start, person.end, codes, "" if codes else "person"))
    for party in doc.parties:
        covered = tuple(a for a, b in people if a <= party.start < b)
        found.append(Entity(party.start, party.end, (party.code,), covered_by=covered))
    for collective in doc.collectives:
        covered = tuple(a for a, b in people if a <= collective.start < b)
        party = _pronoun_party(doc, collective)
        if party:
            found.append(Entity(collective.start, collective.end, (party,), covered_by=covered))
        else:
            found.append(
                Entity(collective.start, collective.end, (), collective.refers_to, covered)
            )
    found.extend(_quoted_speakers(doc))
    doc.entities = sorted(found, key=lambda e: (e.start, -e.end))


def _quoted_speakers(doc: ArticleDoc) -> list[Entity]:
    """ "“Chúng tôi sẽ ...”, ông Trump nói": a first-person subject inside a quote is the party
    of its speaker, named after the quote closes in the same sentence, else the last person
    named before it. Outside quotes a "tôi" is the writer's, and no party."""
    found: list[Entity] = []
    for match in _FIRST_PERSON.finditer(doc.text):
        if _inside_quote(doc.text, match.start()):
            party = _speaker_party(doc, match.start())
            if party:
                found.append(Entity(match.start(), match.end(), (party,)))
    return found


def _inside_quote(text: str, position: int) -> bool:
    paragraph = text[text.rfind("\n", 0, position) + 1 : position]
    opened = sum(paragraph.count(q) for q in patterns.OPENING_QUOTES)
    closed = sum(paragraph.count(q) for q in patterns.CLOSING_QUOTES)
    return opened > closed or paragraph.count('"') % 2 == 1


def _speaker_party(doc: ArticleDoc, position: int) -> str | None:
    sentence = next((s for s in doc.sentences if s.start <= position < s.end), None)
    if sentence is not None:
        closing = min(
            (
                i
                for q in (*patterns.CLOSING_QUOTES, '"')
                if (i := doc.text.find(q, position, sentence.end)) >= 0
            ),
            default=-1,
        )
        if closing >= 0:
            after = [p for p in doc.people if closing < p.start < sentence.end and p.party]
            if after:
                return after[0].party
    before = [p for p in doc.people if p.end <= position and p.party]
    return before[-1].party if before else None


def _pronoun_party(doc: ArticleDoc, collective: Collective) -> str | None:
    """ "Ông đề nghị ...": the party of the last person named before the pronoun, who may not be
    the previous item's speaker (the counterpart answers in turn)."""
    if collective.refers_to != "previous" or collective.text not in lexicon.HONORIFICS:
        return None
    named = [p for p in doc.people if p.end <= collective.start and p.party]
    return named[-1].party if named else None


def entities_in(doc: ArticleDoc, start: int, end: int) -> list[Entity]:
    """The entities starting in [start, end); a party inside a person's name found there is
    that person."""
    entities = doc.entities
    first = bisect.bisect_left(entities, start, key=lambda e: e.start)
    found: list[Entity] = []
    for entity in entities[first:]:
        if entity.start >= end:
            break
        if not any(start <= person < end for person in entity.covered_by):
            found.append(entity)
    return found


def subject_right_before(
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
        for e in entities_in(doc, sentence_start, position)
        if e.codes or e.refers_to
    )


def subject_start(doc: ArticleDoc, start: int, end: int) -> int:
    """Skip opening frames ("Tại Hội nghị ..., ", "Bộ Ngoại giao cho biết, ")."""
    position = start
    for _ in range(4):
        rest = doc.text[position:end]
        match = _SOURCE_FRAME.match(rest) or _FRAME.match(rest)
        if not match:
            break
        position += match.end()
    return position


def anchor(doc: ArticleDoc, start: int, cue: Cue) -> int:
    """Where the speaker's verb sits: "nhấn mạnh ... cần" speaks through "nhấn mạnh"."""
    before = doc.text[start : cue.start]
    reports = list(REPORTING.finditer(before))
    if cue.kind == "need" and reports:
        return start + reports[-1].start()
    if reports and before[reports[-1].end() :].strip(" ,") in lexicon.BETWEEN_SPEAKER_AND_CUE:
        return start + reports[-1].start()
    return cue.start


def _is_list(gaps: list[str]) -> bool:
    """ "A, B và C" is a list; "A, B" alone is two clauses."""
    return all("," not in gap for gap in gaps) or lexicon.AND in gaps[-1]


def _same_head_gap(text: str, first: Entity, second: Entity) -> str:
    """ "Bộ Quốc phòng Việt Nam và Bộ Quốc phòng Campuchia": the repeated head joins a list."""
    gap = text[first.end : second.start]
    joined = _HEAD_REPEATED.fullmatch(gap)
    if joined and text[: first.start].rstrip().endswith(joined["head"]):
        return gap[: joined.start("head")]
    return gap


def read_list(
    text: str, entities: list[Entity], index: int, step: int, opening: int | None = None
) -> list[Entity]:
    """The entity at `index` with those joined to it by ",", "và", "cùng" or a hyphen
    ("ASEAN, Trung Quốc và Hàn Quốc"), read backwards (`step` -1: a subject right before its
    verb) or forwards (1: the sentence's subject from its start).

    "A, B và C" is a list; "A, B" alone is two clauses, so the far end is dropped until the
    rest reads as a list, unless the list opens the sentence (from `opening`): headlines write
    "Mỹ, Nhật nhất trí ...".
    """
    group = [entities[index]]
    gaps: list[str] = []
    i = index
    while 0 <= i + step < len(entities):
        near, far = entities[i], entities[i + step]
        gap = _same_head_gap(text, far, near) if step < 0 else _same_head_gap(text, near, far)
        if not (_JOINER.fullmatch(gap) and far.codes):
            break
        group.insert(len(group) if step > 0 else 0, far)
        gaps.insert(len(gaps) if step > 0 else 0, gap)
        i += step
    if opening is not None and (
        not text[opening : group[0].start].strip()
        or _LIST_OPENING.fullmatch(text, opening, group[0].start)
    ):
        return group
    far_end = -1 if step > 0 else 0
    while gaps and not _is_list(gaps):
        group.pop(far_end)
        gaps.pop(far_end)
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


def actors(
    doc: ArticleDoc,
    start: int,
    end: int,
    anchor: int,
    meeting: MeetingFinding | None,
    previous: list[str],
) -> tuple[list[str], bool]:
    """Actors of the cue at `anchor`, and whether they came from a collective subject."""
    begin = subject_start(doc, start, anchor)
    clause_start = max(begin, doc.text.rfind(",", start, anchor) + 1)
    clause_start = max(clause_start, doc.text.rfind(";", start, anchor) + 1)
    entities = [
        e
        for e in entities_in(doc, begin, anchor)
        if not _OBJECT_BEFORE.search(doc.text[max(start, e.start - 12) : e.start])
    ]
    in_clause = [i for i, e in enumerate(entities) if e.start >= clause_start]
    if len(in_clause) > 1 and _own_next_verb(doc.text, entities[in_clause[-1]].end, anchor):
        group = read_list(doc.text, entities, in_clause[0], 1)
    elif in_clause:
        group = read_list(doc.text, entities, in_clause[-1], -1, begin)
    elif entities and entities[0].start - begin <= _SUBJECT_REACH:
        # The cue's own clause names nobody: the sentence's subject speaks.
        first = 0
        while first + 1 < len(entities) and entities[first + 1].start == entities[first].start:
            first += 1
        group = read_list(doc.text, entities, first, 1)
    elif previous and _CONTINUATION.fullmatch(doc.text, start, anchor):
        # "Đồng thời đề nghị ...": the sentence goes on with the previous item's subject.
        return list(previous), False
    else:
        return [], False
    # "các nước G7": the named party wins over the collective.
    explicit = [e for e in group if e.codes or e.refers_to == "person"]
    collective = not explicit
    codes = resolve(explicit or group, meeting, previous)
    if meeting and collective and len(codes) != 2 and _names_two(doc, group):
        codes = _two_sides(doc, start) or codes
    return expand(codes), collective


def _own_next_verb(text: str, after_entity: int, anchor: int) -> bool:
    """ "Việt Nam hoan nghênh Nhật Bản tiếp tục ủng hộ ASEAN và đề nghị ...": "và" opens the
    subject's next verb, so the party before it is an object: the clause's first party speaks."""
    return bool(_AND_OWN_VERB.fullmatch(text, after_entity, anchor))


def _names_two(doc: ArticleDoc, group: list[Entity]) -> bool:
    return any(
        doc.text[e.start : e.end].lower().startswith(lexicon.TWO + " ") and e.refers_to
        for e in group
    )


def _two_sides(doc: ArticleDoc, position: int) -> list[str]:
    """ "Hai nhà lãnh đạo" where the sentence's meeting is not two-sided (a summit named as the
    occasion): the latest two-sided meeting named before, else the last two parties whose
    people were named."""
    two_sided = [m for m in doc.meetings if len(m.parties) == 2 and m.start < position]
    if two_sided:
        return list(two_sided[-1].parties)
    parties: list[str] = []
    for person in reversed([p for p in doc.people if p.end <= position and p.party]):
        if person.party not in parties:
            parties.insert(0, person.party)
        if len(parties) == 2:
            return parties
    return []
