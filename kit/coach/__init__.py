"""The coach: judgement and rewrites from a language model, beside the rubric's findings.

Front ends call `kit.review(..., coach=True)` (or a `CoachConfig`), which calls `ask`. It never raises:
when the coach is off or fails, the rubric's review comes back unchanged apart from a notice that says
why and what to do.
`CoachConfig.from_env().enabled` and `.reason` tell a button whether to be active and what to say.
The openai SDK is imported only when the coach is actually asked, so the kit works without it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kit.coach.config import CoachConfig
from kit.coach.errors import CoachError
from kit.coach.schema import COACH_RULE
from kit.model import Review

if TYPE_CHECKING:
    import openai

    from kit.coach.client import Consultation

__all__ = ["CoachConfig", "CoachError", "ask", "rule_ids_for"]

log = logging.getLogger("kit.coach")


def ask(
    review: Review, config: CoachConfig | None = None, *, http_client: openai.DefaultHttpxClient | None = None
) -> Review:
    """A new Review with the coach's findings and notices added; on any fault, `review` plus a notice."""
    config = config if config is not None else CoachConfig.from_env()
    if not config.enabled:
        return _with_notice(review, config.reason)
    try:
        from kit.coach.client import consult
        from kit.coach.merge import merge

        # Asking again replaces the coach's earlier findings instead of stacking a second copy.
        rubric_only = review.model_copy(update={"findings": [f for f in review.findings if f.source != "coach"]})
        rule_ids = rule_ids_for(rubric_only)
        consultation = within(
            config.set_timeout, lambda: consult(rubric_only, config, rule_ids, http_client=http_client)
        )
        return merge(rubric_only, consultation, rule_ids, config)
    except CoachError as error:
        message = config.redact(str(error))
    except ImportError as error:
        message = f"The coach needs the openai package ({error.name} is missing): pip install 'okr-workshop-kit[llm]'."
    except Exception as error:  # the UI must never show a traceback, whatever the server or the answer did
        log.warning("coach failed: %s", config.redact(f"{type(error).__name__}: {error}"))
        message = config.redact(f"The coach failed unexpectedly ({type(error).__name__}: {error}).")
    log.info("coach: %s", message)
    return _with_notice(review, f"{message} The rubric's review is complete without it.")


def within(seconds: float, work: Callable[[], Consultation]) -> Consultation:
    """`work()` if it ends within `seconds`; otherwise a CoachError now, and the work is left to end
    on its own (each request it makes has its own deadline), so a stalled server never holds the user."""
    outcome: list[Consultation] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller's thread below
            failure.append(error)

    worker = threading.Thread(target=run, name="okr-kit-coach", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise CoachError(
            f"The coach took longer than {seconds:g} s for this draft, so it was not waited for. "
            "Allow more time with OKR_KIT_COACH_SET_TIMEOUT, or use a faster model or server."
        )
    if failure:
        raise failure[0]
    return outcome[0]


def rule_ids_for(review: Review) -> list[str]:
    """The rubric's rule ids the coach may use, plus its own id for problems no rule names."""
    ids = {f.rule for f in review.findings if f.source == "rubric"}
    try:
        from kit.rubric import load_rubric

        ids.update(_ids(load_rubric().rules))
    except Exception as error:  # a rubric that cannot load still leaves the ids the review already used
        log.info("coach: rubric rule ids unavailable (%s)", type(error).__name__)
    ids.add(COACH_RULE)
    return sorted(ids)


def _ids(rules: object) -> set[str]:
    if isinstance(rules, dict):
        return {str(key) for key in rules}
    found = set()
    for rule in rules if isinstance(rules, list | tuple) else []:
        rule_id = rule.get("id") if isinstance(rule, dict) else getattr(rule, "id", None)
        if rule_id:
            found.add(str(rule_id))
    return found


def _with_notice(review: Review, notice: str) -> Review:
    return review.model_copy(update={"notices": [*review.notices, notice]}, deep=True)
