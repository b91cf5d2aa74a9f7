"""`tracker alerts send` against a real SMTP server and a real webhook receiver: content, retries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alerts_e2e.conftest import RECORD_SUBJECT, SECRET, Cli, outbox_rows, write_config
from tests.support.db import query
from tests.support.smtp import Smtp
from tests.support.wait import wait_until
from tests.support.webhook import Receiver
from tracker.config import load_config
from tracker.ingest import IngestSettings, ingest
from tracker.model import Figure, Period, Series
from tracker.store import Store


def make_cli(tmp: Path, **kw: object) -> Cli:
    return Cli(write_config(tmp, **kw), tmp / "t.db")  # type: ignore[arg-type]


def send_until_sent(cli: Cli, n: int = 1) -> str:
    """Run `alerts send` until it reports n sent (rows become due after their backoff)."""
    return wait_until(
        lambda: (out := cli("alerts", "send", code=None)).startswith(f"sent {n},") and out,
        f"`alerts send` to report sent {n}",
    )


def test_record_arrives_by_email_and_signed_webhook_with_the_right_content(
    tmp_path: Path, smtp: Smtp, hook: Receiver
) -> None:
    cli = make_cli(tmp_path, hook=hook, smtp=smtp)
    cli.history(tmp_path)
    assert "1 events, 2 alerts queued" in cli.record(tmp_path)

    assert cli("alerts", "send") == "sent 2, failed 0, dead 0\n"

    (mail,) = smtp.mailbox.wait_for(1)
    assert mail["Subject"].strip() == RECORD_SUBJECT  # stdlib folds it onto a new line
    assert mail["From"] == "tracker@example.pk" and mail["To"] == "desk@example.pk"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "437" in text and "386" in text and "437" in html

    (post,) = hook.deliveries
    assert post.verify_error is None and post.payload is not None  # standardwebhooks verified
    data = post.payload["data"]
    assert post.payload["type"] == "tracker.record"
    assert data["subject"] == RECORD_SUBJECT
    assert (data["period"], data["value_usd_millions"]) == ("2025-12", 437.0)
    assert data["previous_best"]["period"] == "2025-10"
    assert post.webhook_id == data["key"]  # the idempotency key is the webhook-id
    assert post.headers["x-team"] == "exports-desk"  # configured extra header

    # a re-run sends nothing more
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(smtp.mailbox.messages) == 1 and len(hook.deliveries) == 1
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 1), ("sent", 1)]


def test_smtp_down_then_up_is_delivered_once(tmp_path: Path, smtp_down: Smtp) -> None:
    cli = make_cli(tmp_path, smtp=smtp_down)
    cli.history(tmp_path)
    cli.record(tmp_path)

    out = cli("alerts", "send", code=1)
    assert out.startswith("sent 0, failed 1, dead 0") and "Connection refused" in out
    assert [r[2:] for r in outbox_rows(cli.db)] == [("pending", 1)]

    smtp_down.start()
    send_until_sent(cli)
    assert [m["Subject"].strip() for m in smtp_down.mailbox.wait_for(1)] == [RECORD_SUBJECT]
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(smtp_down.mailbox.messages) == 1
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 2)]


def test_webhook_500_then_200_is_delivered_once_with_one_id(tmp_path: Path, hook: Receiver) -> None:
    hook.script = [500]
    cli = make_cli(tmp_path, hook=hook)
    cli.history(tmp_path)
    cli.record(tmp_path)

    out = cli("alerts", "send", code=1)
    assert "failed 1" in out and "HTTP 500" in out
    send_until_sent(cli)

    first, second = hook.deliveries
    assert (first.answered, second.answered) == (500, 204)
    assert first.webhook_id == second.webhook_id  # a retry is the same message
    assert first.payload == second.payload and second.payload is not None
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(hook.acknowledged()) == 1
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 2)]


def test_hanging_webhook_times_out_then_is_retried_and_delivered_once(tmp_path: Path, hook: Receiver) -> None:
    hook.script = ["hang"]
    cli = make_cli(tmp_path, hook=hook, hook_timeout=0.5)
    cli.history(tmp_path)
    cli.record(tmp_path)

    out = cli("alerts", "send", code=1)
    assert "timed out after 0.5s" in out
    send_until_sent(cli)

    hung, retried = hook.deliveries
    assert hung.answered is None and retried.answered == 204  # the first one never answered
    assert hung.webhook_id == retried.webhook_id
    assert len(hook.acknowledged()) == 1
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 2)]


def test_404_is_a_failure_the_row_dies_and_an_admin_event_is_raised(tmp_path: Path, hook: Receiver) -> None:
    hook.default = 404
    cli = make_cli(tmp_path, hook=hook)
    cli.history(tmp_path)
    cli.record(tmp_path)

    out = cli("alerts", "send", code=1)
    assert out.startswith("sent 0, failed 0, dead 1") and "HTTP 404" in out
    assert len(hook.deliveries) == 1  # permanent: not retried
    ((row_id, _, status, attempts),) = outbox_rows(cli.db)
    assert (status, attempts) == ("dead", 1)
    admin = query(cli.db, "SELECT key, message FROM events WHERE kind = 'admin'")
    assert [k for k, _ in admin] == [f"admin:delivery_dead:{row_id}"]
    assert "HTTP 404" in admin[0][1]
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"  # dead rows are left alone
    assert len(hook.deliveries) == 1


def test_a_hanging_webhook_does_not_delay_email(tmp_path: Path, smtp: Smtp, hook: Receiver) -> None:
    hook.default = "hang"
    cli = make_cli(tmp_path, hook=hook, smtp=smtp, hook_timeout=20)
    cli.history(tmp_path)
    cli.record(tmp_path)

    proc = cli.popen("alerts", "send")
    try:
        (mail,) = smtp.mailbox.wait_for(1)
        hook.wait_for(1)
        # the mail is in while the webhook is still held and its send not finished
        assert mail["Subject"].strip() == RECORD_SUBJECT  # stdlib folds it onto a new line
        assert proc.running and hook.deliveries[0].answered is None
        # the mail is marked sent just after the SMTP server has it: wait for the row
        wait_until(
            lambda: [r[1:3] for r in outbox_rows(cli.db)] == [("hook", "pending"), ("mail", "sent")],
            "the mail row marked sent",
        )
        assert proc.running  # the webhook's send is still held
    finally:
        hook.release.set()
        out = proc.finish(30)
    assert proc.returncode == 0 and out.startswith("sent 2, failed 0, dead 0"), out
    assert [r[2] for r in outbox_rows(cli.db)] == ["sent", "sent"]


def test_unconfirmed_news_record_goes_only_to_the_opted_in_channel(
    tmp_path: Path, smtp: Smtp, hook: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = make_cli(tmp_path, hook=hook, smtp=smtp, unconfirmed=True)
    cli.history(tmp_path)
    monkeypatch.setenv("TEST_HOOK_SECRET", SECRET)  # ingest routes only to active channels
    settings = IngestSettings.from_config(load_config(cli.config))
    news = [
        Figure(
            series=Series.IT_EXPORTS,
            period=Period.parse("2025-12"),
            value_usd_millions=437,
            source="news",
            document=f"https://{host}/it-exports-december",
        )
        for host in ("www.dawn.com", "tribune.com.pk")
    ]
    store = Store.open(cli.db)
    try:
        report = ingest(store, news, settings)
    finally:
        store.close()
    assert [e.kind.value for e in report.events] == ["unconfirmed"] and report.queued == 1

    assert cli("alerts", "send") == "sent 1, failed 0, dead 0\n"
    (post,) = hook.deliveries
    assert post.payload is not None
    assert post.payload["data"]["subject"] == (
        "Pakistan IT exports: unconfirmed record $437M in December 2025 (previous $386M, "
        "Oct 2025), reported by news, not yet confirmed by SBP"
    )
    assert smtp.mailbox.messages == []  # the mail channel did not opt in
