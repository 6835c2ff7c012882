"""A negating word that one way of saying a sign spells ("no feeling", "sin sensibilidad")
must not shield the other ways from a denial: "no numbness around my groin" is a no, never
an emergency. Both languages share the reader, so both are checked."""

from __future__ import annotations

import pytest

from skill.nlu import for_locale

CASES = [
    ("en-US", "rf_nerve", "no numbness around my groin", "AMAZON.NoIntent"),
    ("en-US", "rf_nerve", "I have no numbness in my bottom", "AMAZON.NoIntent"),
    ("en-US", "rf_nerve", "no feeling in my groin since this morning", "ReportSignIntent"),
    ("es-US", "rf_cold_leg", "no tengo la pierna fría", "AMAZON.NoIntent"),
    ("es-US", "rf_cold_leg", "la pierna sin sensibilidad desde hace una hora", "ReportSignIntent"),
    ("es-US", "rf_nerve", "no tengo la ingle entumida", "AMAZON.NoIntent"),
    ("es-US", "rf_nerve", "no siento nada en la entrepierna", "ReportSignIntent"),
    ("es-US", "rf_leg", "hinchada no, roja tampoco", "AMAZON.NoIntent"),
    ("es-US", "rf_chest", "dolor de pecho no tengo", "AMAZON.NoIntent"),
    ("es-US", "rf_leg", "no se me ha hinchado", "AMAZON.NoIntent"),
    ("es-US", "rf_leg", "no sé si está hinchada", "DontKnowIntent"),
]


@pytest.mark.parametrize(("locale", "pending", "text", "intent"), CASES)
def test_denials_reach_every_way_of_saying_a_sign(
    locale: str, pending: str, text: str, intent: str
) -> None:
    assert for_locale(locale).understand(text, pending).intent == intent
