"""The glossary's term index gives exactly the findings of the one-regex matcher it replaced.

``old_find`` is that matcher (workbench before issue 15 item 13: one alternation of every
term's regex, longest French form first, ``finditer`` with ``re.IGNORECASE``), kept here as
the oracle. It took 4.6 s for a 15-segment ``qa`` at 2,000 terms and over 300 s at 30,000
(``benchmarks/glossary_bench.py`` prints both).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_ARTICLE
from workbench.glossary import Glossary, Term, seed_terms, term_regex
from workbench.segment import segment_text


def old_find(terms: tuple[Term, ...], source: str) -> list[tuple[Term, tuple[int, int]]]:
    order = sorted(range(len(terms)), key=lambda i: (-len(terms[i].fr), i))
    alternatives = [f"(?P<t{i}>{term_regex(terms[i].fr)})" for i in order if terms[i].fr.strip()]
    if not terms or not source or not alternatives:
        return []
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    found = []
    for match in pattern.finditer(source):
        if match.lastgroup is not None:
            found.append((terms[int(match.lastgroup[1:])], match.span()))
    return found


def make_terms(n: int, seed: int = 11) -> tuple[Term, ...]:
    """``n`` distinct terms: the seed glossary, phrases of the seed article (so many really
    occur, with apostrophes and hyphens), then made-up newsroom terms. The benchmark uses it."""
    rng = random.Random(seed)
    words = re.findall(r"[\w'’-]+", SEED_ARTICLE.read_text(encoding="utf-8"))
    phrases = sorted(
        {" ".join(words[i : i + k]) for k in (1, 2, 3, 4) for i in range(len(words) - k)}
    )
    rng.shuffle(phrases)
    vocab = sorted(set(words))
    terms = list(seed_terms())
    seen = {t.fr.casefold() for t in terms}
    for phrase in phrases[: n // 10]:
        if len(terms) < n and phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            terms.append(Term(phrase, phrase.upper(), f"vi {phrase}"))
    i = 0
    while len(terms) < n:
        i += 1
        fr = " ".join([rng.choice(vocab), f"terme{i}", *rng.sample(vocab, rng.randint(0, 2))])
        if fr.casefold() not in seen:
            seen.add(fr.casefold())
            terms.append(Term(fr, f"term{i}", f"thuật ngữ {i}", note=f"note {i}"))
    return tuple(terms)


def texts() -> list[str]:
    """The seed article's segments, and three of them shaken: other case, other spaces and
    apostrophes, ſ for s and the Kelvin sign for K, words glued to the terms. (Few: the old
    matcher takes about a millisecond per character at 2,000 terms.)"""
    segments = [s.source for s in segment_text(SEED_ARTICLE.read_text(encoding="utf-8"))]
    sample = " ".join(s for s in segments if "AFP" in s or "cessez" in s)[:300]
    return [
        *segments,
        sample.upper().replace(" ", "\u00a0 \t").replace("'", "’"),
        sample.replace("'", "ʼ").replace("s", "ſ").replace("K", "\u212a"),
        sample.lower().replace(" ", ""),
    ]


def test_same_findings_as_the_old_matcher_on_2000_terms() -> None:
    terms = make_terms(2000)
    glossary = Glossary(terms)
    total = 0
    for text in texts():
        expected = old_find(terms, text)
        assert glossary.find(text) == expected, text[:80]
        total += len(expected)
    assert total > 100  # the comparison saw many findings, not only empty lists


TRICKY = [
    "Kremlin", "kremlin-moscou", "l'Arménie", "Arménie", "Armenie", "maintien de la paix",
    "forces de maintien de la paix", "C++", "(AFP)", "-20 %", "a.b", "ſt", "ıi", "İ", "ß",
    "ẞx", "µ", "σς", "'", "x  y", "ÉTAT", "état", "K", "s", "Ω",
]  # fmt: skip
ALPHABET = "aAbksSſKıiİIßẞµμσςΣΩωéÉ'’ʼ -+().%\u00a0\t\nxyz"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    picked=st.lists(
        st.one_of(st.sampled_from(TRICKY), st.text(alphabet=ALPHABET, min_size=1, max_size=6)),
        min_size=1,
        max_size=12,
    ),
    text=st.text(alphabet=ALPHABET + "ñ1", max_size=80),
    glue=st.lists(st.sampled_from(TRICKY), max_size=4),
)
def test_same_findings_on_tricky_characters(picked: list[str], text: str, glue: list[str]) -> None:
    """Case rules of re (ſ = s, Kelvin sign = k, ı = i, final sigma), every kind of space and
    apostrophe, regex-special characters, terms inside terms and glued to words."""
    terms = tuple(Term(fr, "en", "vi") for fr in dict.fromkeys(picked))
    source = text + " ".join(glue) + text[::-1]
    assert Glossary(terms).find(source) == old_find(terms, source)


def test_index_is_built_once_per_glossary() -> None:
    glossary = Glossary(make_terms(300))
    glossary.find("Le Kremlin")
    index = glossary._index
    assert index is not None
    glossary.find("Erevan")
    assert glossary._index is index
    assert glossary == Glossary(glossary.terms)  # the cache is not part of the value


def test_empty_and_blank_terms() -> None:
    assert Glossary((Term("  ", "x", "y"),)).find("a  b") == []
    assert Glossary().find("Kremlin") == []
    assert Glossary((Term("Kremlin", "K", "K"),)).find("") == []


def test_benchmark_runs(tmp_path: Path) -> None:
    """benchmarks/glossary_bench.py still runs (small sizes)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "glossary_bench.py"), "--sizes", "50,100"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert '"terms": 100' in proc.stdout
