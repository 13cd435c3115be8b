"""Checks on measurement evidence files: size and real content type (from the
file's first bytes, never from its name or the browser's claim)."""

from django import forms
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
_SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # xlsx, docx, odt
]


def check_evidence(upload) -> str:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise forms.ValidationError(_("Upload a PDF, PNG or JPEG image, or an Office document (xlsx, docx)."))
