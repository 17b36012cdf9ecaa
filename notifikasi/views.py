"""The reader's notifications: the list, opening one (marks it read), marking all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notifikasi

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
