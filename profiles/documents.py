"""Uploaded documents (a profile link's file, e.g. a CV): checked by content, not by name.

The admin (``DocumentField``) and bundles (``profiles.bundles.importer``) share
``inspect_document``. Accepted: PDF, and office documents in the zip-based formats —
OOXML (.docx, .pptx, .xlsx) and OpenDocument (.odt, .odp, .ods) — recognised by the parts
those formats must contain. Legacy binary Office files (.doc, .ppt, .xls) are refused:
their container (OLE2) holds anything from a Word file to an installer, and macros travel
in it; every Office version since 2007 saves .docx. Macro-enabled OOXML is refused too.

A stored document is named with the extension of what it is, so the media view serves it
with the matching type (``profiles.media_views``); nothing uploaded is ever HTML, SVG or
script, whatever its name said.
"""

import os
import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = (
    "a PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx) or OpenDocument (.odt, .odp, .ods) file"
)

# The extension each accepted kind is stored under, and the part that identifies it.
_OOXML = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The input's accept attribute: what the file picker offers first.
ACCEPT_ATTRIBUTE = ",".join(
    [".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods", "application/pdf"]
)


def inspect_document(file):
    """The extension ``file`` is stored under ("pdf", "docx"…), or ValidationError saying
    which kinds are accepted. ``file`` is a Django File or anything with read/seek/size."""
    name = os.path.basename(getattr(file, "name", "") or "document")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            f"{name} is {size / 1024 / 1024:.1f} MB; documents may be at most "
            f"{MAX_BYTES // 1024 // 1024} MB.",
            code="document_too_large",
        )
    if size == 0:
        raise ValidationError(f"{name} is empty.", code="document_empty")
    file.seek(0)
    head = file.read(8)
    try:
        kind = _kind(file, head)
    finally:
        file.seek(0)
    if kind is None:
        raise ValidationError(_refusal(name, head), code="document_type")
    return kind


def _kind(file, head):
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" not in names or any("vbaProject" in n for n in names):
                return None
            return next((kind for kind, part in _OOXML.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None


def _refusal(name, head):
    megabytes = MAX_BYTES // 1024 // 1024
    if head.startswith(_OLE2):  # Word 97-2003 and its kin, still common for CVs
        return (
            f"{name} is an old-style Office file (.doc, .ppt, .xls): save it as PDF or in the "
            f"newer format (.docx, .pptx, .xlsx) and upload that, at most {megabytes} MB."
        )
    return f"{name} is not an accepted document: upload {ACCEPTED}, at most {megabytes} MB."


def validate_document(file):
    """Model-field validator: only files that are new uploads need checking."""
    if file and not getattr(file, "_committed", True):
        inspect_document(file)


class DocumentFormField(forms.FileField):
    """Form side of :class:`DocumentField`: checks the upload, offers the accepted types."""

    def to_python(self, data):
        file = super().to_python(data)
        if file is not None:
            inspect_document(file)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class DocumentField(models.FileField):
    """A FileField that takes documents only and stores them under their true extension."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_document)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DocumentFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            stem = os.path.splitext(os.path.basename(file.name))[0] or "document"
            file.name = f"{stem}.{inspect_document(file)}"
        return super().pre_save(model_instance, add)


def document_kind(content, name="document"):
    """``inspect_document`` for bytes (bundles read their files into memory)."""
    return inspect_document(ContentFile(content, name=name))
