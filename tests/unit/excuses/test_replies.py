import dataclasses

import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.collection.standing import assess
from dunning_coach.common import settings
from dunning_coach.common.reply import Kind
from dunning_coach.excuses import replies as render
from dunning_coach.excuses import turns as coach
from dunning_coach.excuses.verdicts import Label, judge
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook, playbook_languages

BOOK = playbook.load()


def standing(account):
    """Where the account stands, as the excuse turn passes it to the reply."""
    return assess(account, BOOK, settings.load())


@pytest.mark.parametrize("intent", sorted(BOOK.excuses))
def test_first_reply_fits_one_phone_screen(rich_account, intent):
    entry = BOOK.excuse(intent)
    reply = render.excuse_reply(
        entry,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
        BOOK,
    )
    assert len(reply.text) <= render.FIRST_REPLY_LIMIT
    head, *_ = reply.text.splitlines()
    assert head.startswith(entry.title) and head.split(": ")[-1] in {
        "Likely true",
        "Likely excuse",
        "Can't tell yet",
    }
    assert "Do:\n1. " in reply.text and "\nSay: " in reply.text
    assert [b.title for b in reply.buttons] == ["More tactics", "Open invoices"]
    assert "{" not in reply.text


def test_countermeasures_are_filled_with_the_account(rich_account):
    entry = BOOK.excuse("excuse_signer_absent")
    text = render.excuse_reply(
        entry,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
        BOOK,
    ).text
    assert "Leopold Grant-Fitzwilliam" in text


def test_general_reply_offers_the_reps_customers(build):
    build.customer("C1", name="Acme")
    build.customer("C2", name="Bolt")
    reply = render.general_excuse_reply(
        BOOK.excuse("excuse_money_tight"), build.store.customers_visible_to(build.store.rep("R1"))
    )
    assert "Can't tell yet (no customer selected)" in reply.text
    payloads = [b.payload for b in reply.buttons]
    assert '/select_customer{"customer_id": "C1"}' in payloads
    assert payloads[-1] == '/more_tactics{"excuse": "excuse_money_tight"}'


def test_more_tactics_lists_all_tactics_and_questions(rich_account):
    entry = BOOK.excuse("excuse_cheque_mailed")
    text = render.more_tactics_reply(
        entry,
        BOOK,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
    ).text
    for tactic in entry.countermeasures:
        assert fill(tactic, placeholders(rich_account)) in text
    assert "Ask them:" in text and "Same excuse used before" in text


INTENT = "excuse_original_invoice_only"


@pytest.mark.parametrize("language", list(Language))
def test_an_answer_in_any_language_says_what_each_line_is(build, language):
    build.customer("C1", name="Acme", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    turn = build.turn(customer_id="C1", spoken=language)
    reply = coach.respond_to_excuse(turn, INTENT, "", []).reply
    verdict = reply.lines[0]
    assert (verdict.kind, verdict.tone) == (Kind.VERDICT, Label.LIKELY_EXCUSE.tone)
    assert verdict.label == Label.LIKELY_EXCUSE.text(language)
    assert verdict.text.startswith(playbook_languages.load(language).excuse(INTENT).title)
    kinds = [line.kind for line in reply.lines]
    assert kinds.count(Kind.HEADING) == 1 and kinds.count(Kind.BULLET) >= 1
    (say,) = [line for line in reply.lines if line.kind is Kind.SAY]
    assert say.lead == messages.text("excuse.say", language) + ":" and say.text
    assert [line.number for line in reply.lines if line.kind is Kind.STEP][:2] == [1, 2]


def test_a_title_from_the_playbook_that_looks_like_a_marker_is_never_read_as_one():
    entry = playbook.load().excuse("excuse_money_tight")
    odd = dataclasses.replace(entry, title="Tight: Likely excuse {label}")
    reply = render.general_excuse_reply(odd, [])
    assert reply.lines[0].text == "Tight: Likely excuse {label}: "
    assert reply.lines[0].label == Label.CANT_TELL.text()
