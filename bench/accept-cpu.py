#!/usr/bin/env python3
"""CPU and wall time of POST /api/process per accepted upload (issue 21, accept path).

Starts the Release build (role all, embedded profile: SQLite, local blobs, in-process queue) in a temporary folder,
uploads one photo over and over, and reads the server's utime+stime from /proc/PID/stat around each phase:

  sequential  N uploads one after the other on one keep-alive connection: CPU ms per accept, wall p50/p99
  concurrent  C clients, each on its own connection, K uploads back to back: accept p50/p99, accepts/s, CPU ms per accept

--workers off sets Worker:Queues=ml, so the standard queue (the conversions these uploads ask for) is not consumed and
the server's CPU is the accept path's alone; --workers on keeps the shipped queues and first submits --saturate jobs
(webp+avif) so that the workers are busy while the uploads are accepted. Only the Python standard library is used.

Usage: python3 bench/accept-cpu.py [--photo tests/testdata/photos/friends-portrait.jpg] [--sequential 300]
           [--clients 32] [--per-client 10] [--workers off|on] [--saturate 8] [--perf-seconds 0] [--set KEY=VALUE]...
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    """utime+stime of the process (all its threads), in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / TICKS


def form(photo, operations):
    boundary = "pixtoolsacceptbench"
    with open(photo, "rb") as f:
        data = f.read()
    name = os.path.basename(photo)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode(),
        data,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    def __init__(self, port, body, content_type):
        self.port, self.body, self.content_type = port, body, content_type
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def submit(self):
        """One upload; returns (status, ms)."""
        start = time.perf_counter()
        self.connection.request("POST", "/api/process", self.body, {"Content-Type": self.content_type})
        response = self.connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - start) * 1000.0


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def sequential(pid, client, n):
    times, statuses = [], {}
    before = cpu_ms(pid)
    for _ in range(n):
        status, ms = client.submit()
        statuses[status] = statuses.get(status, 0) + 1
        if status == 202:
            times.append(ms)
    used = cpu_ms(pid) - before
    accepted = statuses.get(202, 0)
    print(f"sequential {n}: answers {statuses}; server CPU {used:.0f} ms = {used / max(1, accepted):.2f} ms per accept; "
          f"wall mean {statistics.mean(times):.1f} ms, p50 {percentile(times, 50):.1f}, p99 {percentile(times, 99):.1f}", flush=True)


def concurrent(pid, port, body, content_type, clients, per_client):
    times, statuses, lock = [], {}, threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def run():
        client = Client(port, body, content_type)
        barrier.wait()
        for _ in range(per_client):
            status, ms = client.submit()
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 202:
                    times.append(ms)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    before, start, client_before = cpu_ms(pid), time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    wall, used = time.perf_counter() - start, cpu_ms(pid) - before
    client_used = (time.process_time() - client_before) * 1000.0
    accepted = statuses.get(202, 0)
    print(f"concurrent {clients}x{per_client}: answers {statuses}; accept p50 {percentile(times, 50):.0f} ms, "
          f"p99 {percentile(times, 99):.0f} ms, max {max(times):.0f} ms; {accepted / wall:.1f} accepts/s; "
          f"server CPU {used / max(1, accepted):.2f} ms per accept, this client's {client_used / max(1, accepted):.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dll", default=os.path.join(REPO, "src/PixTools/bin/Release/net10.0/PixTools.dll"))
    parser.add_argument("--photo", default=os.path.join(REPO, "tests/testdata/photos/friends-portrait.jpg"))
    parser.add_argument("--operations", default='["webp"]')
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1, help="sequential phases one after the other (the JIT's tiering settles over the first minutes)")
    parser.add_argument("--workers", choices=["on", "off"], default="off")
    parser.add_argument("--saturate", type=int, default=8)
    parser.add_argument("--perf-seconds", type=int, default=0, help="perf record the server for this long during an extra sequential phase")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="pixtools-accept-")
    port = 20000 + os.getpid() % 20000
    env = dict(os.environ)
    env.update({
        "PIXTOOLS_URLS": f"http://127.0.0.1:{port}",
        "PIXTOOLS_DATABASE__CONNECTIONSTRING": f"Data Source={folder}/pixtools.db",
        "PIXTOOLS_STORAGE__LOCAL__ROOT": f"{folder}/blobs",
        "PIXTOOLS_RATELIMITS__SUBMITBURST": "0",
        "PIXTOOLS_ADMISSION__MAXUNFINISHEDJOBS": "100000",
        "DOTNET_PerfMapEnabled": "1" if args.perf_seconds else "0",
    })
    if args.workers == "off":
        env["PIXTOOLS_WORKER__QUEUES"] = "ml"
    for item in args.set:
        key, value = item.split("=", 1)
        env[key] = value
    log = open(os.path.join(folder, "server.log"), "w")
    server = subprocess.Popen(["dotnet", args.dll], cwd=os.path.dirname(args.dll), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/livez", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        print(f"server pid {server.pid}, photo {os.path.basename(args.photo)} ({os.path.getsize(args.photo)} bytes), "
              f"operations {args.operations}, workers {args.workers}; load average {os.getloadavg()[0]:.2f}", flush=True)
        body, content_type = form(args.photo, args.operations)
        client = Client(port, body, content_type)
        for _ in range(30):
            client.submit()  # warm-up: JIT, connection pools, thread pool
        if args.clients:
            concurrent(server.pid, port, body, content_type, args.clients, 2)
        if args.workers == "on" and args.saturate:
            saturating, saturating_type = form(args.photo, '["webp","avif"]')
            busy = Client(port, saturating, saturating_type)
            for _ in range(args.saturate):
                busy.submit()
            time.sleep(1)
        for _ in range(args.rounds):
            if args.sequential:
                sequential(server.pid, client, args.sequential)
        if args.clients:
            concurrent(server.pid, port, body, content_type, args.clients, args.per_client)
        if args.perf_seconds:
            out = os.path.join(tempfile.gettempdir(), f"accept-perf-{server.pid}.data")
            perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(server.pid), "-o", out, "--", "sleep", str(args.perf_seconds)])
            end = time.time() + args.perf_seconds
            count = 0
            while time.time() < end:
                client.submit()
                count += 1
            perf.wait()
            print(f"perf: {count} sequential uploads recorded in {out}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
