"""One permission guard for every service, and one way to show a service's refusal on a form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def require(user, perm: str, obj=None) -> None:
    """Refuse unless the user has the permission (on the object, through django-rules)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def form_errors_add(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the submitted form, next to what the user typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
