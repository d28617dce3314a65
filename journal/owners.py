"""Owner keys: the only form in which a person's identity reaches storage."""

import hashlib
import hmac


def owner_key(secret: bytes, identity: str) -> str:
    """A keyed hash of an identity (an Alexa person or user id).

    Keyed, so a stolen database cannot be joined back to Alexa ids by hashing known ids;
    128 bits, which is plenty to keep households apart and keeps Redis keys short.
    """
    if not secret:
        raise ValueError("owner keys need a secret")
    if not identity:
        raise ValueError("owner keys need an identity")
    return hmac.new(secret, identity.encode(), hashlib.sha256).hexdigest()[:32]
