"""`workbench score` as CI calls it: exit 0 pass, 1 below a threshold, 2 bad input."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.conftest import REPO_ROOT
from tests.test_cli import assert_one_line_error, run

REF_EN = REPO_ROOT / "samples" / "karabakh" / "en.po"


def degraded_copy(tmp_path: Path) -> Path:
    """The reference with every other segment's last word dropped: a worse hypothesis."""
    po = polib.pofile(str(REF_EN))
    for i, entry in enumerate(po):
        if i % 2 == 0:
            entry.msgstr = entry.msgstr.rsplit(" ", 1)[0]
    out = tmp_path / "hyp.po"
    po.save(str(out))
    return out


def test_json_scores_with_signatures_and_gate(tmp_path: Path) -> None:
    hyp = degraded_copy(tmp_path)
    proc = run("score", "--hyp", str(hyp), "--ref", str(REF_EN), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    bleu = data["metrics"]["bleu"]["score"]
    assert 0 < bleu < 100
    assert "tok:13a" in data["metrics"]["bleu"]["signature"]
    assert "lang:fr-en" in data["metrics"]["chrf"]["signature"]
    assert data["passed"] is True

    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--min-bleu", f"{bleu + 1:.2f}",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "quality gate failed: BLEU" in proc.stderr
    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--min-bleu", f"{bleu - 1:.2f}",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0


def test_per_segment_and_compare(tmp_path: Path) -> None:
    hyp = degraded_copy(tmp_path)
    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--per-segment", "--json", cwd=tmp_path
    )
    segments = json.loads(proc.stdout)["segments"]
    assert len(segments) == len(polib.pofile(str(REF_EN)))
    assert any(s["scores"]["bleu"] > 99.99 for s in segments)
    assert any(s["scores"]["bleu"] < 99 for s in segments)
    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--compare", str(REF_EN), "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)["metrics"]["bleu"]
    assert result["system"]["score"] > 99.99 and 0 <= result["p_value"] <= 0.05


def test_bad_inputs_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("one\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert_one_line_error(run("score", "--hyp", "a.txt", "--ref", "b.txt", cwd=tmp_path), "2 lines")
    assert_one_line_error(
        run("score", "--hyp", "empty.txt", "--ref", "empty.txt", cwd=tmp_path), "empty"
    )
    assert_one_line_error(
        run("score", "--hyp", "nope.po", "--ref", str(REF_EN), cwd=tmp_path), "nope.po"
    )
    assert_one_line_error(
        run("score", "--hyp", "a.txt", "--ref", "a.txt", "--metrics", "bleu,meteor", cwd=tmp_path),
        "unknown metric meteor",
    )
