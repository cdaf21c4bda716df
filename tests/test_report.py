"""The quality report: the HTML parsed back (rows, scores, signatures, charts, the one
script), hostile user text shown as text in HTML and in Markdown, the model comparison,
the CLI, and the page rendered by headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from tests.support import REPO_ROOT, assert_one_line_error, run
from workbench.errors import InputError
from workbench.project import import_article, quality_report, render_report, write_report
from workbench.report import render_html, render_markdown
from workbench.score import paired_bootstrap
from workbench.store import MTWrite, Store, open_store

SAMPLES = REPO_ROOT / "samples" / "karabakh"
SLUG = "karabakh"
STAMP = "2026-11-26T09:00:00Z"
HOSTILE = [
    "<script>alert('source')</script> Le président parle.",
    "Fermez </textarea><img src=x onerror=alert(1)> la fenêtre.",
    'Cliquez <a href="javascript:alert(2)">ici</a> maintenant.',
    'Un titre "><svg onload=alert(3)> | pipe * star _ under [lien](javascript:x) ` tick.',
    "Couleurs \x1b[31mrouges\x1b[0m et cloche\x07 et \u202eesrever\u202c texte.",
]


def _po(path: Path) -> dict[str, str]:
    return {e.msgctxt: e.msgstr for e in polib.pofile(str(path)) if e.msgctxt}


def _sample_workspace(workspace: Path, langs: tuple[str, ...] = ("en",)) -> None:
    """The seed article; "MT" = the committed post-edits (hand-written stand-ins, labelled
    example-*), approved = the independent references, except two segments left open."""
    import_article(SAMPLES / "fr.txt", slug=SLUG, workspace=workspace)
    with open_store(workspace) as store:
        for lang in langs:
            mt = _po(REPO_ROOT / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po")
            refs = _po(SAMPLES / f"{lang}.po")
            rows = [r for r in store.rows(SLUG, lang) if r.segment.id in mt]
            store.store_mt(SLUG, lang, [MTWrite(r.segment.id, mt[r.segment.id], "example")
                                        for r in rows])  # fmt: skip
            for i, row in enumerate(rows):
                if i in (2, 5):
                    continue
                current = store.row(SLUG, row.segment.id, lang).translation
                assert current is not None
                store.approve(SLUG, row.segment.id, lang, expected_version=current.version,
                              reviewer="anna", target=refs[row.segment.id],
                              edit_seconds=10.0 + i)  # fmt: skip


@pytest.fixture()
def sample(tmp_path: Path) -> Iterator[Store]:
    _sample_workspace(tmp_path / "ws")
    with open_store(tmp_path / "ws") as store:
        yield store


def _cells(row: lxml.html.HtmlElement) -> list[str]:
    return [c.text_content() for c in row.findall("td")]


def _without_deletions(cell: lxml.html.HtmlElement) -> str:
    """The approved column read without the word diff's deletions: the approved text."""
    copy = lxml.html.fromstring(lxml.html.tostring(cell))
    for deleted in copy.findall(".//del"):
        deleted.drop_tree()
    return " ".join(copy.text_content().split())


def _parse(page: str) -> lxml.html.HtmlElement:
    assert page.startswith("<!DOCTYPE html>\n")
    return lxml.html.document_fromstring(page)


def test_table_rows_scores_and_signatures(sample: Store) -> None:
    page = render_html(quality_report(sample, SLUG, ["en"], generated_at=STAMP))
    doc = _parse(page)
    rows = sample.rows(SLUG, "en")
    translatable = [r for r in rows if r.segment.translatable]
    body = doc.get_element_by_id("segments-en").find("tbody")
    assert len(body) == len(translatable)
    approved = [r for r in translatable if r.status == "approved"]
    assert len(approved) == len(translatable) - 2
    for tr, row in zip(body, translatable, strict=True):
        cells = _cells(tr)
        assert cells[0] == str(row.segment.position)
        assert cells[1] == row.segment.source
        t = row.translation
        assert t is not None and cells[2] == t.mt
        assert tr.get("data-status") == row.status
        chrf, hter = tr.findall("td")[4], tr.findall("td")[5]
        if row.status == "approved":
            # the sentence scores of sacreBLEU itself, MT against the approved text
            assert float(chrf.get("data-v")) == pytest.approx(
                CHRF().sentence_score(t.mt, [t.target]).score, abs=5e-5
            )
            assert float(hter.get("data-v")) == pytest.approx(
                TER().sentence_score(t.mt, [t.target]).score, abs=5e-5
            )
            assert _without_deletions(tr.findall("td")[3]) == f"{t.target} approved"
            assert cells[6].endswith(" s")  # edit time
        else:
            assert chrf.get("data-v") == "" and cells[4] == "–"
    mts = [r.translation.mt for r in approved if r.translation]
    targets = [r.translation.target for r in approved if r.translation]
    bleu = BLEU(tokenize="13a", trg_lang="en")
    expected = bleu.corpus_score(mts, [targets])
    block = doc.find_class("block")[0]
    assert "MT against the approved post-edits" in block.text_content()
    metrics = block.find_class("metrics")[0]
    assert metrics.findall("tr")[0].text_content().startswith(f"BLEU{expected.score:.1f}")
    signature = metrics.find_class("sig")[0].text_content()
    assert signature == bleu.get_signature().format().replace("nrefs:1|", "nrefs:1|lang:fr-en|")


