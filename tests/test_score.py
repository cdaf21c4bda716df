"""workbench.score against sacreBLEU called directly: same numbers, same signatures."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from tests.support import SEED_ARTICLE, sample_refs
from tests.support import damage as _damage
from workbench.errors import InputError
from workbench.score import (
    METRICS,
    check_thresholds,
    corpus_scores,
    corpus_statistics,
    detect_language,
    edit_effort,
    format_report,
    load_pairs,
    paired_bootstrap,
    score_pairs,
)
from workbench.score import statistics as score_statistics

SAMPLES = SEED_ARTICLE.parent
EN = sample_refs("en")
VI = sample_refs("vi")


def _po(path: Path, rows: list[tuple[str | None, str, str]], *, fuzzy: set[str] = frozenset()):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for ctxt, msgid, msgstr in rows:
        entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr=msgstr)
        if msgid in fuzzy:
            entry.flags.append("fuzzy")
        po.append(entry)
    po.save(str(path))
    return path


# --------------------------------------------------------------------------- scores


@pytest.mark.parametrize("refs", [EN, VI], ids=["en", "vi"])
def test_identical_is_perfect(refs: list[str]) -> None:
    report = score_pairs(refs, refs, lang="vi" if refs is VI else "en")
    scores = {m.name: m.score for m in report.metrics}
    assert scores["bleu"] == pytest.approx(100.0)
    assert scores["chrf"] == pytest.approx(100.0)
    assert scores["ter"] == pytest.approx(0.0)
    assert report.count == len(refs)
    assert report.empty == ()


@pytest.mark.parametrize(("refs", "lang"), [(EN, "en"), (VI, "vi")])
def test_parallel_chunks_equal_one_sacrebleu_call(
    refs: list[str], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large corpora are scored in worker processes, chunk by chunk, with sacreBLEU's own
    statistics code; the combined score must be sacreBLEU's single corpus_score exactly."""
    hyps, pairs_refs = [], []
    for round_ in range(4):  # 4 x the article, each round damaged differently
        for i, ref in enumerate(refs):
            words = ref.split()
            keep = [w for j, w in enumerate(words) if (i + j + round_) % (3 + round_) != 0]
            hyps.append(" ".join(keep) if round_ != 2 else "")
            pairs_refs.append(ref)
    hyps[5] = pairs_refs[5]  # one perfect segment
    combined = corpus_scores(hyps, pairs_refs, ["bleu", "chrf", "ter"], lang=lang, workers=2)
    direct = {
        "bleu": BLEU(tokenize="13a", trg_lang=lang).corpus_score(hyps, [pairs_refs]),
        "chrf": CHRF().corpus_score(hyps, [pairs_refs]),
        "ter": TER().corpus_score(hyps, [pairs_refs]),
    }
    for name, expected in direct.items():
        _metric, got = combined[name]
        assert got.score == expected.score, name  # to the last digit, not approx
        assert str(got) == str(expected), name
    assert combined["bleu"][1].counts == direct["bleu"].counts
    assert combined["bleu"][1].sys_len == direct["bleu"].sys_len
    # score_pairs takes the same path above the threshold
    monkeypatch.setattr(score_statistics, "PARALLEL_MIN_PAIRS", 10)
    monkeypatch.setattr(score_statistics, "_workers", lambda: 2)
    report = score_pairs(hyps, pairs_refs, lang=lang)
    assert [m.formatted for m in report.metrics] == [str(direct[n]) for n in direct]


@pytest.mark.parametrize(("refs", "lang"), [(EN, "en"), (VI, "vi")])
def test_matches_sacrebleu_directly(refs: list[str], lang: str) -> None:
    hyps = [_damage(r) for r in refs]
    report = score_pairs(hyps, refs, lang=lang)
    direct = {
        "bleu": BLEU(tokenize="13a").corpus_score(hyps, [refs]),
        "chrf": CHRF().corpus_score(hyps, [refs]),
        "ter": TER().corpus_score(hyps, [refs]),
    }
    for metric in report.metrics:
        assert metric.score == pytest.approx(direct[metric.name].score)
        assert metric.formatted == str(direct[metric.name])
        assert metric.label == direct[metric.name].name
    assert [m.name for m in report.metrics] == ["bleu", "chrf", "ter"]


def test_changed_hypothesis_lowers_bleu() -> None:
    perfect = score_pairs(EN, EN, ["bleu"]).metrics[0].score
    damaged = score_pairs([_damage(r) for r in EN], EN, ["bleu"]).metrics[0].score
    assert damaged < perfect
    one_changed = list(EN)
    one_changed[3] = one_changed[3].replace("Russian", "Ukrainian")
    assert score_pairs(one_changed, EN, ["bleu"]).metrics[0].score < perfect


