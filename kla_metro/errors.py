"""The 400 and 500 pages: rendered without the database or the cache, named as this process last read the region."""

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from gugus_tugas.merek import merek_last_get


@requires_csrf_token
def server_error(_request):
    return HttpResponseServerError(loader.get_template("500.html").render({"merek": merek_last_get()}))


@requires_csrf_token
def bad_request(_request, exception):  # noqa: ARG001 - Django passes the exception by this keyword
    return HttpResponseBadRequest(loader.get_template("400.html").render({"merek": merek_last_get()}))
