"""Root URLs: Indonesian, bookmarkable paths (CONTRACT.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.functional import lazy
from django.views.i18n import set_language

from evaluasi.views import beranda
from gugus_tugas import dua_langkah_views
from gugus_tugas.akun_views import password_reset, undangan_terima
from gugus_tugas.forms import KataSandiBaruForm, KataSandiGantiForm
from gugus_tugas.merek import merek_get

# The Django admin goes by the region's name too, read when a page shows it.
admin.site.site_header = admin.site.site_title = lazy(lambda: merek_get().nama, str)()

urlpatterns = [
    path("", beranda, name="beranda"),
    path("", include("evaluasi.urls")),
    path("", include("gugus_tugas.urls")),
    path("klaster/", include("klaster.urls")),
    path("rad/", include("rad_kla.urls")),
    path("kasus/", include("kasus.urls")),
    path("notifikasi/", include("notifikasi.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=KataSandiGantiForm),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Forgotten password (also the way out of a login lockout): a one-time link to the account's email.
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password_reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=KataSandiBaruForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password_reset/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # An account invitation: a one-time link (72 hours) to choose the first password.
    path("accounts/undangan/<uidb64>/<token>/", undangan_terima, name="undangan_terima"),
    # The second login step (TOTP or a recovery code) and its enrolment.
    path("accounts/dua-langkah/", dua_langkah_views.dua_langkah_verify_view, name="dua_langkah"),
    path("accounts/dua-langkah/daftar/", dua_langkah_views.dua_langkah_create_view, name="dua_langkah_daftar"),
    path("accounts/dua-langkah/pengaturan/", dua_langkah_views.dua_langkah_index, name="dua_langkah_pengaturan"),
    path(
        "accounts/dua-langkah/kode-pemulihan/",
        dua_langkah_views.kode_pemulihan_create_view,
        name="kode_pemulihan_baru",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "kla_metro.errors.bad_request"
handler500 = "kla_metro.errors.server_error"
