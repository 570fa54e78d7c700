"""Bearer checks between our servers and the web chat's signed sign-in codes."""

from __future__ import annotations

import pytest

from dunning_coach.common import tokens


def test_bearer_matches_only_the_exact_token():
    assert tokens.bearer_matches("Bearer s3cret", "s3cret")
    assert not tokens.bearer_matches("Bearer s3cret2", "s3cret")
    assert not tokens.bearer_matches("s3cret", "s3cret")  # no scheme
    assert not tokens.bearer_matches(None, "s3cret")
    assert not tokens.bearer_matches("Bearer ", "")  # no token set: nobody passes


def test_a_code_names_its_rep_until_it_expires():
    code = tokens.issue("secret", "demo-rep", "R1", days=2, now=1_000_000)
    assert tokens.verify("secret", code, now=1_000_000 + 86400) == tokens.SignIn(
        "demo-rep", "R1", 1_000_000 + 2 * 86400, issued=1_000_000
    )
    assert tokens.verify("secret", code, now=1_000_000 + 3 * 86400) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda code: code,  # right code, other secret (below)
        lambda code: code.replace(".", ".x", 1),  # signature changed
        lambda code: (
            tokens._b64(b'{"sub":"sam-field","exp":9999999999}') + "." + code.split(".")[1]
        ),
        lambda code: "not-a-code",
        lambda code: "",
        lambda code: "a.b.c",
    ],
)
def test_forged_or_foreign_codes_are_refused(tamper):
    code = tokens.issue("secret", "demo-rep", "R1", now=1_000_000)
    secret = "another-secret" if tamper(code) == code else "secret"
    assert tokens.verify(secret, tamper(code), now=1_000_000) is None


def test_no_code_can_be_made_or_accepted_without_a_secret():
    with pytest.raises(ValueError):
        tokens.issue("", "demo-rep", "R1")
    assert tokens.verify("", tokens.issue("x", "demo-rep", "R1")) is None


def test_a_code_carries_when_it_was_issued_to_the_millisecond_never_later():
    code = tokens.issue("secret", "demo-rep", "R1", now=1_000_000.12345)
    signed = tokens.verify("secret", code, now=1_000_000)
    assert signed is not None and signed.issued == 1_000_000.123


def test_a_code_lives_seven_days_by_default():
    code = tokens.issue("secret", "demo-rep", "R1", now=1_000_000)
    assert tokens.DEFAULT_DAYS == 7
    assert tokens.verify("secret", code, now=1_000_000 + 6.9 * 86400) is not None
    assert tokens.verify("secret", code, now=1_000_000 + 7.1 * 86400) is None


def test_a_code_without_an_issue_time_or_a_rep_is_refused():
    # As codes were made before they could be revoked: signed, but never revocable.
    for claims in (
        b'{"sub":"demo-rep","exp":9999999999}',
        b'{"sub":"demo-rep","iat":1000000,"exp":9999999999}',
        b'{"sub":"demo-rep","rid":"","iat":1000000,"exp":9999999999}',
    ):
        body = tokens._b64(claims)
        assert tokens.verify("secret", f"{body}.{tokens._signature('secret', body)}") is None
