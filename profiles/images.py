"""Uploaded images: checked with Pillow before they are saved, then re-encoded.

Re-encoding drops EXIF (phone photos carry GPS positions) and any payload hidden
after the image data; only the pixels survive.
"""

import io
import os
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# The stored original's longest side: twice the largest thumbnail (800 px) with room to
# spare. A 12-megapixel phone photo is stored at 1600×1200, so saving it (and making its
# thumbnails later) handles 2 megapixels, not 12.
MAX_STORED_SIDE = 1600
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def inspect_image(file):
    """Return the Pillow format of an uploaded image, or raise ValidationError saying why not."""
    name = os.path.basename(getattr(file, "name", "") or "image")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            f"{name} is {size / 1024 / 1024:.1f} MB; images may be at most 10 MB.",
            code="image_too_large",
        )
    if size == 0:
        raise ValidationError(f"{name} is empty.", code="image_empty")
    head = _read_head(file, 512).lstrip()
    if head[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in head[:512].lower():
        raise ValidationError(
            f"{name} is an SVG drawing; SVG can carry scripts, so upload JPEG, PNG, WebP or GIF.",
            code="image_svg",
        )
    try:
        with _open_without_bomb_warning(file) as image:
            fmt = image.format
            width, height = image.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(
                    f"{name} is a {fmt} image; allowed formats are JPEG, PNG, WebP and GIF.",
                    code="image_format",
                )
            # Check the header's dimensions before decoding: a small file can claim
            # a huge canvas (a "PNG bomb") and exhaust memory when decoded.
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"{name} is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
                    "images may have at most 40 megapixels.",
                    code="image_too_many_pixels",
                )
            if fmt == "JPEG":
                # Decoded at an eighth of the size: every byte of the compressed data is
                # still read (a truncated or damaged file fails), at a fraction of the cost.
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow refuses headers over twice its own limit before we see the size.
        raise ValidationError(
            f"{name} claims more than {2 * Image.MAX_IMAGE_PIXELS / 1e6:.0f} megapixels; "
            "images may have at most 40 megapixels.",
            code="image_too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            f"{name} is not an image Pillow can read (JPEG, PNG, WebP or GIF expected).",
            code="image_invalid",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            f"{name} is damaged or truncated and cannot be decoded ({error}).",
            code="image_corrupt",
        ) from error
    finally:
        _rewound(file)
    return fmt


def _open_without_bomb_warning(file):
    # inspect_image checks the pixel count itself, with a message that says the size.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(_rewound(file))


def validate_image(file):
    """Model-field validator: only files that are new uploads need checking."""
    if file and not getattr(file, "_committed", True):
        inspect_image(file)


# What re-encoding keeps besides the pixels: how to draw them. Comments (JPEG COM, GIF
# comment extensions), EXIF, XMP and PNG text go: Pillow would write a JPEG's or a GIF's
# comment back, and a comment can carry a payload (HTML) the page never shows.
_DRAWING_INFO = {"transparency", "duration", "loop", "background", "icc_profile"}


def _pixels_only(image):
    image.info = {key: value for key, value in image.info.items() if key in _DRAWING_INFO}
    return image


def reencode(file):
    """Return a ContentFile with the image's pixels only, in its own format."""
    with Image.open(_rewound(file)) as image:
        fmt = image.format
        out = io.BytesIO()
        if fmt == "GIF" or getattr(image, "is_animated", False):
            # Keep animation (teasers are often GIFs); frames are re-encoded, metadata dropped.
            frames = [_pixels_only(frame.copy()) for frame in _frames(image)]
            save_kwargs = {"save_all": True, "append_images": frames[1:], "loop": 0}
            if "duration" in image.info:
                save_kwargs["duration"] = image.info["duration"]
            frames[0].save(out, format=fmt, **save_kwargs)
        else:
            if fmt == "JPEG":
                # Decode at the smallest scale (1/2, 1/4, 1/8) still above the bound.
                ratio = min(1, MAX_STORED_SIDE / max(image.size))
                image.draft("RGB", (round(image.width * ratio), round(image.height * ratio)))
            image = _pixels_only(ImageOps.exif_transpose(image))
            if max(image.size) > MAX_STORED_SIDE:
                info = image.info
                image = image.copy()
                image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
                image.info = info
            if fmt == "JPEG":
                image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
                image.save(out, format="JPEG", quality=90, optimize=True)
            else:
                image.save(out, format=fmt)
    _rewound(file)
    stem = os.path.splitext(os.path.basename(file.name or "image"))[0] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[fmt]}")


def _frames(image):
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        yield image


def _rewound(file):
    if hasattr(file, "seek"):
        file.seek(0)
    return file


def _read_head(file, count):
    _rewound(file)
    head = file.read(count)
    _rewound(file)
    return head if isinstance(head, bytes) else head.encode()


class ValidatedImageFormField(forms.ImageField):
    """Form side of :class:`ValidatedImageField`: our messages, not Django's generic one.

    The content decides, not the name: no extension check (Django's lists ~80 formats
    Pillow reads, PDF and PSD among them); the stored file is named by its format.
    """

    default_validators = []

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is not None:
            inspect_image(file)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs


class ValidatedImageField(models.ImageField):
    """An ImageField that validates uploads with Pillow and stores them re-encoded."""

    default_validators = []  # by content (validate_image), not by extension

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_image)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = reencode(file.file if hasattr(file, "file") else file)
            file.save(clean.name, clean, save=False)
        return super().pre_save(model_instance, add)
