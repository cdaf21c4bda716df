"""workbench.mt.decode and workbench.mt.artifacts: no tokenizer artifact ever reaches text.

A property test feeds the decoder any mix of pieces its SentencePiece model knows, pieces it
does not know (OPUS-MT target pieces, with their ``▁``), byte-fallback pieces (complete and
broken UTF-8), special tokens and language tags; and the BPE decoder any mix of subwords with
and without ``@@``. The output never carries ``▁``, ``@@``, ``<unk>``, ``<s>``, ``</s>`` or a
language tag.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.mt.artifacts import find_artifacts, scrub
from workbench.mt.builder.bpe import learn_codes, moses_lines
from workbench.mt.builder.sentencepiece import pieces, train_sentencepiece
from workbench.mt.builder.texts import ENGLISH_TEXT, VIETNAMESE_TEXT
from workbench.mt.decode import Codec
from workbench.mt.packages import InstalledPackage

TAGS = [">>vie<<", "__vie_Latn__", "__en__", "<unk>", "<s>", "</s>", "<pad>"]


def _package(folder: Path, tokenizer: str, prefix: str = "", bos: str = "") -> InstalledPackage:
    (folder / "model").mkdir(parents=True, exist_ok=True)
    config = {"add_source_eos": True, "add_source_bos": bool(bos), "bos_token": bos or "<s>"}
    (folder / "model" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return InstalledPackage(
        code="translate-en_vi",
        from_code="en",
        to_code="vi",
        version="1.0",
        path=folder,
        tokenizer=tokenizer,
        target_prefix=prefix,
        generated=False,
    )


@pytest.fixture(scope="module")
def sp_package(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    folder = tmp_path_factory.mktemp("sp")
    train_sentencepiece([ENGLISH_TEXT], folder, 300, byte_fallback=True)
    return _package(folder, "sentencepiece", prefix="__vie_Latn__", bos=">>vie<<")


@pytest.fixture(scope="module")
def bpe_package(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    folder = tmp_path_factory.mktemp("bpe")
    codes = learn_codes(moses_lines([ENGLISH_TEXT], "en"), 200)
    (folder / "bpe.model").write_text(codes, encoding="utf-8")
    return _package(folder, "bpe")


@pytest.fixture(scope="module")
def known_pieces(sp_package: InstalledPackage) -> list[str]:
    return pieces(sp_package.path / "sentencepiece.model")


def _unknown_pieces() -> st.SearchStrategy[str]:
    words = st.text(alphabet="ăêơưđìỳ▁_@<>/sunkvieLatn", min_size=1, max_size=8)
    return st.one_of(
        words, words.map(lambda w: "\u2581" + w), st.sampled_from(VIETNAMESE_TEXT.split())
    )


def _byte_pieces() -> st.SearchStrategy[list[str]]:
    complete = st.text(min_size=1, max_size=2).map(
        lambda text: [f"<0x{byte:02X}>" for byte in text.encode("utf-8")]
    )
    broken = st.lists(st.integers(0x80, 0xFF), min_size=1, max_size=3).map(
        lambda values: [f"<0x{value:02X}>" for value in values]
    )
    return st.one_of(complete, broken)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_sentencepiece_decode_never_leaks(
    data: st.DataObject, sp_package: InstalledPackage, known_pieces: list[str]
) -> None:
    codec = Codec(sp_package)
    chunks = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from(known_pieces).map(lambda p: [p]),
                _unknown_pieces().map(lambda p: [p]),
                _byte_pieces(),
                st.sampled_from(TAGS).map(lambda p: [p]),
            ),
            max_size=20,
        )
    )
    tokens = [piece for chunk in chunks for piece in chunk]
    text = codec.decode(tokens)
    assert find_artifacts(text) == [], (tokens, text)
    assert text == text.strip()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tokens=st.lists(
        st.one_of(
            st.text(alphabet="abcdeKrmlin.,'_&;", min_size=1, max_size=6),
            st.text(alphabet="abcdeKrmlin", min_size=1, max_size=6).map(lambda t: t + "@@"),
            st.sampled_from(TAGS),
        ),
        max_size=15,
    )
)
def test_bpe_decode_never_leaks(tokens: list[str], bpe_package: InstalledPackage) -> None:
    text = Codec(bpe_package).decode(tokens)
    assert find_artifacts(text) == [], (tokens, text)


def test_decode_examples(sp_package: InstalledPackage, bpe_package: InstalledPackage) -> None:
    sp = Codec(sp_package)
    # OPUS-MT: target pieces the source model does not know keep their ▁ in decode_pieces.
    assert (
        sp.decode(["__vie_Latn__", "▁Xin", "▁chào", "▁các", "▁bạn", "</s>"]) == "Xin chào các bạn"
    )
    assert sp.decode([">>vie<<", "▁the", "▁porte_parole", "▁{PLACEHOLDER_1}"]) == (
        "the porte_parole {PLACEHOLDER_1}"
    )
    assert sp.decode(["▁R", "<0xE6>", "<0xBC>", "<0xA2>"]) == "R漢"
    assert sp.decode(["</s>"]) == "" and sp.decode([]) == ""
    bpe = Codec(bpe_package)
    assert bpe.decode(["The", "Krem@@", "lin", "said@@"]) == "The Kremlin said"
    assert bpe.decode(["He", "said", ":", "&quot;", "yes", "&quot;"]) == 'He said: "yes"'


def test_encode_drops_control_tokens_a_text_could_inject(sp_package: InstalledPackage) -> None:
    codec = Codec(sp_package)
    tokens = codec.encode("Russia withdraws")
    assert tokens and not any(t in TAGS for t in tokens)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("the▁Vietnam et▁la France", "the Vietnam et la France"),
        ("Kreml@@ in said@@", "Kremlin said"),
        (">>vie<< Xin chào</s>", "Xin chào"),
        ("__vie_Latn__ Xin <unk> chào", "Xin chào"),
        ("porte_parole {PLACEHOLDER_1} __init__", "porte_parole {PLACEHOLDER_1} __init__"),
        ("  plain text  ", "plain text"),
    ],
)
def test_scrub(text: str, clean: str) -> None:
    assert scrub(text) == clean
    assert find_artifacts(clean) == []
