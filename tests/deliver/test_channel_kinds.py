"""Channel kinds come from the registry: a new kind is one module, configured and delivered
through the outbox sender with no other file edited; docs/CHANNELS.md's example works."""

from __future__ import annotations

import importlib
import json
import re
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.webhook import Receiver
from tracker.admin import raise_admin
from tracker.config import Config, parse_config
from tracker.deliver import registry
from tracker.deliver.senders import make_sender
from tracker.errors import ConfigError, DeliveryError
from tracker.ingest import ChannelRoute
from tracker.store import Store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "CHANNELS.md"


@pytest.fixture
def toy() -> Iterator[Any]:
    module = importlib.import_module("tests.deliver.toy_channel_kind")
    registry.register(module.Toy)  # again, should an earlier test have unregistered it
    module.SENT.clear()
    yield module
    registry.unregister("toy")


def _toy_config(options: str) -> Config:
    return parse_config(f"""
[[channels]]
name = "desk"
kind = "toy"
admin = true
options = {{ {options} }}
""")


def _queue_and_send(cfg: Config, db: Path, env: dict[str, str] | None = None) -> Any:
    """One admin alert queued for every channel of `cfg`, then one pass of the sender."""
    routes = [ChannelRoute(c.name, c.admin, c.unconfirmed, frozenset(c.events)) for c in cfg.channels]
    store = Store.open(db)
    try:
        raise_admin(
            store,
            rule="source_failing",
            subject="sbp",
            message="SBP index failed 3 times",
            channels=routes,
            now=datetime.now(UTC),
        )
    finally:
        store.close()
    return make_sender(cfg, db, env or {}).send_due()


def _outbox(db: Path) -> list[dict[str, Any]]:
    store = Store.open(db)
    try:
        return store.rows("SELECT channel, status, attempts, next_attempt_at, last_error FROM outbox")
    finally:
        store.close()


def test_the_built_in_kinds_come_from_the_registry_in_reference_order() -> None:
    assert registry.names()[:3] == ("email", "webhook", "apprise")
    assert all(isinstance(k, registry.ChannelKind) for k in registry.kinds().values())


def test_a_kind_in_one_module_is_configured_and_delivered_by_the_outbox(toy: Any, tmp_path: Path) -> None:
    cfg = _toy_config('box = "inbox"')
    assert "toy" in registry.names()
    report = _queue_and_send(cfg, tmp_path / "t.db")
    assert (report.sent, report.failed, report.dead) == (1, 0, 0)
    [(key, subject)] = toy.SENT["inbox"]
    assert key == "admin:source_failing:sbp" and subject
    assert [r["status"] for r in _outbox(tmp_path / "t.db")] == ["sent"]


def test_a_kinds_permanent_failure_is_given_up_at_once(toy: Any, tmp_path: Path) -> None:
    report = _queue_and_send(_toy_config('box = "x", fail = "permanent"'), tmp_path / "t.db")
    assert report.dead == 1
    [row] = _outbox(tmp_path / "t.db")
    assert (row["status"], row["attempts"]) == ("dead", 1)
    assert "refuses" in row["last_error"]


def test_a_kinds_retry_after_delays_the_next_attempt(toy: Any, tmp_path: Path) -> None:
    report = _queue_and_send(_toy_config('box = "x", fail = "later"'), tmp_path / "t.db")
    assert report.failed == 1
    [row] = _outbox(tmp_path / "t.db")
    assert row["status"] == "pending"
    due = datetime.fromisoformat(row["next_attempt_at"])
    assert due > datetime.now(UTC) + timedelta(minutes=55)  # not the 30 s backoff


