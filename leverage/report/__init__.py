"""Exports for the debrief: a self-contained HTML page and CSV/JSON of the indicators."""

from leverage.report.debrief import (
    DebriefFiles,
    debrief_data,
    debrief_html,
    export_debrief,
    indicators_csv,
)

__all__ = ["DebriefFiles", "debrief_data", "debrief_html", "export_debrief", "indicators_csv"]
