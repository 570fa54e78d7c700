"""The account values that playbook text may name ({approver}, {terms}, ...), filled for one
account."""

from __future__ import annotations

from dunning_coach.accounts.models import Account
from dunning_coach.common.formatting import money, ordinal


class Filled(dict):
    """Placeholder values; a name without one stays readable instead of raising."""

    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


def placeholders(account: Account | None) -> Filled:
    neutral = Filled(
        customer="the customer",
        signatory="the signatory",
        approver="the approver",
        terms="the agreed terms",
        payment_day="their payment day",
        method="their usual method",
        oldest_invoice="the invoice",
        oldest_days="",
        overdue_amount="the overdue amount",
        open_amount="the open amount",
    )
    if account is None:
        return neutral
    c = account.customer
    filled = Filled(neutral)
    filled.update(
        customer=c.name,
        open_amount=money(account.open_cents, account.currency),
        overdue_amount=money(account.overdue_cents, account.currency),
    )
    if c.signatory:
        filled["signatory"] = c.signatory
    if c.approver:
        filled["approver"] = c.approver
    if c.payment_terms_days is not None:
        filled["terms"] = f"{c.payment_terms_days} days"
    if c.payment_day:
        filled["payment_day"] = f"the {ordinal(c.payment_day)}"
    if c.payment_method:
        filled["method"] = c.payment_method
    target = account.oldest_overdue or next(iter(account.open_invoices), None)
    if target:
        filled["oldest_invoice"] = target.invoice_no
        filled["oldest_days"] = str(max(target.days_overdue(account.today), 0))
    return filled


def fill(text: str, values: Filled) -> str:
    return text.format_map(values)
