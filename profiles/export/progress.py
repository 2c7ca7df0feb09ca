"""Progress of a long export: a bar on a terminal, plain lines in logs and pipes."""

import time

BAR_WIDTH = 30
# Plain output says where it is every this many pages (and at the end).
LINE_EVERY = 100


class Progress:
    def __init__(self, write, *, terminal, label="pages"):
        self.write = write
        self.terminal = terminal
        self.label = label
        self._last_draw = 0.0

    def __call__(self, done, total):
        if self.terminal:
            now = time.monotonic()
            if done < total and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            end = "\n" if done == total else ""
            self.write(f"\r[{bar}] {done}/{total} {self.label}{end}")
        elif done % LINE_EVERY == 0 or done == total:
            self.write(f"{done}/{total} {self.label}\n")
