"""Participants of each meeting: its sides, and the people named in the sentences that
report it, with their role (chair, co-chair, coordinator)."""

from __future__ import annotations

import bisect
import re

from corpus_import import patterns
from corpus_import.doc import ArticleDoc, ParticipantFinding


def add(doc: ArticleDoc) -> None:
    contexts = doc.sentence_meetings
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
        for pattern, value in patterns.ROLE_CUES:
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
    index = bisect.bisect_right(starts, position) - 1
    return index if index >= 0 else None
