"""Pages rendered by several processes and written by one, in the order of one.

Rendering (the live views and templates) is nearly all of an export's time and uses one
core. With ``processes`` N above one, N forked processes render the plan's batches in
turn (batch i by process i mod N) and send each page, with the files it refers to, to
the exporting process, which writes them in the plan's order: the same files and the
same zip, byte for byte, as one process makes.

Forking shares the plan, the renderer and the settings without pickling them. Each
process opens its own database connection (a connection is never shared), so the pages
must be visible to other connections: inside a transaction, or on an in-memory SQLite
database, the export stays in one process.
"""

import os
import signal
import traceback
from collections import deque
from contextlib import suppress
from multiprocessing.connection import Pipe, wait

from django.db import connections

from .errors import ExportError


def usable_processes(requested):
    """``requested``, or 1 where forked processes could not render the pages."""
    if requested <= 1 or not hasattr(os, "fork"):
        return 1
    for alias in connections:
        connection = connections[alias]
        # What a transaction wrote is not visible to other connections; an in-memory
        # SQLite database exists only in this process's connection.
        if connection.in_atomic_block:
            return 1
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return 1
    return requested


class _Unwritten:
    """A forked process's writer: files are written by the exporting process."""

    def write(self, name, data):
        pass

    def copy(self, name, source):
        pass


class PageWorkers:
    """``with PageWorkers(exporter, n) as workers:`` — false when one process exports."""

    def __init__(self, exporter, processes):
        self.exporter = exporter
        self.count = usable_processes(processes)
        self.children = []  # (pid, connection its pages come by), by process number

    def __bool__(self):
        return self.count > 1

    def __enter__(self):
        if self.count > 1:
            # Each process opens its own connection (the parent's again when it next asks).
            connections.close_all()
            for number in range(self.count):
                receiving, sending = Pipe(duplex=False)
                pid = os.fork()
                if pid == 0:
                    receiving.close()
                    _render(self.exporter, number, self.count, sending)
                sending.close()
                self.children.append((pid, receiving))
        return self

    def __exit__(self, error_type, error, trace):
        for pid, receiving in self.children:
            if error_type is not None:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            receiving.close()
            os.waitpid(pid, 0)

    def pages(self):
        """(file, bytes, assets) of every page in the plan's order, as the processes send
        them. Messages of processes whose batch is not next are kept until it is, so that
        none of them waits for this one (a pipe holds 64 kB)."""
        held = {receiving: deque() for _, receiving in self.children}
        turn = 0
        while True:
            receiving = self.children[turn % self.count][1]
            message = held[receiving].popleft() if held[receiving] else None
            if message is None:
                message = self._receive(receiving, held)
            kind = message[0]
            if kind == "page":
                yield message[1:]
            elif kind == "end":  # the batch is complete: the next one's turn
                problems = self.exporter.problems
                problems.extend(problem for problem in message[1] if problem not in problems)
                turn += 1
            elif kind == "done":  # the plan has no batch ``turn``: every page is written
                return
            else:
                raise message[1]

    def _receive(self, awaited, held):
        """The next message of ``awaited``, holding those others send meanwhile."""
        listening = [receiving for receiving in held if not receiving.closed]
        while True:
            for receiving in wait(listening):
                try:
                    message = receiving.recv()
                except EOFError:
                    if receiving is awaited:
                        raise ExportError(
                            "A process rendering the pages stopped; export again."
                        ) from None
                    listening.remove(receiving)
                    continue
                if receiving is awaited:
                    return message
                held[receiving].append(message)


def _render(exporter, number, count, sending):
    """In a forked process: renders batches ``number``, ``number + count``… and sends
    their pages, then exits without returning to the caller's code."""
    status = 1
    try:
        exporter.writer = _Unwritten()
        reported = 0
        for index, batch in enumerate(exporter.batches()):
            if index % count != number:
                continue
            for page in exporter.rendered_pages([batch]):
                sending.send(("page", *page))
            sending.send(("end", exporter.problems[reported:]))
            reported = len(exporter.problems)
        sending.send(("done",))
        status = 0
    except BaseException as error:
        if type(error) is not ExportError:
            # Not every exception survives pickling; the traceback says where it came from.
            error = RuntimeError("".join(traceback.format_exception(error)))
        with suppress(OSError):
            sending.send(("error", error))
    finally:
        connections.close_all()
        os._exit(status)
