"""Run Python in a fresh interpreter with every way onto the network refused, for the tests that
prove a model or dictionary loads from its installed package (nothing downloaded)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_BLOCK = textwrap.dedent("""
    import socket
    def refuse(*args, **kwargs):
        raise RuntimeError("network use: " + repr(args[:2]))
    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = refuse
    try:
        socket.create_connection(("127.0.0.1", 9))
        raise SystemExit("the block did not work")
    except RuntimeError:
        pass
""")


def run_offline(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run after the block (a fresh interpreter, so loading happens after it); the control
    in the block shows it works before anything is imported."""
    return subprocess.run(
        [sys.executable, "-c", _BLOCK + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
