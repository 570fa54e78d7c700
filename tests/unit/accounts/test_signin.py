"""accounts/signin.py: a rep's web chat sign-in code from the command line."""

from __future__ import annotations

import time

import pytest

from dunning_coach.accounts import signin
from dunning_coach.common import tokens

SECRET = "signin-test-secret"


@pytest.fixture(autouse=True)
def environment(fresh_db, monkeypatch):
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.location))
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


def _code(capsys, *args: str) -> str:
    assert signin.main(list(args)) == 0
    return capsys.readouterr().out.splitlines()[1]


def test_a_code_lives_seven_days_unless_signin_days_says_otherwise(build, capsys, monkeypatch):
    build.rep("R1", name="Dana")
    now = time.time()
    signed = tokens.verify(SECRET, _code(capsys, "R1"))
    assert signed is not None and 7 * 86400 - 60 < signed.expires - now <= 7 * 86400 + 1
    monkeypatch.setenv("SIGNIN_DAYS", "2")
    assert signin.main(["R1"]) == 0 and "valid 2 days" in capsys.readouterr().out
    monkeypatch.setenv("SIGNIN_DAYS", "soon")
    assert signin.main(["R1"]) == 2 and "SIGNIN_DAYS" in capsys.readouterr().err


def test_revoking_refuses_every_code_issued_so_far_and_only_those(build, capsys, fresh_db):
    build.rep("R1", rest_id="dana")
    build.rep("R2", rest_id="sam")
    old = [tokens.verify(SECRET, _code(capsys, rep)) for rep in ("R1", "dana", "R2")]
    assert all(signin.accepted(fresh_db, s) for s in old)
    assert signin.main(["--revoke", "dana"]) == 0
    assert "Revoked every sign-in code of Rep R1" in capsys.readouterr().out
    assert [signin.accepted(fresh_db, s) for s in old] == [False, False, True]
    time.sleep(0.01)  # a code issued in the revocation's own millisecond counts as revoked
    new = tokens.verify(SECRET, _code(capsys, "R1"))
    assert signin.accepted(fresh_db, new)
    assert signin.main(["--revoke", "nobody"]) == 1


def test_a_removed_rep_gets_no_code_and_their_codes_are_refused(build, capsys, fresh_db):
    build.rep("R1", rest_id="dana")
    signed = tokens.verify(SECRET, _code(capsys, "R1"))
    build.rep("R1", rest_id="dana", active=0)
    assert not signin.accepted(fresh_db, signed)
    assert signin.main(["R1"]) == 1 and "removed" in capsys.readouterr().err
    fresh_db.db.execute("delete from reps where rep_id = 'R1'")
    fresh_db.db.conn.commit()
    assert not signin.accepted(fresh_db, signed)  # no rep with that web id at all
