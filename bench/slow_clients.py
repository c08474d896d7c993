#!/usr/bin/env python3
"""Idle and slow clients against m4d-serve, and a probe that measures what a
new client sees meanwhile (used by bench/slow_clients.sh).

  slow_clients.py PORT SECONDS [IDLE] [SLOW]

IDLE clients open a keep-alive connection, send one request and stay silent;
SLOW clients (slowloris) send a request line then one header line every 8 s.
Both reconnect as soon as the server closes on them. The probe opens a new
connection every 100 ms for /api/search and prints the latency percentiles
and the failures (no answer within 10 s, or not 200)."""
import socket, sys, threading, time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
idle = int(sys.argv[3]) if len(sys.argv) > 3 else 64
slow = int(sys.argv[4]) if len(sys.argv) > 4 else 32
stop = time.time() + seconds
held = {"idle": 0, "slow": 0}


def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.settimeout(1)
    return s


def closed(s):
    try:
        return s.recv(65536) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def idle_client():
    while time.time() < stop:
        try:
            s = connect()
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            held["idle"] += 1
            while time.time() < stop and not closed(s):
                pass
            held["idle"] -= 1
            s.close()
        except OSError:
            time.sleep(0.1)


def slow_client():
    while time.time() < stop:
        try:
            s = connect()
            s.sendall(b"GET /api/search?q=diaspora HTTP/1.1\r\nHost: x\r\n")
            held["slow"] += 1
            last = time.time()
            while time.time() < stop and not closed(s):
                if time.time() - last >= 8:
                    s.sendall(b"X-Slow: 1\r\n")
                    last = time.time()
            held["slow"] -= 1
            s.close()
        except OSError:
            time.sleep(0.1)


threads = [threading.Thread(target=idle_client, daemon=True) for _ in range(idle)]
threads += [threading.Thread(target=slow_client, daemon=True) for _ in range(slow)]
for t in threads:
    t.start()
time.sleep(2)  # let them take their workers
latencies, failures = [], 0
while time.time() < stop:
    t0 = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.settimeout(10)
        s.sendall(b"GET /api/search?q=remittances%20women&theme=rights HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        if data.startswith(b"HTTP/1.1 200"):
            latencies.append((time.time() - t0) * 1000)
        else:
            failures += 1
    except OSError:
        failures += 1
    time.sleep(0.1)
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")
print(f"new client /api/search with {idle} idle and {slow} slow clients: {len(latencies)} answered, "
      f"{failures} failed; p50 {pct(50):.1f} ms  p99 {pct(99):.1f} ms  max {latencies[-1] if latencies else float('nan'):.1f} ms")
