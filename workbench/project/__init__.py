"""Use cases: what the CLI, the review UI and any other face call, one function per action.

The stage modules (segment, models, translate, store, qa, formats, score) do not know each
other; the modules of this package wire them together and hold the rules that are not any one
stage's (the QA gate, the PO import's conflict rules, "never replace the glossary with nothing",
the translation memory before MT), so the faces only parse, call one use case and format its
result. Every name others import is re-exported here: ``from workbench.project import ...``.

* ``importing`` — import an article, list its segments, the workspace status;
* ``translating`` — machine translation (TM first), one segment again, from an edited pivot;
* ``pivoting`` — the English pivot and the English target linked both ways;
* ``checking`` — QA of an article and the one export gate (:func:`qa_gate`);
* ``exporting`` — PO/MO export through the gate, XLIFF export; ``po_import`` — a PO or XLIFF
  file back into the store (XLIFF and TMX themselves: :mod:`workbench.interchange`);
* ``terms`` — the workspace glossary; ``memory`` — translation-memory lookups, TMX in and out;
* ``team`` — PostgreSQL roles (``db grant``, ``db roles``), ``db copy`` between databases;
* ``packages`` — Argos packages; ``scoring`` — scores, comparisons, edit effort;
* ``demo`` — the sample article end to end; ``reviewing`` — checks before a review opens;
* ``confidence`` — MT confidence calibrated against post-editing effort.
"""

from __future__ import annotations

from workbench.project.checking import (
    QAGateError,
    SegmentQA,
    qa_article,
    qa_gate,
    qa_in_workspace,
    workspace_glossary,
)
from workbench.project.confidence import (
    describe_confidence,
    expected_edit,
    load_calibrations,
    refresh_calibrations,
)
from workbench.project.demo import (
    DEMO_LANGS,
    DEMO_PAIRS,
    DEMO_SLUG,
    DemoReport,
    demo,
    ensure_models,
    sample_article,
)
from workbench.project.exporting import (
    ExportResult,
    build_po,
    export_article,
    export_checked,
    export_in_workspace,
    export_xliff_in_workspace,
)
from workbench.project.importing import (
    WorkspaceStatus,
    default_slug,
    import_article,
    list_segments,
    translatable,
    workspace_status,
)
from workbench.project.memory import TMStats, lookup, tm_export, tm_import, tm_search, tm_stats
from workbench.project.packages import (
    ConvertReport,
    InstalledPackages,
    convert_package,
    install_package,
    installed_packages,
    remove_package,
    verify_packages,
)
from workbench.project.pivoting import (
    EnglishFromPivot,
    LinkReport,
    PivotLink,
    english_from_pivot,
    follow_english_approval,
)
from workbench.project.po_import import (
    FileImport,
    ImportPOResult,
    POConflict,
    import_file_in_workspace,
    import_po,
)
from workbench.project.report import (
    REPORT_FORMATS,
    quality_report,
    render_report,
    report_in_workspace,
    write_report,
)
from workbench.project.reviewing import check_review
from workbench.project.scoring import (
    GatedScore,
    check_metrics,
    compare_files,
    edit_effort,
    effort_in_workspace,
    score_cache,
    score_files,
)
from workbench.project.team import CopyReport, Granted, copy_database, grant_role, members
from workbench.project.terms import (
    GlossaryImport,
    WorkspaceGlossary,
    export_glossary,
    glossary_of,
    import_glossary,
)
from workbench.project.translating import (
    DEMO_ORIGIN,
    TRANSLATE_CHUNK,
    ProgressFn,
    TranslateReport,
    decode_options,
    describe_route,
    retranslate_from_pivot,
    retranslate_segment,
    translate_article,
    translate_in_workspace,
)

__all__ = [
    "DEMO_LANGS",
    "DEMO_ORIGIN",
    "DEMO_PAIRS",
    "DEMO_SLUG",
    "REPORT_FORMATS",
    "TRANSLATE_CHUNK",
    "ConvertReport",
    "CopyReport",
    "DemoReport",
    "EnglishFromPivot",
    "ExportResult",
    "FileImport",
    "GatedScore",
    "GlossaryImport",
    "Granted",
    "ImportPOResult",
    "InstalledPackages",
    "LinkReport",
    "POConflict",
    "PivotLink",
    "ProgressFn",
    "QAGateError",
    "SegmentQA",
    "TMStats",
    "TranslateReport",
    "WorkspaceGlossary",
    "WorkspaceStatus",
    "build_po",
    "check_metrics",
    "check_review",
    "compare_files",
    "convert_package",
    "copy_database",
    "decode_options",
    "default_slug",
    "demo",
    "describe_confidence",
    "describe_route",
    "edit_effort",
    "effort_in_workspace",
    "english_from_pivot",
    "ensure_models",
    "expected_edit",
    "export_article",
    "export_checked",
    "export_glossary",
    "export_in_workspace",
    "export_xliff_in_workspace",
    "follow_english_approval",
    "glossary_of",
    "grant_role",
    "import_article",
    "import_file_in_workspace",
    "import_glossary",
    "import_po",
    "install_package",
    "installed_packages",
    "list_segments",
    "load_calibrations",
    "lookup",
    "members",
    "qa_article",
    "qa_gate",
    "qa_in_workspace",
    "quality_report",
    "refresh_calibrations",
    "remove_package",
    "render_report",
    "report_in_workspace",
    "retranslate_from_pivot",
    "retranslate_segment",
    "sample_article",
    "score_cache",
    "score_files",
    "tm_export",
    "tm_import",
    "tm_search",
    "tm_stats",
    "translatable",
    "translate_article",
    "translate_in_workspace",
    "verify_packages",
    "workspace_glossary",
    "workspace_status",
    "write_report",
]
