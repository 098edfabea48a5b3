"""Alignment: team OKRs linked to the company's, up to the North Star, with the gaps and overlaps.

A programme is a company set (with its North Star) and the teams' sets. Each team objective or KR
may say what it contributes to; a KR inherits its objective's link when it has none of its own.
From the links this module builds the tree a leadership team reads (North Star, company objectives
and KRs, the team KRs under each) and the findings coaches raise in the challenge session: unlinked
KRs, links to nothing, company KRs no team moves, two teams on one metric, and dependencies. The
rules' words and thresholds are data (rubrics/alignment.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from kit.errors import RubricError
from kit.model import Finding, FrozenModel, KeyResult, Level, OkrSet
from kit.paths import data_dir
from kit.reading import Vocabulary
from kit.reading.words import folded
from kit.rubric import load_rubric
from kit.yamlfile import line_for, read_yaml, validation_problem

NORTH_STAR = "north star"
_KR_LABEL = re.compile(r"\bkr\s*(\d+)\s*[.\-/]\s*(\d+)\b", re.IGNORECASE)
_OBJECTIVE_LABEL = re.compile(r"^\s*(?:company\s+)?(?:o|objective)\s*(\d+)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9%]+")
_STOP = frozenset(["the", "a", "an", "of", "to", "for", "in", "on", "by", "from", "our", "and", "with", "at", "per"])
# where a KR's amounts begin: "from 3 days", "to 40%", "by 20%", "under 2 hours"
_AMOUNTS_START = re.compile(
    r"\s(?:from|by|to|under|below|above|over|at|within|of)\s+[-+$€£~<>≤≥]?\d|\s(?:from|by)\s", re.IGNORECASE
)


class AlignmentRule(FrozenModel):
    id: str
    level: Level
    message: str
    why: str = ""
    hint: str = ""
    params: dict[str, Any] = Field(default_factory=dict)


@lru_cache(maxsize=4)
def load_alignment_rules(path: Path | None = None) -> dict[str, AlignmentRule]:
    """The alignment rules by id; a mistake names the file and line."""
    source = path or data_dir("rubrics") / "alignment.yaml"
    located = read_yaml(source)
    rules = (located.data or {}).get("rules", []) if isinstance(located.data, dict) else []
    loaded = {}
    for index, raw in enumerate(rules):
        try:
            rule = AlignmentRule.model_validate(raw)
        except ValidationError as exc:
            _, problem = validation_problem(exc)
            raise RubricError(problem, path=str(source), line=line_for(located.lines, ("rules", index))) from None
        loaded[rule.id] = rule
    return loaded


@dataclass(frozen=True)
class Place:
    """Where something sits in a set: an objective (kr_index None) or a KR."""

    objective_index: int
    kr_index: int | None = None

    def label(self) -> str:
        o = self.objective_index + 1
        return f"Objective {o}" if self.kr_index is None else f"KR {o}.{self.kr_index + 1}"


@dataclass
class Contribution:
    """A team's KR and what it moves (None when it links to nothing)."""

    team: str
    place: Place
    kr: KeyResult
    written: str | None
    target: Place | str | None  # a company place, NORTH_STAR, or None


@dataclass
class Alignment:
    """The programme's tree and findings: per team, and about the company set."""

    company: OkrSet
    teams: dict[str, OkrSet]
    contributions: list[Contribution] = field(default_factory=list)
    team_findings: dict[str, list[Finding]] = field(default_factory=dict)
    company_findings: list[Finding] = field(default_factory=list)

    def under(self, target: Place | str) -> list[Contribution]:
        """The team KRs that move a company objective or KR (or the North Star)."""
        return [c for c in self.contributions if c.target == target]

    def unlinked(self) -> list[Contribution]:
        return [c for c in self.contributions if c.target is None]

    def findings(self) -> list[tuple[str, Finding]]:
        """Every finding with the set it is about ("company" or the team's name)."""
        return [("company", f) for f in self.company_findings] + [
            (team, f) for team, found in self.team_findings.items() for f in found
        ]


def resolve(written: str, company: OkrSet) -> Place | str | None:
    """The company place a link names: a KR label ("KR 2.1"), an objective label ("O2"), "North Star",
    or enough of a company objective's or KR's words; None when it names nothing there."""
    text = written.strip()
    if not text:
        return None
    lowered = text.lower()
    if "north star" in lowered or "north-star" in lowered or "northstar" in lowered:
        return NORTH_STAR if company.north_star else None
    if (kr := _KR_LABEL.search(text)) is not None:
        oi, ki = int(kr.group(1)) - 1, int(kr.group(2)) - 1
        in_set = 0 <= oi < len(company.objectives) and 0 <= ki < len(company.objectives[oi].key_results)
        return Place(oi, ki) if in_set else None
    if (objective := _OBJECTIVE_LABEL.match(text)) is not None:
        oi = int(objective.group(1)) - 1
        return Place(oi) if 0 <= oi < len(company.objectives) else None
    return _by_words(text, company)


