"""The batch's values: work units (parts and waves), progress, skipped articles, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.mt.translate import MTResult

#: Segments per wave: one wave is one ``translate_texts`` call (in-process) or one actor task
#: (Ray), sorted and token-batched across the articles it holds. Big enough that CTranslate2
#: packs full batches for every worker thread, small enough that a killed batch loses little
#: and that two actors finish together.
WAVE_SEGMENTS = 256


@dataclass(frozen=True, slots=True)
class Part:
    """Segments of one article to machine-translate into one language."""

    slug: str
    lang: str
    segment_ids: tuple[str, ...]
    sources: tuple[str, ...]
    matches: tuple[tuple[dict[str, Any], ...], ...]  # fuzzy TM matches stored beside the MT

    def __len__(self) -> int:
        return len(self.segment_ids)

    def halves(self) -> tuple[Part, Part]:
        middle = len(self) // 2
        return (
            Part(
                self.slug,
                self.lang,
                self.segment_ids[:middle],
                self.sources[:middle],
                self.matches[:middle],
            ),
            Part(
                self.slug,
                self.lang,
                self.segment_ids[middle:],
                self.sources[middle:],
                self.matches[middle:],
            ),
        )


@dataclass(frozen=True, slots=True)
class Wave:
    """Parts of several articles translated together into one language: the texts are the
    distinct sources (a sentence repeated across articles is translated once)."""

    lang: str
    parts: tuple[Part, ...]
    texts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        distinct = dict.fromkeys(source for part in self.parts for source in part.sources)
        object.__setattr__(self, "texts", tuple(distinct))

    @property
    def segments(self) -> int:
        return sum(len(part) for part in self.parts)

    def halves(self) -> tuple[Wave, Wave] | None:
        """Two smaller waves (to find the segment a package cannot translate), or None when
        this wave is a single segment."""
        if len(self.parts) > 1:
            middle = len(self.parts) // 2
            return Wave(self.lang, self.parts[:middle]), Wave(self.lang, self.parts[middle:])
        if self.segments > 1:
            first, second = self.parts[0].halves()
            return Wave(self.lang, (first,)), Wave(self.lang, (second,))
        return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article (a file, or a slug with ``--all``) the batch reported and went past."""

    name: str  # the file path or the slug, as given
    reason: str  # one line: what is wrong and what to do


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """One progress event: the import phase, then translation."""

    phase: str  # "import" | "translate" | "done"
    articles_done: int
    articles_total: int
    segments_done: int
    segments_total: int
    seconds: float

    @property
    def rate(self) -> float:
        """Segments machine-translated per second so far."""
        return self.segments_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far; None before the first segment."""
        if self.segments_done == 0 or self.rate <= 0:
            return None
        return (self.segments_total - self.segments_done) / self.rate


@dataclass(frozen=True, slots=True)
class BatchReport:
    engine: str  # "in-process" or "ray: 2 actors x 1 CPU (192.0.2.2:6379)"
    langs: tuple[str, ...]
    routes: tuple[str, ...]  # describe_route of each language
    imported: int  # files imported (or re-imported) this run
    unchanged: int  # files already in the workspace with the same content
    articles: int  # articles the batch translated (or found done)
    translated: int  # segments machine-translated and stored this run
    distinct_texts: int  # texts the engine translated (repeats across articles once)
    from_memory: int  # exact translation-memory matches used instead of MT
    already_done: int  # segments that had MT before this run (or got it meanwhile)
    skipped: tuple[Skipped, ...]
    seconds: float
    translate_seconds: float
    source_tokens: int
    target_tokens: int
    generated_models: bool
    model_load_seconds: tuple[float, ...] = ()  # per Ray actor (packages fetched + loaded)

    @property
    def exit_code(self) -> int:
        """0 when every article was translated; 1 when some were skipped (a partial batch must
        not look like a finished one to the cron job or CI step that runs it)."""
        return 1 if self.skipped else 0


@dataclass(frozen=True, slots=True)
class Outcome:
    """A wave back from an engine: its results (one per distinct text), or why it failed.
    ``split``: the failure is the package's on some text (split the wave to find it), not
    the engine's (an actor that kept failing after its retries)."""

    wave: Wave
    results: tuple[MTResult, ...] | None
    error: str | None = None
    split: bool = True
