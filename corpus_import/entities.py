"""Parties, people with their titles, and collective subjects ("các nước", "hai bên").

underthesea's CRF NER alone mislabels this domain ("Bộ trưởng Ngoại giao" comes out as a
location), so parties come from the catalog's aliases, people from the title lexicon followed by
a capitalised run, and the NER model only confirms that the run is a name.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from corpus_import import lexicon, nlp, patterns
from corpus_import.doc import ArticleDoc, Collective, PartyMention, Person
from tracker.party_catalog import STATE, alias_index, catalog

_CAPITALISED = re.compile(r"[A-ZÀ-ỸĐ][\w'’-]*")
_TITLE_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(t) for t in lexicon.TITLES) + r")(?!\w)"
)
_TITLE_QUALIFIER = re.compile(patterns.TITLE_QUALIFIERS)
_ANAPHORIC_HONORIFIC = re.compile(patterns.ANAPHORIC_HONORIFIC)
_TITLE_END = re.compile(
    r"(?:"
    + _TITLE_PATTERN.pattern
    + "|"
    + lexicon.COUNTERPART
    + r")\s*(?:"
    + patterns.TITLE_QUALIFIERS
    + r")?$"
)
_COLLECTIVE_PATTERN = re.compile(
    r"(?<!\w)(?P<phrase>"
    + "|".join(
        re.escape(p)
        for p in sorted(
            lexicon.ANAPHORIC_ACTORS + lexicon.PARTNER_TARGETS + lexicon.COLLECTIVE_ACTORS,
            key=len,
            reverse=True,
        )
    )
    + r")(?!\w)",
    re.IGNORECASE,
)
# "Hội nghị nhất trí": the meeting as subject, at the start of a sentence or clause.
_MEETING_SUBJECT = re.compile(
    r"(?:(?<=^)|(?<=[.!?;,\n])\s*|(?<=[.!?;,\n]))(?P<subject>"
    + patterns.MEETING_AS_SUBJECT
    + ")"
    + patterns.PREDICATE_AFTER_SUBJECT
)


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    index = {**lexicon.EXTRA_PARTY_ALIASES, **alias_index()}
    return tuple(sorted(index.items(), key=lambda item: len(item[0]), reverse=True))


@cache
def is_state(code: str) -> bool:
    return any(entry.code == code and entry.kind == STATE for entry in catalog())


@cache
def members(code: str) -> tuple[str, ...]:
    for entry in catalog():
        if entry.code == code:
            return entry.members
    return ()


def expand(codes: list[str]) -> list[str]:
    """ASEAN+3 and EAS stand for their members; other groupings stay themselves."""
    out: list[str] = []
    for code in codes:
        for part in members(code) if code in lexicon.EXPANDED_GROUPINGS else (code,):
            if part not in out:
                out.append(part)
    return out


def _is_capitalised_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and not word.isupper()


def find_parties(text: str) -> list[PartyMention]:
    """Alias matches, whole words, case-sensitive; longest alias first at each position.

    An alias inside a run of capitalised syllables is part of another name ("Ấn Độ Dương",
    "Nguyễn Minh Đức"), except right after a title ("Ngoại trưởng Nhật Bản Motegi").
    """
    present = [(alias, code) for alias, code in _aliases() if alias in text]
    if not present:
        return []
    pattern = re.compile(
        r"(?<![\w+])(?:" + "|".join(re.escape(a) for a, _ in present) + r")(?![\w+])"
        r"|(?<![\w])ASEAN\s*\+\s*3(?![\w])"
    )
    index = dict(present)
    found: list[PartyMention] = []
    for match in pattern.finditer(text):
        alias = match.group()
        code = index.get(alias) or ("ASEAN+3" if "+" in alias else None)
        if code is None:
            continue
        if not alias.isupper() and not any(ch.isdigit() for ch in alias):
            before = text[max(0, match.start() - 30) : match.start()]
            after = text[match.end() : match.end() + 30]
            # Only a neighbour joined by a plain space counts: "Bản, Nga" is a list.
            prev_word = before.split()[-1] if before.strip() and before.endswith(" ") else ""
            next_word = after.split()[0] if after.startswith(" ") and after.strip() else ""
            prev_word = "" if re.search(r"[^\w]$", prev_word) else prev_word
            after_title = bool(_TITLE_END.search(before)) or before.rstrip().endswith(
                lexicon.PARTY_HEADS
            )
            if _is_capitalised_word(prev_word) and not after_title:
                continue
            if (
                _is_capitalised_word(next_word)
                and not after_title
                and index.get(next_word) is None
                and not _starts_alias(after[1:], index)
            ):
                continue
        found.append(PartyMention(match.start(), match.end(), code, alias))
    return found


def _starts_alias(text: str, index: dict[str, str]) -> bool:
    return any(text.startswith(alias) for alias in index)


def find_collectives(text: str) -> list[Collective]:
    found = []
    for match in _COLLECTIVE_PATTERN.finditer(text):
        phrase = match["phrase"]
        lowered = phrase.lower()
        if lowered in lexicon.ANAPHORIC_ACTORS:
            refers = "previous"
        elif lowered in lexicon.PARTNER_TARGETS:
            refers = "partners"
        else:
            refers = "meeting"
        found.append(Collective(match.start(), match.end(), phrase, refers))
    for match in _MEETING_SUBJECT.finditer(text):
        found.append(Collective(match.start("subject"), match.end(), match["subject"], "meeting"))
    for match in _ANAPHORIC_HONORIFIC.finditer(text):
        group = "subject" if match["subject"] else "inner"
        found.append(Collective(match.start(group), match.end(), match[group], "previous"))
    return sorted(found, key=lambda c: c.start)


def _name_after(text: str, position: int) -> tuple[int, int] | None:
    """Span of a run of 1-4 capitalised words starting at `position`."""
    end = None
    # "V.Putin", "Ê. Ma-crông": a transliterated name may open with initials.
    words = re.finditer(r"(?:[A-ZÀ-ỸĐ]\.\s?)*[^\s,.;:()“”\"]+", text[position : position + 80])
    for count, match in enumerate(words):
        word = match.group()
        if position + match.start() != (end + 1 if end is not None else position):
            break
        # A name does not run on across a line break ("Medvedev\nTrưa 29/6").
        if end is not None and text[end] != " ":
            break
        if not word[0].isupper() or word in lexicon.NOT_NAME_WORDS or count == 4:
            break
        end = position + match.end()
    if end is None:
        return None
    return position, end


def _confirmed_by_ner(text: str, start: int, end: int) -> bool:
    """The CRF NER (with its POS tags) agrees the run is a proper name."""
    tokens = nlp.entities(text[start:end])
    return any(t.pos == "Np" or t.ner.endswith("PER") for t in tokens)


def _looks_vietnamese(name: str) -> bool:
    return name.split()[0] in lexicon.VIETNAMESE_SURNAMES


_OBJECT_OF_VERB = re.compile(patterns.PERSON_AS_OBJECT)
_RECEIVED = re.compile(patterns.RECEIVED_BEFORE)
_PLURAL_BEFORE = re.compile(
    lexicon.alternation(lexicon.case_variants(lexicon.PLURAL_MARKERS)) + r"\s+$"
)


def find_people(text: str, parties: list[PartyMention]) -> list[Person]:
    """Titles, an optional country or organization, and an optional name after them.

    A bare title ("Bộ trưởng cũng đề nghị") refers back to the last person with that title.
    A title with no country is a Vietnamese official: that is how Vietnamese reporting writes.
    """
    by_start = {p.start: p for p in parties}
    people: list[Person] = []
    known: dict[str, str | None] = {}
    explicit: dict[str, str] = {}
    confirmed: dict[str, bool] = {}
    pending_start: int | None = None
    for match in _TITLE_PATTERN.finditer(text):
        if people and match.start() < people[-1].end:
            continue
        # "các Bộ trưởng", "hai Ngoại trưởng": a collective, not a person.
        if _PLURAL_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            continue
        title_end = match.end()
        party = None
        qualifier = _TITLE_QUALIFIER.match(text, title_end + 1)
        if text[title_end : title_end + 1] == " " and qualifier and qualifier.end() in by_start:
            title_end = qualifier.end() - 1
        # "Trưởng SOM ASEAN Việt Nam": the last party named in the title is the person's.
        while text[title_end : title_end + 1] == " " and title_end + 1 in by_start:
            mention = by_start[title_end + 1]
            party = mention.code
            title_end = mention.end
        start = match.start() if pending_start is None else pending_start
        # "Phó Thủ tướng, Bộ trưởng Ngoại giao Bùi Thanh Sơn": one person, two titles.
        if party is None and _TITLE_PATTERN.match(text, _skip_joiner(text, title_end)):
            pending_start = start
            continue
        pending_start = None
        name = ""
        end = title_end
        span = _name_after(text, title_end + 1) if text[title_end : title_end + 1] == " " else None
        if span and span[0] not in by_start:
            candidate = text[span[0] : span[1]]
            if candidate not in confirmed:
                confirmed[candidate] = _confirmed_by_ner(text, span[0], span[1])
            if confirmed[candidate]:
                name, end = candidate, span[1]
        if not name and party is None:
            organ = _organ_state(text, title_end, by_start)
            if organ is not None:
                party, end = organ
                name_span = _name_after(text, end + 1) if text[end : end + 1] == " " else None
                if name_span and _confirmed_by_ner(text, *name_span):
                    name, end = text[name_span[0] : name_span[1]], name_span[1]
        title = text[start:title_end]
        if name and party is not None:
            explicit.setdefault(name, party)
        if name:
            if party is None:
                party = (
                    known.get(name) or _known_by_part(name, known) or _similar_known(name, known)
                )
            if party is None:
                party = _appositive_state(text, end, by_start)
            if party is None and _looks_vietnamese(name):
                party = "VN"
            known.setdefault(name, party)
        elif party is None and _RECEIVED.search(text, max(0, start - 12), start):
            # "Chủ tịch nước tiếp Phó Chủ tịch Hội nghị ...": a visitor, not the host resumed.
            pass
        elif party is None:
            head = next((h for h in lexicon.TITLE_HEADS if h in title), title)
            # The person thanked, welcomed or invited is not the one the bare title resumes.
            previous = next(
                (
                    p
                    for p in reversed(people)
                    if head in p.title
                    and not _OBJECT_OF_VERB.search(text, max(0, p.start - 30), p.start)
                ),
                None,
            )
            party = previous.party if previous else "VN"
            name = previous.name if previous else ""
        people.append(Person(start, end, name, title, party))
    # A headline may name "Ngoại trưởng Vương Nghị" before the lead gives his country.
    for person in people:
        if person.name and explicit.get(person.name, person.party) != person.party:
            person.party = explicit[person.name]
            known[person.name] = person.party
    # "Thủ tướng Shinzo Abe" with no country, and "Thủ tướng Nhật Bản" elsewhere: one person.
    for person in people:
        if person.name and person.party is None:
            head = next((h for h in lexicon.TITLE_HEADS if h in person.title), person.title)
            sides = {p.party for p in people if p.party and head in p.title}
            if len(sides) == 1:
                person.party = known[person.name] = sides.pop()
    for match in re.finditer(
        r"(?<!\w)(?:" + "|".join(lexicon.HONORIFICS) + r") (?=[A-ZÀ-ỸĐ])", text
    ):
        span = _name_after(text, match.end())
        if not span:
            continue
        name = text[span[0] : span[1]]
        full = next((n for n in known if name in n.split()), None)
        if full is not None:
            people.append(Person(match.start(), span[1], full, "", known[full]))
    return sorted(people, key=lambda p: p.start)


_APPOSITIVE = re.compile(patterns.APPOSITIVE_TITLE)


def _appositive_state(text: str, end: int, by_start: dict[int, PartyMention]) -> str | None:
    """ "Thượng tướng Phạm Trường Long - Phó Chủ tịch Quân ủy Trung ương Trung Quốc": the
    state of the title put after a name is the person's, whatever the name looks like."""
    match = _APPOSITIVE.match(text, end)
    if not match or not _TITLE_PATTERN.match(text, match.end()):
        return None
    stop = _APPOSITIVE_END.search(text, match.end(), match.end() + _APPOSITIVE_REACH)
    limit = stop.start() if stop else match.end() + _APPOSITIVE_REACH
    state = next(
        (
            by_start[s]
            for s in sorted(by_start)
            if match.end() <= s < limit and is_state(by_start[s].code)
        ),
        None,
    )
    if state is None:
        return None
    # After a comma the title may be the next clause's subject ("Tại cuộc hội kiến với Chủ tịch
    # nước Trần Đại Quang, Thủ tướng Belarus khẳng định ..."): an appositive closes there.
    if "," in match.group() and not _APPOSITIVE_CLOSE.match(text, state.end):
        return None
    return state.code


