"""The real servers, started once per run and shared by the end-to-end tests. Every test here
is marked `servers`, so `make test-fast` (-m "not servers") leaves them out."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.servers)


SLACK_BOT_TOKEN = "xoxb-test-token"
TELEGRAM_BOT_TOKEN = "123456:TEST-telegram-token"
TELEGRAM_WEBHOOK_URL = "https://coach.example.test/webhooks/telegram/webhook"


@pytest.fixture(scope="session")
def mock_apis():
    from tests.mock_apis import MockApis

    with MockApis() as apis:
        yield apis


@pytest.fixture(scope="session")
def servers(tmp_path_factory, mock_apis):
    """The action server and Rasa on the demo data, with Slack and Telegram pointed at the mock
    APIs. Started once: every test uses its own senders or customers, so none sees another's."""
    import secrets

    from dunning_coach.accounts.importer import import_folder
    from tests.harness import Servers

    tmp = tmp_path_factory.mktemp("servers")
    with AccountStore(tmp / "accounts.db") as store:
        import_folder(ROOT / "demo_data", store)
    running = Servers(
        tmp,
        {
            "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN,
            "SLACK_SIGNING_SECRET": secrets.token_hex(16),
            "SLACK_API_URL": mock_apis.slack_url,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT_TOKEN,
            "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
            "TELEGRAM_SECRET_TOKEN": secrets.token_urlsafe(16),
            "TELEGRAM_API_URL": mock_apis.telegram_url,
        },
    )
    try:
        running.start("actions")
        running.start("rasa")
        yield running
    finally:
        for name in list(running.processes):
            running.stop(name)
