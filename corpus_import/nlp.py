"""The one place underthesea is called; its string output is mapped back to character offsets.

underthesea returns strings (sentences, words joined by spaces, tags) without positions. Each
function here finds its pieces again in the input, left to right, so every result is a span of
the text the caller passed in. Only the CRF models that ship with the package are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus_import import lexicon, patterns
from corpus_import.doc import ArticleDoc, Span


@dataclass
class Token(Span):
    text: str
    pos: str = ""
    ner: str = ""


def _locate(text: str, pieces: list[str], offset: int = 0) -> list[tuple[int, int]]:
    """Offsets of `pieces` found in order in `text`; a piece that cannot be found is skipped."""
    spans = []
    cursor = 0
    for piece in pieces:
        index = text.find(piece, cursor)
        if index < 0:
            # underthesea may re-space a piece ("3/8 ," or a word joined differently).
            pattern = r"\s*".join(re.escape(part) for part in piece.split())
            match = re.compile(pattern).search(text, cursor) if pattern else None
            if match is None:
                continue
            spans.append((offset + match.start(), offset + match.end()))
            cursor = match.end()
            continue
        spans.append((offset + index, offset + index + len(piece)))
        cursor = index + len(piece)
    return spans


_CREDIT_AFTER = re.compile(patterns.CREDIT_AFTER_SENTENCE)
_CREDIT_OPENING = re.compile(patterns.CREDIT_OPENING)
_CAPTION_MAX = 300
_ELLIPSIS_BREAK = re.compile(r"…\s+(?=[A-ZĐÀ-Ỹ])")


def split_sentences(doc: ArticleDoc) -> None:
    doc.sentences = sentences(doc.text)


def sentences(text: str) -> list[Span]:
    """Sentence spans: paragraphs are split on line breaks, then by `sent_tokenize`.

    A short sentence right before a photo credit is the photo's caption and is left out.
    """
    from underthesea import sent_tokenize

    spans: list[Span] = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            for whole in _join_initials(text, _locate(line, sent_tokenize(line), position)):
                for start, end in _split_after_ellipsis(text, *whole):
                    if text[start:end].strip() and not _is_caption(text, start, end):
                        spans.append(Span(start, end))
        position += len(line) + 1
    return spans


# "Tổng thống Pháp Ê.Ma-crông", "V. Pu-tin": a transliterated name's initial, not a full stop;
# "châu Á.", "nước Ý." end a sentence on a one-letter name.
_INITIAL_END = re.compile(
    r"(?:^|[\s(])(?!(?:" + "|".join(lexicon.ONE_LETTER_NAMES) + r")\.)"
    r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\.$"
)


def _join_initials(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue back a sentence `sent_tokenize` ended on a name's initial."""
    joined: list[tuple[int, int]] = []
    for start, end in pieces:
        if joined and _INITIAL_END.search(text, max(0, joined[-1][1] - 3), joined[-1][1]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _split_after_ellipsis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "... hỗ trợ khởi nghiệp… Thời gian tới, Thủ tướng ...": `sent_tokenize` keeps an
    ellipsis inside the sentence, but one followed by a capital opens the next."""
    pieces: list[tuple[int, int]] = []
    for match in _ELLIPSIS_BREAK.finditer(text, start, end):
        pieces.append((start, match.start() + 1))
        start = match.end()
    pieces.append((start, end))
    return pieces


def _is_caption(text: str, start: int, end: int) -> bool:
    return (
        end - start <= _CAPTION_MAX
        and bool(_CREDIT_AFTER.match(text, end))
        and not _CREDIT_OPENING.match(text, start)
    )


def words(text: str, offset: int = 0) -> list[Token]:
    """Word spans from `word_tokenize` (multi-syllable words are one token)."""
    from underthesea import word_tokenize

    pieces = word_tokenize(text)
    return [
        Token(start, end, text[start - offset : end - offset])
        for start, end in _locate(text, pieces, offset)
    ]


@lru_cache(maxsize=4096)
def _ner(text: str) -> tuple[tuple[str, str, str, str], ...]:
    from underthesea import ner

    return tuple(tuple(row) for row in ner(text))


def entities(text: str, offset: int = 0) -> list[Token]:
    """Words with part of speech and NER tag from the CRF `ner` (which runs `pos_tag` first).

    Costly per syllable, so callers pass short windows (a title and the words after it).
    """
    rows = _ner(text)
    located = _locate(text, [row[0] for row in rows], offset)
    return [
        Token(start, end, row[0], row[1], row[3])
        for (start, end), row in zip(located, rows, strict=False)
    ]


def pos_tags(text: str, offset: int = 0) -> list[Token]:
    """Words with part-of-speech tags from `pos_tag`."""
    from underthesea import pos_tag

    rows = pos_tag(text)
    located = _locate(text, [row[0] for row in rows], offset)
    return [
        Token(start, end, row[0], row[1]) for (start, end), row in zip(located, rows, strict=False)
    ]


def warm_up() -> None:
    """Load the CRF models once (in each worker process) before timing-sensitive work."""
    sentences("Xin chào.")
    words("Xin chào")
    entities("Ông Putin")
