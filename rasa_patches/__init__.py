"""Speed patches for Rasa 3.6.21, each found by profiling a turn in `make bench`, each
leaving Rasa's behaviour as it was. Applied by the launcher `python -m rasa_patches <rasa args>`
(scripts/servers.sh and the tests' servers use it); plain `rasa run` works too, only slower.

- The action server's response is checked against a JSON schema on every custom action call.
  Rasa calls `jsonschema.validate`, which first checks the schema itself against the JSON Schema
  meta-schema: a third of the Rasa server's time per excuse turn, for a schema that never
  changes. Here the schema is checked once and the validator reused. Each event is then checked
  against the one kind its `event` names: the schema's `oneOf` lists every kind (23), each fixed
  to its own `event` value, so only that kind can match, and trying all of them took 0.29 ms an
  event. Anything that fails, or names no known kind, is checked the stock way for its error.
- `DialogueStateTracker.applied_events` walks the whole session three or four times a turn, asking
  `isinstance` of ABC event classes at every step: 0.7 ms a call in a role-play conversation.
  `applied_events.py` walks it the same way with each class looked up once.
- A role-play answer is judged by the action server after Rasa has parsed it, each server idle
  while the other works. `send_ahead.py` sends the answer to the action server as the turn
  begins, to be read while Rasa parses it.

One patch bounds a wait instead of saving time, and `server_access` closes the HTTP API to all but
the holder of its own token on this machine, and tells when the model is loaded:

- Rasa 3.6 waits up to 5 minutes for a custom action (`DEFAULT_REQUEST_TIMEOUT`, passed on every
  call, with no setting to change it). A stalled action server would keep a rep in silence that
  long. Here the wait is `ACTION_TIMEOUT_S` (2 s by default); a call that runs out fails like an
  unreachable server, and the channels' turn guard answers (channels/turn_guard.py).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

PATCHED_VERSION = "3.6.21"  # the patches replace this version's code; any other is left alone


def apply() -> bool:
    """Applies every patch; False when this Rasa is not the version the speed patches replace
    (the access rules apply to any version: they wrap, rather than replace, Rasa's code)."""
    import rasa

    from rasa_patches import applied_events, send_ahead, server_access

    server_access.apply()
    if rasa.__version__ != PATCHED_VERSION:
        logger.warning(
            "rasa_patches: written for Rasa %s, found %s; running unpatched.",
            PATCHED_VERSION,
            rasa.__version__,
        )
        return False
    _check_action_responses_with_one_validator()
    applied_events.apply()
    send_ahead.apply()
    _bound_the_wait_for_actions()
    return True


def _bound_the_wait_for_actions() -> None:
    import rasa.core.actions.action as remote_actions

    from dunning_coach.common import environment

    # RemoteAction.run reads this module global at each call.
    remote_actions.DEFAULT_REQUEST_TIMEOUT = environment.action_timeout_s()


def _check_action_responses_with_one_validator() -> None:
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    checker = validator_for(schema)
    checker.check_schema(schema)
    validator = checker(schema)
    event = schema["properties"]["events"]["items"]
    # The response's schema with each event's `oneOf` left out, and each kind alone by its name.
    kinds = {kind["properties"]["event"]["const"]: checker(kind) for kind in event["oneOf"]}
    if len(kinds) != len(event["oneOf"]):
        raise RuntimeError("two kinds of event share a name: the schema is not the one patched")
    unnamed = {key: value for key, value in event.items() if key != "oneOf"}
    shape = checker(
        {
            **schema,
            "properties": {
                **schema["properties"],
                "events": {**schema["properties"]["events"], "items": unnamed},
            },
        }
    )

    def _known_and_valid(result: Any) -> bool:
        if not shape.is_valid(result):
            return False
        for item in result.get("events") or ():
            # A string (`shape` requires one). Every other kind fixes another `event`, so this
            # one alone can match: the same outcome as trying all, for any response in JSON.
            kind = kinds.get(item["event"])
            if kind is None or not kind.is_valid(item):
                return False
        return True

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _known_and_valid(result):
            return True
        # What jsonschema.validate does after checking the schema; same error, same message.
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid. For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result
