"""Telling English key results and objectives from those in other languages, on sentences written for these tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kit.errors import RubricError
from kit.model import KeyResult, Level, Objective, OkrSet
from kit.rubric import load_rubric
from kit.rubric.detectors import DETECTORS
from kit.rubric.language import LanguageParams, foreign, judge, plain

ENGLISH_OBJECTIVE = "Shoppers find what they came for"
ENGLISH_KR = "Checkout abandonment from 31% to 22% by end of Q3"


def _params() -> LanguageParams:
    params = load_rubric().rule("kr-not-english").params
    assert isinstance(params, LanguageParams)
    return params


def _language(text: str) -> str | None:
    """The language a sentence is judged to be in when it is not English; None when it reads as English."""
    params = _params()
    verdict = judge(text, params)
    return verdict.language if foreign(verdict, params) else None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bajar el tiempo de respuesta del soporte de 9 a 3 horas", "spanish"),
        ("Que cada pedido llegue en menos de 48 horas", "spanish"),
        ("Die Lieferzeit für Ersatzteile von 5 auf 2 Tage senken", "german"),
        ("Umsatz pro Filiale um 15 % steigern", "german"),  # short: two function words are enough
        ("Wir halbieren die Zahl der offenen Tickets", "german"),
        ("Porter le taux de réachat de 18 % à 25 % d'ici décembre", "french"),
        ("Des vendeurs qui connaissent chaque produit", "french"),
        ("Portare il tasso di conversione dal 2 al 3 % entro giugno", "italian"),
        ("Verlaag het aantal klachten van 40 naar 15 per maand", "dutch"),
        ("Aumentar o número de assinantes da newsletter para 5.000", "portuguese"),
        ("Diminuir as devoluções em 30 % até o fim do ano", "portuguese"),
    ],
)
def test_sentences_in_other_languages_are_told_apart(text: str, language: str) -> None:
    assert _language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH_KR,
        "Launch the Café del Mar partnership",
        "Sign Banco de la Nación",  # particles between two capitalised words are part of the name
        "Grow ticket sales at Teatro de la Ciudad from 800 to 1,200 a month",
        "Raise renewals among Le Monde subscribers from 60% to 70%",
        "Open 2 stores in Los Angeles and Las Vegas by June",
        "Sign 3 distributors in Rio de Janeiro and São Paulo",
        "Cut à la carte order errors from 5% to 2%",  # loanwords
        "Make the new API the de facto standard for 10 partner teams",
        "Die casting scrap rate from 4% to 2%",  # one word spelled like a German article is not German
        "Upgrade 200 teams to the pro plan",
        'Run the "para todos los clientes" campaign in 3 markets',  # quoted titles are not read
        "Publish the guide at docs.example.de/la/guia-de-uso",  # links and paths are not read
        "Grow DE and FR revenue from 2M to 3M EUR",  # acronyms
        "NPS 40 → 55",
        "Enterprise-grade dot com",  # no English function word at all, and only one foreign one
        "Weekly active teams (e.g. 5 seats or more) from 120 to 200",
        "",
    ],
)
def test_english_sentences_with_names_loanwords_and_codes_stay_english(text: str) -> None:
    assert _language(text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Nao perder mais de 2 % dos clientes ate dezembro", "portuguese"),  # written without accents
        ("Mehr Umsatz fur unsere Stammkunden", "german"),  # "fur" for "für"
        ("BAJAR EL TIEMPO DE RESPUESTA DE 9 A 3 HORAS", "spanish"),  # all capitals: nothing is a name
        ('"Bajar el tiempo de respuesta de 9 a 3 horas"', "spanish"),  # the whole sentence quoted
        ("Re\u0301duire le de\u0301lai de livraison de 5 a\u0300 2 jours", "french"),  # decomposed accents
    ],
)
def test_accents_capitals_and_quotes_do_not_hide_the_language(text: str, language: str) -> None:
    assert _language(text) == language


def test_english_words_count_for_english_only() -> None:
    verdict = judge("Reducir el tiempo de reembolso de 5 días a 2 días", _params())
    assert verdict.language == "spanish"
    assert [mark.text for mark in verdict.spans] == ["el", "de", "de"]  # "a" is English's
    assert verdict.english == 1


def test_plain_removes_accents() -> None:
    assert (plain("für"), plain("più"), plain("Re\u0301sultat")) == ("fur", "piu", "Resultat")


def _set(objective: str, *krs: str) -> OkrSet:
    return OkrSet(objectives=[Objective(text=objective, key_results=[KeyResult(text=t) for t in krs])])


def test_a_key_result_in_another_language_gets_one_note_and_no_english_findings() -> None:
    kr = "Reducir el tiempo de reembolso de 5 días a 2 días"
    findings = load_rubric().check(_set(ENGLISH_OBJECTIVE, kr, ENGLISH_KR))
    on_it = [f for f in findings if f.kr_index == 0]
    assert [(f.rule, f.level) for f in on_it] == [("kr-not-english", Level.INFO)]
    assert on_it[0].message == "This rubric reads English; this key result was not checked."
    assert on_it[0].suggestion is None
    for span in on_it[0].spans:
        assert kr[span.start : span.end] == span.text
    assert any(f.kr_index == 1 for f in findings)  # the English KR beside it is still checked


def test_an_objective_in_another_language_gets_one_note_and_its_krs_are_judged_on_their_own() -> None:
    okr_set = _set("Des vendeurs qui connaissent chaque produit", ENGLISH_KR, "Die Lieferzeit von 5 auf 2 Tage senken")
    findings = load_rubric().check(okr_set)
    assert [f.rule for f in findings if f.scope == "objective"] == ["objective-not-english"]
    assert "kr-not-english" not in {f.rule for f in findings if f.kr_index == 0}
    assert [f.rule for f in findings if f.kr_index == 1] == ["kr-not-english"]


def test_set_rules_still_run_over_key_results_in_other_languages() -> None:
    kr = "Bajar el tiempo de respuesta del soporte de 9 a 3 horas"
    rules = {f.rule for f in load_rubric().check(_set(ENGLISH_OBJECTIVE, kr, kr))}
    assert {"kr-not-english", "set-duplicate-kr"} <= rules


def test_english_drafts_get_no_language_note() -> None:
    okr_set = _set("Diners at Le Petit Jardin come back every season", "Launch the Café del Mar partnership",
                   "Hold 4 tasting evenings by June")
    rules = {f.rule for f in load_rubric().check(okr_set)}
    assert not {"kr-not-english", "objective-not-english"} & rules
    assert "kr-task-list" in rules


def test_the_threshold_is_a_rule_parameter(tmp_path: Path) -> None:
    """One function word is too little to tell by default; a team writing in Spanish can lower the bar."""
    okr_set = _set(ENGLISH_OBJECTIVE, "Lanzar la nueva app")
    assert "kr-not-english" not in {f.rule for f in load_rubric().check(okr_set)}
    extra = tmp_path / "team.yaml"
    extra.write_text("rules:\n  - id: kr-not-english\n    params: {min_hits: 1}\n", encoding="utf-8")
    assert [f.rule for f in load_rubric(extra).check(okr_set) if f.kr_index == 0] == ["kr-not-english"]


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ("{english: [the], languages: {english: [le]}}", "its own list"),
        ("{english: [the], languages: {spanish: []}}", "empty"),
        ("{english: [the], languages: {}}", "languages"),
        ("{english: [the], languages: {spanish: [el]}, min_hits: 0}", "min_hits"),
    ],
)
def test_bad_language_params_are_reported_with_the_rule(tmp_path: Path, params: str, problem: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - {id: not-english, level: info, scope: key_result, message: m, detector: not_english, "
        f"params: {params}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError, match=problem):
        load_rubric(path)


def test_the_detector_is_registered_and_documented() -> None:
    assert "not_english" in DETECTORS and DETECTORS["not_english"].doc


def test_judging_is_cheap_enough_to_run_on_every_keystroke() -> None:
    params = _params()
    texts = [ENGLISH_KR, "Die Lieferzeit für Ersatzteile von 5 auf 2 Tage senken"] * 500
    started = time.perf_counter()
    for text in texts:
        judge(text, params)
    assert (time.perf_counter() - started) / len(texts) < 0.001
