"""Thigh Cramp Helper: an Alexa skill that runs a short self-assessment for thigh cramps.

Layers, each importable alone: ``skill.core`` (pure Python assessment), ``skill.alexa``
(ask-sdk adapter), and the entry points (``lambda_handler``, ``python -m skill``).
"""
