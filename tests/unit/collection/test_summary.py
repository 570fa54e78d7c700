"""collection/summary.py: the account as the rep reads it before a visit."""

from dunning_coach.collection import summary
from dunning_coach.collection.standing import assess
from dunning_coach.common import settings
from dunning_coach.playbook import playbook

BOOK = playbook.load()


def test_account_summary_lists_open_invoices_and_people(rich_account):
    text = summary.account_summary(
        rich_account, assess(rich_account, BOOK, settings.load()), BOOK
    ).text
    assert "INV-2024-000042: €987,654.32, 50 days overdue" in text
    assert "signs: Leopold Grant-Fitzwilliam" in text
    assert "Recent excuses: Cheque already in the post (" in text


def test_a_customer_with_nothing_open_says_so_and_shows_the_last_payment(build):
    build.customer(name="Tidy Traders")
    build.paid_invoice(due=30, days_late=0)
    account = build.store.account("C1", build.turn().today)
    text = summary.account_summary(account, assess(account, BOOK, settings.load()), BOOK).text
    assert text.startswith("Tidy Traders (C1)") and "Open: nothing" in text
    assert "Last payment: €1,000.00 on 24 Oct" in text


def test_the_summary_in_another_language_keeps_names_and_figures(build):
    from dunning_coach.collection import account_turns
    from dunning_coach.language.languages import Language

    build.customer("C1", name="鸿福五金", approver="刘洪", payment_day=25)
    build.invoice("C1", issued=45, due=15, amount=1500)
    lines = account_turns.account_summary(
        build.turn(customer_id="C1", spoken=Language.ZH_HANS)
    ).text.splitlines()
    assert lines[:5] == [
        "鸿福五金 (C1)",
        "付款条件:30天,每月25号付款",
        "审批:刘洪;签字:档案里没有",
        "未付:€1,500.00,其中逾期€1,500.00",
        "• INV-1:€1,500.00,逾期15天",
    ]
    assert "最近一次付款:没有记录" in lines


def test_choosing_a_customer_in_chinese_reads_as_one_sentence(build):
    from dunning_coach.collection import account_turns
    from dunning_coach.language.languages import Language

    build.customer("C1", name="鸿福五金")
    build.invoice("C1", issued=45, due=15, amount=1500)
    turn = build.turn(spoken=Language.ZH_HANS)
    chosen = account_turns.select_customer(turn, "我现在在鸿福五金", None)
    assert chosen.customer_id == "C1"
    assert (
        chosen.reply.text.splitlines()[0] == "现在在鸿福五金。逾期€1,500.00,最早的INV-1已逾期15天。"
    )
