"""Private attachments: checked by content, stored out of reach, served only
through views that check permission.

A file's name and the browser's Content-Type header are chosen by whoever
uploads it, so neither is trusted: the type is detected from the bytes with
``filetype``, and Office documents (which are zip containers) are opened to
read the OOXML content types inside. A renamed executable, an arbitrary zip,
a macro-enabled document or an oversized file is refused with a message that
says what is wrong and what is accepted.

Files live under MEDIA_ROOT, which no URL serves (MEDIA_URL points nowhere);
``private_file_response`` streams one after the calling view has checked the
permission on the object the file belongs to.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import access

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx"}
ALLOWED_TYPES_LABEL = _("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG")

# The main part's content type inside [Content_Types].xml names what an OOXML
# package really is; macro-enabled variants (docm, xlsm) have other names and
# are refused on purpose.
_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_MACRO_MARKERS = (b"macroEnabled", b"vbaProject")
# [Content_Types].xml is a few kilobytes; a huge one is a decompression bomb.
_CONTENT_TYPES_MAX = 512 * 1024
# Refuse archives whose declared uncompressed size is absurd for a document.
_ZIP_EXPANSION_MAX = 200


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    content_type: str
    extension: str
    size: int
    original_name: str


def _max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _ooxml_type(upload: UploadedFile) -> str:
    refused = ValidationError(
        gettext("This archive is not a Word (DOCX) or Excel (XLSX) document. Accepted types: %(types)s.")
        % {"types": ALLOWED_TYPES_LABEL},
        code="upload_not_ooxml",
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > _ZIP_EXPANSION_MAX * max(upload.size or 1, 1):
                raise refused
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise refused
            if info.file_size > _CONTENT_TYPES_MAX:
                raise refused
            content_types = archive.read(info)
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise refused
    finally:
        upload.seek(0)
    if any(marker in content_types for marker in _MACRO_MARKERS) or any(n.endswith("vbaProject.bin") for n in names):
        raise ValidationError(
            gettext("Documents with macros are not accepted: save it as a plain DOCX or XLSX and try again."),
            code="upload_macros",
        )
    for marker, mime in _OOXML_MAIN_PARTS.items():
        if marker in content_types:
            return mime
    raise refused


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Validate one uploaded file; raise ValidationError saying why it is refused."""
    limit = _max_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            gettext("This file is %(size)s; the limit is %(limit)s per file.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="upload_too_large",
        )
    if size == 0:
        raise ValidationError(gettext("This file is empty."), code="upload_empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if head.startswith(b"PK\x03\x04"):
        mime = _ooxml_type(upload)
    if mime not in EXTENSIONS:
        raise ValidationError(
            gettext("This file's content is not an accepted type, whatever its name says. Accepted types: %(types)s.")
            % {"types": ALLOWED_TYPES_LABEL},
            code="upload_type",
        )
    name = get_valid_filename((upload.name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:150] or "file"
    return CheckedUpload(file=upload, content_type=mime, extension=EXTENSIONS[mime], size=size, original_name=name)


@deconstructible
class private_upload_to:
    """An ``upload_to``: random names under private/<prefix>/, so a stored
    path reveals neither the uploader's file name nor other files."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"private/{self.prefix}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, private_upload_to) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def stored_name(checked: CheckedUpload) -> str:
    """The name to save under: the detected extension, never the claimed one."""
    return f"upload.{checked.extension}"


class PrivateFileField(forms.FileField):
    """A form field whose cleaned value is a CheckedUpload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("%(types)s, at most %(limit)s.") % {"types": ALLOWED_TYPES_LABEL, "limit": filesizeformat(_max_bytes())},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or not isinstance(upload, UploadedFile):
            return upload
        return check_upload(upload)


def private_file_response(
    request, *, file: FieldFile, download_name: str, content_type: str, perm: str, obj
) -> FileResponse:
    """Stream a private file after checking ``perm`` on ``obj``.

    Always a download (Content-Disposition: attachment) with the stored,
    detected content type, so a browser never renders an uploaded file inline
    in our origin.
    """
    # The permission's own reason (the anonymous are sent to sign in); a
    # permission nobody declared refuses.
    try:
        access.require(request, perm, obj)
    except LookupError:
        raise PermissionDenied(gettext("You may not download this file.")) from None
    response = FileResponse(file.open("rb"), as_attachment=True, filename=download_name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
