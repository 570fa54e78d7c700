import datetime as dt
from types import SimpleNamespace

import pytest

from dunning_coach.accounts.models import ScoredTotals
from dunning_coach.collection import day_plan, standing, warning_signs
from dunning_coach.common.settings import DayPlan, Settings
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook
from tests.conftest import BACKENDS, TODAY, store_on_backend

BOOK = playbook.load()


@pytest.fixture(params=BACKENDS)
def fresh_db(request, tmp_path):
    # The plans' totals are the store's SQL: they must rank alike on both backends.
    yield from store_on_backend(request, tmp_path)


def plan(build, settings=None):
    settings = settings or Settings()
    accounts = build.store.accounts_visible_to(build.store.rep("R1"), TODAY)
    standings = [standing.assess(a, BOOK, settings) for a in accounts]
    return day_plan.rank(standings, settings.day_plan, BOOK)


def test_bigger_and_older_debt_ranks_first_and_nothing_overdue_is_left_out(build):
    build.customer("C1", name="Small")
    build.invoice("C1", issued=40, due=10, amount=1000)
    build.customer("C2", name="Old")
    build.invoice("C2", issued=130, due=100, amount=1000)  # same amount, bad class
    build.customer("C3", name="Clean")
    build.invoice("C3", issued=5, due=-25, amount=9000)  # not yet due
    lines = plan(build)
    assert [line.customer.name for line in lines] == ["Old", "Small"]
    assert lines[0].reasons[0] == "€1,000.00 overdue, bad (oldest 100 days)"


def test_promise_due_today_puts_a_customer_on_the_list_and_says_why(build):
    build.customer("C1", name="Promiser")
    build.invoice("C1", issued=20, due=-10, amount=800)
    build.promise("C1", amount=800, due_in=0)
    (line,) = plan(build)
    assert "promised €800.00 for today" in line.reasons


def test_broken_promises_and_warning_signs_raise_the_rank_and_are_named(build):
    build.customer("C1", name="Steady")
    build.invoice("C1", issued=50, due=20, amount=1100)
    build.customer("C2", name="Risky")
    build.invoice("C2", issued=50, due=20, amount=1000)
    build.promise("C2", amount=100, due_in=-20, made=30)
    build.promise("C2", amount=100, due_in=-10, made=15)
    build.sign("C2", kind="sign_clearance_sale")
    lines = plan(build)
    assert lines[0].customer.name == "Risky"
    assert "2 promises broken in a row: escalate" in lines[0].reasons
    assert "warning: selling off stock cheaply" in lines[0].reasons


def test_class_weights_come_from_the_settings(build):
    build.customer("C1", name="Fresh")
    build.invoice("C1", issued=40, due=10, amount=1000)
    build.customer("C2", name="Dead")
    build.invoice("C2", issued=400, due=370, amount=1000)
    assert plan(build)[0].customer.name == "Fresh"  # dead money weighs little by default
    heavy = Settings(day_plan=DayPlan(class_weight={"in_collection": 1.0, "dead": 5.0}))
    assert plan(build, heavy)[0].customer.name == "Dead"


def test_the_plan_reads_in_the_reps_language_through_the_turn(build):
    from dunning_coach.collection import turns

    build.rep("R7", language="ko")
    build.customer("C1", rep_id="R7", name="하나상사")
    build.invoice("C1", issued=130, due=100, amount=1000)
    reply = turns.day_plan(build.turn("R7")).text
    assert reply.splitlines() == [
        "먼저 방문할 곳 (11월 23일):",
        "1. 하나상사: 연체 €1,000.00, 부실 (최장 100일)",
    ]


def test_a_reps_plan_shows_the_first_and_counts_the_rest_with_money_overdue(build):
    from dunning_coach.collection import turns

    for n in range(10):
        build.customer(f"C{n}", name=f"Customer {n}")
        build.invoice(f"C{n}", issued=60, due=30, amount=1000 + n)
    build.customer("P", name="Promised Only")
    build.promise("P", amount=10, due_in=0)  # on the plan, but owes nothing overdue
    lines = turns.day_plan(build.turn()).text.splitlines()
    assert lines[1].startswith("1. Customer 9: €1,009.00 overdue")
    assert len(lines) == 1 + 8 + 1
    assert lines[-1] == "… and 2 more with money overdue"


