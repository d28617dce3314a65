"""Sharing on Redis, one part per concern, all over the key names in `sharing.keys`.

`Sharing` only builds and holds the parts; each part is its own small class:
- `recipients` (`Recipients`): who may receive what, the person's choices, and `consent`,
  the one check every send passes at the moment of sending;
- `invites` (`Invites`): invite links and typed codes;
- `groups` (`Groups`): group seats and codes;
- `news` (`Notices`): cheers and notices heard at the next launch;
- `ledger` (`Ledger`): what the worker reads and writes: due sends, claims, failures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import redis

from journal.crypto import PLAINTEXT, Cipher
from sharing.groups import Groups
from sharing.invites import Invites
from sharing.ledger import Ledger
from sharing.news import Notices
from sharing.recipients import Recipients
from sharing.tokens import Tokens


class Sharing:
    def __init__(
        self,
        client: redis.Redis,
        *,
        cipher: Cipher = PLAINTEXT,
        tokens: Tokens,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.tokens = tokens
        self.ledger = Ledger(client, clock)
        self.groups = Groups(client, cipher, clock)
        self.recipients = Recipients(client, cipher, clock, groups=self.groups, ledger=self.ledger)
        self.news = Notices(client, cipher, clock, recipients=self.recipients)
        self.invites = Invites(
            client, cipher, clock, tokens=tokens, recipients=self.recipients, groups=self.groups
        )
