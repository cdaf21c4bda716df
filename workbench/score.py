"""Scores translations against references with sacreBLEU's own metric objects.

BLEU, chrF and TER come from ``sacrebleu.metrics``; every score carries sacreBLEU's
reproducibility signature. Inputs are PO files (matched by msgctxt, else by msgid) or plain
text (one segment per line). sacrebleu is imported inside the functions that use it, so
``import workbench.score`` stays cheap.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError

if TYPE_CHECKING:
    import polib
    from sacrebleu.metrics.base import Metric

SOURCE_LANG = "fr"

# BLEU tokenization: "13a" (mteval-v13a, sacreBLEU's default) for English and for Vietnamese,
# whose syllables are already separated by spaces, so 13a splits them correctly; chrF is
# reported beside BLEU because it is less sensitive to tokenization. The usual multilingual
# choice, "flores200", downloads its SentencePiece model on first use and fails offline,
# so it is never picked here. "zh" is built into sacreBLEU and needs no download.
_BLEU_TOKENIZE: dict[str, str] = {"zh": "zh"}
_DEFAULT_BLEU_TOKENIZE = "13a"

MetricFactory = Callable[..., "Metric"]


def _bleu(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import BLEU

    return BLEU(
        tokenize=_BLEU_TOKENIZE.get(lang or "", _DEFAULT_BLEU_TOKENIZE),
        trg_lang=lang or "",
        # sentence-level BLEU needs effective order, as sacreBLEU's own --sentence-level
        effective_order=sentence,
    )


def _chrf(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import CHRF

    return CHRF()  # chrF2: character order 6, word order 0, beta 2


def _ter(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import TER

    return TER()


#: name -> factory(lang, *, sentence=False) returning a configured sacreBLEU metric object.
#: The keys feed the CLI's ``--metrics`` choices.
METRICS: dict[str, MetricFactory] = {"bleu": _bleu, "chrf": _chrf, "ter": _ter}


@dataclass(frozen=True, slots=True)
class MetricScore:
    name: str  # registry key: "bleu", "chrf", "ter" ("hter" for edit effort)
    score: float
    signature: str  # sacreBLEU signature, e.g. "nrefs:1|lang:fr-en|...|version:2.6.0"
    formatted: str  # str() of sacreBLEU's score object, e.g. "BLEU = 23.40 55.0/..."
    label: str = ""  # sacreBLEU's metric name: "BLEU", "chrF2", "TER" ("HTER")

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": self.score,
            "signature": self.signature,
            "formatted": self.formatted,
        }


@dataclass(frozen=True, slots=True)
class SegmentScore:
    key: str
    hyp: str
    ref: str
    scores: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "hyp": self.hyp, "ref": self.ref, "scores": dict(self.scores)}


@dataclass(frozen=True, slots=True)
class ScoreReport:
    metrics: tuple[MetricScore, ...]
    segments: tuple[SegmentScore, ...]
    count: int
    lang: str | None
    empty: tuple[str, ...] = ()  # keys whose hypothesis is empty (untranslated, fuzzy, missing)

    def metric(self, name: str) -> MetricScore | None:
        return next((m for m in self.metrics if m.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "lang": self.lang,
            "metrics": {m.name: m.to_json() for m in self.metrics},
            "empty": list(self.empty),
            "segments": [s.to_json() for s in self.segments],
        }


# --------------------------------------------------------------------------- loading


def _read_text(path: Path, role: str) -> str:
    if not path.exists():
        raise InputError(f"{role} file {path} does not exist: check the path")
    if not path.is_file():
        raise InputError(f"{role} path {path} is not a file: give a PO or text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"cannot read {role} file {path} ({error.strerror}): check its permissions"
        ) from error
    if b"\x00" in data:
        raise InputError(
            f"{role} file {path} looks binary (it contains NUL bytes): "
            "give a UTF-8 PO file or a UTF-8 text file with one segment per line"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{role} file {path} is not UTF-8 (invalid byte at offset {error.start}): "
            "convert it first, e.g. iconv -f LATIN1 -t UTF-8"
        ) from error
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{role} file {path} is empty: it holds no segments to score")
    return text


_PO_KEYWORD = re.compile(r'(msgctxt|msgid)\s+"')


def _looks_like_po(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".po", ".pot"):
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return _PO_KEYWORD.match(stripped) is not None
    return False


def _parse_po(path: Path, text: str, role: str) -> polib.POFile:
    """Parse and validate like ``import-po`` does: polib silently accepts an unterminated
    string, a non-UTF-8 charset and duplicate entries (which would count a segment twice)."""
    import polib

    from workbench.export import check_po, first_bad_line

    bad_line = first_bad_line(text)
    if bad_line:
        raise InputError(
            f"{role} PO file {path} does not parse (syntax error at line {bad_line}): "
            "fix it; msgfmt --check shows the line"
        )
    # polib treats its argument as a path when such a file exists; content always has a
    # newline, which no file name here has.
    if not text.endswith("\n"):
        text += "\n"
    try:
        po = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as error:
        detail = " ".join(str(error).split())
        raise InputError(
            f"{role} PO file {path} does not parse ({detail}): "
            "fix it; msgfmt --check shows the line"
        ) from error
    check_po(po, path)
    return po


def _msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def _is_translated(entry: polib.POEntry) -> bool:
    return not entry.obsolete and "fuzzy" not in entry.flags and bool(_msgstr(entry))


def _po_pairs(
    hyp_po: polib.POFile, ref_po: polib.POFile, hyp_path: Path, ref_path: Path
) -> tuple[list[str], list[str], list[str]]:
    refs = [e for e in ref_po if _is_translated(e)]
    if not refs:
        raise InputError(
            f"reference PO {ref_path} has no translated entries: nothing to score against"
        )
    by_ctxt: dict[str, list[polib.POEntry]] = {}
    by_msgid: dict[str, list[polib.POEntry]] = {}
    for entry in hyp_po:
        if entry.obsolete:
            continue
        if entry.msgctxt is not None:
            by_ctxt.setdefault(entry.msgctxt, []).append(entry)
        by_msgid.setdefault(entry.msgid, []).append(entry)

    used: set[int] = set()
    keys: list[str] = []
    hyps: list[str] = []
    matched = 0
    for ref in refs:
        candidates = by_ctxt.get(ref.msgctxt, []) if ref.msgctxt is not None else []
        if not any(id(c) not in used for c in candidates):
            # no entry with this msgctxt: fall back to the msgid, among hypothesis
            # entries that have no msgctxt (or when the reference has none)
            candidates = [
                c for c in by_msgid.get(ref.msgid, []) if c.msgctxt is None or ref.msgctxt is None
            ]
        hit = next((c for c in candidates if id(c) not in used), None)
        hyp = ""
        if hit is not None:
            used.add(id(hit))
            matched += 1
            if _is_translated(hit):
                hyp = _msgstr(hit)
        keys.append(ref.msgctxt if ref.msgctxt is not None else ref.msgid)
        hyps.append(hyp)
    if matched == 0:
        raise InputError(
            f"no entry of {hyp_path} matches a reference entry of {ref_path} by msgctxt or "
            "msgid: check that both files are for the same article"
        )
    return keys, hyps, [_msgstr(r) for r in refs]


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def load_pairs(
    hyp_path: str | Path, ref_path: str | Path
) -> tuple[list[str], list[str], list[str]]:
    """Reads a hypothesis and a reference file into (keys, hyps, refs).

    PO files (``.po``/``.pot``, or content that starts like one) are matched by msgctxt,
    else by msgid. Only reference entries with a non-empty, non-fuzzy msgstr count. A
    reference entry that the hypothesis lacks, or has untranslated or fuzzy, is scored as
    an empty hypothesis, so unfinished work lowers the score; ``ScoreReport.empty`` lists
    those keys. Plain text is one segment per line, keys are line numbers, and both files
    must have the same number of lines.
    """
    hyp_path, ref_path = Path(hyp_path), Path(ref_path)
    hyp_text = _read_text(hyp_path, "hypothesis")
    ref_text = _read_text(ref_path, "reference")
    hyp_is_po = _looks_like_po(hyp_path, hyp_text)
    ref_is_po = _looks_like_po(ref_path, ref_text)
    if hyp_is_po != ref_is_po:
        po, txt = (hyp_path, ref_path) if hyp_is_po else (ref_path, hyp_path)
        raise InputError(
            f"{po} is a PO file but {txt} is plain text: give both as PO files "
            "(matched by msgctxt) or both as text with one segment per line"
        )
    if hyp_is_po:
        return _po_pairs(
            _parse_po(hyp_path, hyp_text, "hypothesis"),
            _parse_po(ref_path, ref_text, "reference"),
            hyp_path,
            ref_path,
        )
    hyps, refs = _lines(hyp_text), _lines(ref_text)
    if len(hyps) != len(refs):
        raise InputError(
            f"{hyp_path} has {len(hyps)} lines but {ref_path} has {len(refs)}: plain text "
            "files must hold one segment per line, in the same order"
        )
    return [str(i) for i in range(1, len(refs) + 1)], hyps, refs


def detect_language(path: str | Path) -> str | None:
    """The base language code of a PO file's ``Language`` header ("vi_VN" -> "vi"), if any."""
    path = Path(path)
    text = _read_text(path, "reference")
    if not _looks_like_po(path, text):
        return None
    language = _parse_po(path, text, "reference").metadata.get("Language", "").strip()
    code = re.split(r"[_\-@.]", language, maxsplit=1)[0].lower()
    return code or None


