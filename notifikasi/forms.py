"""The reader's e-mail choices for notifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notifikasi
from .services import JENIS_EMAIL_PENGINGAT


class PreferensiForm(forms.Form):
    email = forms.MultipleChoiceField(
        label=_("Kirim e-mail untuk"),
        choices=[(value, label) for value, label in Notifikasi.Jenis.choices if value not in JENIS_EMAIL_PENGINGAT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ringkasan_harian = forms.BooleanField(
        label=_("Satukan e-mail dalam ringkasan harian"),
        help_text=_("Satu e-mail setiap pagi pukul 07.00 WIB berisi semua notifikasi sejak ringkasan sebelumnya."),
        required=False,
    )
