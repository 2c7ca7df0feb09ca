"""A task for the worker process tests: it leaves a line saying who ran it."""

import os
import time

from django.tasks import task


@task
def append_line(path, marker):
    time.sleep(0.1)  # long enough for two workers to overlap
    with open(path, "a", encoding="utf-8") as file:  # O_APPEND: whole lines, never mixed
        file.write(f"{marker} {os.getpid()}\n")