def test_signatures() -> None:
    report = score_pairs(VI, VI, lang="vi")
    bleu, chrf, ter = report.metrics
    assert "tok:13a" in bleu.signature
    assert "lang:fr-vi" in bleu.signature
    for metric in report.metrics:
        assert "version:" in metric.signature
        assert "nrefs:1" in metric.signature
    assert "nc:6" in chrf.signature and "nw:0" in chrf.signature
    assert "tok:tercom" in ter.signature
    direct = BLEU(tokenize="13a")
    direct.corpus_score(VI, [VI])
    assert direct.get_signature().format().split("|")[-1] in bleu.signature
    no_lang = score_pairs(EN, EN, ["bleu"]).metrics[0].signature
    assert "lang:" not in no_lang and "tok:13a" in no_lang


def test_per_segment_matches_sentence_score() -> None:
    hyps = [_damage(r) for r in EN]
    keys = [f"k{i}" for i in range(len(EN))]
    report = score_pairs(hyps, EN, lang="en", per_segment=True, keys=keys)
    assert [s.key for s in report.segments] == keys
    sentence_bleu = BLEU(tokenize="13a", effective_order=True)
    for segment, hyp, ref in zip(report.segments, hyps, EN, strict=True):
        assert segment.hyp == hyp and segment.ref == ref
        # from the corpus statistics, not a second pass: still sentence_score to the last digit
        assert segment.scores["bleu"] == sentence_bleu.sentence_score(hyp, [ref]).score
        assert segment.scores["chrf"] == CHRF().sentence_score(hyp, [ref]).score
        assert segment.scores["ter"] == TER().sentence_score(hyp, [ref]).score
    assert score_pairs(hyps, EN).segments == ()


def test_repeated_pairs_are_computed_once_and_score_as_sacrebleu() -> None:
    """Distinct pairs only go through sacreBLEU's statistics; the corpus score is still one
    corpus_score call's over every segment, repeats included."""
    hyps = [_damage(r) for r in EN] * 3 + EN[:4]
    refs = EN * 3 + EN[:4]
    stats = corpus_statistics(hyps, refs, ["bleu", "chrf", "ter"], lang="en")
    for name, column in stats.segments.items():
        assert len(column) == len(refs)
        assert column[0] is column[len(EN)], name  # a repeat shares the computed statistics
    report = score_pairs(hyps, refs, lang="en", per_segment=True)
    direct = [
        BLEU(tokenize="13a", trg_lang="en").corpus_score(hyps, [refs]),
        CHRF().corpus_score(hyps, [refs]),
        TER().corpus_score(hyps, [refs]),
    ]
    assert [m.formatted for m in report.metrics] == [str(d) for d in direct]
    assert [m.score for m in report.metrics] == [d.score for d in direct]
    sentence_ter = TER()
    assert [s.scores["ter"] for s in report.segments] == [
        sentence_ter.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)
    ]


def test_vietnamese_is_compared_in_nfc() -> None:
    import unicodedata

    nfd = [unicodedata.normalize("NFD", r) for r in VI]
    assert nfd != VI
    assert score_pairs(nfd, VI, ["bleu"], lang="vi").metrics[0].score == pytest.approx(100.0)


def test_report_json_and_text() -> None:
    hyps = [_damage(r) for r in EN]
    hyps[0] = ""
    report = score_pairs(hyps, EN, lang="en", per_segment=True)
    data = json.loads(json.dumps(report.to_json()))
    assert data["count"] == len(EN) and data["lang"] == "en"
    assert set(data["metrics"]) == {"bleu", "chrf", "ter"}
    assert data["metrics"]["bleu"]["signature"].startswith("nrefs:1|")
    assert data["empty"] == ["1"]
    assert len(data["segments"]) == len(EN)
    text = format_report(report)
    first = text.splitlines()[0]
    assert first.startswith(f"BLEU = {report.metrics[0].score:.1f}  (signature: nrefs:1|")
    assert "chrF2 = " in text and "TER = " in text
    assert "1 empty hypotheses" in text


def test_registry_feeds_choices() -> None:
    assert set(METRICS) == {"bleu", "chrf", "ter"}
    with pytest.raises(ValueError, match="unknown metrics"):
        score_pairs(EN, EN, ["meteor"])
    with pytest.raises(ValueError):
        score_pairs(EN, EN[:-1])
    with pytest.raises(InputError, match="nothing to score"):
        score_pairs([], [])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=40)), min_size=1, max_size=4))
