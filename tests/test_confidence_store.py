"""MT confidence and notes in the store (revision 0003, both engines), the per-model
calibration of HTER against confidence, and the ``confidence`` QA check of ``workbench qa``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.support import make_segments
from workbench.mt.confidence import Calibration
from workbench.project import qa_in_workspace, refresh_calibrations, translate_article
from workbench.store import MTWrite, Store, open_store

WORDS = "la Russie retire ses forces de maintien de la paix du Haut-Karabakh selon le Kremlin"
SEGMENTS = make_segments(
    *[("content", f"{WORDS.split()[i % 14].capitalize()} phrase numéro {i}.") for i in range(40)]
)


@pytest.fixture()
def store(tmp_path: Path, engine: str) -> Store:
    s = open_store(tmp_path / "ws", create=True)
    s.import_article("art", SEGMENTS, title="t", source_path="a.txt", source_sha256="x")
    yield s
    s.close()


def test_confidence_and_notes_are_stored_with_the_mt(store: Store) -> None:
    first, second, third = (s.id for s in store.segments("art")[:3])
    store.store_mt(
        "art",
        "en",
        [
            MTWrite(first, "One.", "fr_en@1", confidence=0.42, notes=("cut between words",)),
            MTWrite(second, "Two.", "fr_en@1", confidence=0.9),
            MTWrite(third, "Three.", "tm:art/x", origin="tm"),
        ],
    )
    rows = {row.segment.id: row.translation for row in store.rows("art", "en")}
    assert (rows[first].mt_confidence, rows[first].mt_notes) == (0.42, ("cut between words",))
    assert (rows[second].mt_confidence, rows[second].mt_notes) == (0.9, ())
    assert (rows[third].mt_confidence, rows[third].mt_notes) == (None, ())
    store.store_mt("art", "en", [MTWrite(first, "One again.", "fr_en@2", confidence=0.8)])
    again = store.row("art", first, "en").translation
    assert (again.mt_confidence, again.mt_notes) == (0.8, ())  # the new MT's, not the old


def test_calibrations_are_stored_per_model_and_replaced(store: Store) -> None:
    assert store.calibrations() == {}
    store.save_calibration("a@1>b@1", '{"x": 1}', 30)
    store.save_calibration("c@2", '{"y": 2}', 31)
    store.save_calibration("a@1>b@1", '{"x": 3}', 32)
    assert store.calibrations() == {"a@1>b@1": '{"x": 3}', "c@2": '{"y": 2}'}


def _damage(text: str, amount: int) -> str:
    words = text.split()
    return " ".join(words[: max(1, len(words) - amount)] + ["changé"] * amount)


def _approved_workspace(store: Store, count: int, seed: int = 3) -> None:
    """``count`` approved segments whose confidence decides how much the reviewer changed."""
    rng = random.Random(seed)
    ids = [s.id for s in store.segments("art")][:count]
    confidences = [rng.random() for _ in ids]
    writes = [
        MTWrite(i, s.source, "fr_en@1", confidence=c)
        for i, s, c in zip(ids, store.segments("art"), confidences, strict=False)
    ]
    store.store_mt("art", "en", writes)
    for write, confidence in zip(writes, confidences, strict=True):
        current = store.row("art", write.segment_id, "en").translation
        edits = round(4 * (1 - confidence) + rng.uniform(-0.6, 0.6))
        store.approve(
            "art", write.segment_id, "en", expected_version=current.version,
            target=_damage(write.mt, max(0, edits)),
        )  # fmt: skip


def test_calibration_waits_for_thirty_approved_segments_then_fits(store: Store) -> None:
    _approved_workspace(store, 29)
    assert refresh_calibrations(store) == {}
    _approved_workspace(store, 40)
    fits = refresh_calibrations(store)
    fit = fits["fr_en@1"]
    assert fit.samples == 40 and fit.spearman < -0.5
    assert fit.expected_edit(0.05) > fit.expected_edit(0.95)
    stored = store.calibrations()
    assert Calibration.from_json(stored["fr_en@1"]) == fit
    assert refresh_calibrations(store) == fits  # nothing changed: no refit
    assert json.loads(store.calibrations()["fr_en@1"])["samples"] == 40


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_workbench_qa_warns_on_doubtful_machine_translations(store: Store, tmp_path: Path) -> None:
    _approved_workspace(store, 40)
    store.import_article(
        "new", make_segments(("content", "Une phrase."), ("content", "Une autre phrase.")),
        title="t", source_path="b.txt", source_sha256="y",
    )  # fmt: skip
    a, b = (s.id for s in store.segments("new"))
    store.store_mt(
        "new",
        "en",
        [
            MTWrite(a, "A sentence.", "fr_en@1", confidence=0.2),
            MTWrite(b, "Another sentence.", "fr_en@1", confidence=0.9),
        ],
    )
    store.close()
    (found,) = qa_in_workspace(tmp_path / "ws", "new", ["en"], checks="confidence")["en"]
    assert found.segment_id == a
    (finding,) = found.findings
    assert "confidence 0.20, below 0.50, expected edit ~" in finding.message
    with open_store(tmp_path / "ws") as again:  # an edit ends the warning
        version = again.row("new", a, "en").translation.version
        again.save_target("new", a, "en", "A sentence, edited.", expected_version=version)
    assert qa_in_workspace(tmp_path / "ws", "new", ["en"], checks="confidence")["en"] == []


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_translate_stores_each_mts_confidence_and_notes(
    store: Store, copy_packages, tiny_packages
) -> None:
    from workbench.mt.options import DecodeOptions

    long = " ".join(["la paix du Haut-Karabakh selon le Kremlin"] * 8)
    store.import_article(
        "k", make_segments(("content", "La Russie retire ses forces."), ("content", long)),
        title="t", source_path="c.txt", source_sha256="z",
    )  # fmt: skip
    translate_article(
        store, "k", ["vi"], packages=list(copy_packages.values()),
        options=DecodeOptions(max_piece_tokens=20),
    )  # fmt: skip
    short, cut = (row.translation for row in store.rows("k", "vi"))
    assert short.mt_confidence > 0.99 and short.mt_notes == ()
    assert cut.mt == long and len(cut.mt_notes) == 2  # both legs cut it between words
    assert all("cut between words" in note for note in cut.mt_notes)
    translate_article(store, "k", ["vi"], force=True, packages=list(tiny_packages.values()))
    gibberish = store.rows("k", "vi")[0].translation
    assert 0 < gibberish.mt_confidence < short.mt_confidence