def test_a_kinds_secret_env_keeps_it_off_until_set(toy: Any) -> None:
    [ch] = _toy_config('box = "x", token_env = "TOY_TOKEN"').channels
    assert ch.missing_secrets({}) == ["TOY_TOKEN"] and not ch.is_active({})
    assert ch.is_active({"TOY_TOKEN": "t"})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            'box = "x", colour = "red"',
            "channels[0].options.colour: expected one of the known keys "
            "(box, fail, token_env), got unknown key",
        ),
        ('fail = "later"', "channels[0].options.box: expected a value, got nothing"),
    ],
)
def test_a_kinds_options_are_checked_against_its_struct(toy: Any, options: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        _toy_config(options)
    assert str(info.value) == f"<config>: {message}"


def test_options_on_a_kind_without_them_and_an_unknown_kind_are_refused(toy: Any) -> None:
    with pytest.raises(ConfigError, match=r"channels\[0\]\.options: expected no options"):
        parse_config("[[channels]]\nname='w'\nkind='webhook'\nurl='http://x'\noptions = { a = 'b' }\n")
    with pytest.raises(ConfigError) as info:
        parse_config("[[channels]]\nname='t'\nkind='telegraph'\n")
    assert "channels[0].kind: expected one of email, webhook, apprise" in str(info.value)
    assert "toy" in str(info.value)  # the registry's names, not a fixed list


def test_every_failure_is_one_delivery_error_shape() -> None:
    from tracker.deliver.webhook import WebhookHTTPError

    err = WebhookHTTPError("HTTP 429", 429, retry_after=7.0)
    assert isinstance(err, DeliveryError)
    assert (err.permanent, err.retry_after) == (False, 7.0)
    assert WebhookHTTPError("HTTP 410", 410).permanent
    plain = DeliveryError("smtp: refused")
    assert (plain.permanent, plain.retry_after) == (False, None)


# -- docs/CHANNELS.md: the Telegram example, executed -----------------------------------


def _docs_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOCS.read_text("utf-8"), re.S)


@pytest.fixture
def telegram_kind() -> Iterator[types.ModuleType]:
    [code] = _docs_blocks("python")
    module = types.ModuleType("docs_channels_telegram")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        exec(compile(code, str(DOCS), "exec"), module.__dict__)
        yield module
    finally:
        registry.unregister("telegram")
        del sys.modules[module.__name__]


def fake_telegram(status: int = 200, headers: dict[str, str] | None = None) -> Receiver:
    """A loopback Bot API: answers sendMessage with `status`."""
    reply_headers = {"Content-Type": "application/json", **(headers or {})}
    return Receiver(default=status, reply=b'{"ok": true}', headers=reply_headers).start()


@pytest.fixture
def telegram_api() -> Iterator[Receiver]:
    api = fake_telegram()
    yield api
    api.stop()


def _telegram_config(api: Receiver) -> Config:
    [toml] = _docs_blocks("toml")
    assert 'kind = "telegram"' in toml
    toml = toml.replace("token_env =", f'api_base = "{api.base}", token_env =')
    return parse_config(toml.replace("[[channels]]", "[[channels]]\nadmin = true", 1))


def test_the_docs_telegram_kind_delivers_an_alert(
    telegram_kind: types.ModuleType, telegram_api: Receiver, tmp_path: Path
) -> None:
    cfg = _telegram_config(telegram_api)
    [ch] = cfg.channels
    assert ch.missing_secrets({}) == ["TELEGRAM_BOT_TOKEN"]
    token = "123456:AAE-token-from-botfather"
    report = _queue_and_send(cfg, tmp_path / "t.db", {"TELEGRAM_BOT_TOKEN": token})
    assert (report.sent, report.failed) == (1, 0)
    [(path, body)] = [(d.path, json.loads(d.body)) for d in telegram_api.deliveries]
    assert path == f"/bot{token}/sendMessage"
    assert body["chat_id"] == "@it_exports_pk" and "SBP index failed" in body["text"]


def test_the_docs_telegram_kind_fails_as_one_delivery_error(
    telegram_kind: types.ModuleType, tmp_path: Path
) -> None:
    token = "123456:AAE-secret-token"
    for status, headers, outcome in ((429, {"Retry-After": "120"}, "pending"), (400, {}, "dead")):
        api = fake_telegram(status, headers)
        try:
            db = tmp_path / f"{status}.db"
            _queue_and_send(_telegram_config(api), db, {"TELEGRAM_BOT_TOKEN": token})
            [row] = _outbox(db)
        finally:
            api.stop()
        assert row["status"] == outcome
        assert "HTTP" in row["last_error"] and token not in row["last_error"]