def test_arbitrary_unicode_never_crashes(pairs: list[tuple[str, str]]) -> None:
    hyps, refs = [h for h, _ in pairs], [r for _, r in pairs]
    report = score_pairs(hyps, refs, lang="vi", per_segment=True)
    for metric in report.metrics:
        assert metric.score >= 0.0
    assert len(report.segments) == len(pairs)
    json.dumps(report.to_json())
    format_report(report)


# --------------------------------------------------------------------------- thresholds


def test_thresholds() -> None:
    report = score_pairs([_damage(r) for r in EN], EN, lang="en")
    bleu = report.metric("bleu").score
    chrf = report.metric("chrf").score
    assert check_thresholds(report, None, None) == []
    assert check_thresholds(report, bleu - 1, chrf - 1) == []
    failures = check_thresholds(report, bleu + 1, chrf + 1)
    assert len(failures) == 2
    assert failures[0].startswith("BLEU ") and "below the minimum" in failures[0]
    assert failures[1].startswith("chrF2 ")
    only_ter = score_pairs(EN, EN, ["ter"])
    assert "not computed" in check_thresholds(only_ter, 10, None)[0]


# --------------------------------------------------------------------------- paired test


def test_paired_bootstrap() -> None:
    refs = EN * 4
    weak = [_damage(r) for r in refs]
    strong = list(refs)
    strong[::3] = weak[::3]
    result = paired_bootstrap(refs, weak, strong, ["bleu", "chrf", "ter"], lang="en")
    assert result["n_samples"] == 1000 and result["seed"] == 12345
    assert set(result["metrics"]) == {"bleu", "chrf", "ter"}
    for name, metric in result["metrics"].items():
        assert 0.0 <= metric["p_value"] <= 1.0
        assert metric["p_value"] < 0.05, name
        assert "bs:1000" in metric["signature"] and "seed:12345" in metric["signature"]
        assert metric["baseline"]["ci"] >= 0 and metric["system"]["ci"] >= 0
    bleu = result["metrics"]["bleu"]
    direct = BLEU(tokenize="13a")
    assert bleu["baseline"]["score"] == pytest.approx(direct.corpus_score(weak, [refs]).score)
    assert bleu["system"]["score"] == pytest.approx(direct.corpus_score(strong, [refs]).score)
    assert bleu["delta"] > 0 and result["metrics"]["ter"]["delta"] < 0
    json.dumps(result)


def test_paired_bootstrap_same_system_is_not_significant_and_seeded() -> None:
    refs = EN * 2
    hyps = [_damage(r) for r in refs]
    first = paired_bootstrap(refs, hyps, hyps, ["bleu"], n_samples=200, seed=7)
    assert first["metrics"]["bleu"]["p_value"] == 1.0
    nearly = list(hyps)
    nearly[0] = refs[0]
    a = paired_bootstrap(refs, hyps, nearly, ["bleu"], n_samples=200, seed=7)
    b = paired_bootstrap(refs, hyps, nearly, ["bleu"], n_samples=200, seed=7)
    assert a == b
    with pytest.raises(ValueError):
        paired_bootstrap(refs, hyps, hyps, ["bleu"], seed=0)


# --------------------------------------------------------------------------- edit effort


def test_edit_effort() -> None:
    keys = [f"s{i}" for i in range(len(VI))]
    same = edit_effort(VI, VI, keys, lang="vi")
    assert same.metric("hter").score == pytest.approx(0.0)
    assert same.metric("hter").label == "HTER"
    assert same.metric("chrf").score == pytest.approx(100.0)
    assert all(s.scores["hter"] == pytest.approx(0.0) for s in same.segments)
    mt = [_damage(r) for r in VI]
    effort = edit_effort(mt, VI, keys, lang="vi")
    assert effort.metric("hter").score == pytest.approx(TER().corpus_score(mt, [VI]).score)
    assert effort.metric("hter").score > 0
    assert [s.key for s in effort.segments] == keys
    assert format_report(effort).startswith("HTER = ")


# --------------------------------------------------------------------------- loading


def test_po_matched_by_msgctxt_in_any_order(tmp_path: Path) -> None:
    ref = _po(
        tmp_path / "ref.po",
        [("s1", "Bonjour.", "Hello."), ("s2", "Bonjour.", "Hi."), ("s3", "Merci.", "Thanks.")],
    )
    hyp = _po(
        tmp_path / "hyp.po",
        [("s3", "Merci.", "Thank you."), ("s2", "Bonjour.", "Hi."), ("s1", "Bonjour.", "Hello.")],
    )
    keys, hyps, refs = load_pairs(hyp, ref)
    assert keys == ["s1", "s2", "s3"]
    assert hyps == ["Hello.", "Hi.", "Thank you."]
    assert refs == ["Hello.", "Hi.", "Thanks."]


