import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
)
def test_allauth_entrance_pages_use_our_layout(client, name):
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="main"' in html and "site-header" in html
    assert "vendor/bootstrap/bootstrap.min.css" in html


@pytest.mark.django_db
def test_login_fields_are_labelled_and_errors_sit_next_to_the_field(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "password1": "x", "password2": "y"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="form-label" for="id_email">' in html
    assert 'id="id_email_errors"' in html and 'aria-invalid="true"' in html
