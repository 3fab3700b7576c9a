#!/usr/bin/env python3
"""Dossier's benchmark harness: full builds, incremental rebuilds and the read-render-write
floor on a synthetic briefing corpus, side by side with Hugo (and Zola if installed).

    python3 bench/run.py [--sizes 1000,10000] [--runs 5] [--no-hugo] [--work DIR]

For each size N it generates the same corpus for Dossier and for Hugo with bench/gen_corpus.py
(cached in --work), then runs, --runs times each, and prints medians:

  dossier full   `dossier build` into a fresh output folder
  dossier noop   `dossier build` again over an unchanged output folder
  floor          `examples/floor.rs`: read, split, render markdown, write; nothing else
  hugo           `hugo` on the equivalent site (Debian's hugo, or `hugo` on PATH)
  zola           `zola build` on the equivalent site, when `zola` is on PATH

Columns: wall and CPU seconds, peak memory (max RSS), pages and bytes written. Ratios to Hugo
and to the floor are printed under the table. Timings are medians; absolute numbers drift from
machine to machine, so compare the ratios.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "bench" / "gen_corpus.py"


def run(cmd, cwd=None, env=None):
    """Run cmd; return (wall s, cpu s, max rss bytes). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"command failed ({code}): {' '.join(map(str, cmd))}\n{err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def tree_size(path):
    files = 0
    size = 0
    pages = 0
    for root, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(root, n))
            pages += n.endswith(".html")
    return pages, size


def corpus(work, n, flavor):
    out = work / f"{flavor}-{n}"
    if not (out / "manifest.json").exists():
        if out.exists():
            shutil.rmtree(out)
        extra = ["--hugo-layouts", hugo_layouts()] if flavor == "hugo" else []
        subprocess.run([sys.executable, str(GEN), "--n", str(n), "--flavor", flavor, "--out", str(out)] + extra,
                       check=True, stdout=subprocess.DEVNULL)
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


def incremental(dossier, site, out):
    """Time `dossier build` after a one-word body edit (a cold process each time)."""
    target = sorted((site / "content" / "briefings").glob("*.md"))[len(list((site / "content" / "briefings").glob("*.md"))) // 2]
    original = target.read_text()
    try:
        target.write_text(original.replace("\n\n", "\n\nEdited for the benchmark.\n\n", 1))
        w, c, m = run([str(dossier), "build", "--root", str(site), "--output", str(out)])
    finally:
        target.write_text(original)
        run([str(dossier), "build", "--root", str(site), "--output", str(out)])
    return {"label": "dossier 1 edit", "wall": w, "cpu": c, "rss": m, "pages": "", "bytes": ""}


def fmt_row(r):
    mb = r["rss"] / 1e6
    b = f"{r['bytes'] / 1e6:.0f} MB" if r["bytes"] != "" else ""
    return f"| {r['label']:<16} | {r['wall']:7.2f} s | {r['cpu']:7.2f} s | {mb:7.0f} MB | {r['pages']!s:>7} | {b:>8} |"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--work", default=str(REPO / "target" / "bench"), help="where corpora and outputs go")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    dossier, floor = build_tools()
    have_hugo = not args.no_hugo and shutil.which("hugo")
    have_zola = shutil.which("zola")
    print(f"machine: {os.cpu_count()} cores; runs per figure: {args.runs} (median)")
    for n in [int(x) for x in args.sizes.split(",")]:
        site = corpus(work, n, "briefing")
        rows = []
        out = work / f"out-dossier-{n}"
        rows.append(measure("dossier full", args.runs, [str(dossier), "build", "--root", str(site), "--output", str(out)], out))
        rows.append(measure("dossier noop", args.runs, [str(dossier), "build", "--root", str(site), "--output", str(out)], out, fresh=False))
        rows.append(incremental(dossier, site, out))
        fout = work / f"out-floor-{n}"
        rows.append(measure("floor", args.runs, [str(floor), str(site / "content"), str(fout)], fout))
        if have_hugo:
            hsite = corpus(work, n, "hugo")
            hout = work / f"out-hugo-{n}"
            rows.append(measure("hugo", args.runs, ["hugo", "--source", str(hsite), "--destination", str(hout), "--quiet"], hout))
        if have_zola:
            zsite = corpus(work, n, "zola")
            zout = work / f"out-zola-{n}"
            rows.append(measure("zola", args.runs, ["zola", "build", "--output-dir", str(zout), "--force"], zout, cwd=zsite))
        print(f"\n### {n} briefings\n")
        print("| build            |    wall  |     cpu  |  peak mem |   pages |    bytes |")
        print("|------------------|----------|----------|-----------|---------|----------|")
        for r in rows:
            print(fmt_row(r))
        full = rows[0]["wall"]
        by = {r["label"]: r for r in rows}
        print(f"\ndossier full / floor: {full / by['floor']['wall']:.2f}x")
        if "hugo" in by:
            print(f"dossier full / hugo:  {full / by['hugo']['wall']:.3f}x")
        if "zola" in by:
            print(f"dossier full / zola:  {full / by['zola']['wall']:.3f}x")
        print(json.dumps({"n": n, "rows": rows}), file=sys.stderr)


if __name__ == "__main__":
    main()
