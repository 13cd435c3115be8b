import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from core.uploads import DOCX, JPEG, PDF, PNG, XLSX, PrivateFileField, check_upload, private_file_response
from tests import uploads_samples as samples


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "make", "mime", "extension"),
    [
        ("report.pdf", samples.pdf, PDF, "pdf"),
        ("map.png", samples.png, PNG, "png"),
        ("photo.jpeg", samples.jpeg, JPEG, "jpg"),
        ("plan.docx", samples.docx, DOCX, "docx"),
        ("budget.xlsx", samples.xlsx, XLSX, "xlsx"),
        # The name lies; the content decides.
        ("budget.pdf", samples.xlsx, XLSX, "xlsx"),
    ],
)
def test_accepted_types_are_detected_by_content(name, make, mime, extension):
    checked = check_upload(upload(name, make()))
    assert (checked.content_type, checked.extension) == (mime, extension)
    assert checked.original_name == name


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("invoice.pdf", samples.exe, "upload_type"),
        ("plan.docx", samples.exe, "upload_type"),
        ("plan.docx", samples.plain_zip, "upload_not_ooxml"),
        ("plan.docx", samples.docm, "upload_macros"),
        ("notes.pdf", lambda: b"just some text pretending to be a PDF", "upload_type"),
        ("empty.pdf", lambda: b"", "upload_empty"),
    ],
)
def test_impostors_are_refused_with_a_reason(name, make, code):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, make(), content_type="application/pdf"))
    assert caught.value.code == code
    assert "accepted" in str(caught.value.messages[0]).lower() or code in {"upload_empty", "upload_macros"}


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_oversize_file_is_refused_saying_the_limit():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("big.pdf", samples.pdf() + b"0" * 2048))
    assert caught.value.code == "upload_too_large"
    assert "1.0\xa0KB" in caught.value.messages[0]


def test_ten_megabytes_is_the_default_limit(settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_form_field_returns_checked_upload_and_translated_error():
    field = PrivateFileField()
    assert field.clean(upload("a.png", samples.png())).content_type == PNG
    with pytest.raises(ValidationError):
        field.clean(upload("a.png", samples.exe()))


def test_a_truncated_office_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("plan.docx", samples.docx()[:40]))
    assert caught.value.code in {"upload_not_ooxml", "upload_type"}


@pytest.mark.django_db
def test_private_file_response_checks_permission_and_forces_download(tmp_path, user):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("private/test/x.pdf", ContentFile(samples.pdf()))
    field_file = type("F", (), {"open": lambda self, mode: default_storage.open(name, mode)})()
    request = RequestFactory().get("/")
    request.user = user

    with pytest.raises(PermissionDenied):
        private_file_response(
            request, file=field_file, download_name="x.pdf", content_type=PDF, perm="no.such_perm", obj=None
        )
    import rules

    rules.add_perm("tests.download_anything", rules.always_allow)
    try:
        response = private_file_response(
            request,
            file=field_file,
            download_name="plan <1>.pdf",
            content_type=PDF,
            perm="tests.download_anything",
            obj=None,
        )
    finally:
        rules.remove_perm("tests.download_anything")
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == samples.pdf()
