"""The Spanish intent files that open the skill on OpenVoiceOS match what people say, in
their words and with or without accents, and nothing else a household says to its device."""

from __future__ import annotations

from pathlib import Path

import pytest

FOLDER = Path(__file__).parent.parent / "skill" / "openvoiceos" / "locale" / "es-es"

PHRASES = {
    "start": [
        "por qué me dan calambres en el muslo",
        "porque me dan calambres en los muslos",
        "revisa mis calambres del muslo",
        "qué me está causando los calambres en la pierna",
        "tengo calambres muy fuertes en el muslo",
        "abre calambres musculares",
    ],
    "relief": [
        "cómo quito un calambre en el muslo",
        "como me quito el calambre ahora mismo",
        "me está dando un calambre en la pierna",
        "qué hago durante un calambre en el muslo",
        "se me está acalambrando el muslo",
    ],
    "causes": [
        "qué causa los calambres en el muslo",
        "cuáles son las causas de los calambres en las piernas",
        "que puede causar calambres en las piernas",
        "por qué dan calambres en las piernas",
        "de dónde vienen los calambres en el muslo",
    ],
    None: ["qué hora es", "para", "pon una alarma a las siete", "cuéntame un chiste", "sí"],
}


@pytest.mark.parametrize(
    ("intent", "phrase"),
    [(intent, phrase) for intent, phrases in PHRASES.items() for phrase in phrases],
)
def test_the_spanish_intent_files_match_what_people_say_and_nothing_else(
    intent: str | None, phrase: str
) -> None:
    """Read by padacioso, the exact matcher (padatious on a device is fuzzier, never less)."""
    from padacioso import IntentContainer

    container = IntentContainer()
    for name in ("start", "relief", "causes"):
        lines = (FOLDER / f"{name}.intent").read_text(encoding="utf-8")
        container.add_intent(name, [line for line in lines.splitlines() if line.strip()])
    match = container.calc_intent(phrase)
    assert (match.get("name") if match.get("conf", 0) >= 0.95 else None) == intent
