"""Language names and gettext plural forms: one table for the whole project.

Names follow English usage (PO ``Language-Team``, Argos ``from_name``/``to_name``, messages);
plural forms follow gettext's and Poedit's tables.
"""

from __future__ import annotations

DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"

#: language -> (name for Language-Team, Plural-Forms), after gettext's and Poedit's tables.
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", DEFAULT_PLURAL),
    "vi": ("Vietnamese", "nplurals=1; plural=0;"),
    "fr": ("French", "nplurals=2; plural=(n > 1);"),
    "de": ("German", DEFAULT_PLURAL),
    "es": ("Spanish", DEFAULT_PLURAL),
    "it": ("Italian", DEFAULT_PLURAL),
    "pt": ("Portuguese", DEFAULT_PLURAL),
    "pt_BR": ("Brazilian Portuguese", "nplurals=2; plural=(n > 1);"),
    "nl": ("Dutch", DEFAULT_PLURAL),
    "sv": ("Swedish", DEFAULT_PLURAL),
    "da": ("Danish", DEFAULT_PLURAL),
    "nb": ("Norwegian Bokmål", DEFAULT_PLURAL),
    "fi": ("Finnish", DEFAULT_PLURAL),
    "el": ("Greek", DEFAULT_PLURAL),
    "tr": ("Turkish", DEFAULT_PLURAL),
    "hy": ("Armenian", "nplurals=2; plural=(n > 1);"),
    "az": ("Azerbaijani", DEFAULT_PLURAL),
    "ka": ("Georgian", DEFAULT_PLURAL),
    "ru": (
        "Russian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "uk": (
        "Ukrainian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "pl": (
        "Polish",
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "cs": ("Czech", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    "ar": (
        "Arabic",
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    ),
    "zh": ("Chinese", "nplurals=1; plural=0;"),
    "ja": ("Japanese", "nplurals=1; plural=0;"),
    "ko": ("Korean", "nplurals=1; plural=0;"),
    "th": ("Thai", "nplurals=1; plural=0;"),
    "id": ("Indonesian", "nplurals=1; plural=0;"),
}


def language_name(lang: str) -> str:
    if lang in LANGUAGES:
        return LANGUAGES[lang][0]
    base, _, region = lang.partition("_")
    name = LANGUAGES[base][0] if base in LANGUAGES else lang
    return f"{name} ({region})" if region else name


def plural_forms(lang: str) -> str:
    if lang in LANGUAGES:
        return LANGUAGES[lang][1]
    base = lang.partition("_")[0]
    return LANGUAGES[base][1] if base in LANGUAGES else DEFAULT_PLURAL


#: ISO 639-3 codes, as OPUS-MT's language labels (``>>vie<<``) and NLLB-style target prefixes
#: (``__vie_Latn__``) spell them.
ISO_639_3: dict[str, str] = {
    "en": "eng",
    "vi": "vie",
    "fr": "fra",
    "de": "deu",
    "es": "spa",
    "it": "ita",
    "pt": "por",
    "nl": "nld",
    "sv": "swe",
    "da": "dan",
    "nb": "nob",
    "fi": "fin",
    "el": "ell",
    "tr": "tur",
    "hy": "hye",
    "az": "aze",
    "ka": "kat",
    "ru": "rus",
    "uk": "ukr",
    "pl": "pol",
    "cs": "ces",
    "ar": "ara",
    "zh": "zho",
    "ja": "jpn",
    "ko": "kor",
    "th": "tha",
    "id": "ind",
}


def iso_639_3(lang: str) -> str:
    """The ISO 639-3 code of ``lang`` (``vi`` → ``vie``); ``lang``'s own base code when the
    table does not know it."""
    base = lang.partition("_")[0]
    return ISO_639_3.get(base, base)
