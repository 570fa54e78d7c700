from dunning_coach.collection import levers, standing
from dunning_coach.common.settings import Settings
from dunning_coach.playbook import playbook
from tests.conftest import TODAY

BOOK = playbook.load()


def chosen(build):
    found = standing.assess(build.store.account("C1", TODAY), BOOK, Settings())
    return {lever.name: lever for lever in found.levers}


def test_every_condition_named_in_the_playbook_exists():
    assert levers.unknown_condition_names(BOOK.levers) == set()


def test_no_levers_while_nothing_is_overdue(build):
    build.customer()
    build.invoice(issued=10, due=-20)
    assert chosen(build) == {}


def test_worse_classes_get_firmer_levers_with_reasons(build):
    build.customer()
    build.invoice(issued=150, due=120, amount=2000)  # bad
    build.invoice(issued=20, due=-10, amount=500)  # still ordering
    found = chosen(build)
    assert {"stop_promotions", "hold_best_sellers", "no_goods_before_payment"} <= set(found)
    assert (
        found["no_goods_before_payment"].reason == "€2,000.00 is bad, 120 days past due at worst."
    )
    assert found["split_deliveries"].reason.startswith("They still order (1 invoice in 90 days)")


def test_in_collection_only_gets_the_gentle_levers(build):
    build.customer()
    build.invoice(issued=40, due=10, amount=1000)
    found = chosen(build)
    assert "no_goods_before_payment" not in found and "stop_promotions" not in found
    assert "split_deliveries" in found


def test_long_good_relationship_gets_the_relationship_appeal(build):
    build.customer()
    for due in (700, 600, 500, 400):
        build.paid_invoice(due=due, days_late=0)
    build.invoice(issued=40, due=10, amount=1000)
    assert "bought from us for 2 years" in chosen(build)["relationship_appeal"].reason


def test_escalated_customer_gets_the_manager_not_the_appeal(build):
    build.customer()
    for due in (700, 600, 500, 400):
        build.paid_invoice(due=due, days_late=0)
    build.invoice(issued=40, due=10, amount=1000)
    build.promise(amount=100, due_in=-20, made=30)
    build.promise(amount=100, due_in=-10, made=15)
    found = chosen(build)
    assert "escalate_with_manager" in found and "relationship_appeal" not in found