def test_po_fallback_to_msgid(tmp_path: Path) -> None:
    ref = _po(tmp_path / "ref.po", [(None, "Bonjour.", "Hello."), (None, "Merci.", "Thanks.")])
    hyp = _po(tmp_path / "hyp.po", [(None, "Merci.", "Thank you."), (None, "Bonjour.", "Hi.")])
    assert load_pairs(hyp, ref) == (
        ["Bonjour.", "Merci."],
        ["Hi.", "Thank you."],
        ["Hello.", "Thanks."],
    )
    # a hypothesis exported without msgctxt still matches a reference that has one
    ref_ctxt = _po(tmp_path / "ref2.po", [("s1", "Bonjour.", "Hello.")])
    assert load_pairs(hyp, ref_ctxt) == (["s1"], ["Hi."], ["Hello."])


def test_po_untranslated_fuzzy_and_missing_score_as_empty(tmp_path: Path) -> None:
    ref = _po(
        tmp_path / "ref.po",
        [
            ("s1", "Un.", "One."),
            ("s2", "Deux.", "Two."),
            ("s3", "Trois.", "Three."),
            ("s4", "Quatre.", "Four."),
            ("s5", "Cinq.", ""),  # untranslated reference: does not count
        ],
    )
    hyp = _po(
        tmp_path / "hyp.po",
        [("s1", "Un.", "One."), ("s2", "Deux.", ""), ("s3", "Trois.", "Three?")],
        fuzzy={"Trois."},
    )
    keys, hyps, refs = load_pairs(hyp, ref)
    assert keys == ["s1", "s2", "s3", "s4"]
    assert hyps == ["One.", "", "", ""]
    report = score_pairs(hyps, refs, keys=keys)
    assert report.count == 4
    assert report.empty == ("s2", "s3", "s4")


def test_po_detected_by_content(tmp_path: Path) -> None:
    ref = _po(tmp_path / "ref.po", [("s1", "Un.", "One.")])
    hyp = tmp_path / "hyp.txt"
    hyp.write_text('# comment\nmsgctxt "s1"\nmsgid "Un."\nmsgstr "One!"\n', encoding="utf-8")
    assert load_pairs(hyp, ref) == (["s1"], ["One!"], ["One."])


def test_po_errors(tmp_path: Path) -> None:
    ref = _po(tmp_path / "ref.po", [("s1", "Un.", "One.")])
    other = _po(tmp_path / "other.po", [("x9", "Autre.", "Other.")])
    with pytest.raises(InputError, match="same article"):
        load_pairs(other, ref)
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "Un."\nmsgstr "One " two."\n', encoding="utf-8")
    with pytest.raises(InputError, match="does not parse"):
        load_pairs(broken, ref)
    untranslated = _po(tmp_path / "untranslated.po", [("s1", "Un.", "")])
    with pytest.raises(InputError, match="no translated entries"):
        load_pairs(ref, untranslated)
    text = tmp_path / "hyp.txt"
    text.write_text("One.\n", encoding="utf-8")
    with pytest.raises(InputError, match="both"):
        load_pairs(text, ref)


def test_plain_text(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("One.\r\n\nThree.\n", encoding="utf-8")
    ref.write_text("\ufeffOne.\nTwo.\nThree.", encoding="utf-8")
    assert load_pairs(hyp, ref) == (
        ["1", "2", "3"],
        ["One.", "", "Three."],
        ["One.", "Two.", "Three."],
    )


def test_plain_text_count_mismatch(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("One.\nTwo.\n", encoding="utf-8")
    ref.write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_pairs(hyp, ref)
    assert "2 lines" in str(error.value) and "3" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"\n \n", "empty"),
        ("Café au lait\n".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\x00\x00\xd8\x01", "is UTF-32, not UTF-8"),
    ],
    ids=["empty", "blank", "latin1", "png", "utf32"],
)
def test_bad_files(tmp_path: Path, content: bytes, match: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("One.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    for hyp, ref in ((bad, good), (good, bad)):
        with pytest.raises(InputError, match=match) as error:
            load_pairs(hyp, ref)
        assert "\n" not in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("One.\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not exist"):
        load_pairs(tmp_path / "nope.txt", good)
    with pytest.raises(InputError, match="not a file"):
        load_pairs(good, tmp_path)


def test_samples_score_against_themselves() -> None:
    keys, hyps, refs = load_pairs(SAMPLES / "vi.po", SAMPLES / "vi.po")
    assert len(keys) == len(VI) and hyps == refs
    assert detect_language(SAMPLES / "vi.po") == "vi"
    assert detect_language(SAMPLES / "en.po") == "en"
    report = score_pairs(hyps, refs, lang="vi", keys=keys)
    assert report.metric("bleu").score == pytest.approx(100.0)
