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
from dataclasses import dataclass
from functools import lru_cache

from analysis.yamldata import load_bundled

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


# ---------------------------------------------------------------- person names: parts and variants
#
# One person's name is written many ways ("Seyyed Abbas Mousavi", "Abbas Mousavi"; "Jake"/"Jacob Sullivan";
# "Bahram Qassemi"/"Bahram Ghasemi") and different people share surnames ("Bill"/"Hillary Clinton") or given
# names ("Paul Ryan"/"Paul Manafort"). The rules below decide when two written names may be one person; the
# data (titles, nicknames, transliteration rules, genders) is `analysis/data/names.yaml`.


# Styles that name a person by given name: the one word after "Prince", "King", "Pope" is no surname.
REGNAL_KINDS = {"royal"}
REGNAL_WORDS = {"pope"}
# Styles of rank: a person styled so is not addressed as "Mr"/"Mrs", and two different ranks are two people.
RANK_KINDS = {"royal", "noble", "clerical"}
ROMAN = re.compile(r"^(?=[ivx]+$)x{0,3}(ix|iv|v?i{0,3})$")


@dataclass(frozen=True)
class NameParts:
    """A person name as compared: given names (first + middle, folded), surname key, suffix ("jr"), and
    what its style says: the kind of its first telling title ("royal", "noble", "knight", "clerical",
    "military", "judicial", "address") and the gender a title or form of address gives ("Mrs", "Prince")."""

    given: tuple[str, ...]
    surname: str
    suffix: str = ""
    style: str = ""
    gender: str = ""

    @property
    def full(self) -> bool:
        """Has a given name and a surname ("Clinton" alone has not)."""
        return bool(self.given) and bool(self.surname)


@lru_cache(maxsize=1)
def name_data() -> dict:
    """The editable name data (`analysis/data/names.yaml`), with nickname pairs and variants indexed."""
    data = load_bundled("names.yaml") or {}
    groups: dict[str, int] = {}
    for n, group in enumerate(data.get("variants") or []):
        for name in group:
            groups[translit(str(name), data)] = n
    return {
        "titles": {str(t).lower() for t in data.get("titles") or []},
        "gender": {str(k).lower(): str(v) for k, v in (data.get("gender") or {}).items()},
        "nicknames": {frozenset((str(a).lower(), str(b).lower())) for a, b in data.get("nicknames") or []},
        "groups": groups,
        "rules": [(re.compile(a), b) for a, b in data.get("transliteration") or []],
        "particles": {str(p).lower() for p in data.get("particles") or []},
        "styles": {str(k).lower(): (str(v[0]), str(v[1] or "")) for k, v in (data.get("styles") or {}).items()},
        "not_people": {str(k).lower(): str(v) for k, v in (data.get("not_people") or {}).items()},
        "epithets": {str(e).lower() for e in data.get("epithets") or []},
        "pronoun_gender": {str(p).lower(): str(g) for g, ps in (data.get("pronoun_gender") or {}).items()
                           for p in ps or []},
    }


def translit(word: str, data: dict | None = None) -> str:
    """A spelling key for one name word: lower case, accents and hyphens dropped, the transliteration
    rules applied, doubled letters collapsed ("Qassemi" / "Ghasemi" / "Qasemi" -> "qasimi")."""
    rules = [(re.compile(a), b) for a, b in data.get("transliteration") or []] if data is not None \
        else name_data()["rules"]
    return _translit(word, tuple(rules))


@lru_cache(maxsize=100_000)  # pure; names repeat across thousands of articles
def _translit(word: str, rules: tuple) -> str:
    w = re.sub(r"[^a-z]", "", fold(word).lower())
    for pattern, repl in rules:
        w = pattern.sub(repl, w)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=100_000)
