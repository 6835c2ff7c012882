"""The OpenVoiceOS skill on OpenVoiceOS's own FakeBus, loaded through its entry point.

Every test talks to the skill only with the messages ovos-core sends (intent matches,
converse pings and requests, stop) and reads what it says from the ``speak`` messages.
The conversation scripts and clinical vignettes that the other front ends pass are replayed
here and compared, turn by turn, with the text session: the voice on OpenVoiceOS says what
the terminal chat says, with the emergency number spaced for speech engines.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from skill.core.locale import parse_tag
from skill.core.render import phrases_for
from skill.nlu import understood_languages
from skill.openvoiceos.conversations import Conversations
from skill.openvoiceos.place import country_code, place
from skill.openvoiceos.speech import speakable, spoken
from skill.text_session import TextSession

if TYPE_CHECKING:
    from tests.ovos_device import Device

ROOT = Path(__file__).parent.parent
LOCALE_DIR = ROOT / "skill" / "openvoiceos" / "locale"
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "conversations").glob("*.json"))
VIGNETTES = [
    vignette
    for path in sorted((ROOT / "tests" / "data" / "vignettes").glob("*.json"))
    for vignette in json.loads(path.read_text(encoding="utf-8"))["vignettes"]
]
WORDING = phrases_for("en-US").w
QUESTIONS = WORDING["questions"]
SCREEN = 5  # red-flag questions when every answer is no


def ask(question_id: str) -> str:
    """A few words of a question as the skill asks it, for recognising it in speech."""
    return " ".join(str(QUESTIONS[question_id]["ask"]).split()[1:5])


@pytest.fixture
def device(ovos_home: Path) -> Iterator[Device]:
    from tests.ovos_device import Device

    loaded = Device()
    yield loaded
    loaded.close()


def screened(device: Device, session: str = "default", country: str = "US") -> None:
    """Open the assessment and answer no to every red-flag question."""
    device.intent("start.intent", "check my thigh cramps", session, country=country)
    for _ in range(SCREEN):
        turn = device.say("no", session, country=country)
    assert ask("hydration") in turn.speech


# Loading ----------------------------------------------------------------------------------


def test_the_entry_point_names_the_skill_class_and_the_skill_registers_its_intents(
    device: Device,
) -> None:
    from ovos_workshop.skills.converse import ConversationalSkill

    from tests.ovos_device import skill_entry_point

    entry = skill_entry_point()
    assert entry.group == "ovos.plugin.skill"
    assert isinstance(device.skill, ConversationalSkill)
    assert device.skill.skill_id == "thigh-cramp-helper.openvoiceos"
    assert sorted(device.registered) == [
        f"thigh-cramp-helper.openvoiceos:{name}.intent" for name in ("causes", "relief", "start")
    ]
    # Fully local: OpenVoiceOS may load it before the network is up, and offline.
    needs = device.skill.runtime_requirements
    assert not (needs.internet_before_load or needs.network_before_load or needs.requires_network)


def test_every_locale_folder_is_a_language_the_core_speaks_with_all_three_intents() -> None:
    folders = sorted(p for p in LOCALE_DIR.iterdir() if p.is_dir())
    assert folders, "no locale folders"
    for folder in folders:
        language, _ = parse_tag(folder.name)
        assert language in understood_languages(), f"{folder.name}: no understanding data"
        assert phrases_for(folder.name).w["skill_name"], f"{folder.name}: no wording"
        for name in ("start", "relief", "causes"):
            lines = (folder / f"{name}.intent").read_text(encoding="utf-8").splitlines()
            assert len([line for line in lines if line.strip()]) >= 10, (folder.name, name)


INTENT_PHRASES = {
    "start": [
        "check my thigh cramps",
        "open thigh cramp helper",
        "start the thigh cramp helper",
        "why do my thighs cramp",
        "why does my thigh keep cramping",
        "i keep getting cramps in my upper thigh",
        "what's causing my thigh cramps",
        "help me find out why my thigh keeps cramping",
    ],
    "relief": [
        "how do i stop a thigh cramp",
        "how can i ease a leg cramp right now",
        "i have a cramp in my thigh right now",
        "my thigh is cramping",
        "what helps a thigh cramp",
    ],
    "causes": [
        "what causes thigh cramps",
        "what are the causes of leg cramps",
        "what usually causes thigh cramps",
        "why do people get thigh cramps",
        "what triggers leg cramps",
    ],
    None: ["what time is it", "stop", "set a timer for ten minutes", "tell me a joke", "yes"],
}


@pytest.mark.parametrize(
    ("intent", "phrase"),
    [(intent, phrase) for intent, phrases in INTENT_PHRASES.items() for phrase in phrases],
)
def test_the_intent_files_match_what_people_say_and_nothing_else(
    intent: str | None, phrase: str
) -> None:
    """Read by padacioso, the exact matcher (padatious on a device is fuzzier, never less)."""
    from padacioso import IntentContainer

    container = IntentContainer()
    for name in ("start", "relief", "causes"):
        lines = (LOCALE_DIR / "en-us" / f"{name}.intent").read_text(encoding="utf-8")
        container.add_intent(name, [line for line in lines.splitlines() if line.strip()])
    match = container.calc_intent(phrase)
    assert (match.get("name") if match.get("conf", 0) >= 0.95 else None) == intent


# Whole conversations, compared with the text session --------------------------------------

SCRIPTS = [
    pytest.param("en-US", [t["say"] for t in json.loads(p.read_text())["turns"]], id=p.stem)
    for p in CONVERSATIONS
] + [pytest.param(v["locale"], v["turns"], id=v["id"]) for v in VIGNETTES]


@pytest.mark.parametrize(("locale", "lines"), SCRIPTS)
def test_the_skill_says_what_the_text_session_says(
    device: Device, locale: str, lines: list[str]
) -> None:
    """Each script, from the start intent through converse, against the text session."""
    _, country = parse_tag(locale)
    assert country is not None
    reference = TextSession(locale, country=country)
    expected = reference.start()
    # A satellite's session carries its own location (the device's session uses the config).
    turn = device.intent("start.intent", "check my thigh cramps", "satellite", locale, country)
    assert turn.speech == spoken(expected)
    assert turn.expect_response
    for line in lines:
        if reference.ended:
            break
        _, expected = reference.say(line)
        turn = device.say(line, "satellite", locale, country)
        assert turn.claimed, line
        assert turn.speech == spoken(expected), line
        assert turn.expect_response is not expected.end_session, line
    if reference.ended:
        assert not device.wants("and another thing", "satellite", locale)
        assert not device.converse("and another thing", "satellite", locale).claimed


# The assessment, as a person meets it ------------------------------------------------------


def test_all_no_is_self_care_ending_after_no_thanks(device: Device) -> None:
    screened(device)
    for answer in ("about eight glasses", "no", "no", "no", "no", "no", "no"):
        turn = device.say(answer)
    assert "9 1 1" in turn.speech and turn.expect_response  # result, then an offer
    turn = device.say("no thanks")
    assert turn.claimed and not turn.expect_response
    assert not device.wants("what time is it")
    assert not device.can_stop()


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (["yes, my chest feels tight"], "9 1 1 now"),
        (["no", "yes I can't feel anything when I wipe"], "9 1 1 now"),
        (["no", "no", "my foot has gone white and cold"], "9 1 1 now"),
        (["no", "no", "no", "yes the left one is swollen and red"], "today"),
        (["no", "no", "no", "no", "yes my pee is dark like cola"], "today"),
    ],
    ids=["chest", "cauda-equina", "cold-leg", "leg-clot", "dark-urine"],
)
def test_each_red_flag_level_ends_with_its_advice_and_the_skill_lets_go(
    device: Device, answers: list[str], level: str
) -> None:
    device.intent("start.intent", "why do my thighs cramp")
    for answer in answers:
        turn = device.say(answer)
    assert level in turn.speech
    assert not turn.expect_response
    assert not device.wants("yes")
    assert not device.converse("yes").claimed


def test_heat_stroke_signs_after_heavy_sweating_are_an_emergency(device: Device) -> None:
    screened(device)
    device.say("two glasses")
    turn = device.say("yes I was sweating a lot in the heat")
    assert "confused" in turn.speech
    turn = device.say("yes I fainted")
    assert "9 1 1 now" in turn.speech and not turn.expect_response


def test_emergency_words_mid_way_end_it_at_once(device: Device) -> None:
    screened(device)
    turn = device.say("actually I can't breathe and my chest hurts")
    assert "9 1 1" in turn.speech and not turn.expect_response
    assert not device.wants("no")


def test_dont_know_help_repeat_and_go_back(device: Device) -> None:
    first = device.intent("start.intent", "check my thigh cramps")
    assert first.expect_response
    turn = device.say("I don't know")
    assert turn.speech == QUESTIONS["rf_chest"]["recheck"]  # asked to check, once
    assert turn.expect_response
    help_turn = device.say("help")
    assert help_turn.expect_response and help_turn.speech
    again = device.say("say that again")
    assert again.expect_response and again.speech
    device.say("no")
    second = device.say("no")
    assert ask("rf_cold_leg") in second.speech
    back = device.say("go back")
    assert ask("rf_nerve") in back.speech and back.expect_response


def test_relief_and_causes_intents_then_yes_starts_the_assessment(device: Device) -> None:
    relief = device.intent("relief.intent", "how do I stop a thigh cramp")
    assert "stretch" in relief.speech and relief.expect_response
    causes = device.intent("causes.intent", "what causes thigh cramps")
    assert "tired or overworked muscles" in causes.speech and causes.expect_response
    turn = device.say("yes please")
    assert ask("rf_chest") in turn.speech.lower()


# Stop -------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["said", "skill stop", "global stop"])
def test_stop_ends_it_cleanly(device: Device, how: str) -> None:
    device.intent("start.intent", "check my thigh cramps")
    device.say("no")
    if how == "said":
        turn = device.say("stop")
    else:
        assert device.can_stop()
        turn = device.stop(globally=how == "global stop")
        assert turn.claimed  # the stop response says the skill stopped something
    assert "goodbye" in turn.speech.lower() and "9 1 1" in turn.speech
    assert not turn.expect_response
    assert not device.wants("no")
    assert not device.can_stop()


def test_a_stop_with_nothing_running_stops_nothing(device: Device) -> None:
    assert not device.can_stop()
    turn = device.stop(globally=True)
    assert not turn.claimed and turn.speech == ""


# Sessions, places, time -------------------------------------------------------------------


def test_two_sessions_at_once_keep_their_own_answers(device: Device) -> None:
    device.intent("start.intent", "check my thigh cramps", "kitchen", country="GB")
    device.intent("start.intent", "check my thigh cramps", "bedroom", country="US")
    kitchen = device.say("no", "kitchen", country="GB")
    bedroom = device.say("yes my chest is tight", "bedroom")
    assert "9 1 1 now" in bedroom.speech and not bedroom.expect_response
    assert ask("rf_nerve") in kitchen.speech
    assert device.wants("no", "kitchen") and not device.wants("no", "bedroom")
    assert not device.wants("no", "default")
    turn = device.say("no", "kitchen", country="GB")
    assert ask("rf_cold_leg") in turn.speech
    turn = device.say("stop", "kitchen", country="GB")
    assert "9 9 9" in turn.speech


@pytest.mark.parametrize(
    ("lang", "country", "said", "not_said"),
    [
        ("en-US", "US", "call 9 1 1", "local emergency number"),
        ("en-US", "GB", "call 9 9 9", "9 1 1"),  # the device's country, not the tag's
        ("en-GB", "AU", "triple zero", "0 0 0"),
        ("en-GB", "NZ", "1 1 1", "9 9 9"),
        ("en-US", None, "your local emergency number", "9 1 1"),
        ("en-US", "BR", "your local emergency number", "9 1 1"),
        ("fr-FR", "FR", "your local emergency number", "9 1 1"),  # no French: English
    ],
)
def test_the_emergency_number_is_the_configured_countrys(
    device: Device, lang: str, country: str | None, said: str, not_said: str
) -> None:
    turn = device.intent("start.intent", "check my thigh cramps", "sat-1", lang, country)
    assert said in turn.speech and not_said not in turn.speech


def test_the_device_session_uses_the_devices_configured_location(device: Device) -> None:
    from ovos_bus_client.session import SessionManager

    session = SessionManager.default_session
    saved = session.location_preferences
    session.location_preferences = {"city": {"state": {"country": {"code": "GB"}}}}
    try:
        turn = device.intent("start.intent", "check my thigh cramps", "default", country=None)
    finally:
        session.location_preferences = saved
    assert "call 9 9 9" in turn.speech


def test_silence_forgets_the_assessment(device: Device) -> None:
    now = [1000.0]
    device.skill.conversations = Conversations(clock=lambda: now[0])
    device.intent("start.intent", "check my thigh cramps")
    device.say("no")
    now[0] += 299
    assert device.wants("no")
    device.say("no")
    now[0] += 301  # five minutes of silence after the last answer
    assert not device.wants("no")
    assert not device.converse("no").claimed
    assert len(device.skill.conversations) == 0


def test_the_timer_forgets_without_waiting_for_another_utterance(device: Device) -> None:
    device.skill.conversations = Conversations(ttl=0.2)
    device.intent("start.intent", "check my thigh cramps")
    assert len(device.skill.conversations._live) == 1
    deadline = time.monotonic() + 5
    while device.skill.conversations._live and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not device.skill.conversations._live  # dropped by the timer, no prune call


def test_the_store_is_bounded_and_drops_the_least_recently_heard() -> None:
    store = Conversations(limit=2)
    store.put("a", {"n": 1})
    store.put("b", {"n": 2})
    store.put("a", {"n": 3})
    store.put("c", {"n": 4})
    assert store.get("b") is None and store.get("a") == {"n": 3} and "c" in store
    store.close()


# What reaches the screen, the disk and the logs -------------------------------------------


def run_to_result(device: Device, session: str = "default") -> Any:
    screened(device, session)
    for answer in ("two glasses", "no", "yes I run every day", "no", "no", "no", "no"):
        turn = device.say(answer, session)
    return turn


def test_the_result_card_goes_to_the_gui_when_one_is_connected(device: Device) -> None:
    device.gui_connected(True)
    turn = run_to_result(device)
    values = [m.data for m in turn.shown() if m.msg_type == "gui.value.set"]
    pages = [m for m in turn.shown() if m.msg_type == "gui.page.show"]
    assert pages and values
    shown = json.dumps(values)
    assert "muscle fatigue" in shown.lower() and "911" in shown  # the card's text as written


def test_no_gui_no_card_and_a_satellites_card_never_reaches_the_devices_screen(
    device: Device,
) -> None:
    turn = run_to_result(device)
    assert turn.shown() == []
    device.gui_connected(True)
    turn = run_to_result(device, "satellite-7")
    assert "muscle fatigue" in turn.speech.lower() and turn.shown() == []


def test_nothing_is_written_to_disk_and_no_answer_is_logged(
    ovos_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ovos_device import Device

    device = Device()  # loading writes the workshop's settings.json: checked below
    written: list[str] = []
    real_open: Callable[..., Any] = builtins.open
    real_os_open: Callable[..., int] = os.open

    def spy_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def spy_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND):
            written.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    keep = Keep(logging.DEBUG)
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(keep)
        lg.setLevel(logging.DEBUG)
    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    try:
        screened(device)
        device.say("zanzibar trombone")  # not understood: asked again
        device.say("about seven glasses, I think")
        device.say("no")
        device.say("my left calf is puffy and hot")
        device.intent("start.intent", "check my thigh cramps")
        device.say("no")
        device.stop(globally=True)
    finally:
        monkeypatch.undo()
        for lg, level in levels:
            lg.removeHandler(keep)
            lg.setLevel(level)
        device.close()
    assert written == []
    said = ("zanzibar", "trombone", "seven glasses", "puffy")
    assert not [r for r in records if any(word in r.lower() for word in said)]
    files = [p for p in ovos_home.rglob("*") if p.is_file()]
    settings = [p for p in files if p.name == "settings.json"]
    assert files == settings, files
    for path in settings:
        assert json.loads(path.read_text()) == {"__mycroft_skill_firstrun": False}


# Guards -----------------------------------------------------------------------------------


@pytest.mark.parametrize("noise", [None, 42, "", "   ", "x" * 100_000, ["nested"]])
def test_odd_utterances_are_asked_again_never_a_crash(device: Device, noise: Any) -> None:
    device.intent("start.intent", "check my thigh cramps")
    turn = device.converse(noise)
    assert turn.claimed and turn.expect_response and turn.speech


def test_places_and_numbers_from_odd_configuration() -> None:
    assert country_code({"city": {"state": {"country": {"code": "gb"}}}}) == "GB"
    for odd in (None, "GB", {"city": None}, {"city": {"state": {"country": {"code": 44}}}},
                {"city": {"state": {"country": {"code": "GBR"}}}}):  # fmt: skip
        assert country_code(odd) is None
    assert place("en-US", None).locale == "en" and place("en-US", None).country is None
    assert place(None, {"city": {"state": {"country": {"code": "AU"}}}}).locale == "en-AU"
    assert speakable("call 911 now, not 1911", "911", None) == "call 9 1 1 now, not 1911"
    assert speakable("call triple zero (000) now", "000", "triple zero") == ("call triple zero now")


def test_the_session_store_place_and_speech_import_without_openvoiceos() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import skill.openvoiceos.conversations, skill.openvoiceos.place\n"
        "import skill.openvoiceos.speech\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('ovos')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"
