"""Matching rules of the analysis evaluation (bench/eval_analysis.py): words, phrases, sentences, countries, people.

Everything compares folded text: case-folded, accents removed (NFKD), typographic quotes and
dashes made ASCII, soft hyphens and zero-width characters dropped. docs/analysis.md states
the rules; tests/test_eval_analysis.py pins them.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry

# --- words, phrases, sentences ---------------------------------------------------------

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
PUNCTUATION = str.maketrans(
    {"‘": "'", "’": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-"}
)
TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")


def fold_text(text: str) -> str:
    """Return text case-folded, accents removed, typographic quotes and dashes made ASCII, invisibles dropped."""
    text = unicodedata.normalize("NFKD", text.translate(INVISIBLE))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", text).casefold().translate(PUNCTUATION)


def same_word(a: str, b: str) -> bool:
    """Return whether two tokens are one word up to a simple ending: plural, -ed/-ing, or a demonym's -n/-i/-ian."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 3 or not short.isalpha() or not long.startswith(short[:-1]):
        return False
    forms = {short + end for end in ("s", "es", "ed", "ing", "i", "ian")}
    if short.endswith("y"):
        forms.add(short[:-1] + "ies")  # vulnerability -> vulnerabilities
    if short.endswith("e"):
        forms |= {short + "d", short[:-1] + "ing"}  # continue -> continued, continuing
    if short.endswith("a"):
        forms.add(short + "n")  # Russia -> Russian, Guatemala -> Guatemalan
    return long in forms


def text_tokens(text: str) -> tuple[str, ...]:
    """Return the comparable tokens of text: folded, possessives dropped, punctuation ignored."""
    text = fold_text(text)
    text = re.sub(r"(\w)'s\b", r"\1", text)  # Israel's -> Israel
    text = re.sub(r"(\w)s'(?!\w)", r"\1s", text)  # allies' -> allies
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 62,500 -> 62500
    text = text.replace("%", " percent ").replace("&", " and ")
    return tuple(TOKEN.findall(text))


def contains_phrase(text: str, phrase: str) -> bool:
    """Return whether the phrase's tokens occur in text's tokens, consecutively and whole."""
    needle, hay = text_tokens(phrase), text_tokens(text)
    if not needle:
        return False
    size = len(needle)
    return any(all(map(same_word, hay[i : i + size], needle)) for i in range(len(hay) - size + 1))


def mention_share(text: str, phrases: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
    """Return the share of phrases that text contains, and the phrases it misses."""
    missing = tuple(p for p in phrases if not contains_phrase(text, p))
    return (1 - len(missing) / len(phrases)) if phrases else 1.0, missing


ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen lt col maj capt sgt adm gov sen rep rev prof hon amb no nos vs fig figs inc ltd co corp "
    "e.g i.e al approx dept est jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
SENTENCE_STARTS = frozenset(
    "the this that these those it he she they we in on at a an but however its his her their".split()
)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str) -> tuple[str, ...]:
    """Return text's sentences: a split after . ! ? before a capital, digit or quote, not after an abbreviation or
    initial."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        rest = text[end:].lstrip()
        if rest and not re.match(r"[A-Z0-9\"“‘'(\[•]", rest):
            continue
        if text[match.start()] == ".":
            word = re.search(r"(\S+)\.$", text[start : match.start() + 1])
            word = word.group(1).lstrip("(\"“'") if word else ""
            next_word = re.match(r"[\"“']?(\w+)", rest)
            next_word = next_word.group(1).lower() if next_word else ""
            if word.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word):
                continue
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word) and word != "D.C" and next_word not in SENTENCE_STARTS:
                # U.S. or E.O. mid-sentence; "... in the U.S. The ..." and "... Washington, D.C. Officials" end one
                continue
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)


def count_words(text: str) -> int:
    """Return the number of whitespace-separated words holding a letter or digit."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


# --- names: countries and people -----------------------------------------------------------