def _organ_state(
    text: str, title_end: int, by_start: dict[int, PartyMention]
) -> tuple[str, int] | None:
    """ "Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc) Bành Thanh Hoa",
    "Thống đốc tỉnh Chiba Nhật Bản": the state closing the organ or place a title is of, and
    where it ends (after a closing bracket)."""
    if not _ORGAN_START.match(text, title_end):
        return None
    stop = _ORGAN_END.search(text, title_end, title_end + _ORGAN_REACH)
    limit = stop.start() if stop else title_end + _ORGAN_REACH
    for position in sorted(p for p in by_start if title_end < p < limit):
        mention = by_start[position]
        # Past a place or another person ("Đặc phái viên của Thủ tướng Thái Lan"), the state
        # is not the organ's.
        if _PLACE_BEFORE.search(text, max(0, position - 6), position) or _TITLE_PATTERN.search(
            text, title_end, position
        ):
            return None
        if is_state(mention.code):
            end = mention.end + 1 if text[mention.end : mention.end + 1] == ")" else mention.end
            return mention.code, end
    return None


_ORGAN_END = re.compile(patterns.ORGAN_END)


_ORGAN_REACH = 90


_ORGAN_START = re.compile(patterns.ORGAN_START)


_PLACE_BEFORE = re.compile(patterns.PLACE_BEFORE)


_APPOSITIVE_END = re.compile(r"[,.;:()]")


_APPOSITIVE_CLOSE = re.compile(r"\s*(?:[,.;)]|$)")


_APPOSITIVE_REACH = 80


def _known_by_part(name: str, known: dict[str, str | None]) -> str | None:
    """ "Thủ tướng Abe" after "Thủ tướng Nhật Bản Shinzo Abe": one word of a known full name."""
    words = name.split()
    if len(words) != 1:
        return None
    return next((party for other, party in known.items() if words[0] in other.split()), None)


_TITLE_JOINER = re.compile(patterns.TITLE_JOINER)


def _skip_joiner(text: str, position: int) -> int:
    match = _TITLE_JOINER.match(text, position)
    return match.end() if match else len(text)


def _similar_known(name: str, known: dict[str, str | None]) -> str | None:
    for other, party in known.items():
        first = other.split()[0]
        if difflib.SequenceMatcher(None, name.split()[0], first).ratio() >= 0.8:
            return party
    return None


def annotate(doc: ArticleDoc) -> None:
    doc.parties = find_parties(doc.text)
    doc.collectives = find_collectives(doc.text)
    doc.people = find_people(doc.text, doc.parties)
