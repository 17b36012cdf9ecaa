"""The reader's notifications: the list, opening one (marks it read), marking all read, the e-mail choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferensiForm
from .models import Notifikasi
from .services import JENIS_EMAIL_PENGINGAT

PER_PAGE = 25


@login_required
def notifikasi_index(request):
    page = Paginator(selectors.notifikasi_list(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifikasi/index.html", {"page": page})


def _get_notifikasi_for_user(request, pk: int) -> Notifikasi:
    try:
        return selectors.notifikasi_get(user=request.user, pk=pk)
    except Notifikasi.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
@login_required
def notifikasi_open(request, pk: int):
    item = services.notifikasi_read(notifikasi=_get_notifikasi_for_user(request, pk), by=request.user)
    # Links are paths inside the app; anything else goes to the list.
    if url_has_allowed_host_and_scheme(item.tautan, allowed_hosts=None) and item.tautan.startswith("/"):
        return redirect(item.tautan)
    return redirect("notifikasi:index")


@require_POST
@login_required
def notifikasi_read_all(request):
    services.notifikasi_read_all(by=request.user)
    return redirect("notifikasi:index")


@login_required
def preferensi_update_view(request):
    if request.method == "POST":
        form = PreferensiForm(request.POST)
        if form.is_valid():
            services.preferensi_set(
                user=request.user,
                email_jenis=form.cleaned_data["email"],
                ringkasan_harian=form.cleaned_data["ringkasan_harian"],
            )
            messages.success(request, _("Pengaturan notifikasi disimpan."))
            return redirect("notifikasi:pengaturan")
    else:
        ringkasan, mati = selectors.preferensi_get(user=request.user)
        form = PreferensiForm(
            initial={
                "email": [value for value, _label in PreferensiForm.base_fields["email"].choices if value not in mati],
                "ringkasan_harian": ringkasan,
            }
        )
    pengingat = [label for value, label in Notifikasi.Jenis.choices if value in JENIS_EMAIL_PENGINGAT]
    return render(
        request,
        "notifikasi/pengaturan.html",
        {"form": form, "pengingat": pengingat, "punya_email": bool(request.user.email)},
    )
