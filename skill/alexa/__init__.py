"""The Alexa adapter: ask-sdk-core handlers that route requests into ``skill.core``."""
