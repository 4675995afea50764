"""Writes to the library: documents and their versions. Each upload is checked by what
it holds, not by what its name says."""

import hashlib
import os

import filetype
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .models import Document, Version

# What the library takes, by the type its content shows: the name's ending must agree.
ACCEPTED = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.ms-powerpoint": {"ppt"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
}
NAME_LENGTH = 100


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """The content type and a safe name for an upload, or ValidationError saying what
    is wrong with it: too large, of a kind the library does not take, or named for
    another kind than it is (an executable renamed .pdf)."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the library takes files of up to %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
            },
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ACCEPTED:
        raise ValidationError(
            _(
                "The library takes PDF, office documents (Word, Excel, PowerPoint, "
                "OpenDocument) and images (PNG, JPEG, GIF, WebP); this file is none of them."
            ),
            code="not_accepted",
        )
    stem, extension = os.path.splitext(get_valid_filename(os.path.basename(upload.name)))
    if extension.lstrip(".").lower() not in ACCEPTED[kind.mime]:
        raise ValidationError(
            _("The file's name ends in “%(ending)s” but it holds %(kind)s: rename it .%(right)s.")
            % {"ending": extension or _("nothing"), "kind": kind.mime, "right": kind.extension},
            code="wrong_name",
        )
    return kind.mime, f"{stem[: NAME_LENGTH - len(extension)]}{extension.lower()}"


def _checksum(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_version(
    *, document: Document, upload: UploadedFile, uploaded_by: AbstractBaseUser | None = None
) -> Version:
    """A new current version of the document from the upload; the one before stays,
    no longer current. Side effects: the file in the storage, the version row."""
    content_type, name = check_upload(upload)
    document = Document.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    document.versions.filter(is_current=True).update(is_current=False)
    version = Version(
        document=document,
        number=number,
        name=name,
        content_type=content_type,
        size=upload.size,
        sha256=_checksum(upload),
        is_current=True,
        uploaded_by=uploaded_by,
    )
    version.file.save(name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def add_document(
    *, upload: UploadedFile, uploaded_by: AbstractBaseUser | None = None, **fields
) -> Document:
    """A document with its first version."""
    check_upload(upload)  # before anything is written
    document = Document.objects.create(**fields)
    add_version(document=document, upload=upload, uploaded_by=uploaded_by)
    return document
