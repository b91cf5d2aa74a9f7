"""Database schema as sqlite-utils Migrations: small registered functions, applied in order.

The whole schema of the product is here (sources, documents, observations, vintages,
conflicts, events, outbox, fetch log, key-value state) so later features add code, not
tables. Views make `datasette tracker.db` useful without knowing the tables.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

migrations = Migrations("tracker")


def _run_script(db: Database, script: str) -> None:
    """Execute statements one by one: sqlite3's executescript() would COMMIT the open
    transaction first, breaking the migration's atomicity."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending[:60]!r}")


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            etag TEXT,                       -- validators: saved only after a successful store
            last_modified TEXT,
            last_sha256 TEXT,
            last_size INTEGER,
            last_attempt_at TEXT,
            last_success_at TEXT,
            last_figures_at TEXT,            -- last time the parser found any figure
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            state TEXT NOT NULL DEFAULT '{}' -- kind-specific JSON (EasyData refresh dates ...)
        );

        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            body BLOB NOT NULL               -- zlib-compressed raw bytes
        );

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            sha256 TEXT REFERENCES blobs(sha256),
            fetched_at TEXT NOT NULL,
            published_at TEXT,
            title TEXT,
            http_status INTEGER,
            content_type TEXT,
            etag TEXT,
            last_modified TEXT,
            parsed_at TEXT,
            parser TEXT,
            figures_found INTEGER,
            UNIQUE (source, url, sha256)
        );
        CREATE INDEX documents_url ON documents(url);

        CREATE TABLE observations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER REFERENCES documents(id),
            source TEXT NOT NULL,
            outlet TEXT NOT NULL,            -- who says it: host of the URL, or the source name
            series TEXT NOT NULL,
            period TEXT NOT NULL,
            period_kind TEXT NOT NULL,
            value_usd_millions REAL NOT NULL,
            status TEXT NOT NULL,
            authority TEXT NOT NULL,
            bound TEXT,
            quote TEXT NOT NULL DEFAULT '',
            observed_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX observations_once ON observations(
            ifnull(document_id, -1), source, outlet, series, period, value_usd_millions, status);
        CREATE INDEX observations_month ON observations(series, period);

        CREATE TABLE vintages (
            id INTEGER PRIMARY KEY,
            series TEXT NOT NULL,
            period TEXT NOT NULL,
            value_usd_millions REAL NOT NULL,
            status TEXT NOT NULL,
            authority TEXT NOT NULL,
            source TEXT NOT NULL,
            observation_id INTEGER REFERENCES observations(id),
            first_seen_at TEXT NOT NULL,
            superseded_at TEXT               -- NULL for the current canonical value
        );
        CREATE INDEX vintages_month ON vintages(series, period, id);

        CREATE TABLE conflicts (
            series TEXT NOT NULL,
            period TEXT NOT NULL,
            detail TEXT NOT NULL,            -- JSON: value -> outlets
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            resolved_at TEXT,
            PRIMARY KEY (series, period)
        );

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,        -- idempotency key, also the webhook-id
            kind TEXT NOT NULL,              -- record, unconfirmed, confirmed, correction, admin
            rule TEXT NOT NULL,
            series TEXT NOT NULL,
            period TEXT,
            value_usd_millions REAL,
            previous_period TEXT,
            previous_value_usd_millions REAL,
            authority TEXT,
            status TEXT,
            vintage_id INTEGER REFERENCES vintages(id),
            historical INTEGER NOT NULL DEFAULT 0,  -- from import/backfill: not alerted
            message TEXT NOT NULL DEFAULT '',
            detected_at TEXT NOT NULL
        );
        CREATE INDEX events_subject ON events(rule, series, period, id);

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',  -- pending, sent, dead
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            UNIQUE (event_id, channel)
        );
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

        CREATE TABLE fetches (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_ms INTEGER,
            outcome TEXT NOT NULL,           -- new, unchanged, not_modified, failed, skipped
            http_status INTEGER,
            bytes INTEGER,
            error TEXT
        );
        CREATE INDEX fetches_source ON fetches(source, id);

        CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE VIEW latest_series AS
            SELECT v.series, v.period, v.value_usd_millions, v.status, v.authority, v.source,
                   v.first_seen_at,
                   (SELECT count(*) FROM vintages w
                     WHERE w.series = v.series AND w.period = v.period) AS vintages,
                   d.url AS document_url
              FROM vintages v
              LEFT JOIN observations o ON o.id = v.observation_id
              LEFT JOIN documents d ON d.id = o.document_id
             WHERE v.superseded_at IS NULL
             ORDER BY v.series, v.period;

        CREATE VIEW records AS
            SELECT key, kind, rule, series, period, value_usd_millions, previous_period,
                   previous_value_usd_millions, authority, status, historical, detected_at
              FROM events WHERE kind != 'admin' ORDER BY id;

        CREATE VIEW open_conflicts AS
            SELECT series, period, detail, first_seen_at, updated_at
              FROM conflicts WHERE resolved_at IS NULL ORDER BY series, period;
        """,
    )


@migrations()
def m002_truth(db: Database) -> None:
    """Publication dates and firmness on observations; held record candidates."""
    _run_script(
        db,
        """
        ALTER TABLE observations ADD COLUMN published_at TEXT;  -- the document's date, if any
        ALTER TABLE observations ADD COLUMN firm INTEGER NOT NULL DEFAULT 1;  -- period stated

        CREATE TABLE candidates (
            rule TEXT NOT NULL,
            series TEXT NOT NULL,
            period TEXT NOT NULL,
            value_usd_millions REAL NOT NULL,
            previous_period TEXT,
            previous_value_usd_millions REAL,
            authority TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,            -- why it is held, in a reader's words
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            released_at TEXT,                -- set when the hold no longer applies
            PRIMARY KEY (rule, series, period)
        );

        CREATE VIEW held_records AS
            SELECT rule, series, period, value_usd_millions, previous_period,
                   previous_value_usd_millions, authority, status, reason, first_seen_at,
                   updated_at
              FROM candidates WHERE released_at IS NULL ORDER BY series, period, rule;
        """,
    )
