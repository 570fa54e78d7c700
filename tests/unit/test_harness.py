"""tests/harness.py: the ports it hands servers."""

from __future__ import annotations

import socket

from tests import harness


def test_a_free_port_is_never_one_the_kernel_may_give_an_outgoing_connection():
    outgoing = harness._outgoing_ports()
    ports = {harness.free_port() for _ in range(50)}
    assert not any(p in outgoing for p in ports)
    for port in ports:  # and nothing listens on it
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
