#!/usr/bin/env python3
"""Whole-process benchmark of the release binary (issue 12's figures).

usage: python3 benches/whole_process.py [--baseline OTHER_CLAIMLINT] [--runs N]

Builds `claimlint` and `examples/tokenize_lines` (Lindera alone, the same
dictionary, every line of a file on one thread), then measures, each run
alternating the programs so that load on the machine hits them alike:

- one 10 MB file of real clinic copy (the workplace's seed pages, when
  beside the repository) and one of the claim-dense corpus, each sentence
  given a unique number so that nothing can be cached: CPU seconds of
  claimlint on one thread against Lindera alone, and peak memory;
- the same real copy as ~500 pages in a folder, on one thread and on two;
- a 2 KB page linted as a whole process (median wall time of 31 runs).

Ratios are of CPU time (user + system), best of N runs: this machine is
shared, and CPU time varies less than wall time. With --baseline, another
claimlint binary (say, an older commit's) is measured in the same runs.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 10 * 1024 * 1024


def pages_in(*dirs):
    pages = []
    for d in dirs:
        path = os.path.join(ROOT, d)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".txt"):
                    with open(os.path.join(path, name), encoding="utf-8") as f:
                        pages.append(f.read())
    return pages


def marked(pages):
    """Pages repeated to ~10 MB, every sentence given a unique number."""
    out, total, counter = [], 0, [0]

    def number(match):
        counter[0] += 1
        return f"({counter[0]})" + match.group(0)

    while total < TARGET and pages:
        for page in pages:
            text = re.sub(r"[。！？]", number, page)
            out.append(text)
            total += len(text.encode("utf-8"))
    return out


def run(cmd):
    """CPU seconds (user + system) and peak RSS in MB of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = result.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return cpu, peak


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    subprocess.run(
        ["cargo", "build", "--release", "--bin", "claimlint", "--example", "tokenize_lines"],
        cwd=ROOT,
        check=True,
    )
    binary = os.path.join(ROOT, "target/release/claimlint")
    raw = os.path.join(ROOT, "target/release/examples/tokenize_lines")
    linters = [("claimlint", binary)]
    if args.baseline:
        linters.append(("baseline", args.baseline))
    lint = ["-q", "--no-config", "--format", "json"]

    work = tempfile.mkdtemp(prefix="claimlint-bench-")
    sets = []
    seeds = pages_in("../shared/seeds")
    if seeds:
        sets.append(("real clinic copy (seed pages)", marked(seeds)))
    corpus = pages_in("corpus/medical", "corpus/cosmetic", "corpus/health-food")
    sets.append(("claim-dense corpus", marked(corpus)))

    print(f"best of {args.runs} runs; CPU seconds; ratio = Lindera alone / claimlint")
    for name, pages in sets:
        path = os.path.join(work, re.sub(r"\W+", "-", name) + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(pages))
        size = os.path.getsize(path) / 1048576
        times = {"lindera alone": []}
        peaks = {}
        for label, _ in linters:
            times[label] = []
        for _ in range(args.runs):
            times["lindera alone"].append(run([raw, path])[0])
            for label, program in linters:
                cpu, peak = run([program, "--threads", "1"] + lint + [path])
                times[label].append(cpu)
                peaks[label] = min(peaks.get(label, peak), peak)
        base = min(times["lindera alone"])
        print(f"\n{name}: one {size:.1f} MB file, one thread")
        print(f"  {'lindera alone':<14} {base:6.2f} s")
        for label, _ in linters:
            best = min(times[label])
            print(f"  {label:<14} {best:6.2f} s  ratio {base / best:4.2f}x  peak {peaks[label]:5.0f} MB")

    if seeds:
        folder = os.path.join(work, "pages")
        os.makedirs(folder, exist_ok=True)
        for index, page in enumerate(marked(seeds)):
            # ~20 KB pages: each seed page split in parts of about that size.
            for part in range(0, len(page), 7000):
                with open(os.path.join(folder, f"{index:04d}-{part:06d}.txt"), "w", encoding="utf-8") as f:
                    f.write(page[part : part + 7000])
        count = len(os.listdir(folder))
        print(f"\nreal clinic copy as {count} pages in a folder (wall seconds)")
        for label, program in linters:
            one = min(wall([program, "--threads", "1"] + lint + [folder]) for _ in range(args.runs))
            two = min(wall([program, "--threads", "2"] + lint + [folder]) for _ in range(args.runs))
            print(f"  {label:<14} 1 thread {one:5.2f} s, 2 threads {two:5.2f} s, scaling {one / two:4.2f}x")

    small = os.path.join(work, "small.txt")
    page = corpus[0] if corpus else "最先端の治療です。"
    with open(small, "w", encoding="utf-8") as f:
        f.write((page * (2048 // max(1, len(page.encode("utf-8"))) + 1))[:700])
    print(f"\none {os.path.getsize(small)} byte page as a whole process (wall, 31 runs)")
    for label, program in linters:
        runs = sorted(wall([program] + lint + [small]) for _ in range(31))
        print(f"  {label:<14} median {statistics.median(runs) * 1000:5.1f} ms, best {runs[0] * 1000:5.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
