"""A program run in a pseudo-terminal, as a rep's terminal runs it: type keys, wait for text."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

# Cursor moves, colours and the like, left out when looking for text.
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]")
_CURSOR_QUESTION = "\x1b[6n"  # prompt_toolkit asks where the cursor is; a terminal answers


class Terminal:
    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color"},
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.raw = ""  # everything the program wrote
        self._seen = 0  # where the next expect starts looking, in the plain text

    @property
    def text(self) -> str:
        return _ESCAPES.sub("", self.raw).replace("\r", "")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def expect(self, pattern: str, timeout: float = 60) -> re.Match:
        """Wait for `pattern` in the plain text written since the last match."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.compile(pattern).search(self.text, self._seen)
            if found:
                self._seen = found.end()
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.5)) and self.process.poll() is not None):
                raise AssertionError(f"no {pattern!r} in:\n{self.text[self._seen :][-3000:]}")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536).decode(errors="replace")
        except OSError:  # the program ended and closed the terminal
            return False
        if _CURSOR_QUESTION in chunk:
            self.type("\x1b[1;1R")
        self.raw += chunk
        return True

    def close(self) -> int:
        try:
            return self.process.wait(30)
        finally:
            os.close(self.master)
