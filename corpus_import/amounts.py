"""Money and quantities in Vietnamese number style: "10,5 triệu USD", "một tỷ liều"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from corpus_import import lexicon
from corpus_import.doc import Amount

_NUMBER = r"\d+(?:[.,]\d+)*|" + "|".join(lexicon.NUMBER_WORDS)
_MULTIPLIER = "|".join(lexicon.MULTIPLIERS)
_CURRENCY = "|".join(sorted((re.escape(c) for c in lexicon.CURRENCIES), key=len, reverse=True))
_UNIT = "|".join(sorted((re.escape(u) for u in lexicon.QUANTITY_UNITS), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER})\s*(?P<multiplier>(?:(?:{_MULTIPLIER})\s*)*)"
    rf"(?:(?P<currency>{_CURRENCY})|(?P<unit>{_UNIT}))(?!\w)"
)


def parse_number(text: str) -> Decimal | None:
    """Vietnamese style: "." groups thousands, "," is the decimal mark."""
    if text in lexicon.NUMBER_WORDS:
        return Decimal(lexicon.NUMBER_WORDS[text])
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = f"{head.replace(',', '')}.{tail}" if len(tail) != 3 else text.replace(",", "")
    elif text.count(".") >= 1:
        head, _, tail = text.rpartition(".")
        text = text.replace(".", "") if len(tail) == 3 else text
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[Amount]:
    found = []
    for match in _AMOUNT.finditer(text):
        number = parse_number(match["number"])
        if number is None:
            continue
        # Bare "năm" is also the word for "year": only take it with a multiplier.
        if match["number"] in lexicon.NUMBER_WORDS and not match["multiplier"].strip():
            continue
        for word in match["multiplier"].split():
            number *= lexicon.MULTIPLIERS[word]
        if match["currency"]:
            found.append(
                Amount(number, currency=lexicon.CURRENCIES[match["currency"]], text=match[0])
            )
        elif match["multiplier"].strip():
            found.append(Amount(number, unit=match["unit"], text=match[0]))
    return found
