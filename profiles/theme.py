"""A profile's accent colour as CSS, adjusted until text in it stays readable.

Researchers pick any colour; links drawn in a pale yellow on white would fail WCAG
contrast, so the light-mode accent is darkened and the dark-mode accent lightened
until each reaches 4.5:1 against its page background.
"""

LIGHT_BACKGROUND = (255, 255, 255)
DARK_BACKGROUND = (18, 20, 26)  # --bg in static/css/site.css dark mode
MIN_CONTRAST = 4.6


def _parse(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _hex(rgb):
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def _luminance(rgb):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _toward(rgb, target, background):
    """Mix ``rgb`` toward ``target`` in small steps until it contrasts with ``background``."""
    colour = rgb
    for step in range(21):
        colour = tuple(c + (t - c) * step / 20 for c, t in zip(rgb, target, strict=True))
        if contrast(colour, background) >= MIN_CONTRAST:
            break
    return colour


def accent_pair(hex_colour):
    """(light-mode accent, dark-mode accent) as hex strings."""
    rgb = _parse(hex_colour)
    light = _toward(rgb, (0, 0, 0), LIGHT_BACKGROUND)
    dark = _toward(rgb, (255, 255, 255), DARK_BACKGROUND)
    return _hex(light), _hex(dark)


def theme_css(hex_colour):
    light, dark = accent_pair(hex_colour)
    return (
        f":root{{--accent:{light};}}\n"
        f"@media (prefers-color-scheme: dark){{:root{{--accent:{dark};}}}}\n"
    )
