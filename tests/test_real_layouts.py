"""The seed article fr→en→vi through a replica of each real package layout, end to end.

An OPUS-MT-style fr→en port (source-only SentencePiece, Locomotive zip) and, in turn, each
en→vi layout of :mod:`workbench.mt.builder.layouts` are installed through workbench's install
code; the article is imported, translated into English and Vietnamese (the Vietnamese through
the English pivot, with alternatives) and exported as PO with the machine segments. No MT,
pivot, alternative or PO line carries ``▁``, ``@@``, ``<unk>``, ``</s>`` or a language tag, and
every MT is exactly the text the lexical models must give.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.support import SEED_ARTICLE, lexical_expected
from workbench.mt.artifacts import find_artifacts
from workbench.mt.builder.layouts import LAYOUTS, SWAPS, build_layout_package, swap_letters
from workbench.mt.install import install_from_file
from workbench.mt.options import DecodeOptions
from workbench.mt.packages import InstalledPackage
from workbench.project import export_checked, import_article, translate_article
from workbench.store import open_store

SLUG = "karabakh"


@pytest.fixture(scope="module")
def fr_en(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    work = tmp_path_factory.mktemp("fr_en")
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    file = build_layout_package(work / "fr_en.argosmodel", "opus-spm", "fr", "en", texts=[seed])
    return install_from_file(file, work / "packages")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_article_through_each_layout_has_no_artifact(
    tmp_path: Path, fr_en: InstalledPackage, layout: str
) -> None:
    english_side = swap_letters(SEED_ARTICLE.read_text(encoding="utf-8"), SWAPS["fr_en"])
    file = build_layout_package(
        tmp_path / "en_vi.argosmodel", layout, "en", "vi", texts=[english_side]
    )
    en_vi = install_from_file(file, tmp_path / "packages")
    workspace = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=workspace)
    with open_store(workspace) as store:
        translate_article(
            store,
            SLUG,
            ["en", "vi"],
            options=DecodeOptions(num_hypotheses=3),
            packages=[fr_en, en_vi],
        )
        rows = {lang: store.rows(SLUG, lang) for lang in ("en", "vi")}
        export_checked(store, SLUG, ["en", "vi"], tmp_path / "locales", include_machine=True)
    translated = [row for row in rows["vi"] if row.translation and row.translation.mt]
    assert len(translated) > 10
    for lang in ("en", "vi"):
        for row in rows[lang]:
            if row.translation is None or not row.translation.mt:
                continue
            mt = row.translation
            texts = [mt.mt, mt.target, mt.pivot or "", *mt.alternatives]
            assert [find_artifacts(text) for text in texts] == [[]] * len(texts), mt
            if lang == "en":
                assert mt.mt == lexical_expected(fr_en, row.segment.source)
            else:
                assert mt.pivot == lexical_expected(fr_en, row.segment.source)
                assert mt.mt == lexical_expected(en_vi, mt.pivot)
    for lang in ("en", "vi"):
        po = polib.pofile(str(tmp_path / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"))
        assert len(po) > 10
        for entry in po:
            assert find_artifacts(entry.msgstr) == [], entry
            for comment in (entry.comment, entry.tcomment):
                assert find_artifacts(comment or "") == []
