"""workbench.mt.translate: order, determinism, n-best, pivot, batching, exact copies end to end.

Random-model outputs are only compared within this process (int8 differs across CPUs); exact
expected text comes from the copy packages.
"""

from __future__ import annotations

import pytest

from tests.support import seed_sentences
from workbench.errors import InputError, PackageError
from workbench.mt import loaded, routes, translate
from workbench.mt.options import DecodeOptions

SENTENCES = seed_sentences()


@pytest.fixture(scope="module")
def tiny_route(tiny_packages) -> routes.Route:
    return routes.find_route("fr", "vi", [tiny_packages["fr_en"], tiny_packages["en_vi"]])


@pytest.fixture(scope="module")
def copy_route(copy_packages) -> routes.Route:
    return routes.find_route("fr", "vi", list(copy_packages.values()))


def test_results_keep_input_order_and_count(tiny_route, tiny_packages):
    texts = [SENTENCES[3], "", SENTENCES[0], "   ", SENTENCES[5], SENTENCES[1]]
    results = translate.translate_texts(texts, tiny_route)
    assert len(results) == len(texts)
    codec = loaded.codec(tiny_packages["fr_en"])
    expected = [len(codec.encode(text)) if text.strip() else 0 for text in texts]
    assert [result.source_tokens for result in results] == expected
    assert [bool(result.text) for result in results] == [bool(n) for n in expected]


def test_copy_results_come_back_in_input_order(copy_route):
    # Sorting by length must be undone exactly: the copy model shows every text's own output.
    texts = [*sorted(SENTENCES, key=lambda s: len(s) * 7919 % 101), "", SENTENCES[0]]
    assert [r.text for r in translate.translate_texts(texts, copy_route)] == texts


def test_empty_texts_give_empty_results_without_the_model(tiny_route):
    results = translate.translate_texts(["", "  \n "], tiny_route)
    for result in results:
        assert result.text == "" and result.alternatives == () and result.pivot is None
        assert result.source_tokens == result.target_tokens == 0
    assert translate.translate_texts([], tiny_route) == []


def test_deterministic_within_a_run(tiny_route):
    first = translate.translate_texts(SENTENCES, tiny_route)
    loaded.clear_cache()
    assert translate.translate_texts(SENTENCES, tiny_route) == first


def test_pivot_route_records_english_and_both_models(tiny_route, tiny_packages):
    result = translate.translate_texts([SENTENCES[0]], tiny_route)[0]
    assert result.pivot is not None and result.pivot.strip()
    assert result.model == f"{tiny_packages['fr_en'].label}>{tiny_packages['en_vi'].label}"
    step1 = translate.translate_one_step([SENTENCES[0]], tiny_packages["fr_en"])[0]
    assert result.pivot == step1[0][0]
    step2 = translate.translate_one_step([result.pivot], tiny_packages["en_vi"])[0]
    assert result.text == step2[0][0]
    assert result.score == pytest.approx(step1[0][1] + step2[0][1])


def test_direct_route_has_no_pivot(tiny_packages):
    route = routes.find_route("fr", "en", [tiny_packages["fr_en"]])
    result = translate.translate_texts([SENTENCES[0]], route)[0]
    assert result.pivot is None and result.model == tiny_packages["fr_en"].label


def test_alternatives_are_distinct_and_not_the_best(tiny_route):
    results = translate.translate_texts(SENTENCES, tiny_route)
    assert any(result.alternatives for result in results)
    for result in results:
        assert result.text not in result.alternatives
        assert len(set(result.alternatives)) == len(result.alternatives)
        assert all(alternative.strip() for alternative in result.alternatives)
        assert len(result.alternatives) <= 2


def test_n_best_per_input(tiny_packages):
    nbest = translate.translate_one_step(
        [SENTENCES[0], ""], tiny_packages["fr_en"], DecodeOptions(beam_size=4, num_hypotheses=3)
    )
    assert len(nbest[0]) == 3 and nbest[1] == [("", 0.0)]
    scores = [score for _text, score in nbest[0]]
    assert scores == sorted(scores, reverse=True)
    greedy = translate.translate_one_step(
        [SENTENCES[0]], tiny_packages["fr_en"], DecodeOptions(beam_size=1, num_hypotheses=3)
    )
    assert len(greedy[0]) == 1


def test_progress_reports_every_chunk(tiny_route):
    seen: list[tuple[int, int]] = []
    options = DecodeOptions(chunk_tokens=60)
    translate.translate_texts(
        SENTENCES[:8], tiny_route, options, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (16, 16)
    assert len(seen) > 3
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_iter_translate_can_be_cancelled(tiny_route):
    events = translate.iter_translate(SENTENCES, tiny_route, DecodeOptions(chunk_tokens=30))
    first = next(events)
    assert first.results is None and first.stage == "fr→en" and 0 < first.done < first.total
    events.close()  # a worker stops iterating: no further chunk is started


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_copy_route_gives_back_the_source(copy_route, beam, compute_type):
    options = DecodeOptions(beam_size=beam, compute_type=compute_type)
    results = translate.translate_texts(SENTENCES, copy_route, options)
    assert [result.text for result in results] == SENTENCES
    assert [result.pivot for result in results] == SENTENCES
    assert all(result.source_tokens == result.target_tokens for result in results)


def test_batching_does_not_change_results(copy_route):
    small = DecodeOptions(max_batch_tokens=48, chunk_tokens=100)
    large = DecodeOptions(max_batch_tokens=8192, chunk_tokens=0)
    a = translate.translate_texts(SENTENCES, copy_route, small)
    b = translate.translate_texts(SENTENCES, copy_route, large)
    assert [r.text for r in a] == [r.text for r in b] == SENTENCES
    assert [r.pivot for r in a] == [r.pivot for r in b]


def test_underscores_survive_decoding(copy_packages):
    # Argos's SentencePieceTokenizer.decode would turn "_" into a space.
    route = routes.find_route("fr", "en", [copy_packages["fr_en"]])
    texts = ["Le porte_parole du Kremlin", "{PLACEHOLDER_1} a confirmé"]
    assert [r.text for r in translate.translate_texts(texts, route)] == texts


def test_input_beyond_the_copy_model_positions_is_split_or_a_package_error(copy_packages):
    # The copy model has 256 positions (builder.build_copy_package's documented limit): a long
    # text of several sentences is given to it sentence by sentence and comes back whole.
    route = routes.find_route("fr", "en", [copy_packages["fr_en"]])
    joined = " ".join(SENTENCES * 3)
    assert translate.translate_texts([joined], route)[0].text == joined
    # Allowed pieces longer than the model's positions: one error, not a crash.
    with pytest.raises(PackageError, match="could not translate"):
        translate.translate_texts(
            [" ".join(SENTENCES * 3).replace(".", "")], route, DecodeOptions(max_piece_tokens=900)
        )


def test_retranslate_from_edited_pivot(copy_route, copy_packages):
    english = ["Russia withdraws its peacekeeping forces.", ""]
    results = translate.retranslate_from_pivot(english, copy_route)
    assert results[0].text == english[0] and results[0].pivot == english[0]
    assert results[0].model == copy_packages["en_vi"].label
    assert results[1].text == ""
    direct = routes.find_route("fr", "en", [copy_packages["fr_en"]])
    with pytest.raises(InputError, match="direct"):
        translate.retranslate_from_pivot(english, direct)


def test_translator_cache_is_reused(copy_packages):
    package = copy_packages["fr_en"]
    options = DecodeOptions()
    assert loaded.translator(package, options) is loaded.translator(package, options)
    loaded.clear_cache()
    assert loaded._translators == {}
