"""docs/systemd: the production units say what the README says of them: restarted always, secrets
from an EnvironmentFile and never on a command line, private files, the model checked first, and
the same launcher and scripts `make serve` uses."""

from __future__ import annotations

import configparser

import pytest

from tests.conftest import ROOT

UNITS = sorted((ROOT / "docs" / "systemd").glob("*.service"))


def service(path) -> configparser.SectionProxy:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(path)
    return unit["Service"]


def test_there_is_a_unit_for_each_server():
    assert [p.name for p in UNITS] == [
        "dunning-coach-actions.service",
        "dunning-coach-rasa.service",
    ]


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_a_unit_restarts_its_server_with_secrets_from_a_file_only(path):
    unit = service(path)
    assert unit["Restart"] == "always" and unit["UMask"] == "0077"
    assert unit["EnvironmentFile"].startswith("/etc/")
    commands = " ".join(v for k, v in unit.items() if k.startswith("Exec"))
    for secret_flag in ("--auth-token", "--enable-api", "TOKEN=", "SECRET="):
        assert secret_flag not in commands


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_a_unit_runs_what_make_serve_runs(path):
    unit = service(path)
    commands = " ".join(v for k, v in unit.items() if k.startswith("Exec"))
    for script in ("scripts/run_actions.sh", "scripts/check_model.py"):
        if script in commands:
            assert (ROOT / script).is_file()
    if "rasa" in path.name:
        assert "-m rasa_patches run" in commands and "scripts/check_model.py" in commands
        assert "-m rasa_patches run" in (ROOT / "scripts" / "servers.sh").read_text()
