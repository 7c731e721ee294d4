import pytest

from marac.models import Role


@pytest.mark.django_db
def test_verified_coordinator_sees_home(verified_client, coordinator):
    response = verified_client(coordinator).get("/")
    assert response.status_code == 200
    assert b"Your MARAC work" in response.content
    assert Role.COORDINATOR.label.encode() in response.content
