"""The client address behind a reverse proxy (MARAC_TRUSTED_PROXIES)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

from marac import audit
from marac.models import AuditEvent, AuditVerb

PROXY = "172.28.0.5"


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return audit.client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


class TestClientIp:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = []
        assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"

    def test_behind_a_trusted_proxy_the_forwarded_client_is_recorded(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["172.28.0.0/24"]
        assert address(PROXY, "198.51.100.7") == "198.51.100.7"

    def test_the_rightmost_untrusted_hop_wins_so_a_forged_header_does_not(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["172.28.0.0/24", "10.0.0.1"]
        # The client sent "X-Forwarded-For: 192.0.2.66"; nginx and an inner proxy appended.
        assert address(PROXY, "192.0.2.66, 198.51.100.7, 10.0.0.1") == "198.51.100.7"

    def test_an_untrusted_peer_cannot_claim_another_address(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["172.28.0.0/24"]
        assert address("198.51.100.7", "192.0.2.66") == "198.51.100.7"

    def test_a_malformed_hop_leaves_the_proxy_address(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["172.28.0.0/24"]
        assert address(PROXY, "<script>, not-an-address") == PROXY
        assert address(PROXY, "") == PROXY

    def test_ipv6_networks(self, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["fd00::/8"]
        assert address("fd00::2", "2001:db8::1") == "2001:db8::1"

    @pytest.mark.django_db
    def test_the_audit_log_records_the_client_not_the_proxy(self, client, make_member, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["127.0.0.0/8"]
        user = make_member()
        client.post(
            "/sign-in/",
            {"email": user.email, "password": "correct-horse-battery-staple"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        assert AuditEvent.objects.get(verb=AuditVerb.SIGN_IN).ip_address == "198.51.100.7"


def test_the_setting_defaults_to_no_trusted_proxy() -> None:
    assert settings.MARAC_TRUSTED_PROXIES == []


def test_the_compose_deployment_trusts_its_own_proxy_network() -> None:
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert "MARAC_TRUSTED_PROXIES" in compose
    assert "172.28.0.0/24" in compose
