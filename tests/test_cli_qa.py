"""`workbench qa`, `glossary`, `tm` and the export's QA gate, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import SEED_ARTICLE, assert_one_line_error, run
from workbench.project import import_article
from workbench.store import MTWrite, open_store

PESKOV = "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril"


def seeded_with_mt(tmp_path: Path) -> dict[str, str]:
    """The seed with hand-written English MT: one good, one with a changed number."""
    import_article(SEED_ARTICLE, slug="karabakh", workspace=tmp_path / ".workbench")
    with open_store(tmp_path / ".workbench") as store:
        rows = [r for r in store.rows("karabakh", "en") if r.segment.translatable]
        peskov = next(r for r in rows if r.segment.source.startswith(PESKOV))
        force = next(r for r in rows if "2 000 hommes" in r.segment.source)
        store.store_mt(
            "karabakh",
            "en",
            [
                MTWrite(
                    peskov.segment.id,
                    "Kremlin spokesman Dmitry Peskov confirmed on April 17 that Russia had begun "
                    "withdrawing its peacekeeping forces from the Nagorno-Karabakh region of "
                    "Azerbaijan, according to RT.",
                    "m@1",
                ),
                MTWrite(
                    force.segment.id,
                    "Russia deployed a peacekeeping force of 200 troops in the region under a deal "
                    "that helped end a six-week conflict in 2020.",
                    "m@1",
                ),
            ],
        )
        return {"good": peskov.segment.id, "bad": force.segment.id}


def test_qa_lists_real_findings_and_exits_1_on_errors(tmp_path: Path) -> None:
    ids = seeded_with_mt(tmp_path)
    proc = run("qa", "karabakh", "--lang", "en", "--json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = {seg["segment"]: seg for seg in json.loads(proc.stdout)["en"]}
    assert ids["good"] not in found
    bad = found[ids["bad"]]
    numbers = [f for f in bad["findings"] if f["check"] == "numbers"]
    assert numbers and numbers[0]["severity"] == "error"
    start, end = numbers[0]["span"]
    assert bad["target"][start:end] == "200"
    proc = run("qa", "karabakh", "--lang", "en", "--checks=-numbers", cwd=tmp_path)
    assert proc.returncode == 0 and "numbers" not in proc.stdout
    assert_one_line_error(run("qa", "karabakh", "--checks", "spelling", cwd=tmp_path), "spelling")


def test_export_refuses_approved_errors_unless_forced(tmp_path: Path) -> None:
    ids = seeded_with_mt(tmp_path)
    with open_store(tmp_path / ".workbench") as store:
        for key in ("good", "bad"):
            store.approve("karabakh", ids[key], "en", expected_version=1)
    proc = run("export", "karabakh", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert ids["bad"] in proc.stderr and "--force" in proc.stderr.splitlines()[-1]
    assert not (tmp_path / "out").exists()
    proc = run("export", "karabakh", "--lang", "en", "--out", "out", "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "2 approved" in proc.stdout
    assert (tmp_path / "out" / "en" / "LC_MESSAGES" / "karabakh.po").exists()


def test_glossary_import_list_export_and_bad_file(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text(
        "fr,en,vi,note,do_not_translate\nKremlin,Kremlin,Điện Kremlin,,no\nAFP,AFP,AFP,,yes\n",
        encoding="utf-8",
    )
    proc = run("glossary", "import", str(csv), cwd=tmp_path)
    assert proc.returncode == 0 and "2 terms" in proc.stdout
    listed = run("glossary", "list", cwd=tmp_path).stdout
    assert "Kremlin" in listed and "[do not translate]" in listed
    assert run("glossary", "export", "out.tbx", cwd=tmp_path).returncode == 0
    assert "<tbx" in (tmp_path / "out.tbx").read_text(encoding="utf-8")
    before = (tmp_path / ".workbench" / "glossary.csv").read_bytes()
    (tmp_path / "bad.csv").write_text("fr,en\nx,y\n", encoding="utf-8")
    assert_one_line_error(run("glossary", "import", "bad.csv", cwd=tmp_path), "bad.csv")
    assert (tmp_path / ".workbench" / "glossary.csv").read_bytes() == before


def test_tm_stats_and_search(tmp_path: Path) -> None:
    ids = seeded_with_mt(tmp_path)
    with open_store(tmp_path / ".workbench") as store:
        store.approve("karabakh", ids["good"], "en", expected_version=1)
    proc = run("tm", "stats", cwd=tmp_path)
    assert "en: 1 approved segments from 1 articles" in proc.stdout
    proc = run(
        "tm", "search", f"{PESKOV} que la Russie", "--lang", "en", "--min", "40", cwd=tmp_path
    )
    assert proc.returncode == 0 and "Dmitry Peskov" in proc.stdout


def test_export_gate_lists_at_most_20_errors(tmp_path: Path) -> None:
    article = tmp_path / "many.txt"
    sentences = [f"La Russie a déployé {n} 000 hommes dans la région." for n in range(2, 32)]
    article.write_text("Beaucoup de chiffres\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    import_article(article, slug="many", workspace=tmp_path / ".workbench")
    with open_store(tmp_path / ".workbench") as store:
        rows = [r for r in store.rows("many", "en") if "hommes" in r.segment.source]
        store.store_mt(
            "many", "en", [MTWrite(r.segment.id, "Russia deployed 7 troops.", "m@1") for r in rows]
        )
        for r in rows:
            store.approve("many", r.segment.id, "en", expected_version=1)
    proc = run("export", "many", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert sum(1 for line in lines if ": numbers: " in line) == 20
    assert "more: `workbench qa many`" in lines[-2]
    assert lines[-1].startswith("workbench: error: 30 approved segments have QA errors")