def test_a_managers_plan_names_each_lines_rep_and_totals_each_reps_overdue(build):
    from dunning_coach.collection import turns

    build.rep("M1", role="manager", name="Mia")
    build.rep("R1", name="Ann", manager_id="M1")
    build.rep("R2", name="Bo", manager_id="M1")
    build.customer("C1", rep_id="R1", name="One")
    build.invoice("C1", issued=130, due=100, amount=1000)
    build.customer("C2", rep_id="R2", name="Two")
    build.invoice("C2", issued=70, due=40, amount=500)
    build.customer("C3", rep_id="R2", name="Three")
    build.invoice("C3", issued=70, due=40, amount=300)
    reply = turns.day_plan(build.turn("M1"))
    assert reply.text.splitlines() == [
        "Across the team, visit first (23 Nov):",
        "1. One (Ann): €1,000.00 overdue, bad (oldest 100 days)",
        "2. Two (Bo): €500.00 overdue, doubtful (oldest 40 days)",
        "3. Three (Bo): €300.00 overdue, doubtful (oldest 40 days)",
        "Overdue by rep, most first:",
        "Ann: €1,000.00 at 1 customer",
        "Bo: €800.00 at 2 customers",
    ]
    assert [b.title for b in reply.buttons] == ["One", "Two", "Three"]


# --- the search that spares assessing every account ----------------------------------------

EXCUSES = ["excuse_cash_flow", "excuse_invoice_not_received", "excuse_boss_away"]
KINDS = ["sign_staff_change", "sign_clearance_sale", "sign_moving"]


def _random_ledger(store, seed: int, customers: int = 40) -> None:
    """Reps R1 to R3 under manager M1 (and R4 in no team), and customers with every kind of
    history the worth reads: open money in every class, part payments and payments on no
    invoice, promises kept, broken, due, open and cancelled, reported signs old and new, runs of
    excuses, large recent orders, reliable payers turning late."""
    import random

    rng = random.Random(seed)

    def ago(days: int) -> str:
        return (TODAY - dt.timedelta(days=days)).isoformat()

    rows: dict[str, list[dict]] = {k: [] for k in ("reps", "customers", "invoices", "payments")}
    rows["reps"] = [dict(rep_id="M1", name="Manager", role="manager")] + [
        dict(rep_id=f"R{r}", name=f"Rep {r}", role="rep", manager_id="M1") for r in (1, 2, 3)
    ]
    rows["promises"], rows["warning_signs"] = [], []
    # Outside the team, owing the most: a plan that shows them lets a manager see too much.
    rows["reps"].append(dict(rep_id="R4", name="Rep 4", role="rep"))
    for n in (1, 2):
        rows["customers"].append(dict(customer_id=f"X{n}", name=f"Outsider {n}", rep_id="R4"))
        rows["invoices"].append(
            dict(
                invoice_no=f"X{n}-I",
                customer_id=f"X{n}",
                issued_on=ago(130),
                due_on=ago(100),
                amount_cents=10_000_000,
                currency="EUR",
            )
        )
    excuses = []
    for c in range(customers):
        cid = f"C{c}"
        rows["customers"].append(
            dict(customer_id=cid, name=f"Customer {c:02}", rep_id=f"R{c % 3 + 1}")
        )
        reliable = rng.random() < 0.3  # on time for long, and lately not
        for n in range(rng.randint(8, 14) if reliable else rng.randint(0, 12)):
            due = rng.randint(-30, 400)
            amount = rng.choice([100, 500, 1000, 4000]) * (8 if rng.random() < 0.05 else 1)
            number = f"{cid}-I{n}"
            rows["invoices"].append(
                dict(
                    invoice_no=number,
                    customer_id=cid,
                    issued_on=ago(due + 30),
                    due_on=ago(due),
                    amount_cents=amount * 100,
                    currency="EUR",
                )
            )
            pay = rng.random()
            if due > 0 and ((pay < 0.6 and not reliable) or (reliable and due > 45)):
                late = rng.randint(-5, 3) if reliable else rng.randint(-5, 60)
                part = amount if pay < 0.45 or reliable else amount // 2
                rows["payments"].append(
                    dict(
                        payment_id=f"{number}-P",
                        customer_id=cid,
                        invoice_no=number,
                        amount_cents=part * 100,
                        received_on=ago(max(due - late, 0)),
                    )
                )
        if rng.random() < 0.2:
            rows["payments"].append(
                dict(
                    payment_id=f"{cid}-loose",
                    customer_id=cid,
                    amount_cents=30000,
                    received_on=ago(rng.randint(0, 40)),
                )
            )
        for n in range(rng.choice([0, 0, 1, 2, 4])):
            made = rng.randint(0, 60)
            rows["promises"].append(
                dict(
                    promise_id=f"{cid}-Q{n}",
                    customer_id=cid,
                    amount_cents=rng.choice([200, 300, 900]) * 100,
                    promised_for=ago(made - rng.randint(0, 20)),
                    made_on=ago(made),
                    status="cancelled" if rng.random() < 0.1 else "open",
                )
            )
        for n in range(rng.choice([0, 0, 0, 1, 2])):
            rows["warning_signs"].append(
                dict(
                    sign_id=f"{cid}-S{n}",
                    customer_id=cid,
                    kind=rng.choice(KINDS),
                    reported_on=ago(rng.choice([3, 30, 400])),
                )
            )
        for _ in range(rng.choice([0, 0, 3, 5])):
            excuses.append(
                (cid, rng.choice(EXCUSES), TODAY - dt.timedelta(days=rng.randint(0, 100)))
            )
    store.write_import(rows)
    for cid, intent, day in excuses:
        store.log_excuse(
            customer_id=cid, rep_id=None, intent=intent, text="", verdict=None, logged_on=day
        )