def test_page_is_self_contained_with_one_script_allowed_by_hash(sample: Store) -> None:
    doc = _parse(render_html(quality_report(sample, SLUG, ["en"], generated_at=STAMP)))
    scripts = doc.findall(".//script")
    styles = doc.findall(".//style")
    assert len(scripts) == 1 and len(styles) == 1
    policy = doc.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    for element in (scripts[0], styles[0]):
        digest = hashlib.sha256(element.text.encode("utf-8")).digest()
        assert f"'sha256-{base64.b64encode(digest).decode()}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    for element in doc.iter():
        for name in ("src", "href", "action", "xlink:href"):
            value = element.get(name)
            assert value is None or value.startswith("#"), (element.tag, name, value)
    assert "url(" not in styles[0].text and "@import" not in styles[0].text
    # four charts: chrF and HTER histograms (10 bars each), HTER and edit time per segment
    charts = doc.find_class("chart")
    assert len(charts) == 4
    scored = len([r for r in sample.rows(SLUG, "en") if r.status == "approved"])
    for histogram in charts[:2]:
        bars = histogram.findall(".//rect")
        assert len(bars) == 10
        assert sum(int(b.find("title").text.split(": ")[1].split()[0]) for b in bars) == scored
    assert len(charts[2].findall(".//rect")) == scored


def _hostile_workspace(workspace: Path) -> None:
    article = workspace.parent / "hostile.txt"
    article.write_text("\n\n".join(HOSTILE) + "\n", encoding="utf-8")
    import_article(article, slug="hostile", workspace=workspace)
    with open_store(workspace) as store:
        rows = [r for r in store.rows("hostile", "en") if r.segment.translatable]
        assert len(rows) >= 4
        store.store_mt("hostile", "en", [MTWrite(r.segment.id, HOSTILE[i % 5], "m<b>x</b>")
                                         for i, r in enumerate(rows)])  # fmt: skip
        for i, row in enumerate(rows):
            current = store.row("hostile", row.segment.id, "en").translation
            assert current is not None
            store.approve("hostile", row.segment.id, "en", expected_version=current.version,
                          target=HOSTILE[(i + 1) % 5] + " </td></tr></table>")  # fmt: skip
            store.set_note("hostile", row.segment.id, "en", "<b>note</b>\x1b]0;title\x07")


def test_hostile_text_renders_as_text(tmp_path: Path) -> None:
    _hostile_workspace(tmp_path / "ws")
    with open_store(tmp_path / "ws") as store:
        report = quality_report(store, "hostile", ["en"], generated_at=STAMP)
        page = render_html(report)
    for raw in ("\x1b", "\x07", "\u202e", "<script>alert", "<img", "<svg onload", '<a href="j'):
        assert raw not in page
    doc = _parse(page)
    assert len(doc.findall(".//script")) == 1  # ours only
    assert doc.findall(".//textarea") == [] and doc.findall(".//img") == []
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert "javascript:" not in value.lower(), (element.tag, name, value)
    table = doc.get_element_by_id("segments-en")
    text = table.text_content()
    assert "<script>alert('source')</script> Le président parle." in text
    assert "</textarea><img src=x onerror=alert(1)>" in text
    assert '<a href="javascript:alert(2)">ici</a>' in text
    assert "Couleurs \\x1b[31mrouges\\x1b[0m et cloche\\x07 et \\u202eesrever\\u202c texte." in text
    assert "</td></tr></table>" in text  # the target's closing tags stayed text in its cell
    escapes = [span.text for span in table.find_class("ctl")]
    assert "\\x1b" in escapes and "\\x07" in escapes and "\\u202e" in escapes
    assert len(table.find("tbody")) == len(report.languages[0].rows)
    for tr in table.find("tbody"):
        assert len(tr.findall("td")) == 8  # no cell was split or added by the user text
    assert "<b>note</b>\\x1b]0;title\\x07" in text  # the reviewer's note, as text


