"""The iCalendar (.ics) invitation of a meeting, readable by Outlook, Google Calendar and phones."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .merek import merek_get
from .models import Rapat

# Without an end time a meeting is assumed to last this long in the calendar entry.
DURASI_BAWAAN = datetime.timedelta(hours=2)


def _escape(text: str) -> str:
    # A bare CR counts as a line break for some calendar programs: it must not start a new property.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 limits lines to 75 octets; longer ones continue on lines starting with a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return [line]
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not parts else 74
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return [parts[0], *[" " + part for part in parts[1:]]]


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def rapat_ics(*, rapat: Rapat, host: str) -> str:
    selesai = rapat.selesai or rapat.mulai + DURASI_BAWAAN
    agenda = "\n".join(f"{item.urutan}. {item.uraian}" for item in rapat.agenda.all())
    description = f"{rapat.get_jenis_display()} · {rapat.penyelenggara.nama}"
    if agenda:
        description += f"\n\n{_('Agenda')}:\n{agenda}"
    # The calendar shows who sent it: the region's app, not any other installation.
    merek = merek_get()
    description += f"\n\n{merek.nama}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(merek.nama)}//Rapat Gugus Tugas KLA//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:rapat-{rapat.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(rapat.mulai)}",
        f"DTEND:{_utc(selesai)}",
        f"SUMMARY:{_escape(rapat.judul)}",
        f"LOCATION:{_escape(rapat.tempat)}",
        f"DESCRIPTION:{_escape(description)}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
