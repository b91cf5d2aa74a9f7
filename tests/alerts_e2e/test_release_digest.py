"""One SBP release that sets several records is one message per channel (issue 14), through a
real SMTP server and a signed webhook receiver; a retry of that message keeps its id."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.alerts_e2e.conftest import Cli, csv_file, outbox_rows, write_config
from tests.support.db import query
from tests.support.smtp import Smtp
from tests.support.wait import wait_until
from tests.support.webhook import Receiver

# Jul 2025 .. Jul 2026: Dec 2025 ($437M) is the all-time high, Aug 2025 the best August
HISTORY = [
    ("2025-07", 300),
    ("2025-08", 320),
    ("2025-09", 330),
    ("2025-10", 386),
    ("2025-11", 356),
    ("2025-12", 437),
    ("2026-01", 350),
    ("2026-02", 340),
    ("2026-03", 380),
    ("2026-04", 360),
    ("2026-05", 370),
    ("2026-06", 380),
    ("2026-07", 417),
]
KEYS_SQL = "SELECT key FROM events WHERE historical = 0 AND kind = 'record' ORDER BY key"


def _release(tmp: Path, cli: Cli) -> str:
    cli("import", str(csv_file(tmp, "history.csv", HISTORY)))
    # August 2026, SBP's provisional figure: all-time high, best August, best Jul-Aug FYTD
    return cli("import", str(csv_file(tmp, "aug.csv", [("2026-08", 455)])), "--alert")


def test_one_release_with_three_records_is_one_email_and_one_webhook(
    tmp_path: Path, smtp: Smtp, hook: Receiver
) -> None:
    cli = Cli(write_config(tmp_path, hook=hook, smtp=smtp, all_rules=True), tmp_path / "t.db")
    assert "3 events, 6 alerts queued" in _release(tmp_path, cli)

    assert cli("alerts", "send") == "sent 6, failed 0, dead 0\n"
    (mail,) = smtp.mailbox.wait_for(1)
    (post,) = hook.wait_for(1)
    assert post.verify_error is None and post.payload is not None
    data = post.payload["data"]

    subject = mail["Subject"]  # parsed with email.policy.default: the folded subject, exactly
    assert subject == data["subject"] and len(subject) > 78
    assert subject.startswith("Pakistan IT exports: 3 records in August 2026 (provisional): ")
    for name in (
        "all-time high $455M",
        "best August on record",
        "best fiscal year to date on record $872M (Jul–Aug FY2027)",
    ):
        assert name in subject

    keys = [k for (k,) in query(cli.db, KEYS_SQL)]
    assert sorted(data["keys"]) == keys and len(keys) == 3
    digest_id = "digest_" + hashlib.sha256("\n".join(keys).encode()).hexdigest()[:40]
    assert post.webhook_id == data["key"] == digest_id
    assert [e["rule"] for e in data["events"]] == ["all_time_high", "same_month_high", "fytd_high"]
    assert (data["status"], data["authority"], data["sbp_status"]) == ("provisional", "official", "P")

    fytd = data["events"][2]
    assert fytd["period"] == "FY2027:07-08" and fytd["value_usd_millions"] == 872.0
    assert fytd["sources"], "a FYTD alert names the documents behind its months"
    assert fytd["year_on_year"] == {
        "period": "FY2026:07-08",
        "label": "Jul–Aug FY2026",
        "value_usd_millions": 620.0,
        "change_usd_millions": 252.0,
        "change_percent": 40.65,
    }

    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert text.count("FY2027 is Pakistan's fiscal year 2026-27: July 2026 to June 2027") == 1
    assert "1. " in text and "2. " in text and "3. " in text
    assert mail["Message-ID"].startswith("<tracker.")

    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(smtp.mailbox.messages) == 1 and len(hook.deliveries) == 1
    assert {r[2:] for r in outbox_rows(cli.db)} == {("sent", 1)}


def test_a_failed_release_message_is_retried_whole_with_the_same_id(
    tmp_path: Path, hook_down: Receiver
) -> None:
    cli = Cli(write_config(tmp_path, hook=hook_down, all_rules=True), tmp_path / "t.db")
    _release(tmp_path, cli)
    out = cli("alerts", "send", code=1)
    assert out.startswith("sent 0, failed 3, dead 0")
    assert [r[2:] for r in outbox_rows(cli.db)] == [("pending", 1)] * 3  # failed together

    hook_down.start()
    wait_until(
        lambda: cli("alerts", "send", code=None).startswith("sent 3,"),
        "the group to be sent once the receiver is up",
    )
    (post,) = hook_down.wait_for(1)
    keys = [k for (k,) in query(cli.db, KEYS_SQL)]
    assert post.webhook_id == "digest_" + hashlib.sha256("\n".join(keys).encode()).hexdigest()[:40]
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(hook_down.deliveries) == 1


def test_a_correction_says_what_was_announced_what_sbp_says_and_the_record_now(
    tmp_path: Path, hook: Receiver
) -> None:
    cli = Cli(write_config(tmp_path, hook=hook), tmp_path / "t.db")
    cli.history(tmp_path)  # Oct 2025 $386M, Nov 2025 $356M
    cli.record(tmp_path)  # Dec 2025 $437M: an all-time high, sent
    cli("alerts", "send")
    # SBP revises December below October: the record announced does not stand
    cli("import", str(csv_file(tmp_path, "rev.csv", [("2025-12", 380)])), "--alert")
    assert cli("alerts", "send").startswith("sent 1,")
    post = hook.wait_for(2)[1]
    assert post.payload is not None
    data = post.payload["data"]
    assert data["kind"] == "correction"
    assert (data["announced_usd_millions"], data["value_usd_millions"]) == (437.0, 380.0)
    assert data["record_now"] == {"period": "2025-10", "label": "Oct 2025", "value_usd_millions": 386.0}
    assert data["subject"] == (
        "Pakistan IT exports: CORRECTION: December 2025 is not a record after all "
        "(announced $437M; SBP now $380M, provisional; record now $386M, Oct 2025)"
    )
    assert data["summary"] == (
        "Correction to an earlier alert: we announced Pakistan IT exports for December 2025 "
        "at $437M as a new all-time high; SBP now puts them at $380M (provisional), so it is "
        "not. The all-time high is now $386M, Oct 2025."
    )


def test_retrying_one_row_of_a_dead_release_resends_the_release_as_one_message(
    tmp_path: Path, hook: Receiver
) -> None:
    hook.default = 404  # permanent: the whole group is given up at once
    cli = Cli(write_config(tmp_path, hook=hook, all_rules=True), tmp_path / "t.db")
    _release(tmp_path, cli)
    cli("alerts", "send", code=1)
    rows = outbox_rows(cli.db)
    assert [r[2] for r in rows] == ["dead"] * 3

    hook.default = 204
    assert cli("alerts", "retry", str(rows[1][0])) == "sent 3, failed 0\n"
    assert [d.answered for d in hook.deliveries] == [404, 204]
    assert hook.deliveries[0].webhook_id == hook.deliveries[1].webhook_id
    assert hook.deliveries[1].webhook_id.startswith("digest_")
    assert {r[2] for r in outbox_rows(cli.db)} == {"sent"}