def test_markdown_escapes_user_text(tmp_path: Path) -> None:
    _hostile_workspace(tmp_path / "ws")
    with open_store(tmp_path / "ws") as store:
        summary = render_markdown(quality_report(store, "hostile", ["en"], generated_at=STAMP))
    for raw in ("\x1b", "\x07", "\u202e", "<script", "<img", "<a ", "](javascript"):
        assert raw not in summary
    assert "&lt;script&gt;alert\\(\\'source\\'\\)&lt;/script&gt;" in summary
    tables: list[list[int]] = [[]]
    for line in summary.splitlines():
        if line.startswith("|"):  # cells per row: every user "|" is escaped
            tables[-1].append(line.replace("\\|", "").count("|"))
        elif tables[-1]:
            tables.append([])
    assert [t[0] for t in tables if t] == [4, 5]  # the metrics and the most-edited segments
    assert all(len(set(t)) == 1 for t in tables if t), tables
    assert "| metric | score | signature |" in summary
    assert "`nrefs:1\\|lang:fr-en\\|" in summary


def test_comparison_of_two_model_versions(sample: Store, tmp_path: Path) -> None:
    approved = [r for r in sample.rows(SLUG, "en") if r.status == "approved"]
    refs = [r.translation.target for r in approved if r.translation]
    stored = [r.translation.mt for r in approved if r.translation]
    other = polib.POFile()
    other.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    second = []
    for row, ref, mt in zip(approved, refs, stored, strict=True):
        text = ref if row.segment.position % 3 else mt  # closer to the approved text
        second.append(text)
        other.append(polib.POEntry(msgctxt=row.segment.id, msgid=row.segment.source, msgstr=text))
    path = tmp_path / "v2.po"
    other.save(str(path))
    report = quality_report(sample, SLUG, ["en"], compare=[path], generated_at=STAMP)
    comparison = report.languages[0].comparison
    assert comparison is not None
    assert comparison.name_a == "stored MT (example)" and comparison.name_b == str(path)
    direct = paired_bootstrap(refs, stored, second, ("bleu", "chrf", "ter"), lang="en")
    for metric in comparison.metrics:
        expected = direct["metrics"][metric.name]
        assert metric.score_a == expected["baseline"]["score"]
        assert metric.score_b == expected["system"]["score"]
        assert metric.p_value == expected["p_value"]
    assert comparison.metrics[0].verdict.startswith("B is better than A on BLEU by ")
    doc = _parse(render_html(report))
    verdicts = [li.text_content() for li in doc.find_class("verdicts")[0]]
    assert verdicts == [m.verdict for m in comparison.metrics]
    assert len(doc.find_class("dot")) == len(refs)  # one point per segment in the scatter
    # the same file twice: A and B score the same
    twice = quality_report(sample, SLUG, ["en"], compare=[path, path], generated_at=STAMP)
    assert twice.languages[0].comparison is not None
    assert twice.languages[0].comparison.metrics[0].verdict.startswith("A and B score the same")


def test_comparison_inputs_are_checked(sample: Store, tmp_path: Path) -> None:
    vi = tmp_path / "vi.po"
    shutil.copy(SAMPLES / "vi.po", vi)
    with pytest.raises(InputError, match="language vi"):
        quality_report(sample, SLUG, ["en"], compare=[vi])
    en = tmp_path / "en.po"
    shutil.copy(SAMPLES / "en.po", en)
    with pytest.raises(InputError, match="3 files"):
        quality_report(sample, SLUG, ["en"], compare=[en, en, en])
    unrelated = polib.POFile()
    unrelated.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    unrelated.append(polib.POEntry(msgctxt="zzz", msgid="Autre chose.", msgstr="Other."))
    unrelated.save(str(tmp_path / "unrelated.po"))
    with pytest.raises(InputError, match="no entry"):
        quality_report(sample, SLUG, ["en"], compare=[tmp_path / "unrelated.po"])


def test_write_report_formats_and_errors(sample: Store, tmp_path: Path) -> None:
    report = quality_report(sample, SLUG, ["en"], generated_at=STAMP)
    page = write_report(report, tmp_path / "r.html", "html")
    assert page.read_text(encoding="utf-8") == render_report(report, "html")
    summary = write_report(report, tmp_path / "r.md", "md")
    assert summary.read_text(encoding="utf-8").startswith("## Quality report: La Russie")
    with pytest.raises(InputError, match="format"):
        render_report(report, "pdf")
    with pytest.raises(InputError, match="does not exist"):
        write_report(report, tmp_path / "nope" / "r.html")
    with pytest.raises(InputError, match="folder"):
        write_report(report, tmp_path)
    # same input, same bytes
    assert render_report(quality_report(sample, SLUG, ["en"], generated_at=STAMP)) == (
        render_report(report)
    )


