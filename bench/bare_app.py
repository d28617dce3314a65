"""The baseline: a bare Flask endpoint that reads the body and answers a small JSON document,
served by the same gunicorn setup as the webhook, so the ratio measures our work only."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/alexa")
def alexa():
    request.get_data()
    return jsonify({"version": "1.0", "response": {"shouldEndSession": True}})
