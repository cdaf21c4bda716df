"""The per-segment statistics cache: a warm run is the cold run to the last digit, computes
only what changed, never reuses an entry across sacreBLEU versions or metric settings, and
survives a corrupted, truncated or foreign file with a notice instead of a wrong score."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from tests.support import damage as _damage
from tests.support import sample_refs
from workbench.score import METRICS, StatsCache, score_pairs
from workbench.score import statistics as score_statistics
from workbench.score.cache import decode, encode, pair_key

EN = sample_refs("en")
VI = sample_refs("vi")

NAMES = ["bleu", "chrf", "ter"]


def _corpus(refs: list[str], rounds: int = 3) -> tuple[list[str], list[str]]:
    hyps, out_refs = [], []
    for round_ in range(rounds):
        for i, ref in enumerate(refs):
            words = ref.split()
            hyps.append(" ".join(w for j, w in enumerate(words) if (i + j + round_) % 4 != 0))
            out_refs.append(ref)
    return hyps, out_refs


def _changed(hyps: list[str], every: int = 7) -> list[str]:
    return [h + " encore" if i % every == 3 else h for i, h in enumerate(hyps)]


def _score(hyps, refs, lang, cache=None, **kwargs):
    report = score_pairs(hyps, refs, NAMES, lang=lang, per_segment=True, cache=cache, **kwargs)
    return json.dumps(report.to_json(), sort_keys=True)


@pytest.mark.parametrize(("refs", "lang"), [(EN, "en"), (VI, "vi")])
def test_cold_warm_and_no_cache_are_identical(refs, lang, tmp_path: Path) -> None:
    hyps, refs = _corpus(refs)
    distinct = len(set(zip(hyps, refs, strict=True)))
    path = tmp_path / "stats.sqlite"
    with StatsCache.open(path) as cold:
        cold_json = _score(hyps, refs, lang, cold)
        assert cold.hits == 0 and cold.misses == 3 * distinct and cold.notices == []
    with StatsCache.open(path) as warm:
        assert _score(hyps, refs, lang, warm) == cold_json
        assert warm.hits == 3 * distinct and warm.misses == 0
    assert _score(hyps, refs, lang) == cold_json  # no cache at all

    edited = _changed(hyps)
    new_pairs = set(zip(edited, refs, strict=True)) - set(zip(hyps, refs, strict=True))
    assert new_pairs
    with StatsCache.open(path) as partly:
        assert _score(edited, refs, lang, partly) == _score(edited, refs, lang)
        assert partly.misses == 3 * len(new_pairs)  # only the changed segments were computed
    # and the corpus numbers are sacreBLEU's own single call
    report = score_pairs(edited, refs, NAMES, lang=lang, cache=StatsCache.open(path))
    direct = [
        BLEU(tokenize="13a", trg_lang=lang).corpus_score(edited, [refs]),
        CHRF().corpus_score(edited, [refs]),
        TER().corpus_score(edited, [refs]),
    ]
    assert [m.formatted for m in report.metrics] == [str(d) for d in direct]


def test_parallel_path_with_cache_is_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(score_statistics, "PARALLEL_MIN_PAIRS", 10)
    monkeypatch.setattr(score_statistics, "_workers", lambda: 2)
    hyps, refs = _corpus(EN, rounds=4)
    expected = _score(hyps, refs, "en", workers=1)
    path = tmp_path / "stats.sqlite"
    with StatsCache.open(path) as cold:
        assert _score(hyps, refs, "en", cold) == expected
    edited = _changed(hyps, every=3)
    with StatsCache.open(path) as warm:
        assert _score(edited, refs, "en", warm) == _score(edited, refs, "en", workers=1)


def test_other_sacrebleu_version_never_reuses_an_entry(tmp_path: Path, monkeypatch) -> None:
    hyps, refs = _corpus(EN, rounds=1)
    path = tmp_path / "stats.sqlite"
    with StatsCache.open(path) as cache:
        _score(hyps, refs, "en", cache)
    monkeypatch.setattr(sacrebleu, "__version__", "99.0.0")
    with StatsCache.open(path) as cache:
        _score(hyps, refs, "en", cache)
        assert cache.hits == 0 and cache.misses > 0
    with sqlite3.connect(path) as conn:
        versions = [t for (t,) in conn.execute("SELECT text FROM settings")]
    assert sum("sacrebleu:99.0.0" in t for t in versions) == 3
    assert sum(f"sacrebleu:{sacrebleu.__version__}" in t for t in versions) == 3


def test_other_metric_settings_never_reuse_an_entry(tmp_path: Path, monkeypatch) -> None:
    hyps, refs = _corpus(EN, rounds=1)
    path = tmp_path / "stats.sqlite"
    with StatsCache.open(path) as cache:
        _score(hyps, refs, "en", cache)
    # chrF++ (word order 2) and lowercased BLEU have other statistics for the same pairs
    monkeypatch.setitem(METRICS, "chrf", lambda lang=None, *, sentence=False: CHRF(word_order=2))
    monkeypatch.setitem(
        METRICS,
        "bleu",
        lambda lang=None, *, sentence=False: BLEU(lowercase=True, effective_order=sentence),
    )
    with StatsCache.open(path) as cache:
        report = score_pairs(hyps, refs, NAMES, cache=cache)
        assert cache.hits == len(set(zip(hyps, refs, strict=True)))  # TER only
    assert report.metric("chrf").formatted == str(CHRF(word_order=2).corpus_score(hyps, [refs]))
    assert report.metric("bleu").formatted == str(BLEU(lowercase=True).corpus_score(hyps, [refs]))
    # and a different target language's BLEU tokenizer ("zh") is another entry too
    monkeypatch.undo()
    with StatsCache.open(path) as cache:
        score_pairs(hyps, refs, ["bleu"], lang="zh", cache=cache)
        assert cache.hits == 0


def _one_notice(cache: StatsCache) -> str:
    assert len(cache.notices) == 1, cache.notices
    assert "\n" not in cache.notices[0]
    return cache.notices[0]


def test_garbage_file_is_ignored_with_one_notice(tmp_path: Path) -> None:
    hyps, refs = _corpus(VI, rounds=1)
    path = tmp_path / "stats.sqlite"
    path.write_bytes(b"this is not a database\x00" * 200)
    with StatsCache.open(path) as cache:
        assert _score(hyps, refs, "vi", cache) == _score(hyps, refs, "vi")
        assert "scoring without the cache" in _one_notice(cache)
    assert path.read_bytes() == b"this is not a database\x00" * 200


def test_foreign_database_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, slug TEXT)")
    before = path.read_bytes()
    hyps, refs = _corpus(EN, rounds=1)
    with StatsCache.open(path) as cache:
        assert _score(hyps, refs, "en", cache) == _score(hyps, refs, "en")
        assert "not a workbench score cache" in _one_notice(cache)
    assert path.read_bytes() == before


def test_flipped_bytes_in_entries_are_misses_not_wrong_scores(tmp_path: Path) -> None:
    hyps, refs = _corpus(EN, rounds=1)
    path = tmp_path / "stats.sqlite"
    expected = _score(hyps, refs, "en")
    with StatsCache.open(path) as cache:
        _score(hyps, refs, "en", cache)
    # change stored statistics in place, as a bad disk would: the file stays valid SQLite
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT settings, pair, value FROM entry").fetchall()
        for settings, pair, value in rows[::5]:
            damaged = bytearray(value)
            damaged[-1] ^= 0x01  # the last statistic, off by one bit
            conn.execute(
                "UPDATE entry SET value = ? WHERE settings = ? AND pair = ?",
                (bytes(damaged), settings, pair),
            )
    with StatsCache.open(path) as cache:
        assert _score(hyps, refs, "en", cache) == expected
        assert "corrupted entries ignored" in _one_notice(cache)
        assert cache.corrupted == len(rows[::5])
    with StatsCache.open(path) as cache:  # the recomputed entries mended the file
        assert _score(hyps, refs, "en", cache) == expected
        assert cache.notices == [] and cache.misses == 0


def test_truncated_file_never_gives_a_wrong_score(tmp_path: Path) -> None:
    hyps, refs = _corpus(EN, rounds=6)
    path = tmp_path / "stats.sqlite"
    expected = _score(hyps, refs, "en")
    with StatsCache.open(path) as cache:
        _score(hyps, refs, "en", cache)
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2])
    with StatsCache.open(path) as cache:
        assert _score(hyps, refs, "en", cache) == expected
        assert cache.notices and all("\n" not in n for n in cache.notices)


def test_unwritable_location_is_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with StatsCache.open(blocker / "sub" / "stats.sqlite") as cache:
        hyps, refs = _corpus(EN, rounds=1)
        assert _score(hyps, refs, "en", cache) == _score(hyps, refs, "en")
        assert "cannot use it" in _one_notice(cache)


@pytest.mark.parametrize(
    "stats",
    [
        [0, 1, 65535, 65536, -1, 2**40, -(2**63), 2**63 - 1],
        [3, 12.0, 0.1, 1e-300, -0.0, float("inf")],
        [],
    ],
)
def test_encoding_keeps_values_and_types(stats: list) -> None:
    payload = encode(stats)
    assert payload is not None
    back = decode(payload)
    assert back == stats and [type(v) for v in back] == [type(v) for v in stats]
    assert repr(back) == repr(stats)  # -0.0 stays -0.0


def test_values_the_format_cannot_hold_are_not_cached() -> None:
    assert encode([True, 1]) is None
    assert encode([2**70]) is None
    assert encode(["1"]) is None


def test_pair_key_separates_texts() -> None:
    assert pair_key("a", "bc") != pair_key("ab", "c")
    assert pair_key("x", "y") != pair_key("y", "x")
    assert len(pair_key("", "")) == 16
    assert pair_key("\ud800", "") != pair_key("", "\ud800")  # lone surrogates do not crash


def test_damaged_sample_scores_through_cache(tmp_path: Path) -> None:
    hyps = [_damage(r) for r in VI]
    with StatsCache.open(tmp_path / "c.sqlite") as cache:
        first = score_pairs(hyps, VI, lang="vi", cache=cache)
    with StatsCache.open(tmp_path / "c.sqlite") as cache:
        second = score_pairs(hyps, VI, lang="vi", cache=cache)
    assert first == second
