"""Decoding safety on the packages the tests build: alternatives never change the best
hypothesis, the decoding limit grows with the source and is reported when hit, long and
multi-sentence inputs are split for the model and rejoined (never truncated), and every MT
carries a confidence that multiplies over a pivot route.

Random-model outputs are compared only within this process (int8 differs across CPUs)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support import seed_sentences
from workbench.mt import routes, translate
from workbench.mt.builder.marian import build_opus_mt_dir
from workbench.mt.builder.texts import ENGLISH_TEXT
from workbench.mt.convert import convert_opus_mt
from workbench.mt.install import install_from_file
from workbench.mt.options import DecodeOptions
from workbench.mt.packages import InstalledPackage
from workbench.mt.routes import Route

ENGLISH = ENGLISH_TEXT.splitlines()
SENTENCES = seed_sentences()


@pytest.fixture(scope="module")
def endless(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    """An OPUS-MT-architecture model with random weights: it never chooses </s> by itself."""
    work = tmp_path_factory.mktemp("endless")
    release = build_opus_mt_dir(work / "opus", "en", "vi", texts=[ENGLISH_TEXT], seed=11)
    return install_from_file(
        convert_opus_mt(release, "en", "vi", work / "p.argosmodel").path, work / "packages"
    )


def test_decoding_limit_grows_with_the_source() -> None:
    options = DecodeOptions(
        decoding_length_base=10, decoding_length_per_token=1.5, max_decoding_length=100
    )
    assert [options.decoding_limit(n) for n in (0, 1, 4, 60, 1000)] == [10, 12, 16, 100, 100]
    with pytest.raises(ValueError):
        DecodeOptions(max_piece_tokens=0)


@pytest.mark.parametrize("model", ["tiny", "copy"])
def test_alternatives_never_change_the_best_hypothesis(
    model: str, tiny_packages, copy_packages
) -> None:
    """Beam 4 with 1 and with 3 hypotheses: CTranslate2 runs the same search (the beam, not
    the number of hypotheses returned, sets it), so the best text and score are identical."""
    package = (tiny_packages if model == "tiny" else copy_packages)["fr_en"]
    one = translate.translate_one_step(SENTENCES, package, DecodeOptions(num_hypotheses=1))
    three = translate.translate_one_step(SENTENCES, package, DecodeOptions(num_hypotheses=3))
    assert [h[0] for h in one] == [h[0] for h in three]
    assert all(len(h) == 1 for h in one) and any(len(h) > 1 for h in three)


def test_an_endless_model_stops_at_a_limit_proportional_to_the_source(
    endless: InstalledPackage,
) -> None:
    options = DecodeOptions(decoding_length_base=4, decoding_length_per_token=1.0)
    route = Route("en", "vi", (endless,))
    # one call each: in one call, sources of similar length share the longest one's limit
    (short,) = translate.translate_texts([ENGLISH[0]], route, options)
    (long,) = translate.translate_texts([f"{ENGLISH[1]} {ENGLISH[2]}"], route, options)
    assert short.target_tokens == options.decoding_limit(short.source_tokens)
    assert short.notes == (
        "the model stopped at its decoding limit: it may have looped or left something out",
    )
    # two sentences, two pieces, each with its own limit
    assert "stopped at its decoding limit in 2 of 2 pieces" in long.notes[0]
    assert short.target_tokens < long.target_tokens < 2 * options.decoding_limit(long.source_tokens)
    # the flat limit Argos uses would have let the short one run to 256 tokens
    flat = DecodeOptions(decoding_length_base=256, decoding_length_per_token=0.0)
    assert translate.translate_texts([ENGLISH[0]], route, flat)[0].target_tokens == 256


def test_a_multi_sentence_text_is_translated_sentence_by_sentence(tiny_packages) -> None:
    """What the model gets for "A. B." is "A." and "B.": the output is the two joined."""
    package = tiny_packages["fr_en"]
    route = Route("fr", "en", (package,))
    a, b = [sentence for sentence in SENTENCES if sentence.endswith(".")][1:3]
    alone = translate.translate_texts([a, b], route)
    together = translate.translate_texts([f"{a} {b}"], route)[0]
    assert together.text == f"{alone[0].text} {alone[1].text}"
    assert together.source_tokens == alone[0].source_tokens + alone[1].source_tokens
    assert together.notes == ()


def test_an_edited_pivot_of_two_sentences_comes_back_whole(copy_packages) -> None:
    route = routes.find_route("fr", "vi", list(copy_packages.values()))
    english = ["Russia withdraws its peacekeeping forces. The Kremlin confirmed it on April 17."]
    assert translate.retranslate_from_pivot(english, route)[0].text == english[0]


def test_a_long_input_without_boundaries_is_cut_and_says_so(copy_packages) -> None:
    route = Route("fr", "en", (copy_packages["fr_en"],))
    text = " ".join(SENTENCES[:6]).replace(".", "").replace(",", "")
    options = DecodeOptions(max_piece_tokens=40)
    result = translate.translate_texts([text], route, options)[0]
    assert result.text == text  # the copy model shows nothing was lost or reordered
    assert len(result.notes) == 1 and "cut between words" in result.notes[0]
    clauses = ", ".join(["La Russie retire ses forces de maintien de la paix"] * 12) + "."
    by_clause = translate.translate_texts([clauses], route, options)[0]
    assert by_clause.text == clauses
    assert by_clause.notes == ("a sentence of more than 40 tokens was translated clause by clause",)


def test_confidence_is_high_for_the_copy_model_and_multiplies_over_a_pivot(
    copy_packages, tiny_packages
) -> None:
    copy = routes.find_route("fr", "vi", list(copy_packages.values()))
    assert all(r.confidence > 0.99 for r in translate.translate_texts(SENTENCES[:5], copy))
    pivot = routes.find_route("fr", "vi", [tiny_packages["fr_en"], tiny_packages["en_vi"]])
    first = Route("fr", "en", (tiny_packages["fr_en"],))
    for text in SENTENCES[:5]:
        whole = translate.translate_texts([text], pivot)[0]
        leg1 = translate.translate_texts([text], first)[0]
        leg2 = translate.retranslate_from_pivot([leg1.text], pivot)[0]
        assert 0.0 < whole.confidence < 1.0
        assert math.isclose(whole.confidence, leg1.confidence * leg2.confidence, rel_tol=1e-9)


def test_an_endless_output_is_less_confident_than_a_finished_one(
    endless: InstalledPackage, tmp_path: Path
) -> None:
    """Scoring adds the </s> an endless model did not want to write."""
    route = Route("en", "vi", (endless,))
    result = translate.translate_texts([ENGLISH[0]], route)[0]
    assert result.confidence < 0.5


def test_a_given_translation_is_scored_by_the_package(copy_packages) -> None:
    """score_translations: the copy model is sure of the copy, much less of a damaged one."""
    from workbench.mt.scoring import score_translations

    package = copy_packages["fr_en"]
    texts = [sentence for sentence in SENTENCES if sentence.count(" ") > 5][:4]
    damaged = [" ".join(reversed(text.split())) for text in texts]
    exact = score_translations(texts, texts, package)
    wrong = score_translations(texts, damaged, package)
    assert all(value > 0.99 for value in exact)
    assert all(w < 0.5 for w in wrong)
    assert score_translations([], [], package) == []


@pytest.fixture(scope="module")
def looping(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    from tests.support import SEED_ARTICLE
    from workbench.mt.builder.packages import build_faulty_copy_package

    work = tmp_path_factory.mktemp("loop")
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    file = build_faulty_copy_package(
        work / "loop.argosmodel", "fr", "en", texts=[seed], kind="loop"
    )
    return install_from_file(file, work / "packages")


def test_the_looping_copy_model_loops_and_blocking_lets_it_end(looping: InstalledPackage) -> None:
    """builder.faulty_models: the source, then its last tokens again up to the limit; with the
    loop blocked the model writes </s> instead (what decoding_bench measures)."""
    route = Route("fr", "en", (looping,))
    texts = [sentence for sentence in SENTENCES if sentence.endswith(".")][:3]
    greedy = DecodeOptions(beam_size=1)  # the same behaviour as beam 4, for less time
    looped = translate.translate_texts(texts, route, replace(greedy, loop_retry_penalty=1.0))
    for text, result in zip(texts, looped, strict=True):
        assert result.text.startswith(text) and len(result.text) > len(text) + 5
    assert all("decoding limit" in result.notes[-1] for result in looped)
    # by default a looped output is decoded again with a repetition penalty, and says so
    retried = translate.translate_texts(texts, route, greedy)
    assert [result.text for result in retried] == texts
    assert all("second decoding with repetition penalty 1.5" in r.notes[0] for r in retried)


def test_the_translate_use_case_reports_every_noted_segment(
    looping: InstalledPackage, tmp_path: Path
) -> None:
    """The store has no column for MT notes yet: translate reports them, segment by segment."""
    from tests.support import SEED_ARTICLE
    from workbench.project import import_article, translate_article
    from workbench.store import open_store

    workspace = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug="k", workspace=workspace)
    with open_store(workspace) as store:
        rows = {row.segment.id: row for row in store.rows("k", "en")}
        chosen = [i for i, row in rows.items() if row.segment.translatable][:4]
        (report,) = translate_article(
            store, "k", ["en"], packages=[looping], segment_ids=set(chosen),
            options=DecodeOptions(beam_size=1, loop_retry_penalty=1.0),
        )  # fmt: skip
    assert len(report.notes) == report.translated == 4
    for note in report.notes:
        assert re.fullmatch(r"segment \d+ \(s[0-9a-f]{12}\): the model stopped at its .*", note)
        assert note.split("(")[1].split(")")[0] in rows


@pytest.mark.parametrize("layout", ["tiny", "prefix", "opus-bos"])
def test_confidence_from_ctranslate2_scores_equals_score_batch(
    layout: str, tiny_packages, tmp_path: Path
) -> None:
    """The log-prob sum derived from translate_batch's score (no score_batch pass) is the one
    score_batch gives, target prefix and </s> included as the module says."""
    from workbench.mt import batching, loaded
    from workbench.mt.builder.layouts import build_layout_package

    if layout == "tiny":
        package, texts = tiny_packages["fr_en"], SENTENCES[:8]
    else:
        file = build_layout_package(tmp_path / "p.argosmodel", layout, "en", "vi", texts=ENGLISH)
        package, texts = install_from_file(file, tmp_path / "packages"), ENGLISH
    options = DecodeOptions()
    codec, translator = loaded.codec(package), loaded.translator(package, options)
    batch = sorted((codec.encode(text) for text in texts), key=len)
    decoded = batching.decode(translator, batch, package.target_prefix, options)
    offset = 1 if package.target_prefix else 0
    scored = translator.score_batch(
        batch, [list(d.hypotheses[0][0]) for d in decoded], offset=offset
    )
    for mine, theirs in zip(decoded, scored, strict=True):
        assert not mine.hit_limit
        assert mine.scored_tokens == len(theirs.log_probs)
        assert mine.log_prob == pytest.approx(sum(theirs.log_probs), abs=1e-3)
