"""How long the skill talks, read aloud by espeak-ng, in each language: every question must fit
in one breath (about 8 seconds) and every spoken result must stay under 50 seconds.

The texts go through the Alexa SSML the skill sends, so the emergency number is read digit by
digit ("nine one one", "nueve uno uno"). Alexa calls that ``say-as interpret-as="digits"``;
espeak-ng reads that as a whole number and calls digit by digit ``tts:digits``, so the markup
is renamed for espeak-ng only. Questions are measured one by one (ask, recheck, reprompt,
rephrase, and the offers); results over every answer path, the longest texts read aloud.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from skill.alexa.ssml import to_ssml
from skill.core.flow import Ask, Done, walk
from skill.core.knowledge import knowledge
from skill.core.render import Phrases
from skill.core.scoring import assess

QUESTION_SECONDS = 8.0
RESULT_SECONDS = 50.0
RESULTS_READ = 6  # the longest results by characters; espeak-ng's time follows their length
# The voices a listener of each locale would get from espeak-ng (Latin American for the
# Americas), and the voice whose figures are printed for English, for comparison.
VOICES: dict[str, str] = {"en-US": "en-us", "es-US": "es-419", "es-MX": "es-419", "es-ES": "es"}


def for_espeak(ssml: str) -> str:
    """Alexa's SSML as espeak-ng reads it alike (see the module's docstring)."""
    renamed = ssml.replace('interpret-as="digits"', 'interpret-as="tts:digits"')
    return renamed if renamed.startswith("<speak>") else f"<speak>{renamed}</speak>"


def seconds(ssml: str, voice: str, espeak: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "speech.wav"
        subprocess.run([espeak, "-m", "-v", voice, "-w", str(wav), for_espeak(ssml)],
                       check=True, capture_output=True)  # fmt: skip
        with wave.open(str(wav)) as audio:
            return audio.getnframes() / audio.getframerate()


def answer_sets() -> Iterator[dict[str, str | float]]:
    """Every way through the questions to a result (yes, no, I don't know; 2 or 8 glasses)."""
    kb = knowledge()
    stack: list[dict[str, str | float]] = [{}]
    while stack:
        answers = stack.pop()
        step = walk(kb, answers).step
        if isinstance(step, Done):
            yield answers
            continue
        if not isinstance(step, Ask):
            continue  # a red flag: its advice is not a result
        question = step.question
        options: tuple[str | float, ...] = ("yes", "no", "unknown")
        if question.answer == "amount":
            options = (2.0, 8.0, "unknown")
        elif question.stage == "assess":
            options = ("yes", "no")  # "I don't know" takes the branch of "no" there
        for value in options:
            stack.append({**answers, question.id: value})


class Spoken(NamedTuple):
    locale: str
    voice: str
    question: float
    question_id: str
    result: float
    result_words: int
    chars_per_second: float


def measure(locale: str, voice: str, espeak: str) -> Spoken:
    phrases = Phrases(locale)
    number = phrases.emergency_number
    texts: list[tuple[str, str]] = []
    questions: Mapping[str, Mapping[str, str]] = phrases.w["questions"]
    for question_id, forms in questions.items():
        for form in ("ask", "recheck", "reprompt", "rephrase"):
            if form in forms:
                texts.append((f"{question_id}.{form}", forms[form]))
    texts += [(f"offers.{key}", text) for key, text in phrases.w["offers"].items()]
    timed = [(seconds(to_ssml(text, number), voice, espeak), name, text) for name, text in texts]
    longest_question = max(timed)
    rate = sum(len(text) for _, _, text in timed) / sum(s for s, _, _ in timed)
    results = {
        phrases.result(assess(phrases.k, answers), answers): None for answers in answer_sets()
    }
    longest = sorted(results, key=len, reverse=True)[:RESULTS_READ]
    result_times = [(seconds(to_ssml(text, number), voice, espeak), text) for text in longest]
    result_seconds, result_text = max(result_times)
    return Spoken(
        locale, voice, longest_question[0], longest_question[1], result_seconds,
        len(result_text.split()), rate,
    )  # fmt: skip


def report() -> tuple[list[str], bool]:
    """Table lines, and whether every language keeps both limits."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return ["espeak-ng is not installed: spoken budgets not measured"], True
    lines = [
        "| locale (espeak-ng voice) | longest question | longest spoken result | "
        "characters per second |",
        "| --- | --- | --- | --- |",
    ]
    ok = True
    for locale, voice in VOICES.items():
        spoken = measure(locale, voice, espeak)
        fits = spoken.question <= QUESTION_SECONDS and spoken.result <= RESULT_SECONDS
        ok = ok and fits
        lines.append(
            f"| {locale} ({voice}) | {spoken.question:.1f} s ({spoken.question_id}) | "
            f"{spoken.result:.1f} s ({spoken.result_words} words) | "
            f"{spoken.chars_per_second:.1f} | {'OK' if fits else 'MISSED'} |"
        )
    lines[0] += " limits: question <= 8 s, result <= 50 s |"
    lines[1] += " --- |"
    return lines, ok


if __name__ == "__main__":
    print("\n".join(report()[0]))