# --------------------------------------------------------------------------- scoring


def _signature(metric: Metric, lang: str | None) -> Any:
    signature = metric.get_signature()
    if lang:
        signature.update("lang", f"{SOURCE_LANG}-{lang}")
    return signature


def _nfc(texts: Sequence[str]) -> list[str]:
    # NFD and NFC Vietnamese look the same but share no characters; compare like with like.
    return [unicodedata.normalize("NFC", t) for t in texts]


def _check_names(metrics: Sequence[str]) -> None:
    if isinstance(metrics, str):
        raise TypeError("metrics must be a sequence of names, not a string")
    unknown = [m for m in metrics if m not in METRICS]
    if unknown or not metrics:
        raise ValueError(f"unknown metrics {unknown}: choose among {sorted(METRICS)}")


def _score(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str],
    *,
    lang: str | None,
    per_segment: bool,
    keys: Sequence[str] | None,
    rename: dict[str, tuple[str, str]] | None = None,
) -> ScoreReport:
    _check_names(metrics)
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
    if not refs:
        raise InputError("nothing to score: there are no segment pairs")
    keys = [str(i) for i in range(1, len(refs) + 1)] if keys is None else [str(k) for k in keys]
    if len(keys) != len(refs):
        raise ValueError(f"{len(keys)} keys for {len(refs)} segment pairs")
    hyps, refs = _nfc(hyps), _nfc(refs)
    rename = rename or {}

    results: list[MetricScore] = []
    per: dict[str, list[float]] = {}
    corpus = corpus_scores(hyps, refs, metrics, lang=lang)
    for name in metrics:
        out_name, out_label = rename.get(name, (name, ""))
        metric, score = corpus[name]
        results.append(
            MetricScore(
                name=out_name,
                score=float(score.score),
                signature=_signature(metric, lang).format(),
                formatted=str(score),
                label=out_label or score.name,
            )
        )
        if per_segment:
            sentence_metric = METRICS[name](lang, sentence=True)
            per[out_name] = [
                float(sentence_metric.sentence_score(h, [r]).score)
                for h, r in zip(hyps, refs, strict=True)
            ]
    segments = tuple(
        SegmentScore(key=k, hyp=h, ref=r, scores={n: v[i] for n, v in per.items()})
        for i, (k, h, r) in enumerate(zip(keys, hyps, refs, strict=True))
        if per_segment
    )
    empty = tuple(k for k, h in zip(keys, hyps, strict=True) if not h.strip())
    return ScoreReport(
        metrics=tuple(results), segments=segments, count=len(refs), lang=lang, empty=empty
    )


