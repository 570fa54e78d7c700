"""The reference for `make bench`: the stock `rasa init` assistant, created and trained in a
temporary folder, served on a free port and measured on its plain replies the same way as ours."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from scripts.bench_load import measure, resident_mb, rest_sender, session_curve
from tests.harness import RASA, free_port, wait_until_up

CACHE = Path(__file__).resolve().parent.parent / "bench" / "stock"  # for --no-training

# Stock replies with no custom action: greet -> utter_greet, mood_great -> utter_happy.
PLAIN_TEXTS = ["hello", "good morning", "I am feeling great", "hey there", "perfect"]


def stock_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


def measure_stock(folder: Path, training: bool = True) -> dict:
    """Create, train, start and measure the stock assistant; stop it again. Without `training`
    the last trained stock project in bench/stock is reused."""
    cached = not training and list((CACHE / "models").glob("*.tar.gz"))
    project = CACHE if cached else folder / "stock"
    if not cached:
        project.mkdir(parents=True)
        began = time.perf_counter()
        # --no-prompt writes the starter project and trains it with its default config.
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(project)],
            cwd=folder,
            env=stock_env(),
            check=True,
            capture_output=True,
        )
        training_s = time.perf_counter() - began
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.copytree(project, CACHE)
    else:
        training_s = float("nan")
    model = next((project / "models").glob("*.tar.gz"))
    port = free_port()
    log = folder / "stock.log"
    began = time.perf_counter()
    server = subprocess.Popen(
        [
            str(RASA),
            "run",
            "-m",
            str(model),
            "-i",
            "127.0.0.1",
            "--port",
            str(port),
            "--credentials",
            "credentials.yml",
        ],
        cwd=project,
        env=stock_env(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", server, log, 180)
        send = rest_sender(f"http://127.0.0.1:{port}/webhooks/rest/webhook")
        send("cold-start", "hello")
        cold_start_s = time.perf_counter() - began
        turns = measure(send, "stock", None, PLAIN_TEXTS)
        curve = session_curve(send, "stock-session", None, PLAIN_TEXTS)
        return {
            "session_ms": curve,
            "training_s": training_s,
            "cold_start_s": cold_start_s,
            "rss_mb": {"rasa": resident_mb(server.pid)},
            **turns,
        }
    finally:
        server.terminate()
        server.wait(30)
