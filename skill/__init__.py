"""The voice room: Alexa webhook, request verification, intent handlers and speech."""
