"""Put the coach's answer beside the rubric's findings without ever overriding them.

Every coach finding has source="coach". When the coach thinks a rubric finding does not apply, the
rubric finding stays and a disagreement is shown, as a finding at the same place and as a notice: a
person decides. Anything in the answer that cannot be trusted (a KR that does not exist, a rule the
kit does not know, a rewrite outside the house format, text that repeats the coach's instructions)
is left out with a notice saying so.
"""

from __future__ import annotations

import re

from kit.coach.client import Consultation
from kit.coach.config import CoachConfig
from kit.coach.schema import target_ids
from kit.model import Finding, Level, Review

REWRITE_RULE = "coach-rewrite"
QUESTION_RULE = "coach-question"
# "Verb + metric from X to Y by date": a verb first, then from, to and by in that order (and real numbers).
HOUSE_KR_FORMAT = re.compile(r"^[A-Za-z][a-z]+\b.*?\bfrom\b.+?\bto\b.+?\bby\b\s*\S+", re.IGNORECASE | re.DOTALL)
_LEAK_MIN_CHARS = 30


def merge(review: Review, consultation: Consultation, rule_ids: list[str], config: CoachConfig) -> Review:
    targets = target_ids(review.okr_set)
    known_rules = set(rule_ids)
    flagged = {(f.objective_index, f.kr_index, f.rule) for f in review.findings if f.source == "rubric"}
    leaks = _instruction_lines(consultation.system_prompt)
    added: list[Finding] = []
    notices: list[str] = []
    unknown_targets: list[str] = []
    unknown_rules: list[str] = []
    off_format = 0
    objective_rewrites = 0
    leaked = 0

    def clean(text: str) -> str | None:
        nonlocal leaked
        text = config.redact(text)
        if any(line in " ".join(text.lower().split()) for line in leaks):
            leaked += 1
            return None
        return text

    for item in consultation.answer.reviews:
        if item.target not in targets:
            unknown_targets.append(item.target)
            continue
        oi, ki = targets[item.target]
        where = _where(review, oi, ki)
        for verdict in item.verdicts:
            if verdict.rule not in known_rules:
                unknown_rules.append(verdict.rule)
                continue
            rationale = clean(verdict.rationale)
            if rationale is None:
                continue
            confidence = verdict.confidence / 5
            if (oi, ki, verdict.rule) in flagged:
                if verdict.applies:
                    agreement = f"The coach agrees: {rationale}"
                    added.append(_finding(where, verdict.rule, Level.INFO, agreement, confidence))
                else:
                    added.append(
                        _finding(
                            where,
                            verdict.rule,
                            Level.INFO,
                            f"The coach disagrees with the rubric's {verdict.rule} here: {rationale}",
                            confidence,
                            hint="The rubric's finding stands; talk it through with the owner and decide.",
                        )
                    )
                    notices.append(
                        f"The coach disagrees with the rubric on {item.target} ({verdict.rule}): {rationale} "
                        "The rubric's finding is kept."
                    )
            elif verdict.applies:
                added.append(_finding(where, verdict.rule, Level.WARNING, rationale, confidence))
        for rewrite in item.rewrites:
            text = clean(rewrite)
            if text is None:
                continue
            if ki is None:
                objective_rewrites += 1
                continue
            if not (HOUSE_KR_FORMAT.match(text) and any(char.isdigit() for char in text)):
                off_format += 1
                continue
            added.append(_finding(where, REWRITE_RULE, Level.INFO, "The coach suggests a rewrite.", None, text))

    for question in consultation.answer.questions:
        text = clean(question)
        if text is not None:
            added.append(Finding(rule=QUESTION_RULE, level=Level.INFO, message=text, scope="set", source="coach"))

    if unknown_targets:
        notices.append(
            f"The coach commented on {', '.join(sorted(set(unknown_targets)))}, which the draft does not have; "
            "those comments were left out."
        )
    if unknown_rules:
        notices.append(
            f"The coach used rule id(s) the kit does not know ({', '.join(sorted(set(unknown_rules)))}); "
            "those comments were left out."
        )
    if off_format:
        notices.append(
            f"{off_format} coach rewrite(s) did not follow the house KR format "
            "(Verb + metric from X to Y by date) and were left out."
        )
    if objective_rewrites:
        notices.append(
            f"{objective_rewrites} coach rewrite(s) of objectives were left out: the coach rewrites KRs only."
        )
    if leaked:
        notices.append(f"{leaked} coach comment(s) repeated the coach's own instructions and were left out.")
    origin = "from the cache, no request sent" if consultation.from_cache else "new answer"
    notices.insert(
        0,
        f"Coach findings ({len(added)}) come from model {consultation.model} "
        f"(prompts {', '.join(consultation.prompt_versions)}; {origin}). They sit beside the rubric's "
        "findings and never change the quality gate.",
    )
    return review.model_copy(
        update={"findings": [*review.findings, *added], "notices": [*review.notices, *notices]}, deep=True
    )


def _where(review: Review, oi: int, ki: int | None) -> dict[str, object]:
    objective = review.okr_set.objectives[oi]
    if ki is None:
        return {"scope": "objective", "objective_index": oi, "kr_index": None, "text": objective.text}
    return {"scope": "key_result", "objective_index": oi, "kr_index": ki, "text": objective.key_results[ki].text}


def _finding(
    where: dict[str, object],
    rule: str,
    level: Level,
    message: str,
    confidence: float | None,
    suggestion: str | None = None,
    hint: str = "",
) -> Finding:
    return Finding.model_validate(
        {
            **where,
            "rule": rule,
            "level": level,
            "message": message,
            "hint": hint,
            "suggestion": suggestion,
            "confidence": confidence,
            "source": "coach",
        }
    )


def _instruction_lines(system_prompt: str) -> list[str]:
    """Distinctive lines of the system prompt; an answer quoting one is repeating its instructions."""
    lines = (" ".join(line.lstrip("- ").lower().split()) for line in system_prompt.splitlines())
    return [line for line in lines if len(line) >= _LEAK_MIN_CHARS]
