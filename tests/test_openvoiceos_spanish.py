"""The OpenVoiceOS skill in Spanish, on OpenVoiceOS's own FakeBus: a device set up in Spanish
(Spain, Mexico, the United States, or English with Spanish as a second language) registers the
``es-es`` intent files, and a Spanish-speaking household goes through the whole assessment,
a danger sign mid-way, and stop, hearing the emergency number of the device's configured
country (911 in the United States and Mexico, 112 in Spain), spaced for the speech engine.

Each turn is compared with the text session for the same words, as the English tests do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from skill.openvoiceos.place import place
from skill.openvoiceos.speech import spoken
from skill.text_session import TextSession

if TYPE_CHECKING:
    from tests.ovos_device import Device

SPANISH_FOLDER = Path(__file__).parent.parent / "skill" / "openvoiceos" / "locale" / "es-es"
OPEN = "revisa mis calambres del muslo"  # a line of es-es/start.intent
SCREEN = 5  # red-flag questions when every answer is no
# How OpenVoiceOS tags Spanish requests, with the country each household sets up.
HOUSEHOLDS = [("es-es", "ES", "1 1 2"), ("es-mx", "MX", "9 1 1"), ("es-us", "US", "9 1 1")]


@contextmanager
def configured(lang: str, secondary: list[str]) -> Iterator[Device]:
    """A device whose mycroft.conf says ``lang`` and ``secondary_langs``, set through the
    configuration patch OpenVoiceOS offers at run time (``configuration.patch``), cleared
    afterwards so no other test's device inherits it."""
    from ovos_bus_client.message import Message
    from ovos_config import Configuration

    from tests.ovos_device import Device

    patch = {"lang": lang, "secondary_langs": secondary}
    Configuration.patch(Message("configuration.patch", {"config": patch}))
    try:
        loaded = Device()
        yield loaded
        loaded.close()
    finally:
        Configuration.patch_clear(Message("configuration.patch.clear"))


@pytest.fixture
def device(ovos_home: Path) -> Iterator[Device]:
    """A device set up in Spanish (Spain)."""
    with configured("es-ES", []) as loaded:
        yield loaded


def intent_files(device: Device) -> dict[str, set[str]]:
    """For each registered intent, the language and file OpenVoiceOS was told to read."""
    files: dict[str, set[str]] = {}
    for m in device.messages:
        if m.msg_type == "padatious:register_intent":
            name = m.data["name"].split(":")[1]
            files.setdefault(name, set()).add(f"{m.data['lang']} {Path(m.data['file_name'])}")
    return files


@pytest.mark.parametrize(
    ("lang", "secondary", "spanish_tags"),
    [
        ("es-ES", [], ["es-ES"]),
        ("es-MX", [], ["es-MX"]),
        ("es-US", [], ["es-US"]),
        ("en-US", ["es-MX"], ["es-MX"]),
    ],
)
def test_a_spanish_device_registers_the_spanish_intent_files(
    ovos_home: Path, lang: str, secondary: list[str], spanish_tags: list[str]
) -> None:
    with configured(lang, secondary) as loaded:
        files = intent_files(loaded)
        assert sorted(files) == ["causes.intent", "relief.intent", "start.intent"]
        for name, registered in files.items():
            spanish = {f"{tag} {SPANISH_FOLDER / name}" for tag in spanish_tags}
            assert spanish <= registered, (name, registered)
            if lang.startswith("es"):
                assert len(registered) == 1, "a Spanish-only device gets no English intents"


@pytest.mark.parametrize(("lang", "country", "number"), HOUSEHOLDS)
def test_a_whole_spanish_assessment_says_what_the_text_session_says(
    device: Device, lang: str, country: str, number: str
) -> None:
    where = place(lang, {"city": {"state": {"country": {"code": country}}}})
    assert where.locale == f"es-{country}"
    reference = TextSession(where.locale, country=country)
    turn = device.intent("start.intent", OPEN, "satellite", lang, country)
    assert turn.speech == spoken(reference.start()) and turn.expect_response
    assert "No soy médico" in turn.speech and f"llame al {number}" in turn.speech
    answers = ["no"] * SCREEN + ["unos dos vasos", "no", "sí", "no sé", "no", "no", "no"]
    for answer in answers:
        _, expected = reference.say(answer)
        turn = device.say(answer, "satellite", lang, country)
        assert turn.claimed and turn.speech == spoken(expected), answer
        assert turn.expect_response, f"{answer!r}: still asking"
    assert "cansancio muscular" in turn.speech and number in turn.speech  # the result
    _, expected = reference.say("no, gracias")
    turn = device.say("no, gracias", "satellite", lang, country)
    assert turn.speech == spoken(expected) and not turn.expect_response
    assert number in turn.speech
    assert not device.wants("qué hora es", "satellite", lang)


@pytest.mark.parametrize(("lang", "country", "number"), HOUSEHOLDS)
def test_chest_pain_mid_way_is_an_emergency_in_spanish(
    device: Device, lang: str, country: str, number: str
) -> None:
    device.intent("start.intent", OPEN, "kitchen", lang, country)
    for answer in ["no"] * SCREEN + ["dos vasos"]:
        turn = device.say(answer, "kitchen", lang, country)
        assert turn.expect_response
    assert "sudado" in turn.speech  # the heat question is pending
    turn = device.say("me duele el pecho", "kitchen", lang, country)
    assert "coágulo en los pulmones" in turn.speech
    assert f"llamar al {number} ahora" in turn.speech and not turn.expect_response
    assert not device.wants("no", "kitchen", lang)


@pytest.mark.parametrize("how", ["para", "cancela", "ya no quiero seguir", "skill stop"])
@pytest.mark.parametrize(("lang", "country", "number"), HOUSEHOLDS)
def test_stop_in_spanish_says_goodbye_in_spanish_with_the_number(
    device: Device, lang: str, country: str, number: str, how: str
) -> None:
    device.intent("start.intent", OPEN, "hall", lang, country)
    device.say("no", "hall", lang, country)
    if how == "skill stop":
        assert device.can_stop("hall", lang)
        turn = device.stop("hall", lang=lang, country=country)
        assert turn.claimed
    else:
        turn = device.say(how, "hall", lang, country)
    goodbye = f"De acuerdo, hasta luego. Recuerde: en una emergencia, llame al {number}."
    assert turn.speech == goodbye
    assert not turn.expect_response
    assert not device.wants("no", "hall", lang) and not device.can_stop("hall", lang)


@pytest.mark.parametrize(
    ("lang", "country", "said", "not_said"),
    [
        ("es-es", "ES", "llame al 1 1 2", "9 1 1"),
        ("es-mx", "MX", "llame al 9 1 1", "1 1 2"),
        ("es-us", "US", "llame al 9 1 1", "1 1 2"),
        ("es-es", "US", "llame al 9 1 1", "1 1 2"),  # the device's country, not the tag's
        ("es-mx", "ES", "llame al 1 1 2", "9 1 1"),
        ("es-mx", None, "llame al número de emergencias de su zona", "9 1 1"),
        ("es-es", "AR", "llame al número de emergencias de su zona", "1 1 2"),
    ],
)
def test_the_spanish_emergency_number_is_the_configured_countrys(
    device: Device, lang: str, country: str | None, said: str, not_said: str
) -> None:
    turn = device.intent("start.intent", OPEN, "sat-es", lang, country)
    assert "Hola." in turn.speech, "spoken to in Spanish"
    assert said in turn.speech and not_said not in turn.speech
