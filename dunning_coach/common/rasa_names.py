"""Every Rasa name the code uses (intents, entities, slots, forms, actions), defined once.

domain.yml is the other side of each name; tests/unit/common/test_rasa_names.py checks that every
name here is declared there, and that the code writes none of them as a literal elsewhere.
"""

from __future__ import annotations

# Intent families: any intent named excuse_* is a debtor excuse, any sign_* a warning sign the
# rep reports. Each member has a playbook.yml entry; config.yml routes the family to one action.
EXCUSE_PREFIX = "excuse_"
SIGN_PREFIX = "sign_"
TEAM_PREFIX = "team_"  # a question about the team's figures (dunning_coach/team/)


class Intent:
    INFORM = "inform"
    OUT_OF_SCOPE = "out_of_scope"
    NLU_FALLBACK = "nlu_fallback"  # Rasa's, below the FallbackClassifier's threshold
    AFFIRM = "affirm"
    DENY = "deny"
    STOP = "stop"
    SELECT_CUSTOMER = "select_customer"
    ACCOUNT_SUMMARY = "account_summary"
    MORE_TACTICS = "more_tactics"
    PROMISE_TO_PAY = "promise_to_pay"
    PROMISES_DUE = "promises_due"
    ADD_NOTE = "add_note"
    START_ROLEPLAY = "start_roleplay"
    MY_PROGRESS = "my_progress"
    UNDO_RECORD = "undo_record"  # only from an Undo button (dunning_coach/collection/undo.py)
    # Only from a button: leave what is in progress and go to this customer (the one in progress
    # itself: carry on with it).
    SWITCH_CUSTOMER = "switch_customer"
    RESTART = "restart"  # Rasa's own: clears the conversation
    # The team's figures: a manager's questions, a rep's own figures when a rep asks.
    TEAM_OVERVIEW = "team_overview"
    TEAM_OVERDUE = "team_overdue"
    TEAM_TOP_DEBTORS = "team_top_debtors"
    TEAM_EXCUSES = "team_excuses"
    TEAM_PROMISES = "team_promises"
    TEAM_WARNING_SIGNS = "team_warning_signs"
    TEAM_UNVISITED = "team_unvisited"
    TEAM_TRAINEE_MISSES = "team_trainee_misses"


# Intents only a button sends: a payload names its intent, so they have no NLU examples.
BUTTON_ONLY_INTENTS = (Intent.UNDO_RECORD, Intent.SWITCH_CUSTOMER)


class Entity:
    CUSTOMER_ID = "customer_id"
    LANGUAGE = "language"  # the language a message is written in (components/language_entity.py)
    EXCUSE = "excuse"
    PERIOD = "period"
    AMOUNT = "amount"
    DATE = "date"
    DIFFICULTY = "difficulty"
    RECORD_ID = "record_id"  # the record an Undo button names, "kind:id"
    REP_ID = "rep_id"  # the rep a team figure's button goes down to


class Slot:
    REGISTERED = "registered"
    SESSION_STARTED_METADATA = "session_started_metadata"
    REQUESTED_SLOT = "requested_slot"
    CUSTOMER_ID = "customer_id"
    LANGUAGE = "language"
    LAST_EXCUSE = "last_excuse"
    PENDING_RECORD = "pending_record"
    PROMISE_AMOUNT = "promise_amount"
    PROMISE_DATE = "promise_date"
    PROMISE_INVOICES = "promise_invoices"
    PROMISE_CONFIRMED = "promise_confirmed"
    PROMISE_TRIES = "promise_tries"
    PROMISE_PROBLEM = "promise_problem"
    PROMISE_SWITCH_TO = "promise_switch_to"  # another customer named mid-form, offered as a way out
    ROLEPLAY = "roleplay"
    ROLEPLAY_REPLY = "roleplay_reply"


class Form:
    PROMISE = "promise_form"
    ROLEPLAY = "roleplay_form"


def validate(form: str) -> str:
    """The name of the action Rasa calls to validate `form`'s slots."""
    return f"validate_{form}"


def ask(slot: str, form: str = "") -> str:
    """The name of the action that asks for `slot` (scoped to `form` when given)."""
    return f"action_ask_{form}_{slot}" if form else f"action_ask_{slot}"


class ActionName:
    SESSION_START = "action_session_start"
    EXPLAIN_REGISTRATION = "action_explain_registration"
    RESPOND_EXCUSE = "action_respond_excuse"
    SELECT_CUSTOMER = "action_select_customer"
    SHOW_ACCOUNT = "action_show_account"
    SHOW_TACTICS = "action_show_tactics"
    ASK_REPHRASE = "action_ask_rephrase"
    ASK_READING = "action_ask_reading"
    VALIDATE_PROMISE_FORM = validate(Form.PROMISE)
    SAVE_PROMISE = "action_save_promise"
    LIST_PROMISES_DUE = "action_list_promises_due"
    SHOW_DAY_PLAN = "action_show_day_plan"
    RECORD_VISIT = "action_record_visit"
    VALIDATE_ROLEPLAY_FORM = validate(Form.ROLEPLAY)
    FINISH_ROLEPLAY = "action_finish_roleplay"
    SHOW_PROGRESS = "action_show_progress"
    SHOW_LEADERBOARD = "action_show_leaderboard"
    UNDO_RECORD = "action_undo_record"
    SHOW_TEAM_FIGURES = "action_show_team_figures"
