"""Webhook channel against a real local HTTP receiver; signatures checked by standardwebhooks."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.support.ports import free_port
from tests.support.webhook import Receiver
from tracker.deliver.message import (
    MessageContext,
    RenderedMessage,
    Source,
    build_message,
    render,
)
from tracker.deliver.samples import make_test_message
from tracker.deliver.webhook import (
    WebhookChannel,
    WebhookHTTPError,
    WebhookSettings,
    webhook_id,
)
from tracker.errors import ConfigError, DeliveryError
from tracker.fetch import DeliveryClient
from tracker.model import Authority, Event, EventKind, Period, Series, Status

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
KEY = "all_time_high:it_exports:2025-12:v1"


@pytest.fixture
def rendered() -> RenderedMessage:
    event = Event(KEY, EventKind.RECORD, "all_time_high", Series.IT_EXPORTS,
                  Period.month(2025, 12), 437.0, Period.month(2025, 10), 386.0,
                  Authority.OFFICIAL, Status.PROVISIONAL)  # fmt: skip
    ctx = MessageContext(
        sources=(Source("SBP <EasyData>", "https://easydata.sbp.org.pk/"),),
        detected_at=datetime(2026, 1, 20, tzinfo=UTC),
    )
    return render(build_message(event, ctx))


def channel(url: str, **kw: object) -> WebhookChannel:
    return WebhookChannel(WebhookSettings(url=url, **kw))  # type: ignore[arg-type]


def test_json_post_is_signed_and_verifies_with_standardwebhooks(
    receiver: Receiver, rendered: RenderedMessage
) -> None:
    channel(receiver.url, secret=SECRET, timeout_seconds=5).send(rendered, KEY)
    [req] = receiver.deliveries
    assert req.path == "/hooks/T0KEN-in-path"
    assert req.headers["webhook-id"] == KEY
    assert req.headers["content-type"] == "application/json"
    payload = Webhook(SECRET).verify(req.body, req.headers)
    assert payload == rendered.payload
    data = payload["data"]
    assert (data["rule"], data["kind"], data["period"]) == ("all_time_high", "record", "2025-12")
    assert data["previous_best"]["change_usd_millions"] == 51.0
    assert data["sources"][0]["url"] == "https://easydata.sbp.org.pk/"


def test_tampered_body_does_not_verify(receiver: Receiver, rendered: RenderedMessage) -> None:
    channel(receiver.url, secret=SECRET).send(rendered, KEY)
    [req] = receiver.deliveries
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(req.body.replace(b"437", b"438"), req.headers)


def test_raw_secret_is_used_as_utf8_key(receiver: Receiver, rendered: RenderedMessage) -> None:
    raw = "plain-shared-secret"
    channel(receiver.url, secret=raw).send(rendered, KEY)
    [req] = receiver.deliveries
    assert Webhook(raw.encode()).verify(req.body, req.headers) == rendered.payload


def test_timestamp_comes_from_the_clock(receiver: Receiver, rendered: RenderedMessage) -> None:
    now = time.time()
    ch = WebhookChannel(WebhookSettings(url=receiver.url, secret=SECRET), clock=lambda: now - 600)
    ch.send(rendered, KEY)
    [req] = receiver.deliveries
    assert req.headers["webhook-timestamp"] == str(int(now - 600))
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(SECRET).verify(req.body, req.headers)


def test_without_secret_no_signature_header(receiver: Receiver, rendered: RenderedMessage) -> None:
    channel(receiver.url).send(rendered, KEY)
    [req] = receiver.deliveries
    assert "webhook-signature" not in req.headers and req.headers["webhook-id"] == KEY


def test_unsafe_key_gets_a_stable_hashed_id(receiver: Receiver, rendered: RenderedMessage) -> None:
    key = "record ünïcode\nkey"
    channel(receiver.url, secret=SECRET).send(rendered, key)
    [req] = receiver.deliveries
    assert req.headers["webhook-id"] == webhook_id(key) == webhook_id(key)
    assert req.headers["webhook-id"].startswith("msg_")
    Webhook(SECRET).verify(req.body, req.headers)


def test_extra_headers_are_sent(receiver: Receiver, rendered: RenderedMessage) -> None:
    channel(receiver.url, headers={"Authorization": "Bearer tok-123"}).send(rendered, KEY)
    assert receiver.deliveries[0].headers["authorization"] == "Bearer tok-123"


def test_given_client_is_used_and_left_open(receiver: Receiver, rendered: RenderedMessage) -> None:
    with DeliveryClient() as client:
        channel(receiver.url).send(rendered, KEY, client=client)
        channel(receiver.url).send(rendered, KEY, client=client)
        assert not client.is_closed
    assert len(receiver.deliveries) == 2


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (404, True), (302, False),
                                                  (301, False), (429, False)])  # fmt: skip
def test_non_2xx_is_a_delivery_error(
    receiver: Receiver, rendered: RenderedMessage, status: int, permanent: bool
) -> None:
    receiver.default = status
    receiver.headers = {"Location": receiver.url + "/elsewhere", "Retry-After": "7"}
    with pytest.raises(DeliveryError, match=f"HTTP {status}") as err:
        channel(receiver.url).send(rendered, KEY)
    assert len(receiver.deliveries) == 1  # redirects are not followed
    assert isinstance(err.value, WebhookHTTPError)
    assert (err.value.status_code, err.value.permanent) == (status, permanent)
    assert err.value.retry_after == 7.0
    assert "T0KEN" not in str(err.value)  # the Location (with the token path) is redacted


def test_hanging_receiver_times_out(receiver: Receiver, rendered: RenderedMessage) -> None:
    receiver.default = "hang"
    with pytest.raises(DeliveryError, match=r"timed out after 0\.2s"):
        channel(receiver.url, timeout_seconds=0.2).send(rendered, KEY)
    assert receiver.deliveries  # the POST arrived before the sender gave up


def test_refused_connection_is_a_delivery_error(rendered: RenderedMessage) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    with pytest.raises(DeliveryError, match="ConnectError"):
        channel(url).send(rendered, KEY)


def test_slack_shape(receiver: Receiver, rendered: RenderedMessage) -> None:
    channel(receiver.url, style="slack").send(rendered, KEY)
    body = json.loads(receiver.deliveries[0].body)
    assert body["text"] == rendered.subject
    types = [b["type"] for b in body["blocks"]]
    assert types == ["header", "section", "context"]
    assert body["blocks"][1]["text"]["type"] == "mrkdwn"
    assert "<https://easydata.sbp.org.pk/|SBP &lt;EasyData&gt;>" in json.dumps(body["blocks"][2])


def test_discord_shape(receiver: Receiver, rendered: RenderedMessage) -> None:
    channel(receiver.url, style="discord").send(rendered, KEY)
    body = json.loads(receiver.deliveries[0].body)
    assert body["content"] == rendered.subject
    [embed] = body["embeds"]
    assert embed["title"] == rendered.subject and embed["description"] == rendered.text
    assert isinstance(embed["color"], int)
    assert embed["fields"][0] == {
        "name": "SBP <EasyData>", "value": "https://easydata.sbp.org.pk/", "inline": False
    }  # fmt: skip
    assert body["allowed_mentions"] == {"parse": []}


def test_secrets_never_in_repr_or_errors(receiver: Receiver) -> None:
    receiver.default = 500
    receiver.reply = f"bad token {receiver.url} secret={SECRET} auth=Bearer tok-SECRET-9".encode()
    settings = WebhookSettings(
        url=receiver.url, secret=SECRET, headers={"Authorization": "Bearer tok-SECRET-9"}
    )
    ch = WebhookChannel(settings)
    for text in (repr(settings), repr(ch)):
        assert SECRET not in text and "T0KEN" not in text and "tok-SECRET-9" not in text
    with pytest.raises(DeliveryError) as err:
        ch.send(render(make_test_message()), KEY)
    msg = str(err.value)
    assert "HTTP 500" in msg and "\n" not in msg
    for secret in (SECRET, "T0KEN", "tok-SECRET-9"):
        assert secret not in msg


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"style": "teams"}, "style must be one of"),
        ({"url": "ftp://example.org/x"}, "http"),
        ({"secret": "whsec_not base64!"}, "not valid base64"),
        ({"headers": {"webhook-id": "x"}}, "cannot be overridden"),
        ({"timeout_seconds": 0}, "timeout"),
    ],
)
def test_bad_settings_are_config_errors(kw: dict[str, object], needle: str) -> None:
    base: dict[str, object] = {"url": "https://hooks.example.org/x"}
    base.update(kw)
    with pytest.raises(ConfigError, match=needle):
        WebhookSettings(**base)  # type: ignore[arg-type]