def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(text.lower()) if word not in _STOP)


def _by_words(text: str, company: OkrSet) -> Place | None:
    """The company objective or KR whose words the link shares most, when it shares most of its own."""
    wanted = _words(text)
    if len(wanted) < 2:
        return None
    best: tuple[float, Place | None] = (0.0, None)
    for oi, objective in enumerate(company.objectives):
        candidates = [(Place(oi), objective.text)] + [(Place(oi, ki), kr.text) for ki, kr in
                                                        enumerate(objective.key_results)]
        for place, candidate in candidates:
            shared = len(wanted & _words(candidate)) / len(wanted)
            if shared > best[0]:
                best = (shared, place)
    return best[1] if best[0] >= 0.75 else None


def _metric(kr: KeyResult, vocabulary: Vocabulary | None) -> frozenset[str]:
    """The words of what the KR measures: its sentence after the change verb, up to where the amounts start
    ("Cut time to first value from 3 days" measures "time to first value")."""
    text = kr.text
    verb = vocabulary.pattern("change_verbs") if vocabulary is not None else None
    lead = verb.match(folded(text)) if verb is not None else None
    if lead is not None:
        text = text[lead.end():]
    end = _AMOUNTS_START.search(text)
    return _words(text[: end.start()] if end else text)


def _finding(rules: dict[str, AlignmentRule], rule_id: str, place: Place, text: str, **named: str) -> Finding | None:
    """The rule's finding about one place, its message naming what `named` gives; None when the rule file has
    dropped the rule (switched off)."""
    rule = rules.get(rule_id)
    if rule is None:
        return None
    message = rule.message
    for key, value in named.items():
        message = message.replace("{" + key + "}", value)
    return Finding(rule=rule.id, level=rule.level, message=message, hint=rule.hint,
                   scope="objective" if place.kr_index is None else "key_result",
                   objective_index=place.objective_index, kr_index=place.kr_index, text=text)


def _keep(findings: list[Finding], found: Finding | None) -> None:
    if found is not None:
        findings.append(found)


def check_alignment(company: OkrSet, teams: dict[str, OkrSet], rules_path: Path | None = None) -> Alignment:
    """The programme's links, tree and findings."""
    rules = load_alignment_rules(rules_path)
    result = Alignment(company=company, teams=teams, team_findings={team: [] for team in teams})
    for team, okr_set in teams.items():
        found = result.team_findings[team]
        for oi, objective in enumerate(okr_set.objectives):
            linked = objective.contributes_to
            objective_target = resolve(linked, company) if linked else None
            if linked and objective_target is None:
                _keep(found, _finding(rules, "alignment-link-unresolved", Place(oi), objective.text, link=linked))
            for ki, kr in enumerate(objective.key_results):
                written = kr.contributes_to or objective.contributes_to
                target = resolve(kr.contributes_to, company) if kr.contributes_to else objective_target
                if kr.contributes_to and target is None:
                    _keep(found, _finding(rules, "alignment-link-unresolved", Place(oi, ki), kr.text,
                                          link=kr.contributes_to))
                elif written is None:
                    _keep(found, _finding(rules, "alignment-unlinked", Place(oi, ki), kr.text))
                result.contributions.append(Contribution(team, Place(oi, ki), kr, written, target))
                for other in kr.depends_on:
                    known = any(other.lower() == name.lower() for name in teams)
                    _keep(found, _finding(rules, "alignment-dependency" if known else "alignment-dependency-unknown",
                                          Place(oi, ki), kr.text, team=other))
    moved = {c.target for c in result.contributions}  # a link to a company objective covers its KRs
    for oi, objective in enumerate(company.objectives):
        for ki, kr in enumerate(objective.key_results):
            if Place(oi, ki) not in moved and Place(oi) not in moved:
                _keep(result.company_findings, _finding(rules, "alignment-company-kr-uncovered", Place(oi, ki),
                                                        kr.text))
    _overlaps(result, rules)
    return result


def _overlaps(result: Alignment, rules: dict[str, AlignmentRule]) -> None:
    """Two teams' KRs on the same metric: each is told which other team measures it too."""
    rule = rules.get("alignment-overlap")
    if rule is None:
        return
    threshold = float(rule.params.get("min_similarity", 0.8))
    vocabulary = load_rubric().vocabulary
    metrics = [(c, _metric(c.kr, vocabulary)) for c in result.contributions]
    for index, (contribution, words) in enumerate(metrics):
        if not words:
            continue
        others = [other for j, (other, theirs) in enumerate(metrics) if j != index and other.team != contribution.team
                  and theirs and len(words & theirs) / len(words | theirs) >= threshold]
        if others:
            teams = ", ".join(sorted({other.team for other in others}))
            _keep(result.team_findings[contribution.team],
                  _finding(rules, "alignment-overlap", contribution.place, contribution.kr.text, team=teams))
