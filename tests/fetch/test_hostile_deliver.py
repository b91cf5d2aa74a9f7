"""Hostile receivers and hostile content against delivery (issue 16, items 6 and 7): what must
not happen is a configured secret in any error text, log line, last_error or admin message,
or a mention/link/formatting produced by third-party text in Slack or Discord."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.support.webhook import Receiver

from tracker.admin import raise_admin
from tracker.config import ChannelConfig
from tracker.deliver import make_test_message, render
from tracker.deliver.senders import build_channel
from tracker.deliver.webhook import discord_payload, slack_payload
from tracker.errors import DeliveryError
from tracker.ingest import ChannelRoute
from tracker.redact import ScrubFilter, redact_text, scrub
from tracker.store import Store

TOKENS = ("T0ABCDEF12", "B0GHIJKL34", "SLACKTOK9xyzSLACKTOK9xyz")


@pytest.fixture
def echo() -> Iterator[Receiver]:
    """A receiver that answers 404 and echoes the path it was POSTed to, like Express does."""
    path = f"/services/{'/'.join(TOKENS)}"
    r = Receiver(path=path, default=404, reply=f"Cannot POST {path}".encode()).start()
    yield r
    r.stop()


def test_an_echoed_webhook_path_leaks_no_token(
    echo: Receiver, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = echo.url
    monkeypatch.setenv("HOOK_URL", url)
    channel = build_channel(ChannelConfig(name="slack", kind="webhook", url_env="HOOK_URL", style="slack"))
    with pytest.raises(DeliveryError) as info:
        channel.send(render(make_test_message()), "k1")
    text = str(info.value)
    assert "HTTP 404" in text
    assert not any(t in text for t in TOKENS)  # issue 16: `Cannot POST /services/T0…/B0…/TOK…`
    # the same text as logged, stored as last_error and quoted in an admin message
    record = logging.LogRecord(
        "tracker",
        logging.WARNING,
        __file__,
        1,
        "send failed: %s",
        (f"{url} -> Cannot POST /services/{'/'.join(TOKENS)}",),
        None,
    )
    ScrubFilter().filter(record)
    assert not any(t in record.getMessage() for t in TOKENS)
    store = Store.memory()
    try:
        raise_admin(
            store,
            rule="source_failing",
            subject="x",
            message=f"last error: HTTP 404 Cannot POST /services/{'/'.join(TOKENS)}",
            channels=[ChannelRoute("ops", admin=True)],
            now=datetime.now(UTC),
        )
        [row] = store.rows("SELECT message FROM events")
    finally:
        store.close()
    assert not any(t in row["message"] for t in TOKENS)


def test_a_token_in_a_json_channel_query_is_scrubbed() -> None:
    build_channel(
        ChannelConfig(name="j", kind="webhook", url="http://127.0.0.1:9/hook?format=json&token=q7Zx9wPlm3")
    )
    assert "q7Zx9wPlm3" not in scrub("admin: POST /hook?token=q7Zx9wPlm3 failed")
    assert "format=json" in scrub("POST /hook?format=json")  # an ordinary word survives


def test_proxy_credentials_are_redacted_in_error_text() -> None:
    text = redact_text("ProxyError: cannot reach http://alice:s3cr3t-pw@proxy.corp:3128/")
    assert "s3cr3t-pw" not in text and "alice" not in text and "proxy.corp:3128" in text


HOSTILE_URL = "http://evil.example/x>|<!channel> *URGENT* <http://evil.example/login|hostile-feed>"


def hostile_rendered():
    rendered = render(make_test_message())
    rendered.payload.setdefault("data", {})["sources"] = [
        {"name": "hostile-feed <!here> *bold* _it_ ~s~ `c` | @everyone", "url": HOSTILE_URL},
        {"name": "[Official SBP](http://evil.example)", "url": "javascript:alert(1)"},
    ]
    return rendered


def test_slack_content_cannot_mention_link_or_format() -> None:
    body = json.dumps(slack_payload(hostile_rendered()))
    context = json.loads(body)["blocks"][-1]["elements"][0]["text"]
    assert "<!channel>" not in body and "<!here>" not in body  # issue 16: inside an SBP alert
    assert "<http://evil.example/login" not in context
    assert context.count("<") == 1 and context.count("|") == 1  # our one link, nothing else
    assert "*URGENT*" not in context and "*bold*" not in context and "javascript:" not in context


def test_discord_content_cannot_mention_link_or_format() -> None:
    payload = discord_payload(hostile_rendered())
    assert payload["allowed_mentions"] == {"parse": []}
    names = [f["name"] for f in payload["embeds"][0]["fields"]]
    values = [f["value"] for f in payload["embeds"][0]["fields"]]
    assert "@everyone" not in names[0] and "*bold*" not in names[0]
    assert names[1].startswith("\\[Official SBP\\]")  # no masked link
    assert values[1] == "(no link)"  # javascript: is not a link
    assert "<!channel>" not in values[0] and ")" not in values[0] and " " not in values[0]


def test_a_proxy_password_from_the_environment_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.fetch import HttpClient

    monkeypatch.setenv("HTTPS_PROXY", "http://ops:Pr0xyPassw0rd@proxy.corp.example:3128")
    HttpClient().close()
    assert "Pr0xyPassw0rd" not in scrub("tunnel failed: 407 for Pr0xyPassw0rd")
