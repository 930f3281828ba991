"""Cues: the words that make a sentence a commitment, and the filter rows that pass some over.

The cue and filter rows live in `rule_table`; this step's checks are the ones a row names in
`check`, for what a pattern cannot say (a subject right before the cue, underthesea's words).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from corpus_import import lexicon, nlp, patterns, rule_engine
from corpus_import.doc import ArticleDoc
from corpus_import.rule_engine import Cue, CueContext, SentenceContext, check
from corpus_import.subjects import REPORTING, entities_in, subject_right_before, subject_start

_SCHEDULE = re.compile(patterns.SCHEDULE_AFTER_WILL)
_WILL = re.compile(patterns.WILL, re.IGNORECASE)
_BEFORE_WILL = re.compile(patterns.BEFORE_WILL)
_PAST_TIME = re.compile(patterns.PAST_TIME)
_REAFFIRMED = re.compile(patterns.REAFFIRMED_BEFORE_CUE)
# "đánh giá cao sự ủng hộ": thanks for support received, not support declared.
_APPRECIATION = re.compile(patterns.APPRECIATION_OF_NOUN)
_HOPE_THAT_WILL = re.compile(patterns.HOPE_THAT_WILL)

raw_cues = rule_engine.raw_cues


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


@check("in_opening_frame")
def _in_opening_frame(context: CueContext) -> bool:
    """Cues inside an opening frame ("Cảm ơn X luôn ủng hộ ..., ") are not the sentence's own."""
    sentence = context.sentence
    frame_end = sentence.once(
        "frame_end", lambda: subject_start(sentence.doc, sentence.start, sentence.end)
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
    return not subject_right_before(sentence.doc, sentence.start, context.cue.start, _BEFORE_WILL)


@check("need_of_no_one")
def _need_of_no_one(context: CueContext) -> bool:
    """ "cần" is a proposal when someone says it, or when a party is its subject ("Nhật Bản cần
    tăng cường ..."); alone ("cần có thời gian") it is no one's."""
    sentence = context.sentence
    return (
        not REPORTING.search(context.before)
        and lexicon.AGREED not in context.before
        and not subject_right_before(sentence.doc, sentence.start, context.cue.start)
    )


@check("continue_without_subject")
def _continue_without_subject(context: CueContext) -> bool:
    sentence = context.sentence
    return not subject_right_before(sentence.doc, sentence.start, context.cue.start)


@check("hope_of_own_plan")
def _hope_of_own_plan(context: CueContext) -> bool:
    """A hope is a request when another party or a "sẽ" clause follows it; "hy vọng mở rộng
    hợp tác" is the speaker's own plan."""
    if _HOPE_THAT_WILL.match(context.after):
        return False
    cue_end = context.cue.end
    return not any(e.codes or e.refers_to for e in entities_in(context.doc, cue_end, cue_end + 2))


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
                word == lexicon.NOUN_MARKER
                and REPORTING.search(stripped[-30:])
                and not _APPRECIATION.search(stripped)
            )
    return None
