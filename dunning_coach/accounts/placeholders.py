"""The account values that playbook text may name ({approver}, {terms}, ...), filled for one
account."""

from __future__ import annotations

from dunning_coach.accounts.models import Account
from dunning_coach.language import messages
from dunning_coach.language.formatting import day_of_month, money
from dunning_coach.language.languages import Language


class Filled(dict):
    """Placeholder values; a name without one stays readable instead of raising."""

    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


NEUTRAL = (
    "customer",
    "signatory",
    "approver",
    "terms",
    "payment_day",
    "method",
    "oldest_invoice",
    "overdue_amount",
    "open_amount",
)


def placeholders(account: Account | None, language: Language = Language.EN) -> Filled:
    """The account's values in `language`; words like "the approver" where it has none."""
    neutral = Filled({name: messages.text(f"placeholder.{name}", language) for name in NEUTRAL})
    neutral["oldest_days"] = ""
    if account is None:
        return neutral
    c = account.customer
    filled = Filled(neutral)
    filled.update(
        customer=c.name,
        open_amount=money(account.open_cents, account.currency, language),
        overdue_amount=money(account.overdue_cents, account.currency, language),
    )
    if c.signatory:
        filled["signatory"] = c.signatory
    if c.approver:
        filled["approver"] = c.approver
    if c.payment_terms_days is not None:
        filled["terms"] = messages.text(
            "placeholder.terms_days", language, days=c.payment_terms_days
        )
    if c.payment_day:
        filled["payment_day"] = messages.text(
            "placeholder.payment_day_on_file", language, day=day_of_month(c.payment_day, language)
        )
    if c.payment_method:
        filled["method"] = c.payment_method
    target = account.oldest_overdue or next(iter(account.open_invoices), None)
    if target:
        filled["oldest_invoice"] = target.invoice_no
        filled["oldest_days"] = str(max(target.days_overdue(account.today), 0))
    return filled


def fill(text: str, values: Filled) -> str:
    return text.format_map(values)
