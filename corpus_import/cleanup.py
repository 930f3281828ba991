"""Turn a raw article (text or saved HTML page) into the text that offsets will refer to."""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache

from corpus_import import lexicon, patterns
from corpus_import.doc import UNKNOWN_DATE, PartialDate
from corpus_import.reading import UnreadableArticle

_WORD = re.compile(r"\w+")
_CREDIT = re.compile(patterns.PHOTO_CREDIT)
_NAVIGATION = [re.compile(p) for p in patterns.NAVIGATION_LINES]
_DATELINE = re.compile(patterns.DATELINE)
_URL_LINE = re.compile(r"^\S*https?://\S+$")
# A caption run into body text: "... tại Nam Cực. Ảnh:AP/TTXVN Hội đồng ...". The credit is one
# token, or words up to a full stop.
_INLINE_CAPTION = re.compile(
    r"(?:(?<=[.!?…”\"])\s+|^)(?P<caption>[^.!?…]{0,200}?)(?:\s*[-–]\s*|\s*\(\s*|\s+)"
    + patterns.PHOTO_CREDIT
    + r"\s*(?P<credit>[^\s().]+(?:\s+[A-ZĐ][^\s().]*){0,3})\s*\)?\.?(?=\s|$)"
)


@lru_cache(maxsize=65536)
def _token_normalize(word: str) -> str:
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize(word)


def normalize_unicode(text: str) -> str:
    """NFC, then underthesea's tone-mark normalization word by word ("hoà" -> "hòa").

    `text_normalize` itself re-tokenizes and re-spaces punctuation; applied per word it keeps
    the article's spacing, so sentences stay substrings of what a reader sees.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return _WORD.sub(lambda m: _token_normalize(m.group()), text)


def _is_caption_line(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("|") or stripped.endswith("|"):
        return True
    credits = list(_CREDIT.finditer(stripped))
    # A credit near the end of a short line: the whole line is a caption.
    return bool(credits) and len(stripped) - credits[-1].end() < 60 and len(stripped) < 400


def _is_byline(line: str, position: str) -> bool:
    """A short run of capitalised words with no sentence punctuation: a byline or agency."""
    words = line.split()
    if not words or len(words) > 4 or re.search(r"[.,;:!?]", line):
        return False
    return all(w[:1].isupper() for w in words) and position in ("head", "tail")


def _strip_related(lines: list[str]) -> list[str]:
    """Cut at a "TIN LIÊN QUAN" / "Đọc thêm" header: in the back half, drop everything after;
    earlier, drop the header and the run of headline lines that follows it."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    out: list[str] = []
    skipping = False
    for line in lines:
        stripped = line.strip()
        if stripped in lexicon.RELATED_HEADERS or any(
            stripped.startswith(h + ":") for h in lexicon.RELATED_HEADERS
        ):
            if seen / total > 0.4:
                return out
            skipping = True
            continue
        if skipping:
            if stripped and not re.search(r"[.!?…]$", stripped) and len(stripped) < 200:
                seen += len(line)
                continue
            skipping = False
        out.append(line)
        seen += len(line)
    return out


def clean_text(raw: str) -> tuple[str, PartialDate]:
    """Stored text of an article, and the date of a leading "date YYYY-MM" line if any."""
    text = normalize_unicode(raw)
    dateline = UNKNOWN_DATE
    match = _DATELINE.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), match[3]
        if day:
            dateline = PartialDate(datetime.date(year, month, int(day)), "day")
        else:
            dateline = PartialDate(datetime.date(year, month, 1), "month")
        text = text[match.end() :]
    lines: list[str] = []
    for line in text.split("\n"):
        # Table pipes from a page layout: cell borders, not content.
        line = re.sub(r"\s*\|\s*", " ", line).strip() if "|" in line else line.strip()
        lines.append(line)
    raw_lines = text.split("\n")
    kept: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        original = raw_lines[index].strip()
        if not line:
            kept.append("")
            continue
        if _is_caption_line(original) or _is_caption_line(line):
            continue
        if any(p.search(line) for p in _NAVIGATION) or _URL_LINE.match(line):
            continue
        if line in seen and len(line) < 300:
            continue
        seen.add(line)
        kept.append(line)
    kept = _strip_related(kept)
    content = [i for i, line in enumerate(kept) if line]
    for position, indexes in (("head", content[1:3]), ("tail", content[-1:])):
        for i in indexes:
            if _is_byline(kept[i], position):
                kept[i] = ""
    kept = [_strip_inline_captions(line) for line in kept]
    out = "\n".join(kept)
    out = re.sub(r"[ \t]+", " ", out)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return out, dateline


# "[Mỹ cáo buộc một ngân hàng ...]": a bracketed link to another story inside the body.
_BRACKETED_LINK = re.compile(r"\s*\[[^\]\n]{10,200}\]\s*")


def _strip_inline_captions(line: str) -> str:
    line = _BRACKETED_LINK.sub(" ", line).strip() if "[" in line else line
    if not _CREDIT.search(line):
        return line
    return _INLINE_CAPTION.sub("", line).strip()


def split_title(text: str) -> str:
    """The first line, when it reads as a headline (short, no final full stop)."""
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 250 and not first.endswith("."):
        return first
    return ""


# A news page nests a few dozen elements deep. A page of tens of thousands of unclosed tags
# made the parser build a tree as deep: 300 KB of them took 3-4 s and left a web worker tens
# of megabytes larger. Pages nested deeper than this are refused before parsing.
MAX_HTML_DEPTH = 400
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
# Elements that never hold others, and those HTML closes implicitly (an unclosed <p> or <li>
# is ordinary markup): neither deepens the page.
# fmt: off
_FLAT_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
})
# fmt: on


def html_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags without parsing it."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT_ELEMENTS:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


# The page's own publication date: Open Graph's article:published_time, schema.org's
# datePublished, or an HTML5 <time datetime="...">. Attributes may come in any order.
_META_TAG = re.compile(
    r"<meta\b[^>]*\b(?:property|name|itemprop)\s*=\s*[\"']"
    r"(?:article:published_time|datePublished|pubdate|date)[\"'][^>]*>",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"\bcontent\s*=\s*[\"'](\d{4})-(\d{2})-(\d{2})", re.IGNORECASE)
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"'](\d{4})-(\d{2})-(\d{2})", re.IGNORECASE)


def html_published_on(html: str) -> datetime.date | None:
    """The day a saved web page says it was published, if its markup says so."""
    for tag in _META_TAG.finditer(html):
        content = _CONTENT.search(tag.group())
        if content:
            return _valid_date(*content.groups())
    match = _TIME_TAG.search(html)
    return _valid_date(*match.groups()) if match else None


def _valid_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def html_to_text(html: str) -> str:
    """Visible article text of a saved web page, one block per line, title first."""
    from bs4 import BeautifulSoup

    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise UnreadableArticle(
            f"HTML nested {depth} elements deep (above {MAX_HTML_DEPTH}): unclosed tags, not a "
            "saved news page"
        )

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    for tag in soup.find_all(["figure", "figcaption"]):
        tag.decompose()
    root = soup.find("article") or soup.body or soup
    heading = root.find("h1") or soup.find("title")
    title = heading.get_text(" ", strip=True) if heading else ""
    blocks: list[str] = [title] if title else []
    for block in root.find_all(["h2", "h3", "p", "li", "blockquote", "td"]):
        if block.find(["p", "li"]):
            continue
        value = block.get_text(" ", strip=True)
        if value and value != title:
            blocks.append(value)
    if len(blocks) <= 1:
        blocks.append(root.get_text("\n", strip=True))
    return "\n\n".join(blocks)