# --------------------------------------------------------------------------- corpus scores

#: Below this many segment pairs the corpus is scored in this process; above it, in worker
#: processes (starting them costs ~0.3 s; 100,000 pairs take ~100 CPU-seconds of sacreBLEU).
PARALLEL_MIN_PAIRS = 20_000
#: Chunks per worker: small enough to balance uneven segments, big enough to pickle cheaply.
CHUNKS_PER_WORKER = 4


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _chunk_statistics(
    names: Sequence[str], lang: str | None, hyps: Sequence[str], refs: Sequence[str]
) -> dict[str, tuple[list[Any], int]]:
    """Per-segment sufficient statistics of one chunk, for every metric: sacreBLEU's own
    ``Metric._extract_corpus_statistics`` (what ``corpus_score`` computes first), with the
    number of references it saw (-1: variable), which the signature reports."""
    out = {}
    for name in names:
        metric = METRICS[name](lang)
        stats = metric._extract_corpus_statistics(hyps, [refs])
        out[name] = (stats, metric.num_refs)
    return out


def corpus_scores(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str],
    *,
    lang: str | None = None,
    workers: int | None = None,
) -> dict[str, tuple[Metric, Any]]:
    """``{name: (metric, sacreBLEU score)}``: the same numbers as ``metric.corpus_score(hyps,
    [refs])``, computed in ``workers`` processes on large corpora.

    sacreBLEU's ``corpus_score`` is ``_extract_corpus_statistics`` (one list entry per
    segment, independent of the others) followed by ``_aggregate_and_compute`` over the whole
    list. Chunks of the corpus are given to worker processes, which run the first step with
    sacreBLEU's code; their lists are joined in order and the second step runs here on the
    same list as a single call would, so the result is identical to the last digit. ``workers``
    defaults to the usable cores (1 below :data:`PARALLEL_MIN_PAIRS` pairs). The caller has
    checked the inputs (same length, not empty); texts are scored as given. (sacreBLEU's
    "100 lines end in a tokenized period" warning is then counted per chunk.)
    """
    metrics = list(metrics)
    objects = {name: METRICS[name](lang) for name in metrics}
    if workers is None:
        workers = _workers() if len(refs) >= PARALLEL_MIN_PAIRS else 1
    if workers <= 1:
        return {name: (m, m.corpus_score(hyps, [refs])) for name, m in objects.items()}
    for metric in objects.values():
        metric._check_corpus_score_args(hyps, [refs])
    size = max(1, -(-len(refs) // (workers * CHUNKS_PER_WORKER)))
    starts = range(0, len(refs), size)
    stats: dict[str, list[Any]] = {name: [] for name in metrics}
    num_refs: dict[str, set[int]] = {name: set() for name in metrics}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the caller may hold threads (the TUI's workers, CTranslate2's pool).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(_chunk_statistics, metrics, lang, hyps[i : i + size], refs[i : i + size])
            for i in starts
        ]
        for future in futures:
            for name, (chunk, refs_seen) in future.result().items():
                stats[name].extend(chunk)
                num_refs[name].add(refs_seen)
    for name, metric in objects.items():  # as _cache_references sets it over the whole corpus
        metric.num_refs = num_refs[name].pop() if len(num_refs[name]) == 1 else -1
    return {name: (m, m._aggregate_and_compute(stats[name])) for name, m in objects.items()}


def score_pairs(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    *,
    lang: str | None = None,
    per_segment: bool = False,
    keys: Sequence[str] | None = None,
) -> ScoreReport:
    """Corpus scores (and optionally sentence scores) of ``hyps`` against one reference each.

    ``lang`` is the target language: it picks the BLEU tokenizer and appears in every
    signature as ``lang:fr-<lang>``. Texts are compared in NFC.
    """
    return _score(hyps, refs, metrics, lang=lang, per_segment=per_segment, keys=keys)


def edit_effort(
    mt: Sequence[str],
    post_edits: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    lang: str | None = None,
) -> ScoreReport:
    """HTER (TER of the MT against its post-edit) and chrF, per segment and in total.

    0 HTER means the reviewer changed nothing; 100 means as many edits as post-edit words.
    """
    return _score(
        mt,
        post_edits,
        ("ter", "chrf"),
        lang=lang,
        per_segment=True,
        keys=keys,
        rename={"ter": ("hter", "HTER")},
    )


@lru_cache(maxsize=8)
def _sentence_metric(name: str, lang: str | None) -> Metric:
    return METRICS[name](lang, sentence=True)


def segment_effort(mt: str | None, target: str, *, lang: str | None = None) -> float | None:
    """HTER of one segment (what the review editor shows as you type): the same figure as
    the segment's line in :func:`edit_effort`'s report, to the digit (NFC texts, sacreBLEU's
    sentence TER). None when there is nothing to compare (no MT, or an empty target)."""
    if not mt or not target.strip():
        return None
    hyp, ref = _nfc([mt, target])
    return float(_sentence_metric("ter", lang).sentence_score(hyp, [ref]).score)


def check_thresholds(
    report: ScoreReport, min_bleu: float | None, min_chrf: float | None
) -> list[str]:
    """One message per failed threshold; an empty list means the report passes."""
    failures: list[str] = []
    for name, label, minimum in (("bleu", "BLEU", min_bleu), ("chrf", "chrF", min_chrf)):
        if minimum is None:
            continue
        metric = report.metric(name)
        if metric is None:
            failures.append(
                f"{label} was not computed, so --min-{name} {minimum:g} cannot be checked: "
                f"add {name} to the metrics"
            )
        elif metric.score < minimum:
            failures.append(f"{metric.label} {metric.score:.2f} is below the minimum {minimum:g}")
    return failures


def _p_value(baseline: float, system: float, p_value: float) -> float:
    # sacreBLEU counts resampled differences strictly greater than the observed one, so two
    # systems with exactly the same score get p = 1/(n+1), as if significant. With no observed
    # difference, every resample is at least as extreme: p = 1.
    return 1.0 if baseline == system else float(p_value)


def _result_json(result: Any) -> dict[str, float | None]:
    # sacreBLEU's Result holds numpy scalars; JSON wants plain floats
    return {
        field: None if (value := getattr(result, field)) is None else float(value)
        for field in ("score", "mean", "ci")
    }


@contextlib.contextmanager
def _sacrebleu_seed(seed: int | None) -> Iterator[None]:
    # sacreBLEU's PairedTest reads its RNG seed from SACREBLEU_SEED (when it is built),
    # not from an argument; set it for that moment only. Not thread-safe.
    previous = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = "None" if seed is None else str(seed)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = previous


def paired_bootstrap(
    refs: Sequence[str],
    hyps_a: Sequence[str],
    hyps_b: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf"),
    *,
    n_samples: int = 1000,
    seed: int | None = 12345,
    lang: str | None = None,
) -> dict[str, Any]:
    """sacreBLEU's paired bootstrap resampling test: is system B different from baseline A?

    Returns, per metric, both scores, their bootstrap mean and 95% confidence half-width,
    and the p-value of the difference (small: the difference is unlikely to be chance;
    1 when both systems score the same).
    ``seed=None`` draws fresh randomness; sacreBLEU treats 0 as "unseeded", so it is refused.
    """
    from sacrebleu.significance import PairedTest

    _check_names(metrics)
    if not (len(refs) == len(hyps_a) == len(hyps_b)):
        raise ValueError(
            f"{len(refs)} references, {len(hyps_a)} baseline and {len(hyps_b)} system segments"
        )
    if not refs:
        raise InputError("nothing to compare: there are no segment pairs")
    if n_samples < 1:
        raise ValueError("n_samples must be at least 1")
    if seed == 0:
        raise ValueError("seed 0 means 'unseeded' to sacreBLEU: use a positive seed or None")
    refs, hyps_a, hyps_b = _nfc(refs), _nfc(hyps_a), _nfc(hyps_b)
    objects = {name: METRICS[name](lang) for name in metrics}
    with _sacrebleu_seed(seed):
        test = PairedTest(
            [("baseline", hyps_a), ("system", hyps_b)],
            objects,
            references=[refs],
            test_type="bs",
            n_samples=n_samples,
        )
    signatures, results = test()
    # PairedTest keys its results by sacreBLEU's metric names ("BLEU", "chrF2", "TER"),
    # in the order of the metrics it was given.
    out: dict[str, Any] = {}
    for name, label in zip(metrics, list(test.metrics), strict=True):
        baseline, system = results[label]
        signature = signatures[label]
        if lang:
            signature.update("lang", f"{SOURCE_LANG}-{lang}")
        out[name] = {
            "label": label,
            "signature": signature.format(),
            "baseline": _result_json(baseline),
            "system": _result_json(system),
            "delta": float(system.score - baseline.score),
            "p_value": _p_value(baseline.score, system.score, system.p_value),
        }
    return {
        "test": "paired bootstrap resampling (sacreBLEU)",
        "n_samples": n_samples,
        "seed": seed,
        "count": len(refs),
        "lang": lang,
        "metrics": out,
    }


# --------------------------------------------------------------------------- output


def format_report(report: ScoreReport) -> str:
    """Human-readable report: one line per metric with its signature, then details."""
    lines = [
        f"{m.label or m.name} = {m.score:.1f}  (signature: {m.signature})" for m in report.metrics
    ]
    target = f", target language {report.lang}" if report.lang else ""
    lines.append(f"{report.count} segment{'s' if report.count != 1 else ''}{target}")
    if report.empty:
        shown = ", ".join(report.empty[:10]) + (", ..." if len(report.empty) > 10 else "")
        lines.append(
            f"{len(report.empty)} empty hypotheses (untranslated, fuzzy or missing), "
            f"scored as empty: {shown}"
        )
    if report.segments:
        labels = {m.name: m.label or m.name for m in report.metrics}
        width = max(len(s.key) for s in report.segments)
        for segment in report.segments:
            cells = "  ".join(f"{labels.get(n, n)} {v:6.1f}" for n, v in segment.scores.items())
            lines.append(f"{segment.key:<{width}}  {cells}")
    return "\n".join(lines)
