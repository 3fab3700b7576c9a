#!/usr/bin/env python3
"""Hostile shapes: how Dossier's time grows with the number of actors and the depth of nesting.

    python3 bench/shapes.py [--actors 20000,100000] [--per-briefing 50] [--nesting 80000]
                            [--front-matter-mb 9.5] [--runs 1] [--only one,spread,nested,wide,deep]
                            [--work DIR] [--out-root DIR]

Each row generates a small site in --work and times `dossier check` (every stage but the
write: pages are rendered and kept in memory) and `dossier build` (pages rendered and written
as they come, into a fresh folder under --out-root, by default /dev/shm when it has room, so
that the disk's speed at creating 100,000 folders is not measured) on it:

  one N        one briefing with N inline actors (`{id, name, aliases}`), whose body names
               every actor once, a tenth of them through an alias
  spread N     N actors across N / --per-briefing briefings, each briefing defining its own
               cast inline and naming each actor of it in its body; every briefing also lists
               the first ten actors of the site by id, and names (without annotating) the first
               actor of the next briefing
  nested D     one briefing whose `summary:` opens D flow lists (`[[[[…`), which must be
               refused with a finding
  wide MB      one briefing whose front matter is about MB megabytes of flow lists nested 200
               deep side by side, refused too
  deep MB      the same nested 60 deep (under the limit of 64), in a field a briefing does not
               have: up to 1,500,000 values (about 2.9 MB) libyaml reads all of it, and the
               field is refused as unknown; beyond, the front matter is refused unread
  flat MB      `tags: [a, a, a, …]`, about MB megabytes: up to 1,500,000 values (about 4.4 MB)
               a valid front matter (one tag), beyond it refused unread

Prints wall time, CPU time (user + system) and peak memory (max RSS) of the median run, and
for `one` and `spread` with several sizes, the CPU time per actor at each size (linear
handling keeps it flat). The release binary is built first (`cargo build --release`), unless
--bin names another `dossier` binary to time (a build of an earlier commit, say).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("one", "spread", "nested", "wide", "deep", "flat")


def run(cmd, cwd, ok_codes=(0,)):
    """Run cmd; return (wall s, cpu s, max rss bytes, exit code)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            out.seek(0)
            sys.exit(f"command failed ({code}): {' '.join(map(str, cmd))}\n"
                     f"{out.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, code


def name_of(i):
    """A distinct two-word name per actor, letters only (so names never contain one another)."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    n = i
    for _ in range(5):
        word += letters[n % 20]
        n //= 20
    return f"Ka{word} Vo{word[::-1]}"


def actor_line(i):
    alias = f", aliases: [Zu{name_of(i).split()[0][2:]}]" if i % 10 == 0 else ""
    return f"  - {{id: actor-{i}, name: {name_of(i)}{alias}}}\n"


def mention(i):
    return f"Zu{name_of(i).split()[0][2:]}" if i % 10 == 0 else name_of(i)


def body_naming(ids):
    """Paragraphs of twenty sentences, each naming one actor."""
    out = []
    for start in range(0, len(ids), 20):
        out.append(" ".join(f"{mention(i)} spoke." for i in ids[start:start + 20]))
    return "\n\n".join(out) + "\n"


def site(work, label, files):
    root = work / label
    if root.exists():
        shutil.rmtree(root)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def one(work, n):
    yaml = "title: Crowd\ndate: 2024-01-01\nactors:\n" + "".join(actor_line(i) for i in range(n))
    return site(work, f"one-{n}", {"content/crowd.md": f"---\n{yaml}---\n{body_naming(list(range(n)))}"})


def spread(work, n, per):
    files = {}
    for b in range(0, n, per):
        ids = list(range(b, min(n, b + per)))
        yaml = f"title: Briefing {b // per}\ndate: 2024-01-01\nactors:\n"
        yaml += "".join(f"  - actor-{i}\n" for i in range(min(10, b)))
        yaml += "".join(actor_line(i) for i in ids)
        named = list(range(min(10, b))) + ids + ([b + per] if b + per < n else [])
        files[f"content/b{b // per:06}.md"] = f"---\n{yaml}---\n{body_naming(named)}"
    return site(work, f"spread-{n}", files)


def nested(work, depth):
    yaml = f"title: Deep\ndate: 2024-01-01\nsummary: {'[' * depth}\n"
    return site(work, f"nested-{depth}", {"content/deep.md": f"---\n{yaml}---\n"})


def wide(work, mb, depth=200, field="summary"):
    # Nested `depth` deep, closed, then again, until the front matter has about MB megabytes.
    unit = "[" * depth + "x" + "]" * depth
    count = int(mb * 1_000_000) // (len(unit) + 2)
    yaml = f"title: Wide\ndate: 2024-01-01\n{field}: [" + ", ".join([unit] * count) + "]\n"
    return site(work, f"wide-{depth}-{mb}", {"content/wide.md": f"---\n{yaml}---\n"})


def measure(binary, root, out_root, runs, what, ok_codes):
    times = []
    for _ in range(runs):
        out = out_root / f"{root.name}-public"
        if out.exists():
            shutil.rmtree(out)
        cmd = [str(binary), what, "--root", str(root)] + (["-o", str(out)] if what == "build" else [])
        times.append(run(cmd, REPO, ok_codes))
        if out.exists():
            shutil.rmtree(out)
    return sorted(times)[len(times) // 2]


def row(args, label, root, out_root, refused):
    ok = (1,) if refused else (0, 1)
    for what in ("check",) if refused else ("check", "build"):
        wall, cpu, rss, code = measure(args.bin, root, out_root, args.runs, what, ok)
        print(f"{label:<22} {what:<6} {wall:8.2f} {cpu:8.2f} {rss / 2**20:8.0f}  exit {code}", flush=True)
        yield what, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--actors", default="20000,100000", help="comma-separated actor counts")
    ap.add_argument("--per-briefing", type=int, default=50, help="actors defined per briefing in `spread`")
    ap.add_argument("--nesting", default="80000", help="comma-separated nesting depths")
    ap.add_argument("--front-matter-mb", default="2.9,9.5",
                    help="comma-separated sizes of the `wide`, `deep` and `flat` front matters")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--only", default=",".join(KINDS), help=f"comma-separated rows: {', '.join(KINDS)}")
    ap.add_argument("--work", default=str(REPO / "target" / "bench-shapes"))
    ap.add_argument("--out-root", help="where build outputs go (default: /dev/shm if it has 4 GB free, else --work)")
    ap.add_argument("--bin", help="the dossier binary to time (default: this checkout's release build)")
    args = ap.parse_args()
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    if only - set(KINDS):
        ap.error(f"unknown row(s) in --only: {', '.join(sorted(only - set(KINDS)))}")
    if args.bin:
        args.bin = Path(args.bin).resolve()
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        args.bin = REPO / "target" / "release" / "dossier"
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    shm = Path("/dev/shm")
    if args.out_root:
        out_root = Path(args.out_root).resolve()
    elif shm.is_dir() and shutil.disk_usage(shm).free > 4e9:
        out_root = Path(tempfile.mkdtemp(prefix="dossier-shapes-", dir=shm))
    else:
        out_root = work
    out_root.mkdir(parents=True, exist_ok=True)
    try:
        rows(args, only, work, out_root)
    finally:
        if out_root != work and not args.out_root:
            shutil.rmtree(out_root, ignore_errors=True)


def rows(args, only, work, out_root):
    sizes = [int(x) for x in args.actors.split(",") if x]
    print(f"{'site':<22} {'cmd':<6} {'wall s':>8} {'cpu s':>8} {'max MB':>8}")
    per_actor = {}
    for kind in ("one", "spread"):
        if kind not in only:
            continue
        for n in sizes:
            root = one(work, n) if kind == "one" else spread(work, n, args.per_briefing)
            for what, cpu in row(args, f"{kind} {n:,}", root, out_root, refused=False):
                per_actor.setdefault((kind, what), []).append((n, cpu))
            shutil.rmtree(root)
    if "nested" in only:
        for d in (int(x) for x in args.nesting.split(",") if x):
            root = nested(work, d)
            list(row(args, f"nested {d:,}", root, out_root, refused=True))
            shutil.rmtree(root)
    for kind, depth, field in (("wide", 200, "summary"), ("deep", 60, "extra")):
        if kind not in only:
            continue
        for mb in (float(x) for x in args.front_matter_mb.split(",") if x):
            root = wide(work, mb, depth, field)
            list(row(args, f"{kind} {mb} MB", root, out_root, refused=True))
            shutil.rmtree(root)
    if "flat" in only:
        for mb in (float(x) for x in args.front_matter_mb.split(",") if x):
            yaml = "title: Flat\ndate: 2024-01-01\ntags: [" + "a, " * (int(mb * 1_000_000) // 3) + "a]\n"
            root = site(work, f"flat-{mb}", {"content/flat.md": f"---\n{yaml}---\n"})
            list(row(args, f"flat {mb} MB", root, out_root, refused=mb > 4.4))
            shutil.rmtree(root)
    for (kind, what), figures in per_actor.items():
        if len(figures) > 1:
            shown = ", ".join(f"{n:,}: {cpu / n * 1e6:.0f} µs" for n, cpu in figures)
            print(f"CPU time per actor, {kind} {what}: {shown}")


if __name__ == "__main__":
    main()