def test_cli_report(tmp_path: Path) -> None:
    _sample_workspace(tmp_path / "ws")
    ws = ("--workspace", str(tmp_path / "ws"))
    proc = run("report", SLUG, "--lang", "en", "--out", "q.html", *ws, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "wrote q.html"
    doc = _parse((tmp_path / "q.html").read_text(encoding="utf-8"))
    assert doc.get_element_by_id("segments-en") is not None
    md = run("report", SLUG, "--lang", "en", "--format", "md", "--out", "-", *ws, cwd=tmp_path)
    assert md.returncode == 0 and md.stdout.startswith("## Quality report: ")
    assert_one_line_error(run("report", "nope", *ws, cwd=tmp_path), "nope")
    assert_one_line_error(
        run("report", SLUG, "--lang", "en", "--compare-model", "missing.po", *ws, cwd=tmp_path),
        "missing.po",
    )
    assert not (tmp_path / f"{SLUG}-report.html").exists()


# --------------------------------------------------------------------------- Chromium


def _chromium() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1":
            pytest.fail("chromium is required (WORKBENCH_REQUIRE_SERVICES=1) but not installed")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI requires it")
    return browser


def _chromium_run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def test_chromium_renders_table_charts_and_runs_the_script(tmp_path: Path) -> None:
    from PIL import Image

    browser = _chromium()
    _sample_workspace(tmp_path / "ws")
    with open_store(tmp_path / "ws") as store:
        page = write_report(
            quality_report(store, SLUG, ["en"], generated_at=STAMP), tmp_path / "r.html"
        )
    # the DOM after the script ran: it filled in the row count (the CSP hash let it run)
    dom = _chromium_run(browser, tmp_path / "p1", "--dump-dom", page.as_uri()).stdout
    rows = len([r for r in open_store(tmp_path / "ws").rows(SLUG, "en") if r.segment.translatable])
    assert f"{rows} of {rows} segments" in dom
    png = tmp_path / "shot.png"
    _chromium_run(browser, tmp_path / "p2", f"--screenshot={png}", "--window-size=1280,1400",
                  page.as_uri())  # fmt: skip
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 1400)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    # the bars of the charts in their CSS colours: the SVG and the stylesheet both rendered
    assert (0x34, 0x65, 0xA4) in colours  # chrF histogram
    assert (0xC4, 0x62, 0x2D) in colours  # HTER bars
    assert (0xF4, 0xF6, 0xF8) in colours  # the table's header and controls band


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.text(max_size=60), target=st.text(max_size=60), note=st.text(max_size=20))
def test_any_text_comes_back_as_the_same_text(source: str, target: str, note: str) -> None:
    """Whatever a segment holds, the parsed page shows exactly its visible form."""
    from workbench.report import LanguageReport, QualityReport, SegmentRow
    from workbench.report.text import visible

    row = SegmentRow(1, "s1", source, "approved", "MT", target, None, None, None, None, note=note)
    report = QualityReport(
        slug="x", title=source, generated_at=STAMP, generator="test",
        languages=(LanguageReport("en", "English", (), (row,), {"approved": 1}),),
    )  # fmt: skip
    doc = _parse(render_html(report))
    assert len(doc.findall(".//script")) == 1
    cells = doc.get_element_by_id("segments-en").find("tbody").findall("tr/td")
    assert len(cells) == 8
    assert cells[1].text_content() == visible(source)
    assert cells[3].text_content().startswith(visible(target))
    assert doc.find(".//h1").text_content() == "Quality report: " + " ".join(
        visible(source).split()
    )


def test_chart_axes_and_bins() -> None:
    from workbench.report import svg

    assert [svg.nice_max(v) for v in (0, 0.3, 1, 3, 7, 12, 101)] == [1, 0.5, 1, 5, 10, 20, 200]
    chart = svg.histogram([0, 9.99, 10, 55, 100, 140], title="t", x_label="x", css="c")
    bars = chart.findall("rect")
    counts = [int(b.find("title").text.split(": ")[1].split()[0]) for b in bars]
    assert counts == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]  # 100 and 140 (HTER) in the last bin
    assert bars[-1].find("title").text == "90–100+: 2 segments"
    ticks = [t.text for t in chart.findall("text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "1", "2"]  # counts in whole steps (top 2: two steps, not 4 x 0.5)
    per_segment = svg.bars([(3, 12.0), (7, 0.0)], title="t", unit="u", css="c", tip="#{position}")
    assert [r.find("title").text for r in per_segment.findall("rect")] == ["#3", "#7"]
