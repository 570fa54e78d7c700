"""The shipped rubrics (playbook.yml) judged on trainee replies: strong answers beat weak ones by
a wide margin for every excuse, paraphrases still score high, and every criterion is met by a
reply that does what it asks and not by one that doesn't."""

import datetime as dt

import pytest

from dunning_coach.common import playbook
from dunning_coach.training import rubric

TODAY = dt.date(2026, 11, 23)
CUSTOMER = {"approver": "Ada Park (finance)", "signatory": "Leo Grant", "terms_days": "30"}
PLAYBOOK = playbook.load()

# Replies that use the playbook's countermeasures, and close with a day and an amount.
STRONG = {
    "excuse_computer_broken": "Could I check that quickly with Ada Park in finance? When is the "
    "repair booked? Meanwhile a manual cheque or a bank transfer works fine: €2,400 on Friday.",
    "excuse_invoice_not_received": "Here's a copy of the invoice. Who handles invoices, so I can "
    "send it to them and have them confirm they received it? Let's go through the statement "
    "together, and pay the €2,400 on Friday.",
    "excuse_cheque_mailed": "Thanks. What's the cheque number, and when did you post it? I'll "
    "check with our bank today. If it hasn't arrived by Wednesday, please stop it and pay "
    "€2,400 by transfer on Friday.",
    "excuse_original_invoice_only": "Here's the original invoice, I brought it with me. Is "
    "anything else needed, delivery notes or order numbers? Then you can pay it today, the "
    "full €2,400.",
    "excuse_money_tight": "I understand, but tight cash doesn't change what's owed; our terms "
    "still apply. Let's agree a plan: €800 today and the rest in two instalments, the next "
    "one on Friday.",
    "excuse_product_complaint": "Which goods exactly, and what's wrong with them? I'll give you a "
    "credit note for the damaged items. The rest isn't in dispute, so please pay €2,000 by "
    "Friday.",
    "excuse_pay_next_month": "I can't wait until next month, it's already overdue. What can you "
    "pay today? New deliveries wait until the account is settled. Let's say €1,000 today.",
    "excuse_not_approved": "Who approves it? Can I talk to Ada Park today? Where is it stuck, "
    "and when will it be approved? Then €2,400 on Friday.",
    "excuse_payment_cycle": "Our contract says 30 days, it was due last month. Can we put it in "
    "your next payment run, and who prepares the run? I'll bring the documents. So €2,400 "
    "by Friday.",
    "excuse_signer_absent": "When is Leo back? Who else can sign in his absence? Could you "
    "prepare the payment now so it only needs a signature? Then €2,400 on Friday.",
    "excuse_goods_unsold": "Payment doesn't depend on sales; our terms are 30 days. Let's check "
    "the stock together, and I'll help you sell the rest with a display. Please pay €2,400 "
    "by Friday.",
    "excuse_already_paid": "Could you give me the payment reference and the date you paid? I'll "
    "check our records right now. If it isn't there, please pay the €2,400 today.",
    "excuse_waiting_on_customer": "I understand, but our agreement is with you, not your "
    "customer. Who owes you, and how much? What can you pay today? Let's say €1,000 today "
    "and the rest on Friday.",
}

# The same moves in other words, with typos; the rubric must still see them.
PARAPHRASES = {
    "excuse_computer_broken": "Let me have a word with your finance director about it. How long "
    "until the system is fixed? You could always write a cheque by hand, or wire it: the "
    "whole balance on Thursday?",
    "excuse_invoice_not_received": "No worries, I've got a duplicate here for you. Whom should I "
    "email it to, and can they confirm it arrived? Shall we check the account line by line? "
    "Payment in full by Friday then.",
    "excuse_cheque_mailed": "Great, which cheque number was it, and what day was it mailed? I'll "
    "trace it with my bank. Should it not arrive by Wednesday, cancel it and wire 2,400 euros "
    "on Friday instead.",
    "excuse_original_invoice_only": "I have the original right here with me. What other paperwork "
    "do you require? With everything in hand, can you settle it now, all of it today?",
    "excuse_money_tight": "Cash flow problems don't erase the debt, the contract still stands. "
    "Could you do part of it now, say 500 euros today, and sign a payment schedule for the "
    "rest with the next part on Friday?",
    "excuse_product_complaint": "Show me what exactly is damaged. I can take back the faulty "
    "ones and issue a credit. The remaining invoices aren't disputed, so the €1,500 by "
    "Wednesday please.",
    "excuse_pay_next_month": "Next month is too late, the invoice is overdue already. How much "
    "can you pay now? No more deliveries until it's paid. Half today, the rest on Friday?",
    "excuse_not_approved": "Who needs to sign it off? I'd like to speak with the approver. What's "
    "holding it up, and by what date will it be approved? Then full payment on Friday.",
    "excuse_payment_cycle": "The terms we agreed were 30 days net. Could you include it in the "
    "upcoming run? Who handles the run, so I can send the papers? Payment in full on "
    "the 30th.",
    "excuse_signer_absent": "When does Mr Grant return? Is there a deputy who can sign instead? "
    "Please get the cheque ready now. I'll come by on Thursday for the full amount.",
    "excuse_goods_unsold": "Our agreement isn't tied to your sales, the terms are 30 days. Can "
    "we look at the shelves together? I can support you with a promotion to move the stock. "
    "The whole balance by Friday.",
    "excuse_already_paid": "Do you have the remittance advice or a transaction confirmation? "
    "When was it paid and how much? I'll look in our system now. If it's not there, please "
    "transfer the €2,400 by Wednesday.",
    "excuse_waiting_on_customer": "Our contract doesn't depend on your customers. Who owes you "
    "the money? Some of it today, say €600, and the rest on Friday?",
}

