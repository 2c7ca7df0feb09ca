"""Bundle images that are already clean are stored byte for byte.

Uploads are re-encoded to drop metadata (profiles.images), but JPEG and WebP are lossy:
each re-encoding changes the bytes and costs quality, so a photo would drift with every
export and import. A JPEG or WebP whose structure holds nothing but image data, which is
what our own re-encoding writes, is kept as it is; anything else is re-encoded as usual.
"""

# JPEG markers that carry only decoding data: frame headers (SOF*), Huffman and
# quantisation tables, restart interval, and the JFIF header (checked to hold no thumbnail).
_JPEG_TABLES = {0xC4, 0xDB, 0xDD} | {m for m in range(0xC0, 0xD0) if m not in (0xC4, 0xC8, 0xCC)}
_JFIF_WITHOUT_THUMBNAIL = 16  # APP0 length when the thumbnail size is 0×0
_SOS, _EOI, _APP0 = 0xDA, 0xD9, 0xE0
_WEBP_IMAGE_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}


def _skip_entropy_coded(data, index):
    """Index of the first marker after a scan's entropy-coded data."""
    while True:
        index = data.find(b"\xff", index)
        if index < 0 or index + 1 >= len(data):
            return len(data)
        following = data[index + 1]
        if following == 0 or 0xD0 <= following <= 0xD7:  # stuffed byte or restart marker
            index += 2
            continue
        return index


def is_clean_jpeg(data):
    """True if the JPEG holds only image data: no EXIF/XMP/ICC/comments, nothing after it."""
    if not data.startswith(b"\xff\xd8"):
        return False
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            return False
        marker = data[index + 1]
        if marker == _EOI:
            return index + 2 == len(data)
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if marker == _SOS:
            index = _skip_entropy_coded(data, index + 2 + length)
            continue
        if marker == _APP0:
            jfif = data[index + 4 : index + 9] == b"JFIF\0"
            if not jfif or length != _JFIF_WITHOUT_THUMBNAIL:
                return False
        elif marker not in _JPEG_TABLES:
            return False
        index += 2 + length
    return data[index:] == b"\xff\xd9" and index > 2


def is_clean_webp(data):
    """True if the WebP holds only image chunks (no EXIF, XMP or ICC) and nothing after."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    if int.from_bytes(data[4:8], "little") + 8 != len(data):
        return False
    index = 12
    while index + 8 <= len(data):
        if data[index : index + 4] not in _WEBP_IMAGE_CHUNKS:
            return False
        size = int.from_bytes(data[index + 4 : index + 8], "little")
        index += 8 + size + (size & 1)
    return index == len(data)


def is_clean_image(data, image_format):
    """Whether ``data`` (already validated by inspect_image as ``image_format``) can be
    stored without re-encoding."""
    if image_format == "JPEG":
        return is_clean_jpeg(data)
    if image_format == "WEBP":
        return is_clean_webp(data)
    return False
