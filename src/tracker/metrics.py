"""Prometheus text exposition built from the database (the daemon keeps no counters of its own,
so the numbers survive restarts and agree with `tracker status`)."""

from __future__ import annotations

from datetime import datetime

from tracker import views
from tracker.config import Config
from tracker.store import Store


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_metrics(store: Store, config: Config) -> str:
    """All tracker metrics in the Prometheus text format (version 0.0.4)."""
    out: list[str] = []

    def metric(name: str, kind: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> None:
        out.append(f"# HELP {name} {help_text}")
        out.append(f"# TYPE {name} {kind}")
        for labels, value in samples:
            lab = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items())
            out.append(f"{name}{{{lab}}} {value:g}" if lab else f"{name} {value:g}")

    fetches = store.rows(
        "SELECT source, outcome, count(*) AS n, sum(ifnull(bytes, 0)) AS b "
        "FROM fetches GROUP BY source, outcome"
    )
    metric(
        "tracker_fetches_total",
        "counter",
        "HTTP fetches by source and outcome.",
        [({"source": r["source"], "outcome": r["outcome"]}, r["n"]) for r in fetches],
    )
    metric(
        "tracker_fetch_bytes_total",
        "counter",
        "Bytes fetched by source.",
        [({"source": r["source"]}, r["b"]) for r in fetches if r["b"]],
    )
    metric(
        "tracker_not_modified_total",
        "counter",
        "304 answers by source.",
        [({"source": r["source"]}, r["n"]) for r in fetches if r["outcome"] == "not_modified"],
    )
    failures = store.rows(
        "SELECT source, count(*) AS n FROM documents WHERE parsed_at IS NULL GROUP BY source"
    )
    metric(
        "tracker_parse_failures_total",
        "counter",
        "Stored documents no parser accepted.",
        [({"source": r["source"]}, r["n"]) for r in failures],
    )
    success = []
    for r in views.sources(store):
        if r["last_success_at"]:
            ts = datetime.fromisoformat(r["last_success_at"]).timestamp()
            success.append(({"source": r["name"]}, ts))
    metric(
        "tracker_source_last_success_timestamp_seconds",
        "gauge",
        "Unix time of the last successful poll.",
        success,
    )
    metric(
        "tracker_source_consecutive_failures",
        "gauge",
        "Failed polls in a row.",
        [
            ({"source": r["name"]}, r["consecutive_failures"])
            for r in views.sources(store)
            if r["kind"] not in ("bundled", "import")
        ],
    )
    counts = views.outbox_counts(store)
    metric(
        "tracker_alerts",
        "gauge",
        "Outbox rows by status.",
        [({"status": s}, counts.get(s, 0)) for s in ("pending", "sent", "dead")],
    )
    latest = views.latest_month(store)
    if latest:
        p = latest["period"]
        metric(
            "tracker_latest_month_value_usd_millions",
            "gauge",
            "Canonical value of the latest month.",
            [({"series": "it_exports", "period": p}, latest["value_usd_millions"])],
        )
    rec = views.current_record(store)
    if rec:
        metric(
            "tracker_record_value_usd_millions",
            "gauge",
            "The all-time monthly record.",
            [({"series": "it_exports", "period": rec.period}, rec.value_usd_millions)],
        )
    metric("tracker_sources_configured", "gauge", "Sources in the config.", [({}, len(config.sources))])
    return "\n".join(out) + "\n"
