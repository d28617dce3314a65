"""The Alexa boundary: request verification, envelopes, Alexa's own APIs, and the simulator.

Everything Amazon defines lives here, so `skill/` holds the dialogue alone. Nothing in this
room knows what a win is.
"""
