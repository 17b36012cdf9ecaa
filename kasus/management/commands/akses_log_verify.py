"""akses_log_verify: walk the access log's hash chain; exit 1 on a missing, broken or changed row."""

import argparse
import re

from django.core.management.base import BaseCommand, CommandError

from kasus.chain import akses_log_verify


def _kepala(value: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d+):([0-9a-f]{64})", value.strip())
    if not match:
        raise argparse.ArgumentTypeError("harus berbentuk URUTAN:HASH, seperti yang dicetak oleh perintah ini")
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = (
        "Memeriksa rantai hash log akses kasus: setiap baris harus ada, tersambung ke baris sebelumnya "
        "dan tidak berubah. Keluar dengan kode 1 bila ada yang hilang atau berubah. Catat kepala rantai "
        "yang dicetak dan berikan lagi dengan --kepala agar baris terakhir yang dihapus juga ketahuan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kepala", type=_kepala, help="URUTAN:HASH yang dicetak pada pemeriksaan sebelumnya; harus masih ada."
        )

    def handle(self, *args, **options):
        hasil = akses_log_verify(kepala=options["kepala"])
        for masalah in hasil.masalah:
            self.stderr.write(masalah)
        if not hasil.utuh:
            raise CommandError(
                f"Rantai log akses RUSAK: {len(hasil.masalah)} masalah pada {hasil.jumlah} baris.", returncode=1
            )
        self.stdout.write(self.style.SUCCESS(f"Rantai log akses utuh: {hasil.jumlah} baris."))
        if hasil.kepala:
            self.stdout.write(f"Kepala rantai: {hasil.kepala[0]}:{hasil.kepala[1]}")
