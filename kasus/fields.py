"""Model fields whose values are stored encrypted with the rotatable keys in FIELD_ENCRYPTION_KEYS."""

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    """Encrypts with the newest key and decrypts with any configured key."""
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def newest_fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0])


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Free text encrypted at rest; it cannot be filtered or ordered on in SQL, by design.

    An empty value is stored empty: knowing that a field was left blank identifies no one.
    """

    description = _("Teks terenkripsi")

    def from_db_value(self, value, _expression, _connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every write, so any comparison but "is null" would silently miss.
        if lookup_name != "isnull":
            raise FieldError(f"Kolom terenkripsi {self.name!r} tidak dapat dicari dengan '{lookup_name}'.")
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value (a name, a number): single-line input, length checked on the plaintext."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})
