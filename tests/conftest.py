"""Shared fixtures: one named user per role, plus an account without a role.

Every transactional test starts from the migrated database (the framework, the roles, the content
types with their ids) and leaves an empty one: a transactional test is run as if it asked for
`serialized_rollback=True`. Without it, the flush after a plain transactional test re-creates the
content types under new ids, and the next test that restores the migrated data fails on them,
depending on which tests a run (or an xdist worker) happens to put one after the other.
"""

import pytest
from pytest_django.fixtures import validate_django_db

from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from klaster.models import Klaster
from tests.gugus_tugas.factories import OPDFactory, UserFactory


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transaction, reset_sequences, databases, serialized_rollback, available_apps = validate_django_db(marker)
        if transaction and not serialized_rollback:
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True,
                    reset_sequences=reset_sequences,
                    databases=databases,
                    serialized_rollback=True,
                    available_apps=available_apps,
                ),
                append=False,
            )


@pytest.fixture
def roles(db):
    roles_setup()


@pytest.fixture
def opd_dinkes(db):
    return OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")


@pytest.fixture
def admin_user(roles):
    return UserFactory(username="admin.uji", peran=Peran.ADMIN_SEKRETARIAT)


@pytest.fixture
def pimpinan(roles):
    return UserFactory(username="pimpinan.uji", peran=Peran.PIMPINAN)


@pytest.fixture
def koordinator_klaster3(roles, opd_dinkes):
    return UserFactory(
        username="koordinator.uji",
        peran=Peran.KOORDINATOR_KLASTER,
        opd=opd_dinkes,
        klaster=Klaster.objects.get(kode="III"),
    )


@pytest.fixture
def koordinator_klaster5(roles):
    return UserFactory(
        username="koordinator5.uji", peran=Peran.KOORDINATOR_KLASTER, klaster=Klaster.objects.get(kode="V")
    )


@pytest.fixture
def operator_dinkes(roles, opd_dinkes):
    return UserFactory(username="operator.uji", peran=Peran.OPERATOR_OPD, opd=opd_dinkes)


@pytest.fixture
def petugas_kasus(roles):
    return UserFactory(username="petugas.uji", peran=Peran.PETUGAS_KASUS)


@pytest.fixture
def superuser(roles):
    return UserFactory(username="root.uji", is_superuser=True, is_staff=True)


@pytest.fixture
def tanpa_peran(roles):
    return UserFactory(username="tanpaperan.uji", peran="")


@pytest.fixture
def users_by_role(admin_user, pimpinan, koordinator_klaster3, operator_dinkes, petugas_kasus, tanpa_peran):
    return {
        Peran.ADMIN_SEKRETARIAT: admin_user,
        Peran.PIMPINAN: pimpinan,
        Peran.KOORDINATOR_KLASTER: koordinator_klaster3,
        Peran.OPERATOR_OPD: operator_dinkes,
        Peran.PETUGAS_KASUS: petugas_kasus,
        "": tanpa_peran,
    }
