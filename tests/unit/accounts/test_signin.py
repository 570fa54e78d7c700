"""accounts/signin.py: a rep's web chat sign-in code from the command line."""

from __future__ import annotations

import pytest

from dunning_coach.accounts import signin
from dunning_coach.common import tokens

SECRET = "signin-test-secret"


@pytest.fixture(autouse=True)
def environment(fresh_db, monkeypatch):
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.path))
    monkeypatch.setenv("WEBCHAT_SECRET", SECRET)


@pytest.mark.parametrize("named", ["R1", "dana-web"])
def test_a_code_for_the_reps_web_id_by_rep_id_or_web_id(build, capsys, named):
    build.rep("R1", name="Dana", rest_id="dana-web")
    assert signin.main([named, "--days", "3", "--url", "https://coach.example/chat/"]) == 0
    out = capsys.readouterr().out
    code = out.splitlines()[1]
    assert out.startswith("Sign-in code for Dana (rep), valid 3 days")
    signed = tokens.verify(SECRET, code)
    assert signed is not None and signed.web_id == "dana-web"
    assert f"https://coach.example/chat/#code={code}" in out


def test_an_unknown_rep_or_one_without_a_web_id_gets_no_code(build, capsys):
    build.rep("R2", rest_id=None)
    assert signin.main(["nobody"]) == 1 and signin.main(["R2"]) == 1
    assert "No rep with id or web id" in capsys.readouterr().err


def test_without_the_secret_nothing_is_signed(build, capsys, monkeypatch):
    build.rep("R1")
    monkeypatch.delenv("WEBCHAT_SECRET")
    assert signin.main(["R1"]) == 2 and "WEBCHAT_SECRET is not set" in capsys.readouterr().err