COUNTRY_NAMES = {  # common names pycountry.countries.lookup does not know
    "russia": "RU",
    "turkey": "TR",
    "palestine": "PS",
    "palestinian territories": "PS",
    "west bank and gaza": "PS",
    "burma": "MM",
    "brunei": "BN",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "cape verde": "CV",
    "kosovo": "XK",
    "vatican": "VA",
    "vatican city": "VA",
    "holy see": "VA",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united states of america": "US",
    "america": "US",
    "u.s.": "US",
    "uae": "AE",
    "drc": "CD",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of congo": "CG",
    "micronesia": "FM",
    "macedonia": "MK",
    "swaziland": "SZ",
    "east timor": "TL",
    "bahamas": "BS",
    "gambia": "GM",
    "south korea": "KR",
    "republic of korea": "KR",
    "rok": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "iran": "IR",
    "syria": "SY",
    "taiwan": "TW",
    "vietnam": "VN",
    "laos": "LA",
    "czech republic": "CZ",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "prc": "CN",
    "people's republic of china": "CN",
}


def country_key(name: str) -> str:
    """Return a country's ISO 3166 alpha-2 code (common names, then pycountry as written and folded), or
    'name:FOLDED'."""
    folded = re.sub(r"^the\s+", "", fold_text(name).strip())
    if folded in COUNTRY_NAMES:
        return COUNTRY_NAMES[folded]
    for candidate in (re.sub(r"^(?i:the)\s+", "", name.strip()), folded):
        try:
            return pycountry.countries.lookup(candidate).alpha_2
        except LookupError:
            continue
    return "name:" + folded


HONORIFICS = frozenset(
    "mr mrs ms miss dr sir dame lord lady president vice prime minister foreign secretary general gen lt col adm "
    "prince princess king queen emir sheikh his her royal highness excellency hon honorable honourable ambassador "
    "senator sen rep representative crown chancellor premier pope former acting deputy under assistant "
    "special envoy".split()
)
SUFFIXES = frozenset("jr sr ii iii iv v".split())
PATRONYMICS = frozenset("bin ibn bint ben".split())
NICKNAMES = {  # first name -> the form used for comparing
    "joe": "joseph",
    "jim": "james",
    "bill": "william",
    "bob": "robert",
    "dan": "daniel",
    "mike": "michael",
    "pam": "pamela",
    "beth": "elizabeth",
    "ken": "kenneth",
    "chris": "christopher",
    "tony": "antony",
    "anthony": "antony",
    "dick": "richard",
    "alex": "alexander",
    "aleksandr": "alexander",
    "dmitri": "dmitry",
    "dmitriy": "dmitry",
    "sergei": "sergey",
    "tom": "thomas",
    "steve": "stephen",
    "steven": "stephen",
    "nick": "nicholas",
    "andy": "andrew",
    "jon": "john",
    "muhammad": "mohammed",
    "mohammad": "mohammed",
}


def person_tokens(name: str) -> tuple[str, ...]:
    """Return a person's comparable name: folded, no honorifics in front, no suffix or initials, doubled letters
    single."""
    tokens = [t for t in re.split(r"[^\w]+", fold_text(name)) if t]
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    if len(tokens) > 1:
        tokens = [t for t in tokens if len(t) > 1] or tokens
    if tokens:
        tokens[0] = NICKNAMES.get(tokens[0], tokens[0])
    return tuple(re.sub(r"(\w)\1+", r"\1", t) for t in tokens)


def is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Return whether short's tokens occur in long in order (not necessarily adjacent)."""
    it = iter(long)
    return all(token in it for token in short)


def same_person(a: str, b: str) -> int:
    """Return 2 when two names are the same person's exactly, 1 loosely, 0 not (see docs/analysis.md)."""
    x, y = person_tokens(a), person_tokens(b)
    if not x or not y:
        return 0
    if x == y:
        return 2
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if long[-len(short) :] == short:  # surname only: "Blinken", "Kramp-Karrenbauer"
        before = long[-len(short) - 1]
        return 0 if before in PATRONYMICS else 1
    if (
        len(short) >= 2 and short[0] == long[0] and is_subsequence(short, long)
    ):  # "Maria Consuelo Porras [Argueta de Porres]"
        return 1
    return 0


def match_pairs(gold: list[str], predicted: list[str], score) -> list[tuple[str, str]]:
    """Return one-to-one (gold, predicted) pairs: exact matches first, then loose ones, each in list order."""
    pairs, free_gold, free_pred = [], list(gold), list(predicted)
    for wanted in (2, 1):
        for g in list(free_gold):
            for p in free_pred:
                if score(g, p) == wanted:
                    pairs.append((g, p))
                    free_gold.remove(g)
                    free_pred.remove(p)
                    break
    return pairs


def same_country(a: str, b: str) -> int:
    """Return 2 when two country names resolve to the same country, else 0."""
    return 2 if country_key(a) == country_key(b) else 0
