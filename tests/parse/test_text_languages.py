"""Objective and key-result labels written in other languages than English, with and without accents."""

from __future__ import annotations

import pytest

from kit.model import OkrSet
from kit.parse.text import parse_text


def _texts(okr_set: OkrSet) -> list[tuple[str, list[str]]]:
    return [(o.text, [kr.text for kr in o.key_results]) for o in okr_set.objectives]


EXPECTED = [("Tidy stock rooms", ["Picking errors from 12 to 4 a week", "Shelf audits pass 9 in 10"])]


@pytest.mark.parametrize(
    "draft",
    [
        # French
        "Objectif : Tidy stock rooms\nRésultat clé 1 : Picking errors from 12 to 4 a week\n"
        "Résultat clé 2 : Shelf audits pass 9 in 10\n",
        "Objectif n°1 – Tidy stock rooms\nRésultats clés :\n- Picking errors from 12 to 4 a week\n"
        "- Shelf audits pass 9 in 10\n",
        "OBJECTIF 1: Tidy stock rooms\nRESULTAT CLE 1: Picking errors from 12 to 4 a week\n"
        "RÉSULTAT CLÉ 2: Shelf audits pass 9 in 10\n",
        # German
        "Ziel 1: Tidy stock rooms\n- Schlüsselergebnis 1: Picking errors from 12 to 4 a week\n"
        "- Schlüsselergebnis 2: Shelf audits pass 9 in 10\n",
        "## Ziel Nr. 1 - Tidy stock rooms\nSchluesselergebnisse:\n* Picking errors from 12 to 4 a week\n"
        "* Shelf audits pass 9 in 10\n",
        "ziel: Tidy stock rooms\nschlusselergebnis: Picking errors from 12 to 4 a week\n"
        "KR: Shelf audits pass 9 in 10\n",
        # Spanish
        "Objetivo 1: Tidy stock rooms\nResultado clave 1.1: Picking errors from 12 to 4 a week\n"
        "Resultado clave 1.2: Shelf audits pass 9 in 10\n",
        "**Objetivo:** Tidy stock rooms\nResultados clave:\n1. Picking errors from 12 to 4 a week\n"
        "2. Shelf audits pass 9 in 10\n",
        # Portuguese
        "Objetivo 1 Tidy stock rooms\nResultado-chave 1.1 Picking errors from 12 to 4 a week\n"
        "Resultado chave 1.2: Shelf audits pass 9 in 10\n",
        # Italian
        "OBIETTIVO 1 - Tidy stock rooms\nRisultato chiave 1: Picking errors from 12 to 4 a week\n"
        "Risultato chiave 2: Shelf audits pass 9 in 10\n",
        "Obiettivo: Tidy stock rooms\nRisultati chiave:\n- Picking errors from 12 to 4 a week\n"
        "- Shelf audits pass 9 in 10\n",
        # Dutch
        "Doel 1: Tidy stock rooms\nKernresultaat 1: Picking errors from 12 to 4 a week\n"
        "Kernresultaat 2: Shelf audits pass 9 in 10\n",
        "Doel: Tidy stock rooms\nKernresultaten:\n- Picking errors from 12 to 4 a week\n- Shelf audits pass 9 in 10\n",
        # accents typed as a letter and a combining mark (as some editors save them)
        "Objectif 1 : Tidy stock rooms\nRe\u0301sultat cle\u0301 1 : Picking errors from 12 to 4 a week\n"
        "Re\u0301sultat cle\u0301 2 : Shelf audits pass 9 in 10\n",
    ],
)
def test_objective_and_key_result_labels_in_other_languages(draft: str) -> None:
    assert _texts(parse_text(draft)) == EXPECTED


def test_labels_in_other_languages_keep_their_lines_and_open_one_objective_each() -> None:
    draft = (
        "Ziel 1: Schnellere Antworten\n- KR 1.1: Antwortzeit von 9 auf 3 Stunden\n\n"
        "Ziel 2: Weniger Rücksendungen\n- KR 2.1: Rücksendequote von 8 % auf 5 %\n"
    )
    okr_set = parse_text(draft)
    assert _texts(okr_set) == [
        ("Schnellere Antworten", ["Antwortzeit von 9 auf 3 Stunden"]),
        ("Weniger Rücksendungen", ["Rücksendequote von 8 % auf 5 %"]),
    ]
    assert [o.line for o in okr_set.objectives] == [1, 4]


def test_a_list_of_objectives_in_another_language_is_a_section_not_an_objective() -> None:
    draft = "Objetivos:\n\nObjetivo 1: Tidy stock rooms\n- Picking errors from 12 to 4 a week\n"
    assert _texts(parse_text(draft)) == [("Tidy stock rooms", ["Picking errors from 12 to 4 a week"])]


@pytest.mark.parametrize(
    "line",
    [
        "Doelgroep bereiken van 500 naar 800 leden",  # "Doel" starts a word, it is not a label
        "Zielgruppe von 500 auf 800 Mitglieder erweitern",
        "Ziel erreicht, wenn 800 Mitglieder aktiv sind",  # no ":" and no number after "Ziel"
        "Objetivos claros para 800 miembros",
    ],
)
def test_words_that_only_start_like_a_label_stay_key_results(line: str) -> None:
    okr_set = parse_text(f"Objective: Tidy stock rooms\n- {line}\n- Shelf audits pass 9 in 10\n")
    assert _texts(okr_set) == [("Tidy stock rooms", [line, "Shelf audits pass 9 in 10"])]
