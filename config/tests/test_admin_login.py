"""The admin login: throttled after repeated failures (django-axes), and a second factor
for staff (django-otp TOTP) — asked of accounts with an authenticator, of every staff
account when OTP_REQUIRED_FOR_STAFF is on."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.admin_site import OTP_REQUIRED_MESSAGE
from profiles.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff():
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


def log_in(client, username="ada", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def logged_in(client):
    return client.get("/admin/").status_code == 200


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_repeated_failures_lock_the_account_out_from_that_address(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = log_in(client, password="wrong")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    response = log_in(client, password="wrong")
    assert response.status_code == 429
    # Locked: even the right password is refused, with a message saying so and for how long.
    response = log_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "locked after 3 failed attempts" in page
    assert "Try again in 15 minutes." in page
    assert not logged_in(client)


def test_the_lock_is_per_account_and_ends_after_the_cool_off(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="bo", is_staff=True, is_superuser=True)
    for _ in range(2):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 429
    assert log_in(client, username="bo").status_code == 302
    client.logout()
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=1))
    assert log_in(client).status_code == 302
    assert logged_in(client)


def test_an_account_with_an_authenticator_needs_its_code(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = log_in(client)
    assert response.status_code == 200
    assert "Enter the six-digit code from your authenticator app." in response.content.decode()
    assert not logged_in(client)
    response = log_in(client, otp_token="000000" if current_code(device) != "000000" else "1")
    assert "That authentication code is not right" in response.content.decode()
    assert not logged_in(client)
    # django-otp then refuses codes for a second (doubling with each failure).
    response = log_in(client, otp_token=current_code(device))
    assert "Verification temporarily disabled" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    assert log_in(client, otp_token=current_code(device)).status_code == 302
    assert logged_in(client)


def test_without_an_authenticator_the_password_is_enough_unless_required(client, staff, settings):
    assert log_in(client).status_code == 302
    assert logged_in(client)
    client.logout()
    settings.OTP_REQUIRED_FOR_STAFF = True
    response = log_in(client)
    assert response.status_code == 200
    assert OTP_REQUIRED_MESSAGE in response.content.decode()
    assert not logged_in(client)


def test_when_required_a_session_without_the_second_factor_is_sent_to_log_in(
    client, staff, settings
):
    client.force_login(staff)
    assert logged_in(client)
    settings.OTP_REQUIRED_FOR_STAFF = True
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    assert log_in(client, otp_token=current_code(device)).status_code == 302
    assert logged_in(client)


def test_the_login_form_offers_the_code_field(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in page and 'autocomplete="one-time-code"' in page


@pytest.mark.parametrize(("username", "password"), [("ada", ""), ("", PASSWORD), ("", "")])
def test_an_empty_username_or_password_is_a_field_error(client, staff, username, password):
    response = log_in(client, username=username, password=password)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not logged_in(client)
