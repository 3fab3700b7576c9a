#!/usr/bin/env python3
"""Dossier's benchmark harness: full builds, incremental rebuilds and the read-render-write
floor on a synthetic briefing corpus, side by side with Hugo (and Zola if installed).

    python3 bench/run.py [--sizes 1000,10000,50000] [--runs 5] [--only dossier,watch,floor,hugo,zola]
                         [--no-hugo] [--work DIR] [--out-root DIR] [--keep-outputs]

For each size N it generates the same corpus for Dossier and for Hugo with bench/gen_corpus.py
(cached in --work; a 50,000 corpus takes minutes to generate the first time), then runs,
--runs times each, and prints medians:

  dossier full         `dossier build` into a fresh output folder
  dossier noop         `dossier build` again over an unchanged output folder
  dossier 1 edit       `dossier build` (a new process) after a sentence is added to one briefing
  watch: 1 body edit   one `dossier build --watch` process per size: from writing a sentence into
                       a paragraph of one briefing (the middle one) until the process reports the
                       rebuild and that briefing's page on disk holds the sentence; CPU is the
                       watcher's during the rebuild, peak memory its VmHWM
  watch: actor rename  the same for a new `name:` in one actor profile (the middle one), until
                       the actor's page on disk shows the new name
  floor                `examples/floor.rs`: read, split, render markdown, write; nothing else
  hugo                 `hugo` on the equivalent site (Debian's hugo, or `hugo` on PATH)
  zola                 `zola build` on the equivalent site, when `zola` is on PATH

`--only` picks groups of rows: dossier (the first three), watch, floor, hugo, zola.

Every edit is undone (and waited for) before the next run; an edit interrupted by a crash is
undone at the next start from a note kept in --work.

Outputs of every tool go under --out-root, by default a fresh folder in /dev/shm (tmpfs) when
it has room, else in --work; each is deleted once measured (unless --keep-outputs). On a disk
file system, creating many files shortly after deleting many is slow (ext4 skips recently freed
inodes), and a harness that clears the output folder before every full build would measure
that instead of the tools. Corpora stay in --work.

Columns: wall and CPU seconds, peak memory (max RSS), pages and bytes written. Ratios to Hugo
and to the floor are printed under each table, and with several sizes the scaling of full
builds (time at the largest size / time at 10,000, and time per briefing) under all of them.
Timings are medians; absolute numbers drift from machine to machine, so compare the ratios.
"""

import argparse
import ctypes
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "bench" / "gen_corpus.py"
GROUPS = ("dossier", "watch", "floor", "hugo", "zola")
# Room an output root needs per briefing: Dossier writes about 48 KB per briefing, the floor 8 KB,
# Hugo 13 KB. Outputs are deleted once measured, so only one is there at a time, unless they are
# kept.
ROOM_PER_BRIEFING = 60_000
ROOM_PER_BRIEFING_KEPT = 150_000
# The longest wait for one rebuild of the watching process, and for its first build.
REBUILD_TIMEOUT = 600
FIRST_BUILD_TIMEOUT = 3600
# Pause after an edit is undone, longer than the watcher's debounce, so that no rebuild of the
# previous edit is still pending when the next one is written.
SETTLE = 0.5
PENDING = "pending-restore.json"


