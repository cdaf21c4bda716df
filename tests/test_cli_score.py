"""`workbench score` as CI calls it: exit 0 pass, 1 below a threshold, 2 bad input."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.support import REPO_ROOT, assert_one_line_error, run

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


def test_per_segment_names_segments_by_position_and_source(tmp_path: Path) -> None:
    hyp = degraded_copy(tmp_path)
    proc = run("score", "--hyp", str(hyp), "--ref", str(REF_EN), "--per-segment", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    second = next(line for line in lines if line.startswith("#2 "))
    assert "«Le porte-parole du Kremlin, Dmitri" in second and "…»" in second
    assert second.rstrip().endswith("sf984946e9441")  # the segment id is still there
    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--per-segment", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    segments = json.loads(proc.stdout)["segments"]
    assert [s["position"] for s in segments] == list(range(1, len(segments) + 1))
    assert segments[1]["source"].startswith("Le porte-parole du Kremlin, Dmitri Peskov")


def test_per_segment_source_with_control_characters_is_shown_as_text(tmp_path: Path) -> None:
    rows = [("s1", "Titre \x1b[31mrouge\x07\u202e", "Red title"), ("s2", "Deux.", "Two.")]
    for name, target in (("ref.po", None), ("hyp.po", "Blue title")):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
        for ctxt, msgid, msgstr in rows:
            text = target if target and ctxt == "s1" else msgstr
            po.append(polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr=text))
        po.save(str(tmp_path / name))
    proc = run("score", "--hyp", "hyp.po", "--ref", "ref.po", "--per-segment", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not any(c in proc.stdout for c in "\x1b\x07\u202e")
    assert "#1 «Titre \\x1b[31mrouge\\x07\\u202e»" in proc.stdout


def test_compare_says_which_is_better_and_if_significant(tmp_path: Path) -> None:
    hyp = degraded_copy(tmp_path)
    proc = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--compare", str(REF_EN),
        "--metrics", "bleu,chrf", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "A = " in proc.stdout and "B = " in proc.stdout
    verdict = next(line for line in proc.stdout.splitlines() if "on BLEU" in line)
    assert verdict.startswith("B is better than A on BLEU by ")
    assert verdict.endswith(", significant at 0.05)")
    # the other way round: A is the better one; the same file twice: the same score
    swapped = run(
        "score", "--hyp", str(REF_EN), "--ref", str(REF_EN), "--compare", str(hyp), "--json",
        cwd=tmp_path,
    )  # fmt: skip
    data = json.loads(swapped.stdout)
    assert data["verdicts"][0].startswith("A is better than B on BLEU by ")
    assert data["systems"] == {"A": str(REF_EN), "B": str(hyp)}
    same = run(
        "score", "--hyp", str(hyp), "--ref", str(REF_EN), "--compare", str(hyp), cwd=tmp_path
    )
    assert "A and B score the same on BLEU (p = 1)" in same.stdout


def test_cache_flags(tmp_path: Path) -> None:
    hyp = degraded_copy(tmp_path)
    args = ("score", "--hyp", str(hyp), "--ref", str(REF_EN), "--per-segment", "--json")
    default = tmp_path / ".workbench" / "score-cache.sqlite"
    no_cache = run(*args, "--no-cache", cwd=tmp_path)
    assert no_cache.returncode == 0 and not default.exists()
    cold = run(*args, cwd=tmp_path)
    assert default.is_file() and cold.stdout == no_cache.stdout
    warm = run(*args, cwd=tmp_path)
    assert warm.stdout == cold.stdout and warm.stderr == ""
    own = tmp_path / "ci" / "stats.sqlite"
    assert run(*args, "--cache", str(own), cwd=tmp_path).stdout == cold.stdout
    assert own.is_file()
    own.write_bytes(b"\x00garbage" * 100)
    broken = run(*args, "--cache", str(own), cwd=tmp_path)
    assert broken.returncode == 0 and broken.stdout == cold.stdout
    notices = broken.stderr.splitlines()
    assert len(notices) == 1 and notices[0].startswith("workbench: notice: score cache ")
    # a bad input leaves no cache file behind
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    proc = run("score", "--hyp", "nope.po", "--ref", str(REF_EN), cwd=elsewhere)
    assert proc.returncode == 2 and not (elsewhere / ".workbench").exists()