# Concedes, apologises, sets no date: what the rubric must mark down.
WEAK = [
    "Oh, sorry to bother you. No problem at all, pay whenever you can.",
    "I'm so sorry to ask. Take your time, there's no rush.",
    "OK, I understand. Let me know when you can pay.",
]

# One reply per criterion that does exactly what it asks (and nothing that breaks a rule).
MEETS = {
    "concrete_commitment": "So that's €2,400 on Friday.",
    "verify_right_person": "Can I speak to your finance manager about it?",
    "workaround": "You can pay by bank transfer instead.",
    "repair_date": "When will the system be working again?",
    "hand_copy": "Here's a copy of it.",
    "named_person": "Who handles the invoices on your side?",
    "reconcile": "Let's go through the statement.",
    "cheque_number": "What's the cheque number?",
    "posting_date": "When did you post it?",
    "verify_bank": "I'll check with our bank.",
    "transfer_fallback": "If it doesn't arrive by Wednesday, please stop the cheque.",
    "hands_original": "I brought the original with me.",
    "other_documents": "Is anything else needed?",
    "pay_against_it": "Can you pay it today?",
    "debt_stands": "Tight cash doesn't cancel the debt.",
    "instalment_plan": "Let's agree an instalment plan.",
    "complaint_details": "Which products were damaged?",
    "credit_faulty_only": "I'll issue a credit note for those.",
    "rest_undisputed": "The rest is not in dispute.",
    "refuses_delay": "I can't wait that long.",
    "part_today": "What can you pay today?",
    "tie_deliveries": "New deliveries are on hold until it's paid.",
    "go_to_approver": "Can I talk to Ada?",
    "approval_date": "When will it be approved?",
    "where_missing": "Where is it stuck?",
    "names_terms": "Our contract says 30 days.",
    "next_run": "Can you put it in the next run?",
    "documents_ready": "Which documents do you need? I'll prepare them.",
    "return_date": "When is he back?",
    "deputy": "Who else can sign?",
    "prepare_payment": "Please prepare the cheque now.",
    "terms_not_sales": "Payment doesn't depend on your sales.",
    "check_stock": "Let's check the stock.",
    "help_sell": "I'll help you sell it.",
    "payment_reference": "What's the payment reference?",
    "date_amount": "When was it paid?",
    "check_records": "I'll check our records.",
    "contract_with_you": "Our agreement is with you.",
    "help_collect": "Who owes you?",
}
NEUTRAL = "Good morning. Nice weather today, isn't it?"

# Phrases each "avoids" criterion must catch, and firm phrases it must leave alone.
BREAKS = {
    "stays_firm": [
        "Pay whenever you can.",
        "No rush at all.",
        "Take your time with it.",
        "Just pay when you get a chance.",
    ],
    "polite_confident": [
        "Sorry to bother you about this.",
        "I hate to ask, but...",
        "You people never pay.",
        "Apologies for chasing.",
    ],
}
FIRM = ["When can you pay?", "I need the payment today.", "Sorry to hear that. When is it fixed?"]


def _score(intent: str, *replies: str) -> int:
    criteria = PLAYBOOK.rubric(intent)
    met, violated = set(), set()
    for text in replies:
        judged = rubric.judge(rubric.read(text, [], TODAY), criteria, CUSTOMER)
        met |= judged.met
        violated |= judged.violated
    return rubric.score(criteria, rubric.round_met(criteria, met, violated))


def test_every_excuse_has_a_rubric_and_test_answers():
    assert set(PLAYBOOK.playable) == set(PLAYBOOK.excuses) == set(STRONG) == set(PARAPHRASES)


@pytest.mark.parametrize("intent", sorted(STRONG))
def test_a_strong_answer_beats_every_weak_one_by_30_points(intent):
    strong = _score(intent, STRONG[intent])
    assert strong >= PLAYBOOK.roleplay.pass_mark
    for weak in WEAK:
        assert strong - _score(intent, weak) >= 30, weak


@pytest.mark.parametrize("intent", sorted(PARAPHRASES))
def test_a_paraphrased_strong_answer_still_scores_high(intent):
    assert _score(intent, PARAPHRASES[intent]) >= PLAYBOOK.roleplay.pass_mark


def _criteria():
    seen = {}
    for intent in PLAYBOOK.excuses:
        for criterion in PLAYBOOK.rubric(intent):
            seen.setdefault(criterion.id, criterion)
    return seen


def test_every_criterion_has_an_example():
    positive = {i for i, c in _criteria().items() if c.check != "avoids"}
    assert positive == set(MEETS)
    assert {i for i, c in _criteria().items() if c.check == "avoids"} == set(BREAKS)


@pytest.mark.parametrize("criterion_id", sorted(MEETS))
def test_each_criterion_is_met_by_its_example_and_not_by_small_talk(criterion_id):
    criterion = _criteria()[criterion_id]
    met = rubric.judge(rubric.read(MEETS[criterion_id], [], TODAY), [criterion], CUSTOMER).met
    assert criterion_id in met
    assert not rubric.judge(rubric.read(NEUTRAL, [], TODAY), [criterion], CUSTOMER).met


@pytest.mark.parametrize("criterion_id", sorted(BREAKS))
def test_each_rule_to_avoid_catches_its_phrases_and_spares_firm_ones(criterion_id):
    criterion = _criteria()[criterion_id]
    for text in BREAKS[criterion_id]:
        assert rubric.judge(rubric.read(text, [], TODAY), [criterion], CUSTOMER).violated, text
    for text in FIRM:
        assert not rubric.judge(rubric.read(text, [], TODAY), [criterion], CUSTOMER).violated, text
