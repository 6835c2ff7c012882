"""Alexa's intent names and the core intent each one means.

Kept apart from the Alexa handlers so the local understanding and the text session can use
the same table without importing ask-sdk. The interaction models must name exactly these.
"""

from __future__ import annotations

INTENT_ROUTES: dict[str, str] = {
    "StartAssessmentIntent": "start",
    "AMAZON.YesIntent": "yes",
    "AMAZON.NoIntent": "no",
    "DontKnowIntent": "dont_know",
    "WaterIntakeIntent": "amount",
    "ExplainCauseIntent": "explain_cause",
    "PreventionIntent": "prevention",
    "ReliefIntent": "relief",
    "CausesOverviewIntent": "overview",
    "AMAZON.HelpIntent": "help",
    "AMAZON.RepeatIntent": "repeat",
    "AMAZON.PreviousIntent": "back",
    "AMAZON.StartOverIntent": "start_over",
    "AMAZON.StopIntent": "stop",
    "AMAZON.CancelIntent": "stop",
    "AMAZON.NavigateHomeIntent": "stop",
    "AMAZON.FallbackIntent": "fallback",
    "ReportSignIntent": "sign",
    "MentionConditionIntent": "mention",
    "SkipIntent": "skip",
    "CourtesyIntent": "courtesy",
}
