"""Thigh Cramp Helper as an OpenVoiceOS skill.

OpenVoiceOS finds it through the entry point ``thigh-cramp-helper.openvoiceos`` in the group
``ovos.plugin.skill``, which names ``skill.openvoiceos.skill:ThighCrampHelperSkill`` (the one
module that needs the ``[ovos]`` extra; the session store, the place and the spoken form
here import without it). The intent files are under ``locale/<language>/`` beside this
file, where ovos-workshop looks for them: a language is added by adding its folder, with
the core's wording and understanding for that language.
"""
