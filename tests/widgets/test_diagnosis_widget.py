from __future__ import annotations

from kit.rollout.diagnosis import Response, load_guide
from kit.widgets.diagnosis import DiagnosisForm, diagnosis_html, disagreement_figure, figure_png


def _fill(form: DiagnosisForm, name: str, value: int) -> None:
    form.name.value = name
    for slider in form.sliders.values():
        slider.value = value
    form.submit.click()


def test_answers_stay_hidden_until_revealed_then_compare() -> None:
    form = DiagnosisForm()
    _fill(form, "<b>CEO</b>", 5)
    _fill(form, "CTO", 2)
    assert "2 answer(s) in" in form.status.value
    assert form.name.value == "" and all(s.value == 3 for s in form.sliders.values())
    form.problem.value = "Priorities <script>x</script> change weekly."
    diagnosis = form.compare()
    assert diagnosis.recommendation == "pilot"  # averages are fine, the split is not
    html = diagnosis_html(diagnosis)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.count("disagreement: 2 to 5") == len(load_guide().areas)


def test_duplicate_leader_is_refused_with_a_message() -> None:
    form = DiagnosisForm()
    _fill(form, "Ana", 4)
    _fill(form, "Ana", 4)
    assert "already answered" in form.status.value and len(form.responses) == 1


def test_disagreement_figure_renders_png() -> None:
    form = DiagnosisForm()
    ids = [a.id for a in form.guide.areas]
    form.add_response(Response(respondent="A", ratings=dict.fromkeys(ids, 1)))
    form.add_response(Response(respondent="B", ratings=dict.fromkeys(ids, 5)))
    form.problem.value = "p"
    png = figure_png(disagreement_figure(form.compare()))
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_reveal_shows_the_comparison_in_the_result_area() -> None:
    form = DiagnosisForm()
    _fill(form, "Ana", 2)
    _fill(form, "Ben", 5)
    form.problem.value = "Priorities change weekly."
    form.reveal.click()
    kinds = [next(iter(output["data"].keys() - {"text/plain"})) for output in form.result.outputs]
    assert kinds == ["text/html", "image/png"]
    assert "disagreement: 2 to 5" in form.result.outputs[0]["data"]["text/html"]
