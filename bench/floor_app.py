"""The floor: the least a verified, durable RecordWin can do, served like the other two.

It verifies the request with the skill's own `RequestVerifier`, derives the owner key,
encrypts the spoken words with the configured key and writes them to Redis in one command
(the same client settings, the same fsync on every write), then answers a fixed sentence.
No dialogue, no handlers, no SDK. The webhook can approach this figure but not pass it, so
the benchmark prints it beside the target.
"""

import os

from flask import Flask, jsonify, request

from alexa.verification import RequestVerifier
from journal import owner_key
from journal.connection import connect
from smallwins.settings import Settings

settings = Settings.from_env(os.environ)
verifier = RequestVerifier(
    skill_ids=settings.skill_ids,
    ca_file=settings.alexa_ca_file,
    cert_dir=settings.alexa_cert_dir,
)
cipher = settings.cipher()
client = connect(settings.redis_url)
app = Flask(__name__)


@app.post("/alexa")
def alexa():
    envelope = verifier.verify(request.headers, request.get_data())
    # Any request of the mix writes something: a win's words, else a fixed sentence.
    slots = (envelope["request"].get("intent") or {}).get("slots") or {}
    words = next((slot["value"] for slot in slots.values() if slot.get("value")), "a turn")
    owner = owner_key(settings.secret_key, envelope["context"]["System"]["user"]["userId"])
    client.hset(f"floor:{{{owner}}}", envelope["request"]["requestId"], cipher.encrypt(words))
    return jsonify(
        {
            "version": "1.0",
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": "<speak>Got it.</speak>"},
                "shouldEndSession": True,
            },
        }
    )
