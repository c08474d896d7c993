#!/usr/bin/env python3
"""Soak test driver (bench/soak.sh runs it): m4d-serve under wrk, editors'
writes from 4 clients, idle and slow clients, kill -9 restarts in the middle
of writes, then a rebuild from the corpus. Prints requests, non-2xx,
acknowledged writes lost or duplicated (must be 0), RSS and open fds.

  soak.py ROOT WORKDIR SECONDS WRITES RESTARTS
"""
import json, os, random, signal, socket, subprocess, sys, threading, time, urllib.error, urllib.request

root, work, seconds, writes, restarts = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
token = "soak-editor-token"
bin_dir = os.path.join(root, "build", "bin")
corpus, index = os.path.join(work, "corpus"), os.path.join(work, "index")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


port = free_port()
base = f"http://127.0.0.1:{port}"
server = None


def start_server():
    global server
    env = dict(os.environ, M4D_EDITOR_TOKEN=token)
    server = subprocess.Popen([os.path.join(bin_dir, "m4d-serve"), "--index", index, "--corpus", corpus, "--port", str(port),
                               "--web", os.path.join(root, "web")], env=env, stderr=open(os.path.join(work, "serve.log"), "a"))
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("soak: m4d-serve did not start")


def proc_stats(pid):
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""  # connection reset or refused (a restart): not acknowledged


# What the service acknowledged: id -> expected title, or None when deleted.
acknowledged, lock = {}, threading.Lock()
counts = {"writes": 0, "acknowledged": 0, "unanswered": 0, "refused": 0}


def writer(n, who):
    mine = []
    for i in range(n):
        # Spread over the run, so that the restarts land in the middle of writes.
        time.sleep(max(0.0, t0 + (i + random.random()) * (seconds - 10) / n - time.time()))
        op = random.random()
        if mine and op < 0.25:
            doc_id = random.choice(mine)
            title = f"Soak {who}-{i} updated cooperative"
            status, _ = call("PUT", "/api/documents/" + doc_id, {"title": title, "text": text(who, i), "type": "case_study"})
            result = (doc_id, title) if status == 200 else None
        elif mine and op < 0.35:
            doc_id = mine.pop(random.randrange(len(mine)))
            status, _ = call("DELETE", "/api/documents/" + doc_id)
            result = (doc_id, None) if status == 204 else None
        else:
            title = f"Soak {who}-{i} cooperative"
            status, body = call("POST", "/api/documents", {"title": title, "text": text(who, i), "type": "case_study"})
            result = None
            if status == 201:
                doc_id = json.loads(body)["id"]
                mine.append(doc_id)
                result = (doc_id, title)
        with lock:
            counts["writes"] += 1
            if result:
                counts["acknowledged"] += 1
                acknowledged[result[0]] = result[1]
            elif status == 0:
                counts["unanswered"] += 1
            else:
                counts["refused"] += 1


def text(who, i):
    return (f"Soak marker soakw{who}n{i}: returnees in the district formed a cooperative that uses remittances "
            f"to buy seeds and tools, with training from the municipality and the diaspora association.")


def check(label):
    """Every acknowledged document is there exactly once with its last acknowledged title; deleted ones are gone."""
    lost = duplicated = 0
    for doc_id, title in acknowledged.items():
        status, body = call("GET", "/api/documents/" + doc_id)
        if title is None:
            lost += status != 404
            continue
        if status != 200 or json.loads(body)["title"] != title:
            lost += 1
            continue
        marker = title.split()[1]  # "who-i"
        status, body = call("GET", "/api/export?format=json&q=" + urllib.request.quote(f'"Soak {marker}"'))
        same = [u for u in json.loads(body) if u.get("title", "").startswith(f"Soak {marker} ")] if status == 200 else []
        duplicated += len(same) > 1
    print(f"{label}: {len(acknowledged)} acknowledged documents checked: lost {lost}, duplicated {duplicated}")
    return lost + duplicated


start_server()
rss0, fds0 = proc_stats(server.pid)
wrk = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{int(seconds)}s", "--latency", "-s", os.path.join(root, "bench/queries.lua"), base],
                       stdout=subprocess.PIPE, text=True)
slow = subprocess.Popen([sys.executable, os.path.join(root, "bench/slow_clients.py"), str(port), str(seconds - 5), "16", "8"],
                        stdout=subprocess.PIPE, text=True)
t0 = time.time()
writers = [threading.Thread(target=writer, args=(writes // 4, w)) for w in range(4)]
for t in writers:
    t.start()
for k in range(restarts):
    time.sleep(max(0.0, t0 + seconds * (k + 1) / (restarts + 1) - time.time()))
    server.send_signal(signal.SIGKILL)  # in the middle of writes
    server.wait()
    start_server()
for t in writers:
    t.join()
rss1, fds1 = proc_stats(server.pid)
wrk_out, _ = wrk.communicate()
slow_out, _ = slow.communicate()
total = sum(int(l.split()[0]) for l in wrk_out.splitlines() if "requests in" in l)
non2xx = sum(int(l.split()[-1]) for l in wrk_out.splitlines() if "Non-2xx" in l)
errors = [l.strip() for l in wrk_out.splitlines() if "Socket errors" in l]
print(f"wrk, 32 connections, {seconds:.0f} s: {total} requests, non-2xx {non2xx}; {errors[0] if errors else 'no socket errors'}")
print("slow and idle clients: " + slow_out.strip())
print(f"writes: {counts['writes']} sent, {counts['acknowledged']} acknowledged, {counts['unanswered']} unanswered "
      f"(restarts), {counts['refused']} refused; {restarts} kill -9 restarts")
print(f"m4d-serve RSS {rss0} MB, open fds {fds0} at start (first process); RSS {rss1} MB, open fds {fds1} "
      f"at the end (the process started by the last restart)")
bad = check("live service after restarts")
server.terminate()
server.wait()
subprocess.run([os.path.join(bin_dir, "m4d-index"), "--corpus", corpus, "--taxonomy", os.path.join(root, "taxonomy"),
                "--out", index], check=True, stderr=subprocess.DEVNULL)
start_server()
bad += check("rebuilt from corpus/")
server.terminate()
server.wait()
sys.exit(1 if bad else 0)
