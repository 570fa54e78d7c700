"""dunning_coach/excuses/layout.py: a reply's shape, read from the markers our replies write."""

from __future__ import annotations

import pytest

from dunning_coach.excuses import replies
from dunning_coach.excuses import turns as coach
from dunning_coach.excuses.layout import TONES, Kind, lines, say_marker
from dunning_coach.excuses.verdicts import Label
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook


def test_every_kind_of_line_is_told_apart():
    found = lines(
        "Cash is tight right now: Likely excuse\nDoubtful debt\n• INV-7 is 40 days overdue\n"
        "Do:\n12. Ask for a part payment\nSay: Can we settle today?"
    )
    assert [line.kind for line in found] == [
        Kind.VERDICT,
        Kind.TEXT,
        Kind.BULLET,
        Kind.HEADING,
        Kind.STEP,
        Kind.SAY,
    ]
    verdict = found[0]
    assert (verdict.before_label, verdict.label, verdict.after_label, verdict.tone) == (
        "Cash is tight right now: ",
        "Likely excuse",
        "",
        "excuse",
    )
    assert (found[2].text, found[3].text, found[4].number, found[4].text, found[5].text) == (
        "INV-7 is 40 days overdue",
        "Do",
        12,
        "Ask for a part payment",
        "Can we settle today?",
    )


@pytest.mark.parametrize("label", list(Label))
def test_each_verdict_has_its_tone_and_only_on_the_first_line(label):
    (first, later) = lines(f"Cheque in the post: {label.value}\nEvidence: {label.value}")
    assert (first.kind, first.tone) == (Kind.VERDICT, TONES[label])
    assert later.kind is Kind.TEXT


def test_the_line_to_say_written_by_the_replies_is_read_as_one():
    entry = playbook.load().excuse("excuse_money_tight")
    text = replies.general_excuse_reply(entry, []).text
    (say,) = [line for line in lines(text) if line.kind is Kind.SAY]
    assert say.text and text.splitlines().count(f"Say: {say.text}") == 1


def test_a_database_line_that_only_looks_like_a_marker_stays_text():
    assert lines("Northwind: a note: call Jo before 10:")[0].kind is Kind.TEXT


@pytest.mark.parametrize("language", list(Language))
def test_an_answer_in_any_language_keeps_its_shape(build, language):
    build.customer("C1", name="Acme", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    turn = build.turn(customer_id="C1", spoken=language)
    reply = coach.respond_to_excuse(turn, "excuse_original_invoice_only", "", []).reply
    found = lines(reply.text)
    verdict = found[0]
    assert (verdict.kind, verdict.tone) == (Kind.VERDICT, TONES[Label.LIKELY_EXCUSE])
    assert verdict.label == Label.LIKELY_EXCUSE.text(language)
    assert [line.kind for line in found].count(Kind.HEADING) == 1
    (say,) = [line for line in found if line.kind is Kind.SAY]
    assert say.lead == say_marker(language).rstrip() and say.text
    assert [line.number for line in found if line.kind is Kind.STEP][:2] == [1, 2]
