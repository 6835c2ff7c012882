"""Screens: the pending question or the result as an APL document, for devices that have one."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.ssml import escape_markup
from skill.core.dialog import Screen
from skill.core.knowledge import data_file, read_json

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

TOKEN = "thighCrampScreen"


@cache
def document() -> dict[str, Any]:
    screen: dict[str, Any] = read_json(data_file("apl", "screen.json"))
    return screen


def supports_apl(handler_input: HandlerInput) -> bool:
    """True only when the device declares Alexa.Presentation.APL; others must never get it."""
    device = getattr(
        getattr(handler_input.request_envelope.context, "system", None), "device", None
    )
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def _markup(text: str) -> str:
    """APL Text understands a little markup: escape the text, keep its line breaks."""
    return escape_markup(text).replace("\n", "<br>")


def render_directive(screen: Screen) -> RenderDocumentDirective:
    # Imported here: the APL models cost ~30 ms to import, which only screen devices need.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    data = {
        "title": _markup(screen.title),
        "text": _markup(screen.text),
        "hint": _markup(screen.hint),
    }
    return RenderDocumentDirective(token=TOKEN, document=document(), datasources={"screen": data})
