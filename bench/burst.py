#!/usr/bin/env python3
"""A burst of new clients at once against a running m4d-serve: N threads open
a connection each at the same moment, ask GET /healthz and read the answer;
prints the latency percentiles and the statuses (err: no answer in 10 s).

  burst.py PORT [N=200]

What it shows: whether the listen backlog holds a burst (with cpp-httplib's
backlog of 5, handshakes were dropped and retried after 1, 3, 7 s)."""
import socket
import sys
import threading
import time

port = int(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
results = []
lock = threading.Lock()
go = threading.Event()


def one():
    go.wait()
    start = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
        status = data[9:12].decode() or "err"
    except OSError:
        status = "err"
    with lock:
        results.append((time.time() - start, status))


threads = [threading.Thread(target=one) for _ in range(n)]
for t in threads:
    t.start()
time.sleep(0.2)
go.set()
for t in threads:
    t.join()
latencies = sorted(x for x, _ in results)
statuses = {}
for _, s in results:
    statuses[s] = statuses.get(s, 0) + 1
pct = lambda p: latencies[max(0, int(len(latencies) * p) - 1)] * 1000
print(f"{n} simultaneous new connections: p50 {pct(0.5):.1f} ms  p99 {pct(0.99):.1f} ms  "
      f"max {latencies[-1] * 1000:.1f} ms  statuses {statuses}")
