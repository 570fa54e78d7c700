"""A throwaway PostgreSQL server for tests: Debian's (scripts/install_test_packages.sh), started on
loopback in a temporary folder with trust authentication, and removed afterwards."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from tests.harness import free_port

USER = "rasa"


def postgres_bin(tool: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    if not found:
        pytest.fail("PostgreSQL is missing: scripts/install_test_packages.sh installs it")
    return found[-1]


def as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the Debian package adds a `postgres` user for it.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass(frozen=True)
class PostgresServer:
    port: int

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def createdb(self, name: str, template: str | None = None) -> None:
        self._sql(f"create database {name}" + (f" template {template}" if template else ""))

    def dropdb(self, name: str) -> None:
        self._sql(f"drop database if exists {name} with (force)")

    def fresh_database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of `template` (a file copy, faster than building
        its tables again)."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.createdb(name, template)
        return name

    def _sql(self, statement: str) -> None:
        # Through the maintenance database, not a createdb process: a store test makes one
        # database each, hundreds a run.
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(statement)
        finally:
            conn.close()


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    folder = Path(tempfile.mkdtemp(prefix="dunning-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(
        as_postgres([postgres_bin("initdb"), "-D", str(data), "-U", USER, "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    ctl = [postgres_bin("pg_ctl"), "-D", str(data)]
    subprocess.run(
        as_postgres(
            [
                *ctl,
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresServer(port)
    finally:
        subprocess.run(as_postgres([*ctl, "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