def name_parts(text: str) -> NameParts:
    """Given names, surname and suffix of a person name, titles and particles left out.

    >>> name_parts("Major General Seyed Abdolrahim Mousavi")
    NameParts(given=('abdolrahim',), surname='mousavi', suffix='', style='military', gender='')
    >>> name_parts("Donald Trump Jr.").suffix
    'jr'
    """
    from nameparser import HumanName  # name parts (suffixes, "de Blasio"): a maintained parser

    data = name_data()
    words = [w for w in re.split(r"\s+", fold(text).replace("’", "'").strip()) if w]
    style, gender, regnal = "", "", False
    while words and words[0].lower().strip(".,") in data["titles"] | data["epithets"]:
        word = words[0].lower().strip(".,")
        kind, sex = data["styles"].get(word, ("", ""))
        if kind and (not style or style == "royal" and word != "crown"):
            style = kind  # "Crown Prince": royal; "Mr" / "Sir" / "General": the first telling word
        gender = gender or sex
        regnal = regnal or kind in REGNAL_KINDS or word in REGNAL_WORDS
        words = words[1:]
    words = [w for w in words if w.strip(".,")]
    if not words:
        return NameParts((), "", "", style, gender)
    numeral = len(words) == 2 and ROMAN.match(words[1].lower().strip(".,")) is not None
    if regnal and (len(words) == 1 or numeral):
        # "Prince Harry", "Pope Francis", "Queen Elizabeth II": a given name, never a surname
        return NameParts((name_key(words[0]),), "", words[1].lower() if numeral else "", style, gender)
    parsed = HumanName(" ".join(words))
    suffix = re.sub(r"[^a-z]", "", parsed.suffix.lower())
    # one name and a suffix ("Donald Jr.", "Trump Jr"): the name is the surname, never the suffix
    last = [w for w in re.split(r"[\s\-]+", name_key(parsed.last or parsed.first or words[-1])) if w]
    while len(last) > 1 and last[0] in data["particles"]:
        last = last[1:]  # "al-Assad", "de Blasio": compared on "assad", "blasio"
    if not last:
        return NameParts((), "", suffix, style, gender)
    surname = last[-1]
    given_words = f"{parsed.first} {parsed.middle}" if parsed.last else ""
    given = [w for w in re.split(r"[\s\-]+", name_key(given_words)) if w]
    given += last[:-1]  # "Amir-Abdollahian", "Malek-Qassemi": the first part of a compound surname
    given = [g for g in given if g not in data["particles"] and g not in data["titles"]]
    if len(words) == 1:
        given = []
    return NameParts(tuple(g.replace(".", "") for g in given), surname, suffix, style, gender)


def same_given(a: str, b: str, nicknames: bool = True, initials: bool = True) -> bool:
    """Two given-name words that may be one name: equal, an initial, a nickname pair, a transliteration.
    Without `nicknames`, a nickname pair does not count (a bare "Harry" is not "Harold Wilson"); without
    `initials`, an initial is only itself (a bare "Slideshow" is not "S. Lee Merritt").

    >>> same_given("jake", "jacob"), same_given("behrooz", "behrouz"), same_given("bill", "hillary")
    (True, True, False)
    """
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return initials and a[:1] == b[:1]
    data = name_data()
    ta, tb = translit(a), translit(b)
    if ta == tb:
        return True
    ga, gb = data["groups"].get(ta), data["groups"].get(tb)
    if ga is not None and ga == gb:
        return True
    if not nicknames:
        return False
    if frozenset((a, b)) in data["nicknames"]:
        return True
    return _nickname_pair(a, b)


@lru_cache(maxsize=50_000)
def _nickname_pair(a: str, b: str) -> bool:
    """A direct pair in the `nicknames` package's curated English list (Jim/James, Chuck/Charles); names
    that only share a canonical form (Bill and Bob both "Robert") are not taken as one."""
    namer = _nick_namer()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b) \
        or b in namer.canonicals_of(a) or a in namer.canonicals_of(b)


@lru_cache(maxsize=1)
def _nick_namer():
    from nicknames import NickNamer

    return NickNamer()


def same_surname(a: str, b: str) -> bool:
    """Surname keys that are one name: equal, or equal once transliterated ("Qassemi" / "Ghasemi")."""
    return a == b or translit(a) == translit(b)


