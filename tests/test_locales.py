"""The committed post-edits in locales/: valid PO, complete, and above the quality gate.

``locales/<lang>/LC_MESSAGES/karabakh.po`` are the approved human post-edits of the seed
article (imported with ``workbench import-po``, exported with ``workbench export``). They are
scored against the independent references in ``samples/karabakh/`` through the real
``workbench score`` CLI, as CI would, and a deliberately degraded copy must fail that gate.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import polib
import pytest

from tests.support import REPO_ROOT, SEED_ARTICLE
from workbench.segment import segment_file

LOCALES = REPO_ROOT / "locales"
SAMPLES = REPO_ROOT / "samples" / "karabakh"
LANGS = ("en", "vi")
MSGFMT = "/usr/bin/msgfmt"  # Debian gettext

# Quality gate, per language: (min BLEU, min chrF), a few points below the measured scores so a
# real regression (e.g. machine output or untranslated French committed) fails.
# Measured with sacreBLEU 2.6.0 against samples/karabakh/<lang>.po (15 segments):
#   en: BLEU 87.71 (nrefs:1|lang:fr-en|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0),
#       chrF2 94.73 (nrefs:1|lang:fr-en|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0),
#       TER 7.31
#   vi: BLEU 84.44 (nrefs:1|lang:fr-vi|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0),
#       chrF2 92.31 (nrefs:1|lang:fr-vi|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0),
#       TER 10.95
MIN_BLEU_EN = 82.0
MIN_CHRF_EN = 90.0
MIN_BLEU_VI = 79.0
MIN_CHRF_VI = 88.0
GATE = {"en": (MIN_BLEU_EN, MIN_CHRF_EN), "vi": (MIN_BLEU_VI, MIN_CHRF_VI)}

# Names and conventions the post-edits must follow, and French forms that must not leak in.
REQUIRED = {
    "en": [
        "Dmitry Peskov",
        "Nikol Pashinyan",
        "Hikmet Hajiyev",
        "Ilham Aliyev",
        "Collective Security Treaty Organization (CSTO)",
        "Nagorno-Karabakh",
        "Yerevan",
        "Baku",
        "April 17",
        "2,000",
        "100,000",
    ],
    "vi": [
        "Dmitry Peskov",
        "Nikol Pashinyan",
        "Hikmet Hajiyev",
        "Ilham Aliyev",
        "Tổ chức Hiệp ước An ninh Tập thể (CSTO)",
        "Nagorno-Karabakh",
        "Điện Kremlin",
        "Yerevan",
        "Baku",
        "ngày 17/4",
        "2.000",
        "100.000",
    ],
}
FORBIDDEN = ["Haut-Karabakh", "OTSC", "Erevan", "Bakou", "Dmitri ", "2 000", "100 000"]


def locale_po(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "karabakh.po"


def translatable_segments() -> dict[str, str]:
    """Segment id -> French source for every content/title segment of the seed article."""
    return {s.id: s.source for s in segment_file(SEED_ARTICLE) if s.kind in ("content", "title")}


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def score(hyp: Path, lang: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``workbench score`` with this language's gate, in a child process as CI runs it."""
    min_bleu, min_chrf = GATE[lang]
    return subprocess.run(
        [
            sys.executable, "-m", "workbench", "score",
            "--hyp", str(hyp),
            "--ref", str(SAMPLES / f"{lang}.po"),
            "--json",
            "--min-bleu", str(min_bleu),
            "--min-chrf", str(min_chrf),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


def test_seed_has_fifteen_translatable_segments() -> None:
    assert len(translatable_segments()) == 15


@pytest.mark.parametrize("lang", LANGS)
def test_msgfmt_check(lang: str) -> None:
    assert Path(MSGFMT).is_file(), f"{MSGFMT} (Debian gettext) is required"
    result = msgfmt_check(locale_po(lang))
    assert result.returncode == 0, result.stderr
    assert "15 translated messages." in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_entries_match_the_seed_segments(lang: str) -> None:
    raw = locale_po(lang).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert unicodedata.is_normalized("NFC", raw.decode("utf-8"))
    po = polib.pofile(str(locale_po(lang)), check_for_duplicates=True)
    assert po.metadata["Language"] == lang
    segments = translatable_segments()
    seen = set()
    for entry in po:
        assert entry.msgctxt in segments, entry.msgctxt
        assert entry.msgid == segments[entry.msgctxt], entry.msgctxt
        assert "fuzzy" not in entry.flags, entry.msgctxt
        assert not entry.obsolete, entry.msgctxt
        assert entry.msgstr.strip(), entry.msgctxt
        assert entry.msgstr == entry.msgstr.strip(), entry.msgctxt
        assert entry.msgstr != entry.msgid, entry.msgctxt
        seen.add(entry.msgctxt)
    assert len(po) == len(seen) == 15
    assert seen == set(segments)


@pytest.mark.parametrize("lang", LANGS)
def test_terms(lang: str) -> None:
    targets = " ".join(e.msgstr for e in polib.pofile(str(locale_po(lang))))
    for term in REQUIRED[lang]:
        assert term in targets, term
    for term in FORBIDDEN:
        assert term not in targets, term


@pytest.mark.parametrize("lang", LANGS)
def test_quality_gate_passes(lang: str, tmp_path: Path) -> None:
    proc = score(locale_po(lang), lang, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["passed"] is True
    assert data["count"] == 15
    assert f"lang:fr-{lang}" in data["metrics"]["bleu"]["signature"]
    assert data["metrics"]["bleu"]["score"] >= GATE[lang][0]
    assert data["metrics"]["chrf"]["score"] >= GATE[lang][1]


def degraded(lang: str, tmp_path: Path, every: int) -> Path:
    """The committed PO with every ``every``-th msgstr replaced by its French msgid."""
    po = polib.pofile(str(locale_po(lang)))
    for i, entry in enumerate(po):
        if i % every == 0:
            entry.msgstr = entry.msgid
    out = tmp_path / f"degraded-{lang}-{every}.po"
    po.save(str(out))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("every", [1, 5], ids=["all-french", "one-in-five-french"])
def test_quality_gate_fails_on_degraded_copy(lang: str, every: int, tmp_path: Path) -> None:
    hyp = degraded(lang, tmp_path, every)
    assert msgfmt_check(hyp).returncode == 0  # still a valid PO: only the score can catch it
    proc = score(hyp, lang, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "quality gate failed" in proc.stderr
    assert json.loads(proc.stdout)["passed"] is False
