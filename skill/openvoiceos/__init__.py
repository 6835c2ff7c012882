"""Thigh Cramp Helper as an OpenVoiceOS skill (needs the ``[ovos]`` extra).

OpenVoiceOS finds it through the entry point ``thigh-cramp-helper.openvoiceos`` in the group
``ovos.plugin.skill``, which names ``ThighCrampHelperSkill``. The intent files are under
``locale/<language>/`` beside this file (where ovos-workshop looks for them): a language is
added by adding its folder, with the core's wording and understanding for that language.
"""

from __future__ import annotations

from skill.openvoiceos.skill import ThighCrampHelperSkill

__all__ = ["ThighCrampHelperSkill"]
