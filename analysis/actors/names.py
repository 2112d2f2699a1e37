"""Name keys: one normalised key per spelling of a name, and the small rules on name strings.

Plain string functions (no spaCy): the entity layer, the gazetteer, the store's corpus identities and the
notebooks' frames all key names with :func:`name_key`, so "Iran’s", "Iran's" and "Iran" are one name
everywhere.

>>> name_key("Iran’s")
'iran'
>>> acronym_of("PMU", "Popular Mobilization Units")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

APOSTROPHES = "’‘`´ʼ"
# Words left out when reading an acronym's letters off a name ("Islamic Revolution Guards Corps" -> IRGC).
STOP_IN_ACRONYM = {"of", "the", "and", "for", "in", "on", "al", "de", "la", "&"}


@lru_cache(maxsize=200_000)  # pure, and asked for the same words thousands of times per article
def fold(text: str) -> str:
    """Typographic folding only: curly apostrophes to ', accents dropped (Erdoğan -> Erdogan)."""
    for ch in APOSTROPHES:
        text = text.replace(ch, "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)  # pure: the same names and words are keyed over and over
def name_key(text: str) -> str:
    """One lookup key for the variants of a name.

    Case, apostrophe style, accents, a possessive, a leading 'the', dots (U.S.) and hyphen/space
    differences are ignored: "Iran’s", "Iran's" and "Iran" share a key, and so do "al-Sha’abi" / "Al Sha'abi".
    """
    text = fold(text).strip().lower()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = text.replace(".", "").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def surface_variants(name: str) -> set[str]:
    """Spellings to match in text for one alias: apostrophe styles, Al-/al-, all-caps headline form."""
    out = {name}
    if "'" in name or "’" in name:
        out |= {name.replace("'", "’"), name.replace("’", "'")}
    for v in list(out):
        if "al-" in v:
            out.add(v.replace("al-", "Al-"))
        if v.startswith("Al-"):
            out.add("al-" + v[3:])
    if len(name) >= 4 and not name.isupper():
        out |= {v.upper() for v in list(out)}
    return out


def acronym_key(short: str) -> tuple[str, ...] | None:
    """The letters of a name shaped like an acronym, lower-cased ('P.M.U.' -> ('p', 'm', 'u')), else None."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
        return None
    return tuple(c.lower() for c in letters)


def initials(long: str) -> tuple[str, ...]:
    """The first letters of the words of a name that an acronym abbreviates (articles and the like left out)."""
    return tuple(w[0] for w in name_key(long).split() if w not in STOP_IN_ACRONYM)


def acronym_of(short: str, long: str) -> bool:
    """'PMU' abbreviates 'Popular Mobilization Units'; 'IRGC' 'Islamic Revolution Guards Corps'."""
    key = acronym_key(short)
    return key is not None and initials(long) == key
