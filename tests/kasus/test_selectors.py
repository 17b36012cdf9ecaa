"""The case selectors take the reader and scope by it: a user without the case permission reads nothing."""

import pytest

from kasus.models import Kasus
from kasus.selectors import kasus_get, kasus_list, simfoni_baris_list
from tests.kasus.factories import KasusFactory, KorbanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus(petugas_kasus):
    k = KasusFactory(dibuat_oleh=petugas_kasus)
    KorbanFactory(kasus=k, urutan=1)
    return k


def test_a_case_worker_lists_and_reads_the_case(kasus, petugas_kasus):
    assert list(kasus_list(user=petugas_kasus)) == [kasus]
    assert kasus_get(user=petugas_kasus, pk=kasus.pk) == kasus
    assert len(simfoni_baris_list(user=petugas_kasus)[1]) == 1


@pytest.mark.parametrize("reader", ["operator_dinkes", "pimpinan", "koordinator_klaster3"])
def test_a_reader_without_the_case_permission_gets_nothing(kasus, reader, request):
    user = request.getfixturevalue(reader)
    assert list(kasus_list(user=user)) == []
    with pytest.raises(Kasus.DoesNotExist):
        kasus_get(user=user, pk=kasus.pk)
    assert simfoni_baris_list(user=user)[1] == []


def test_a_missing_case_is_does_not_exist_too(petugas_kasus):
    with pytest.raises(Kasus.DoesNotExist):
        kasus_get(user=petugas_kasus, pk=987654)