def compatible_names(a: str | NameParts, b: str | NameParts, spelling: bool = False) -> bool:
    """True when two full person names may name one person.

    Surnames must be one name; a suffix ("Jr.") must agree; the first given name of one must be one of
    the other's given names (nicknames and transliterations allowed: "Javad Zarif" is "Mohammad Javad
    Zarif"); middle names never block unless both names have one and their initials differ ("George H.W.
    Bush" is not "George W. Bush"). With `spelling`, slight misspellings count as one name too (see
    :func:`near_spelling`).

    >>> compatible_names("Hillary Rodham Clinton", "Hillary Clinton"), compatible_names("Bill Clinton", "Hillary Clinton")
    (True, False)
    """
    pa = a if isinstance(a, NameParts) else name_parts(a)
    pb = b if isinstance(b, NameParts) else name_parts(b)

    def given(x: str, y: str) -> bool:
        return same_given(x, y) or (spelling and near_spelling(x, y))

    if not pa.surname or not pb.surname:
        return False
    if styles_conflict(pa, pb):
        return False
    if not (same_surname(pa.surname, pb.surname) or (spelling and near_spelling(pa.surname, pb.surname))):
        return False
    if pa.suffix != pb.suffix:
        return False
    if not pa.given or not pb.given:
        return True
    if given(pa.given[0], pb.given[0]):
        ma, mb = pa.given[1:], pb.given[1:]
        return not (ma and mb) or ma[0][:1] == mb[0][:1]
    short, long = (pa, pb) if len(pa.given) <= len(pb.given) else (pb, pa)
    return len(short.given) < len(long.given) and any(given(short.given[0], g) for g in long.given[1:])


def styles_conflict(a: NameParts, b: NameParts) -> bool:
    """Two names whose styles say they are two people: a rank (royal, noble, clerical) against a form of
    address or another rank ("Lord Smith" / "Mr Smith", "Prince Charles" / "Cardinal Charles"), or a gender
    from a style against the other name's gender ("Mrs May" / "Mr May", "Mrs Corbyn" / "Jeremy Corbyn").

    >>> styles_conflict(name_parts("Mrs Corbyn"), name_parts("Jeremy Corbyn"))
    True
    """
    if a.style and b.style and a.style != b.style and (
            {a.style, b.style} & RANK_KINDS and {a.style, b.style} <= RANK_KINDS | {"address"}):
        return True
    return bool(a.gender or b.gender) and name_gender(a) is not None and name_gender(b) is not None \
        and name_gender(a) != name_gender(b)


def name_gender(name: str | NameParts) -> str | None:
    """"female" / "male" for a person name: the gender its style gives ("Mrs May", "Prince Harry"), else its
    first given name's when the data is sure of it (:func:`given_gender`) and no other given name the data is
    sure of disagrees; None when unknown. A model's span with words glued on ("Thomas County Clerk Shelly
    Harms") has given names that disagree; a middle name alone tells nothing ("Sunni Ali Powell").

    >>> name_gender("Ms Brazile"), name_gender("Ursula von der Leyen"), name_gender("Modly")
    ('female', 'female', None)
    >>> name_gender("Hillary Rodham Clinton"), name_gender("Thomas County Clerk Shelly Harms"), name_gender("Sunni Ali Powell")
    ('female', None, None)
    """
    p = name if isinstance(name, NameParts) else name_parts(name)
    if p.gender:
        return p.gender
    words = [w for w in p.given if len(w) > 1]
    first = given_gender(words[0]) if words and words[0] == p.given[0] else None
    if first is None:
        return None
    return first if all(given_gender(w) in (first, None) for w in words[1:]) else None


@lru_cache(maxsize=20_000)  # asked once per pronoun per candidate antecedent
def names_gender(names: tuple[str, ...]) -> str | None:
    """The gender of one person written under several names (an actor's name and aliases): the gender the
    names give when they agree, None when none gives one or two disagree (a name joined by mistake).

    >>> names_gender(("Hillary Clinton", "Clinton")), names_gender(("Clinton",))
    ('female', None)
    """
    genders = {g for g in map(name_gender, names) if g}
    return genders.pop() if len(genders) == 1 else None


def not_person_type(word: str) -> str | None:
    """The type a capitalised common word takes when read alone as a person ("Bill" -> LAW), else None."""
    return name_data()["not_people"].get(name_key(word))


def similar_names(a: str | NameParts, b: str | NameParts) -> bool:
    """:func:`compatible_names` allowing slight misspellings ("Falih al-Fayyadh" / "Faleh al-Fayad")."""
    return compatible_names(a, b, spelling=True)