def run(cmd, cwd=None, env=None):
    """Run cmd; return (wall s, cpu s, max rss bytes). Fails loudly on a non-zero exit."""
    with tempfile.TemporaryFile() as err:
        # stderr into a file, not a pipe, so that a chatty command never blocks on a full pipe
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            sys.exit(f"command failed ({code}): {' '.join(map(str, cmd))}\n"
                     f"{err.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def tree_size(path):
    size = 0
    pages = 0
    for root, _, names in os.walk(path):
        for n in names:
            size += os.path.getsize(os.path.join(root, n))
            pages += n.endswith(".html")
    return pages, size


def corpus(work, n, flavor):
    out = work / f"{flavor}-{n}"
    if not (out / "manifest.json").exists():
        if out.exists():
            shutil.rmtree(out)
        print(f"generating the {flavor} corpus of {n:,} briefings into {out} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        extra = ["--hugo-layouts", hugo_layouts()] if flavor == "hugo" else []
        subprocess.run([sys.executable, str(GEN), "--n", str(n), "--flavor", flavor, "--out", str(out)] + extra,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return out


def hugo_layouts():
    try:
        v = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return "legacy"
    # "hugo v0.111.3..." -> legacy layouts before 0.146
    try:
        minor = int(v.split("v0.")[1].split(".")[0])
    except (IndexError, ValueError):
        return "modern"
    return "legacy" if minor < 146 else "modern"


def fs_type(path):
    """The type of the file system holding path (from /proc/mounts), or '?'."""
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                inside = str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")
                if inside and len(mount) > len(best):
                    best, kind = mount, parts[2]
    except OSError:
        pass
    return kind


def mem_available():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def out_root(arg, work, largest, keep):
    """The folder for all outputs, and whether the harness created it (and deletes it at the end)."""
    if arg:
        root = Path(arg).resolve()
        root.mkdir(parents=True, exist_ok=True)
        return root, False
    need = largest * (ROOM_PER_BRIEFING_KEPT if keep else ROOM_PER_BRIEFING)
    shm = Path("/dev/shm")
    # tmpfs takes its room from memory, which the builds need as much again
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > need \
            and mem_available() > 2 * need:
        return Path(tempfile.mkdtemp(prefix="dossier-bench-", dir=shm)), True
    return Path(tempfile.mkdtemp(prefix="out-", dir=work)), True


def measure(label, runs, cmd, out_dir, fresh=True, cwd=None, env=None):
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        if fresh and out_dir.exists():
            shutil.rmtree(out_dir)
        w, c, m = run(cmd, cwd=cwd, env=env)
        walls.append(w)
        cpus.append(c)
        rss.append(m)
    pages, size = tree_size(out_dir)
    return {"label": label, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "rss": max(rss), "pages": pages, "bytes": size}


def build_tools():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "dossier", "--example", "floor"],
                   cwd=REPO, check=True)
    return REPO / "target" / "release" / "dossier", REPO / "target" / "release" / "examples" / "floor"


# ---- edits of the corpus, always undone ----

class Edits:
    """Writes edits into corpus files and undoes them. The original text of a file being edited is
    noted in --work first, so that an edit interrupted by a crash is undone at the next start."""

    def __init__(self, work):
        self.note = work / PENDING
        self.originals = {}

    def recover(self):
        if self.note.exists():
            for path, text in json.loads(self.note.read_text()).items():
                Path(path).write_text(text)
                print(f"undid an interrupted benchmark edit of {path}", file=sys.stderr)
            self.note.unlink()

    def write(self, path, text):
        if path not in self.originals:
            self.originals[path] = path.read_text()
            self.note.write_text(json.dumps({str(p): t for p, t in self.originals.items()}))
        path.write_text(text)

    def restore(self, path):
        """Put path back as it was; True if it had been edited."""
        original = self.originals.pop(path, None)
        if original is None:
            return False
        path.write_text(original)
        if self.originals:
            self.note.write_text(json.dumps({str(p): t for p, t in self.originals.items()}))
        elif self.note.exists():
            self.note.unlink()
        return True

    def restore_all(self):
        for path in list(self.originals):
            self.restore(path)


def middle(folder):
    files = sorted(folder.glob("*.md"))
    if not files:
        sys.exit(f"no markdown files in {folder}")
    return files[len(files) // 2]


def add_sentence(text, sentence):
    """text with sentence appended to the first plain paragraph of the body (after the front
    matter, outside code blocks, not a heading, list, quote or table)."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
    fenced = False
    for i in range(start, len(lines)):
        line = lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced and line.strip() and line[0].isalnum():
            lines[i] = line.rstrip() + " " + sentence
            return "\n".join(lines)
    sys.exit("no plain paragraph to edit in the body")


def rename_actor(text, name):
    """text (an actor profile) with its `name:` in the front matter set to name."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("name:"):
            lines[i] = f"name: {json.dumps(name)}"
            return "\n".join(lines)
        if i > 0 and line.strip() == "---":
            break
    sys.exit("actor profile without a `name:` line")


def cold_edit(dossier, site, out, edits):
    """Time `dossier build` after a sentence is added to one briefing (a new process)."""
    target = middle(site / "content" / "briefings")
    try:
        edits.write(target, add_sentence(target.read_text(), "Edited for the benchmark."))
        w, c, m = run([str(dossier), "build", "--root", str(site), "--output", str(out)])
    finally:
        edits.restore(target)
    run([str(dossier), "build", "--root", str(site), "--output", str(out)])
    return {"label": "dossier 1 edit", "wall": w, "cpu": c, "rss": m, "pages": "", "bytes": ""}


# ---- a long-running `dossier build --watch` ----

try:
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in a forked child
except (OSError, AttributeError):
    _PRCTL = None


def die_with_parent():
    """In the child before exec: be killed if the harness dies (Linux PR_SET_PDEATHSIG)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)


class Watcher:
    """`dossier build --watch` in the background. Its stdout lines are timestamped as they arrive;
    its stderr (all findings, on every rebuild) is drained so the pipe never fills."""

    def __init__(self, dossier, site, out):
        self.cmd = [str(dossier), "build", "--watch", "--root", str(site), "--output", str(out)]
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     preexec_fn=die_with_parent)
        self.lines = queue.Queue()
        self.err_tail = b""
        self.last = ""
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_out(self):
        for raw in self.proc.stdout:
            self.lines.put((time.perf_counter(), raw.decode(errors="replace").rstrip("\n")))
        self.lines.put((time.perf_counter(), None))

    def _read_err(self):
        # in large reads, not line by line: the findings run to many lines on every rebuild, and
        # this thread shares the machine with the rebuild it waits for
        fd = self.proc.stderr.fileno()
        partial = b""
        while chunk := os.read(fd, 1 << 16):
            data = partial + chunk
            cut = data.rfind(b"\n") + 1
            whole, partial = data[:cut], data[cut:]
            self.err_tail = (self.err_tail + whole)[-4000:]
            if b"build failed" in whole:
                for line in whole.split(b"\n"):
                    if line.startswith(b"build failed"):
                        self.lines.put((time.perf_counter(), "!" + line.decode(errors="replace")))

    def fail(self, why):
        raise RuntimeError(f"{' '.join(self.cmd)}: {why}\n{self.err_tail.decode(errors='replace')}")

    def built(self, done, timeout=REBUILD_TIMEOUT):
        """Wait for a "built into" line after which done() holds; return the time the line came."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                self.fail(f"no rebuild within {timeout} s")
            if line is None:
                self.fail(f"exited ({self.proc.wait()})")
            if line.startswith("!"):
                self.fail(line[1:])
            if "built into" in line:
                self.last = line
                if done():
                    return at

    def drain(self):
        """Forget lines already printed (after an edit has been undone and waited for)."""
        while True:
            try:
                _, line = self.lines.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.fail(f"exited ({self.proc.wait()})")

    def cpu(self):
        """CPU seconds used so far (all threads), from /proc/PID/stat."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss(self):
        """Peak resident memory so far (VmHWM), in bytes."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        return 0

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def contains(page, text):
    def check():
        try:
            return text in page.read_text(errors="replace")
        except FileNotFoundError:
            return False
    return check


def watch_rows(dossier, site, out, runs, edits):
    """The two incremental rebuilds of the issue, timed on one `dossier build --watch` process."""
    briefing = middle(site / "content" / "briefings")
    actor = middle(site / "content" / "actors")
    briefing_page = out / "briefings" / briefing.stem / "index.html"
    actor_page = out / "actors" / actor.stem / "index.html"
    rows, notes = [], []
    w = Watcher(dossier, site, out)
    try:
        w.built(lambda: True, timeout=FIRST_BUILD_TIMEOUT)
        for page in (briefing_page, actor_page):
            if not page.exists():
                w.fail(f"no page at {page} after the first build")
        original_b = briefing.read_text()
        original_a = actor.read_text()
        cases = [
            ("watch: 1 body edit", briefing, briefing_page,
             lambda i: (add_sentence(original_b, f"The benchmark added sentence number {i} here."),
                        f"The benchmark added sentence number {i} here.")),
            ("watch: actor rename", actor, actor_page,
             lambda i: (rename_actor(original_a, f"Renamed Actor Number {i}"), f"Renamed Actor Number {i}")),
        ]
        for label, path, page, edit in cases:
            walls, cpus = [], []
            for i in range(1, runs + 1):
                text, marker = edit(i)
                cpu0 = w.cpu()
                t0 = time.perf_counter()
                edits.write(path, text)
                walls.append(w.built(contains(page, marker)) - t0)
                cpus.append(w.cpu() - cpu0)
                written = w.last
                edits.restore(path)
                w.built(lambda: not contains(page, marker)())
                time.sleep(SETTLE)
                w.drain()
            rows.append({"label": label, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
                         "rss": w.peak_rss(), "pages": "", "bytes": ""})
            what = written.split(": ", 1)[-1].split("; watching")[0]
            notes.append(f"{label} ({path.relative_to(site)}): {what}")
    finally:
        w.close()
        edits.restore(briefing)
        edits.restore(actor)
    return rows, notes


def fmt_row(r):
    mb = r["rss"] / 1e6
    b = f"{r['bytes'] / 1e6:.0f} MB" if r["bytes"] != "" else ""
    return (f"| {r['label']:<19} | {r['wall']:7.2f} s | {r['cpu']:7.2f} s | {mb:7.0f} MB "
            f"| {r['pages']!s:>7} | {b:>8} |")


def scaling(fulls, sizes):
    """Print how full builds scale: largest size against 10,000 (or the smallest size). fulls maps a
    label to {size: (wall, cpu)}."""
    largest = max(sizes)
    base = 10000 if 10000 in sizes and largest != 10000 else min(sizes)
    if base == largest:
        return
    print(f"\n### Scaling of full builds ({largest:,} / {base:,} briefings, "
          f"{largest / base:g}x the briefings)\n")
    head = "".join(f" {n:>9,} |" for n in sizes)
    per = "".join(f" {f'ms/b {n:,}':>12} |" for n in sizes)
    print(f"| build               |{head}  ratio | cpu ratio |{per}")
    print("|---------------------|" + "-----------|" * len(sizes) + "--------|-----------|"
          + "--------------|" * len(sizes))
    for label, times in fulls.items():
        if base not in times or largest not in times:
            continue
        walls = "".join(f" {times[n][0]:7.2f} s |" if n in times else f" {'':>9} |" for n in sizes)
        pers = "".join(f" {times[n][0] / n * 1000:9.3f} ms |" if n in times else f" {'':>12} |" for n in sizes)
        ratio = times[largest][0] / times[base][0]
        cpu_ratio = times[largest][1] / times[base][1]
        print(f"| {label:<19} |{walls} {ratio:5.2f}x | {cpu_ratio:8.2f}x |{pers}")
    print(f"\nratio: wall time at {largest:,} / wall time at {base:,}; cpu ratio: the same for CPU time, "
          "steadier when the machine is shared; ms/b: milliseconds of wall time per briefing")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes, such as 1000,10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of rows: {', '.join(GROUPS)}")
    ap.add_argument("--no-hugo", action="store_true", help="same as leaving hugo out of --only")
    ap.add_argument("--work", default=str(REPO / "target" / "bench"), help="where corpora are generated and kept")
    ap.add_argument("--out-root", help="where all outputs go (default: a fresh folder in /dev/shm if it has room, "
                                       "else in --work)")
    ap.add_argument("--keep-outputs", action="store_true", help="leave the outputs in place once measured")
    ap.add_argument("--dossier", help="time this dossier binary (for example an older release) instead of building "
                    "the repository's (which is then built only for the floor's rows)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    unknown = only - set(GROUPS)
    if unknown:
        ap.error(f"unknown group(s) in --only: {', '.join(sorted(unknown))} (known: {', '.join(GROUPS)})")
    if args.no_hugo:
        only.discard("hugo")
    for tool in ("hugo", "zola"):
        if tool in only and not shutil.which(tool):
            only.discard(tool)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    # a kill (SIGTERM) unwinds like Ctrl-C: edits undone, the watcher stopped, outputs removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    edits = Edits(work)
    edits.recover()
    root, made = out_root(args.out_root, work, max(sizes), args.keep_outputs)
    try:
        bench(args, sizes, only, work, root, edits)
    except RuntimeError as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        edits.restore_all()
        if made and not args.keep_outputs:
            shutil.rmtree(root, ignore_errors=True)


def bench(args, sizes, only, work, root, edits):
    if args.dossier and "floor" not in only:
        dossier, floor = Path(args.dossier).resolve(), None
    else:
        dossier, floor = build_tools()
        if args.dossier:
            dossier = Path(args.dossier).resolve()

    def done(out):
        if not args.keep_outputs:
            shutil.rmtree(out, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores; runs per figure: {args.runs} (median)")
    print(f"corpora: {work} ({fs_type(work)}); outputs: {root} ({fs_type(root)})")
    if fs_type(root) != "tmpfs":
        print("note: outputs are not on tmpfs; file creation after deletions may dominate the timings")
    fulls = {}
    for n in sizes:
        rows, notes = [], []
        need_site = only & {"dossier", "watch", "floor"}
        site = corpus(work, n, "briefing") if need_site else None
        if "dossier" in only:
            out = root / f"out-dossier-{n}"
            cmd = [str(dossier), "build", "--root", str(site), "--output", str(out)]
            rows.append(measure("dossier full", args.runs, cmd, out))
            rows.append(measure("dossier noop", args.runs, cmd, out, fresh=False))
            rows.append(cold_edit(dossier, site, out, edits))
            done(out)
        if "watch" in only:
            out = root / f"out-watch-{n}"
            if out.exists():
                shutil.rmtree(out)
            watch, notes = watch_rows(dossier, site, out, args.runs, edits)
            rows += watch
            done(out)
        if "floor" in only:
            fout = root / f"out-floor-{n}"
            rows.append(measure("floor", args.runs, [str(floor), str(site / "content"), str(fout)], fout))
            done(fout)
        if "hugo" in only:
            hsite = corpus(work, n, "hugo")
            hout = root / f"out-hugo-{n}"
            rows.append(measure("hugo", args.runs, ["hugo", "--source", str(hsite), "--destination", str(hout),
                                                    "--quiet"], hout))
            done(hout)
        if "zola" in only:
            zsite = corpus(work, n, "zola")
            zout = root / f"out-zola-{n}"
            rows.append(measure("zola", args.runs, ["zola", "build", "--output-dir", str(zout), "--force"], zout,
                                cwd=zsite))
            done(zout)
        print(f"\n### {n:,} briefings\n")
        print("| build               |      wall |       cpu |   peak mem |   pages |    bytes |")
        print("|---------------------|-----------|-----------|------------|---------|----------|")
        for r in rows:
            print(fmt_row(r))
        by = {r["label"]: r for r in rows}
        if notes:
            print()
            for note in notes:
                print(f"{note} (last run)")
        if "dossier full" in by:
            full = by["dossier full"]["wall"]
            print()
            for other, digits in (("floor", 2), ("hugo", 3), ("zola", 3)):
                if other in by:
                    print(f"{'dossier full / ' + other + ':':<22}{full / by[other]['wall']:.{digits}f}x")
        for label in ("dossier full", "floor", "hugo", "zola"):
            if label in by:
                fulls.setdefault(label, {})[n] = (by[label]["wall"], by[label]["cpu"])
        print(json.dumps({"n": n, "rows": rows}), file=sys.stderr)
        sys.stdout.flush()
    if len(sizes) > 1:
        scaling(fulls, sizes)


if __name__ == "__main__":
    main()
