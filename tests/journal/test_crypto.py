"""The cipher on its own: round trips, key rotation semantics, and failures that stay quiet."""

from __future__ import annotations

import base64

import pytest

from journal.crypto import PREFIX, CannotDecrypt, Cipher, InvalidKey, is_encrypted


def key(n: int) -> str:
    """A fixed, valid Fernet key per `n`, so failures reproduce."""
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode()


A, B, C = key(1), key(2), key(3)


def test_round_trip_is_encrypted_and_fresh_each_time() -> None:
    cipher = Cipher.from_keys([A])
    one, two = cipher.encrypt("I called my sponsor"), cipher.encrypt("I called my sponsor")
    assert is_encrypted(one) and one != two  # random IVs: equal words do not look equal
    assert "sponsor" not in one
    assert cipher.decrypt(one) == cipher.decrypt(two) == "I called my sponsor"
    assert cipher.decrypt(cipher.encrypt("café ☕ — ok")) == "café ☕ — ok"


def test_older_keys_decrypt_and_only_the_newest_encrypts() -> None:
    old = Cipher.from_keys([A]).encrypt("skipped the bar")
    rotated = Cipher.from_keys([B, A])
    assert rotated.decrypt(old) == "skipped the bar"
    assert rotated.needs_rotation(old)
    new = rotated.rotate(old)
    assert not rotated.needs_rotation(new)
    assert Cipher.from_keys([B]).decrypt(new) == "skipped the bar"
    with pytest.raises(CannotDecrypt):
        Cipher.from_keys([A]).decrypt(new)


def test_plaintext_is_read_as_is_and_needs_rotation_once_a_key_exists() -> None:
    cipher = Cipher.from_keys([A])
    assert cipher.decrypt("written before any key") == "written before any key"
    assert cipher.needs_rotation("written before any key")
    assert cipher.decrypt(cipher.rotate("written before any key")) == "written before any key"


def test_no_key_stores_plaintext_and_refuses_ciphertext() -> None:
    none = Cipher.none()
    assert not none.enabled
    assert none.encrypt("a walk") == "a walk" and none.decrypt("a walk") == "a walk"
    assert not none.needs_rotation("a walk")
    with pytest.raises(CannotDecrypt):
        none.decrypt(Cipher.from_keys([A]).encrypt("a walk"))
    assert Cipher.from_keys([]).enabled is False


def test_a_missing_key_is_a_typed_error_without_the_value() -> None:
    token = Cipher.from_keys([C]).encrypt("SECRET WORDS")
    with pytest.raises(CannotDecrypt) as caught:
        Cipher.from_keys([B, A]).decrypt(token)
    assert token[len(PREFIX) :] not in str(caught.value) and "SECRET" not in str(caught.value)
    with pytest.raises(CannotDecrypt):
        Cipher.from_keys([A]).decrypt(PREFIX + "garbage")


@pytest.mark.parametrize("bad", ["short", A[:-4], "ä" * 44, A + "AAAA"])
def test_bad_keys_are_refused_by_position_never_by_text(bad: str) -> None:
    with pytest.raises(InvalidKey) as caught:
        Cipher.from_keys([A, bad])
    message = str(caught.value)
    assert "key 2 of 2" in message and bad not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_generated_keys_work_and_repr_hides_them() -> None:
    fresh = Cipher.generate_key()
    cipher = Cipher.from_keys([fresh])
    assert cipher.decrypt(cipher.encrypt("x")) == "x"
    assert fresh not in repr(cipher) and repr(cipher) == "Cipher(keys=1)"
