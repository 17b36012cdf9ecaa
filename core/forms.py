"""Form fields shared by every app: the free-text search of list pages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Control characters never belong in a search; NUL cannot even be sent to PostgreSQL.
_LINE_CONTROLS = re.compile(r"[\t\n\r\v\f]+")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
PENCARIAN_MAX_LENGTH = 100


class PencarianField(forms.CharField):
    """Free-text filter of a list: control characters removed, blanks trimmed, cut to `max_length`.

    It never makes the filter form invalid, so a pasted or hostile value searches for what is
    left of it instead of dropping the other filters or failing the page.
    """

    def __init__(self, *, max_length: int = PENCARIAN_MAX_LENGTH, **kwargs):
        kwargs.setdefault("label", _("Cari"))
        kwargs.setdefault("required", False)
        super().__init__(max_length=max_length, strip=True, **kwargs)
        # The checks are done by cleaning, not by refusing.
        self.validators = []

    def to_python(self, value) -> str:
        text = "" if value in self.empty_values else str(value)
        text = _OTHER_CONTROLS.sub("", _LINE_CONTROLS.sub(" ", text))
        return " ".join(text.split())[: self.max_length]
