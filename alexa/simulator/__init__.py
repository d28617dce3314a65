"""Talk to the skill the way Alexa would, without an Amazon account or a device.

Layers, each usable on its own:

* `matching.Matcher` turns typed words into what Alexa's language understanding would send:
  an intent and its slot values, found by matching the *deployed* interaction model's sample
  utterances (so a gap in the model shows up here, not first on a real Echo). `words`
  resolves AMAZON.DATE phrases to the values Alexa sends ("last week" -> "2026-W47").
* `wire.build_envelope` and friends wrap that in a request envelope shaped like Alexa's own
  (see the captured envelopes under ../shared/fixtures/alexa/envelopes).
* `apis` stands in for Alexa's Settings and Reminders APIs on loopback.
* `session.say` does one exchange against a running webhook and keeps the session in a small
  JSON file (`state`), so consecutive `smallwins say "..."` calls continue a conversation the
  way a person talking within Alexa's session window would; `chat.chat` is the interactive loop.

Nothing here is signed: the webhook must run with signature verification off (development).
All identities are fake and marked SIMULATED; no real Amazon id is ever produced.
"""