SETTINGS = [
    Settings(),
    Settings(
        day_plan=DayPlan(class_weight={"in_collection": 1.0, "dead": 5.0}, warning_sign_bonus=1.0)
    ),
    Settings(day_plan=DayPlan(promise_due_weight=20.0, broken_promise_bonus=2.0)),
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "settings", SETTINGS, ids=["default", "dead and signs heavy", "promises heavy"]
)
def test_the_plans_search_finds_what_assessing_every_account_finds(build, seed, settings):
    _random_ledger(build.store, seed)
    asked = warning_signs.facts_asked(settings, TODAY)
    for rep_id in ("R1", "R2", "R4", "M1"):
        rep = build.store.rep(rep_id)
        everyone = [
            standing.assess(a, BOOK, settings) for a in build.store.accounts_visible_to(rep, TODAY)
        ]
        for count in (1, 3, 8):
            expected = day_plan.rank(everyone, settings.day_plan, BOOK)[:count]
            assessed: list[str] = []

            def lines_for(ids, assessed=assessed):
                assessed.extend(ids)
                standings = [
                    standing.assess(a, BOOK, settings) for a in build.store.accounts(ids, TODAY)
                ]
                return [
                    found
                    for s in standings
                    if (found := day_plan.line(s, settings.day_plan, BOOK, Language.EN))
                ]

            score = day_plan.bound(settings, BOOK, TODAY)
            ranked = list(build.store.ranked(rep, TODAY, score))
            for totals in ranked:  # the database's score is the one `of` works out
                assert totals.score == pytest.approx(score.of(totals), rel=1e-12)
            # Ranked: each customer with open money or a promise falling due, once, best first.
            since = TODAY - dt.timedelta(days=settings.promises.grace_days)
            assert sorted(t.customer_id for t in ranked) == sorted(
                a.customer.customer_id
                for a in build.store.accounts_visible_to(rep, TODAY)
                if a.open_cents
                or any(
                    not p.cancelled and p.made_on <= TODAY and since <= p.promised_for <= TODAY
                    for p in a.promises
                )
            )
            assert [t.score for t in ranked] == sorted((t.score for t in ranked), reverse=True)

            def refine(batch, beaten=lambda most: False, score=score):
                ids = [t.customer_id for t in batch]
                books = {
                    b.customer.customer_id: b for b in build.store.promise_books_of(ids, TODAY)
                }

                def facts_of(running):
                    return build.store.invoice_facts(running, asked)

                return day_plan.refined(batch, books, facts_of, score, BOOK, settings, beaten)

            # Every refined bound is a bound: no line is worth more.
            worth = {
                line.customer.customer_id: line.worth
                for line in day_plan.rank(everyone, settings.day_plan, BOOK)
            }
            for totals, most in zip(ranked, refine(ranked)):
                assert worth.get(totals.customer_id, 0.0) <= most * (1 + 1e-9), totals
            # ...and so is the bound from the promise books alone, which a customer out of the
            # running keeps; the invoices are read for exactly those still in it.
            asked_facts: list[str] = []

            def counted(running, asked_facts=asked_facts):
                asked_facts.extend(running)
                return build.store.invoice_facts(running, asked)

            books = {
                b.customer.customer_id: b
                for b in build.store.promise_books_of([t.customer_id for t in ranked], TODAY)
            }
            alone = day_plan.refined(ranked, books, counted, score, BOOK, settings, lambda m: True)
            assert asked_facts == []
            for totals, most in zip(ranked, alone):
                assert worth.get(totals.customer_id, 0.0) <= most * (1 + 1e-9), totals
            cut = sorted(alone)[len(alone) // 2] if alone else 0.0
            day_plan.refined(
                ranked, books, counted, score, BOOK, settings, lambda m, cut=cut: m < cut
            )
            assert asked_facts == [t.customer_id for t, m in zip(ranked, alone) if not m < cut]

            found = day_plan.best(ranked, lines_for, count, refine)
            assert [(f.customer.customer_id, f.worth) for f in found] == [
                (e.customer.customer_id, e.worth) for e in expected
            ]
            assert len(assessed) == len(set(assessed))  # nobody assessed twice


def _line(customer_id: str, worth: float) -> day_plan.PlanLine:
    customer = SimpleNamespace(customer_id=customer_id, name=f"Name {customer_id}")
    return day_plan.PlanLine(SimpleNamespace(account=SimpleNamespace(customer=customer)), worth, ())


@pytest.mark.parametrize("seed", range(30))
def test_the_search_assesses_best_first_once_the_list_is_full(seed):
    """Bounds and worths made up, many customers: the search finds the `rank` order, and once
    it holds a full list it assesses nobody while a customer not refined yet could come first
    (the dear step spent on who may be shown, not on whoever the database ranked next)."""
    import random

    rng = random.Random(seed)
    ranked, refined_to, worth = [], {}, {}
    for n in range(rng.randint(20, 150)):
        raw = rng.choice([rng.uniform(0, 1000), 500.0])  # ties too
        customer_id = f"C{n:03}"
        refined_to[customer_id] = raw * rng.choice([1.0, rng.uniform(0.2, 1.0)])
        exact = rng.random() < 0.5  # a refined bound is often the worth itself
        worth[customer_id] = refined_to[customer_id] * rng.choice(
            [1.0 if exact else rng.uniform(0, 1), 0.0]  # some worth nothing: no line
        )
        ranked.append(ScoredTotals(customer_id, raw, 0, 0, 0, 0, 0))
    ranked.sort(key=lambda t: -t.score)
    count = rng.choice([1, 3, 8])
    refined: dict[str, float] = {}
    assessed: list[str] = []
    shown = 0

    def refine(batch, beaten):
        bounds = [refined_to[t.customer_id] for t in batch]
        refined.update(zip((t.customer_id for t in batch), bounds))
        return bounds

    def lines_for(ids):
        nonlocal shown
        if shown >= count:
            unrefined = [t.score for t in ranked if t.customer_id not in refined]
            for customer_id in ids:
                assert refined[customer_id] >= max(unrefined, default=0.0), customer_id
        assessed.extend(ids)
        found = [_line(c, worth[c]) for c in ids if worth[c] > 0]
        shown += len(found)
        return found

    found = day_plan.best(ranked, lines_for, count, refine)
    everyone = sorted((_line(c, w) for c, w in worth.items() if w > 0), key=day_plan._order)
    expected = [(e.customer.customer_id, e.worth) for e in everyone[:count]]
    assert [(f.customer.customer_id, f.worth) for f in found] == expected
    assert len(assessed) == len(set(assessed))
    # With nothing to refine, the database's bounds alone lead the search.
    refined.update((t.customer_id, t.score) for t in ranked)
    assessed.clear()
    found = day_plan.best(ranked, lines_for, count)
    assert [(f.customer.customer_id, f.worth) for f in found] == expected
    assert len(assessed) == len(set(assessed))
