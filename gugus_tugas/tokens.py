"""The one-time link of an account invitation: Django's reset-token machinery with its own salt and 72 hours."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

SAH = "sah"
KEDALUWARSA = "kedaluwarsa"
TIDAK_SAH = "tidak_sah"


class UndanganTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the password is set (the hash covers it), the account is deactivated, or 72 hours pass."""

    key_salt = "gugus_tugas.tokens.UndanganTokenGenerator"
    BERLAKU_JAM = 72

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token) -> bool:
        return self.token_status(user, token) == SAH

    def token_status(self, user, token) -> str:
        """SAH, KEDALUWARSA (signed by us but too old) or TIDAK_SAH (forged, used, or for a changed account)."""
        if not (user and token):
            return TIDAK_SAH
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return TIDAK_SAH
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, s), token) for s in secrets):
            return TIDAK_SAH
        if self._num_seconds(self._now()) - ts > self.BERLAKU_JAM * 3600:
            return KEDALUWARSA
        return SAH


undangan_token_generator = UndanganTokenGenerator()
