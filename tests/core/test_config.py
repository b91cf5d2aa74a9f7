"""Config loading: the default file is valid; every kind of mistake is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.config import iter_reference, load_config, parse_config
from tracker.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_default_config_is_valid_and_channels_off_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "TRACKER_SMTP_PASSWORD",
        "TRACKER_WEBHOOK_URL",
        "TRACKER_WEBHOOK_SECRET",
        "TRACKER_ADMIN_WEBHOOK_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    cfg = load_config(ROOT / "config" / "tracker.toml")
    kinds = {s.kind for s in cfg.sources}
    assert {"sbp_easydata", "sbp_headline_pdf", "sbp_ebops_xls", "sbp_index", "news_feed"} <= kinds
    assert cfg.channels and not any(c.is_active() for c in cfg.channels)


def test_channel_turns_on_when_its_secrets_are_set() -> None:
    cfg = load_config(ROOT / "config" / "tracker.toml")
    hook = next(c for c in cfg.channels if c.name == "webhook")
    assert not hook.is_active({})
    assert hook.is_active(
        {"TRACKER_WEBHOOK_URL": "http://127.0.0.1/x", "TRACKER_WEBHOOK_SECRET": "whsec_abc"}
    )


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[database]\npath = 5\n", "database.path: expected a path string"),
        ("[http]\nmax_retries = 'three'\n", "http.max_retries: expected an integer"),
        ("[rules]\nall_time_high = 1\n", "rules.all_time_high: expected true or false"),
        ("[daemon]\ncolour = 'red'\n", "daemon.colour: expected one of the known keys"),
        ("bogus = 1\n", "bogus: expected one of the known keys"),
        ("[rules]\nseries = ['remittances']\n", "rules.series[0]: expected one of"),
        ("[daemon]\ntimezone = 'Mars/Base'\n", "daemon.timezone: expected an IANA time zone"),
        ("[reconcile]\nmin_news_sources = 0\n", "reconcile.min_news_sources"),
        (
            "[[sources]]\nname='a'\nkind='news_feed'\nurl='ftp://x'\ninterval_minutes=5\n",
            "sources[0].url: expected an http(s) URL",
        ),
        (
            "[[sources]]\nname='a'\nkind='rss'\nurl='http://x'\ninterval_minutes=5\n",
            "sources[0].kind: expected one of",
        ),
        (
            "[[sources]]\nname='a'\nkind='news_feed'\nurl='http://x'\ncron='61 * * * *'\n",
            "sources[0].cron: expected a crontab expression",
        ),
        (
            "[[sources]]\nname='a'\nkind='news_feed'\nurl='http://x'\ninterval_minutes=0.01\n",
            "sources[0].interval_minutes: expected a number >= 0.0167 (one second)",
        ),
        (
            "[[sources]]\nname='a'\nkind='news_feed'\nurl='http://x'\n",
            "sources[0]: expected exactly one of interval_minutes, cron",
        ),
        (
            "[[sources]]\nkind='news_feed'\nurl='http://x'\ninterval_minutes=5\n",
            "sources[0].name: expected a value",
        ),
        ("[[channels]]\nname='c'\nkind='webhook'\n", "channels[0]: expected url or url_env"),
        (
            "[[channels]]\nname='c'\nkind='webhook'\nurl='http://x'\nstyle='teams'\n",
            "channels[0].style: expected json, slack or discord",
        ),
        ("[database\n", "not valid TOML"),
    ],
)
def test_mistakes_name_the_key_and_what_is_expected(toml: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(toml, "cfg.toml")
    msg = str(err.value)
    assert msg.startswith("cfg.toml: ")
    assert fragment in msg
    assert "\n" not in msg


def test_cli_reports_config_error_in_one_line_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[http]\nmax_bytes = 'lots'\n")
    result = CliRunner().invoke(main, ["--config", str(bad), "status"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "http.max_bytes: expected an integer" in result.output
    assert "Traceback" not in result.output


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "nope.toml"), "status"])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_reference_lists_every_key() -> None:
    keys = {k for k, *_ in iter_reference()}
    assert {
        "database.path",
        "http.max_bytes",
        "sources[].cron",
        "channels[].secret_env",
        "rules.thresholds",
        "reconcile.min_news_sources",
    } <= keys
