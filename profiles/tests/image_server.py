"""A local HTTP server for the image-by-address tests: good images and every kind of bad
answer, on 127.0.0.1 (the tests' settings allow a loopback address; the site does not)."""

import contextlib
import io
import struct
import threading
import time
import zlib
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

MB = 1024 * 1024


def png_bytes(size=(120, 80), color=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_bytes(width=20000, height=20000):
    """A PNG of a few hundred bytes whose header claims ``width``×``height`` pixels
    (400 megapixels): a decompression bomb, written chunk by chunk (drawing one with
    Pillow would take the memory it is meant to exhaust)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\0" * (width // 8 + 1) * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><h1>Not an image</h1></body></html>"


class _Handler(BaseHTTPRequestHandler):
    routes = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)  # the client may give up, as it should

    def send_body(self, body, content_type, *, length=True):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _good(handler):
    handler.send_body(png_bytes(), "image/png")


def _bomb(handler):
    handler.send_body(bomb_bytes(), "image/png")


def _svg(handler):
    handler.send_body(SVG, "image/svg+xml")


def _html(handler):
    handler.send_body(HTML, "text/html")


def _loop(handler):
    handler.send_response(302)
    handler.send_header(
        "Location", "/loop-b.png" if handler.path == "/loop-a.png" else "/loop-a.png"
    )
    handler.end_headers()


def _slow(handler):
    """Headers at once, then a byte now and then: never finished within the limit."""
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    handler.end_headers()
    body = png_bytes()
    for index in range(len(body)):
        handler.wfile.write(body[index : index + 1])
        handler.wfile.flush()
        time.sleep(0.2)


def _huge(handler, declared):
    """30 MB of PNG-looking bytes, with or without saying so in Content-Length."""
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    if declared:
        handler.send_header("Content-Length", str(30 * MB))
    handler.end_headers()
    chunk = b"\x89PNG\r\n\x1a\n" + b"\0" * (MB - 8)
    for _ in range(30):
        handler.wfile.write(chunk)


ROUTES = {
    "/good.png": _good,
    "/bomb.png": _bomb,
    "/drawing.svg": _svg,
    "/page.html": _html,
    "/loop-a.png": _loop,
    "/loop-b.png": _loop,
    "/slow.png": _slow,
    "/huge.png": lambda handler: _huge(handler, declared=True),
    "/huge-undeclared.png": lambda handler: _huge(handler, declared=False),
}


@contextmanager
def image_server():
    """The server's base URL, e.g. ``http://127.0.0.1:41234``, while the block runs."""
    handler = type("Handler", (_Handler,), {"routes": ROUTES})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
