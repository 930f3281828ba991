"""Article bytes to text: a size limit, encoding detection, and refusal of what would be mojibake.

The one reader of articles, whatever brings them: a file of the command-line import, an upload
or a paste in the admin (`RawArticle`). Pure: no Django. Every refusal is an
`UnreadableArticle` whose message is a one-line reason the import summary prints next to the
article's name.

Accepted: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, and Windows-1258 (the
Windows code page for Vietnamese) when the decoded text reads as Vietnamese. Refused: empty and
binary files, files above `MAX_ARTICLE_BYTES`, and text in the pre-Unicode Vietnamese font
encodings TCVN3 (ABC) and VNI, or UTF-8 already garbled by a wrong decode ("Viá»‡t"): stored,
such text would be unsearchable and every extraction from it wrong.
"""

from __future__ import annotations

import datetime
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# A news article is tens of kilobytes; 5 MB is a hundred times the longest one in the corpus.
# Larger files are refused before they are read, so memory stays bounded whatever the input.
MAX_ARTICLE_BYTES = 5_000_000

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# C0 and C1 control characters other than tab, newlines and form feed: never in an article.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _vietnamese_letters() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {"đ", "Đ"}
    for vowel, tone in itertools.product(vowels, tones):
        letter = unicodedata.normalize("NFC", vowel + tone)
        letters.update((letter, letter.upper()))
    return frozenset(c for c in letters if not c.isascii())


VIETNAMESE_LETTERS = _vietnamese_letters()

# Vietnamese written in a legacy font encoding, then read as Latin-1/Windows-125x. TCVN3 (ABC)
# puts "à á ả ã ạ ă â ê ô ơ đ Đ" on these symbols ("Hà Nội" -> "Hµ Néi"); VNI writes a base
# letter followed by a mark byte ("Việt" -> "Vieät", "Hà" -> "Haø", "đ" -> "ñ").
_TCVN3_SIGNS = frozenset("µ¶·¸¹¨©ª«¬®§¡¢£¤¥¦\u00ad")
_VNI_SIGNS = frozenset("øïäåëüöñÑØÏÄÅËÜÖ")
# UTF-8 bytes read as Windows-1252: "ệ" -> "á»‡", "đ" -> "Ä‘", "ư" -> "Æ°".
_MOJIBAKE = re.compile(
    "á[º»]|Ã[\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u2122]|Ä[\u2018\u2019\u0091]|Æ[°¯]"
)
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


class UnreadableArticle(ValueError):
    """A file that cannot be imported as an article; the message says why, in one line."""


def read_article(path: str | Path) -> str:
    """The text of an article file, NFC-normalized, or `UnreadableArticle`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_ARTICLE_BYTES:
                raise UnreadableArticle(too_large(size))
            # Read one byte past the limit: a file growing while we read is still refused.
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableArticle(
            "file disappeared before it could be read (moved or deleted during the import)"
        ) from None
    except IsADirectoryError:
        raise UnreadableArticle("is a folder, not an article file") from None
    except PermissionError:
        raise UnreadableArticle("permission denied: the file cannot be read") from None
    return decode_article(data)


def too_large(size: int) -> str:
    """Why an article of `size` bytes is refused, for callers that know the size unread."""
    return (
        f"too large: {size / 1e6:.1f} MB, above the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit "
        "for one article"
    )


def decode_article(data: bytes) -> str:
    """Bytes of an article file to NFC text; refuses what cannot be decoded faithfully."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise UnreadableArticle(too_large(len(data)))
    if not data:
        raise UnreadableArticle("empty file")
    text, codec = _decode(data)
    return _checked(text, codec)


def check_text(text: str) -> str:
    """Text already decoded (a paste) to NFC text, under the same limit and refusals as a file:
    its size is counted in UTF-8, as the file it would have been."""
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise UnreadableArticle(too_large(size))
    if not text:
        raise UnreadableArticle("empty file")
    return _checked(text, "text")


