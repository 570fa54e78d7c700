"""tests/harness.py: the ports it hands servers."""

from __future__ import annotations

import socket

from tests import harness


def test_a_free_port_is_never_one_the_kernel_may_give_an_outgoing_connection():
    outgoing = harness._outgoing_ports()
    ports = [harness.free_port() for _ in range(50)]
    assert not any(p in outgoing for p in ports)
    assert len(set(ports)) == len(ports)  # none handed out twice
    for port in ports:  # and nothing listens on it
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


def test_with_no_room_outside_that_range_the_kernels_pick_is_used(monkeypatch):
    monkeypatch.setattr(harness, "_outgoing_ports", lambda: range(1024, 65_536))
    port = harness.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