def near_spelling(a: str, b: str) -> bool:
    """Two spellings of one name word: the same consonants in the same order and a rapidfuzz ratio of at
    least 80 ("Falih"/"Faleh"); "Ivana"/"Ivanka" (a consonant more) and "Hassan"/"Hossein" (too far apart)
    are different names."""
    from rapidfuzz import fuzz

    ta, tb = translit(a), translit(b)
    if len(ta) < 4 or len(tb) < 4:
        return False
    return _consonants(ta) == _consonants(tb) and fuzz.ratio(ta, tb) >= 80


def _consonants(word: str) -> str:
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


def consonant_key(surname: str) -> str:
    """What two surnames that may be one name share (equal transliterations, or a near spelling): the
    consonants of the transliteration. A lookup key, so names are compared only within it."""
    return _consonants(translit(surname))


def printed_name(name: str) -> str:
    """A person's name as news prints it in running text: a transcript label's or byline's capitals in title
    case, mixed-case names as they are.

    >>> printed_name("AMY GOODMAN"), printed_name("BASHAR AL-ASSAD"), printed_name("Mitch McConnell")
    ('Amy Goodman', 'Bashar Al-Assad', 'Mitch McConnell')
    """
    return name.title() if name.isupper() else name


def pronoun_gender(word: str) -> str | None:
    """"female" / "male" for a personal pronoun ("she", "him"), else None (names.yaml `pronoun_gender`)."""
    return name_data()["pronoun_gender"].get(word.lower())


def address_gender(word: str) -> str | None:
    """The gender a form of address gives ("Mrs", "Mr."), else None (names.yaml `styles` of kind address)."""
    kind, gender = name_data()["styles"].get(word.lower().rstrip("."), ("", ""))
    return gender or None if kind == "address" else None


def given_gender(word: str) -> str | None:
    """"female" / "male" for a given name when the data is sure (names.yaml first, then gender-guesser); None
    for a name names.yaml marks "either" (Dana Perino, Dana Rohrabacher).

    >>> given_gender("Margaret"), given_gender("Dana")
    ('female', None)
    """
    w = name_key(word)
    known = name_data()["gender"].get(w)
    if known:
        return known if known in ("female", "male") else None
    guess = _gender_detector().get_gender(w.capitalize())
    return guess if guess in ("female", "male") else None


@lru_cache(maxsize=20_000)
def is_given_name(word: str) -> bool:
    """A word the given-name data knows ("Ivanka", "Abbas"; not "Republican", "Speaker")."""
    w = name_key(word)
    if w in name_data()["titles"]:
        return False
    return w in name_data()["gender"] or _gender_detector().get_gender(w.capitalize()) != "unknown"


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


# ---------------------------------------------------------------- unnamed sources

UNNAMED = "U:"  # the key prefix of an unnamed-source group in the corpus frames ("U:officials")
OTHER_UNNAMED = "other unnamed sources"


@lru_cache(maxsize=1)
def _unnamed_kinds() -> list[tuple[str, set[str]]]:
    data = load_bundled("unnamed_sources.yaml") or {}
    return [(str(k), {fold(str(w)).lower() for w in words or []}) for k, words in (data.get("kinds") or {}).items()]


@lru_cache(maxsize=20_000)
def unnamed_kind(phrase: str) -> str:
    """The kind of an unnamed source phrase (``analysis/data/unnamed_sources.yaml``), case ignored:
    "The official" and "the official" are one source, of kind "officials"; "Media reports" is "media
    reports" (the modifier decides when the head is generic: "reports" is a document, "media reports"
    media). Phrases of no listed kind are "other unnamed sources".

    >>> unnamed_kind("The official"), unnamed_kind("A statement by the ministry"), unnamed_kind("Media reports")
    ('officials', 'documents and statements', 'media reports')
    """
    words = re.findall(r"[a-zé]+", fold(phrase).lower())
    for stop in ("of", "by", "from", "in", "at", "on", "with", "who", "that", "close", "familiar"):
        if stop in words[1:]:
            words = words[:words.index(stop, 1)]
    if not words:
        return OTHER_UNNAMED
    kinds = _unnamed_kinds()
    media = next((set(ws) for k, ws in kinds if k == "media reports"), set())
    if any(w in media for w in words[:-1]) or words[-1] in media:
        return "media reports"  # "media reports", "state TV": the channel, whatever its head
    for kind, heads in kinds:
        if words[-1] in heads:
            return kind
    return OTHER_UNNAMED