def _checked(text: str, codec: str) -> str:
    # Decomposed input (NFD, as some Mac tools save it) and Windows-1258's separate tone marks
    # both compose here, so the same article always gives the same stored text.
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    if not text.strip():
        raise UnreadableArticle("empty file (only whitespace)")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise UnreadableArticle("binary file, not text (control characters)")
    _refuse_legacy(text)
    if codec == "cp1258" and not _reads_as_vietnamese(text):
        raise UnreadableArticle(
            "not valid UTF-8, and not Vietnamese in Windows-1258 either: save it as UTF-8"
        )
    return text


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec
            except UnicodeDecodeError:
                raise UnreadableArticle(
                    f"starts with a {name} byte-order mark but is not valid {name}"
                ) from None
    if b"\x00" in data:
        raise UnreadableArticle("binary file, not text (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise UnreadableArticle(
            "not valid UTF-8, UTF-16 or Windows-1258 text: save it as UTF-8"
        ) from None


def _refuse_legacy(text: str) -> None:
    non_ascii = sum(1 for c in text if not c.isascii())
    if not non_ascii:
        return
    mojibake = len(_MOJIBAKE.findall(text))
    if mojibake >= 2 and mojibake * 4 >= non_ascii / 2:
        raise UnreadableArticle(
            "garbled text: UTF-8 that was decoded in a wrong encoding and saved again "
            "(mojibake such as 'Viá»‡t'); re-export it from the source"
        )
    tcvn3 = sum(1 for c in text if c in _TCVN3_SIGNS)
    if tcvn3 >= 3 and tcvn3 * 5 >= non_ascii:
        raise UnreadableArticle(
            "legacy TCVN3 (ABC) Vietnamese encoding detected; convert it to Unicode (UTF-8) "
            "first, e.g. with UniKey's converter"
        )
    vni = sum(1 for c in text if c in _VNI_SIGNS)
    if vni >= 3 and vni * 5 >= non_ascii:
        raise UnreadableArticle(
            "legacy VNI Vietnamese encoding detected; convert it to Unicode (UTF-8) first, "
            "e.g. with UniKey's converter"
        )


def _reads_as_vietnamese(text: str) -> bool:
    """Windows-1258 decodes almost any bytes: accept it only when the letters are Vietnamese."""
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    stray_marks = sum(1 for c in text if unicodedata.category(c) == "Mn")
    vietnamese = sum(1 for c in letters if c in VIETNAMESE_LETTERS)
    return vietnamese > 0 and vietnamese >= 0.9 * len(letters) and stray_marks <= len(text) // 500


def is_html_name(name: str) -> bool:
    return Path(name).suffix.lower() in (".html", ".htm")


def looks_like_html(text: str) -> bool:
    """A saved web page whatever its file name says: it must go through the HTML clean-up."""
    return bool(_HTML_START.match(text[:1000]))


@dataclass(frozen=True)
class RawArticle:
    """One article to import, before it is read: its name, and the file that holds it or its
    bytes or text already in memory (an upload, a paste). A file is read where it is
    processed, so a run over many files never holds them all."""

    name: str
    content: Path | bytes | str
    published_on: datetime.date | None = None

    @classmethod
    def from_path(cls, path: str | Path, published_on: datetime.date | None = None) -> RawArticle:
        path = Path(path)
        return cls(path.name, path, published_on)

    @property
    def label(self) -> str:
        """How the import summary names it: a file by its path, anything else by its name."""
        return str(self.content) if isinstance(self.content, Path) else self.name

    def read(self) -> tuple[str, bool]:
        """The article's NFC text and whether it is a web page, or `UnreadableArticle`."""
        if isinstance(self.content, Path):
            text = read_article(self.content)
        elif isinstance(self.content, bytes):
            text = decode_article(self.content)
        else:
            text = check_text(self.content)
        return text, is_html_name(self.name) or looks_like_html(text)
