"""The one error the coach raises inside the kit; `ask` turns it into a notice."""

from __future__ import annotations

from kit.errors import KitError


class CoachError(KitError):
    """A coach failure a user can act on; the message is already free of secrets."""
