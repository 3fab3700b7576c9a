#!/usr/bin/env python3
"""Save-to-reload latency of `dossier serve`: a benchmark, not a test.

For each corpus size it copies the briefing corpus that bench/run.py keeps in --work (or
generates one with bench/gen_corpus.py when there is none) into a temporary folder, starts
`dossier serve` on the copy, listens on the live-reload event stream like a browser tab, then
appends a sentence to one briefing (the middle one) and measures the time until the `reload`
event arrives (the rebuilt site is then being served). `dossier serve` keeps the site in memory,
so nothing is written to disk but the copy.

    cargo build --release
    python3 bench/preview_latency.py [--sizes 1000 10000] [--runs 5] [--work target/bench]
        [--gen bench/gen_corpus.py] [--bin target/release/dossier]

At 10,000 briefings (the size of the targets in docs/PERFORMANCE.md), with the corpus of
`python3 bench/run.py --sizes 10000` already in target/bench:

    python3 bench/preview_latency.py --sizes 10000 --runs 5

The first build there takes tens of seconds and each save a few seconds more; without a cached
corpus, generating one adds about a minute. For the same edit on disk, timed until the page is
rewritten, see the `watch:` rows of bench/run.py.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

def read_event(sock_file, name):
    """Read SSE lines until `event: name`; return when it is seen."""
    while True:
        line = sock_file.readline()
        if not line:
            raise RuntimeError("event stream closed")
        if line.decode("utf-8", "replace").strip() == f"event: {name}":
            return

def run_size(args, n):
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        cached = os.path.join(args.work, f"briefing-{n}")
        if os.path.exists(os.path.join(cached, "manifest.json")):
            shutil.copytree(cached, site)  # a copy: the edits below are not undone
        else:
            subprocess.run([sys.executable, args.gen, "--n", str(n), "--flavor", "briefing", "--out", site],
                           check=True, stdout=subprocess.DEVNULL)
        start = time.monotonic()
        proc = subprocess.Popen([args.bin, "serve", "--root", site, "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            addr = None
            for line in proc.stdout:
                m = re.search(r"serving .* at http://([^/]+)/", line)
                if m:
                    addr = m.group(1)
                    break
            if addr is None:
                raise RuntimeError("dossier serve did not start")
            first = time.monotonic() - start
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            host, port = addr.rsplit(":", 1)
            briefings = os.path.join(site, "content", "briefings")
            target = os.path.join(briefings, sorted(os.listdir(briefings))[n // 2])
            times = []
            for i in range(args.runs):
                s = socket.create_connection((host, int(port)))
                s.sendall(f"GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
                f = s.makefile("rb")
                read_event(f, "hello")
                with open(target, "a", encoding="utf-8") as out:
                    out.write(f"\nOne more sentence, edit {i}.\n")
                t0 = time.monotonic()
                read_event(f, "reload")
                times.append((time.monotonic() - t0) * 1000)
                s.close()
                time.sleep(0.3)
            return first, times
        finally:
            proc.kill()
            proc.wait()

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default=os.path.join(root, "target", "bench"),
                   help="where bench/run.py keeps its corpora (briefing-N); copied, never changed")
    p.add_argument("--gen", default=os.path.join(root, "bench", "gen_corpus.py"))
    p.add_argument("--bin", default=os.path.join(root, "target", "release", "dossier"))
    args = p.parse_args()
    print(f"{'briefings':>10} {'first build s':>14} {'save→reload median ms':>22} {'min ms':>8} {'max ms':>8}")
    for n in args.sizes:
        first, times = run_size(args, n)
        print(f"{n:>10} {first:>14.2f} {statistics.median(times):>22.0f} {min(times):>8.0f} {max(times):>8.0f}",
              flush=True)

if __name__ == "__main__":
    main()
