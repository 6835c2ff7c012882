"""The assessment core: knowledge base, dialog state machine, scoring and wording.

Nothing here imports ask-sdk, so the dialog can be driven and tested without Alexa.
"""
