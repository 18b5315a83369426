#!/usr/bin/env python3
"""The benchmark: relays tasks through each contender, side by side, in one run.

Contenders (all against one private mosquitto on a free loopback port):
  php seed     the seed worker's pattern, loop(); usleep(1000);   (bench/workers/seed.php)
  php tight    the same worker with loopForever()                  (bench/workers/tight.php)
  php tight v5 the same script on MQTT 5 (-d mosquitto.protocol_version=5)
  C worker     libmosquitto, mosquitto_loop_forever()              (bench/c/worker.c)
  Rust relay   our own core, no PHP                                (core/examples/relay.rs)
  pipeline     producer -> broker -> collector, no worker at all
A C producer (libmosquitto, no in-flight limit) feeds task-queue and a C
collector counts task-complete; neither is the bottleneck (the pipeline row
shows their ceiling). Each case runs --runs times, contenders alternating;
the table gives the median and the min-max range.

Worker CPU is user+sys of the worker process over the run (from /proc),
divided by tasks; peak RSS is VmHWM. Latency rows send one task at a time.

  bench/run.py --ext modules/mosquitto.so [--tasks 20000] [--runs 3] [--long]
               [--also LABEL=OTHER.so ...]
  bench/run.py --ext modules/mosquitto.so --profile [--tasks 20000] [--also ...]
                               instructions (valgrind's callgrind, user space
                               only) and syscalls/context switches (perf stat
                               tracepoints) per task of each worker, QoS 0 and 1:
                               the figures of bench/PROFILE.md
  bench/run.py --render        redraws bench/results.svg from bench/results.json
                               (or, without it, from results.md's throughput table)

Besides results.md, a run saves its throughput rows in results.json and draws
them in results.svg (grouped horizontal bars: worker CPU per task and tasks/s
per contender, QoS 0 and 1; plain SVG written here, no plotting library).

--also adds "LABEL seed" and "LABEL tight" rows running the same worker
scripts on another build of a Mosquitto-PHP compatible extension (Mosquitto-PHP
itself, built locally; or an earlier build of ours), in the same run.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "php-tests", "harness", "broker.sh")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    return sum(cpu_split(pid))


def cpu_split(pid):
    """(user, system) CPU seconds of a process, all its threads."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.tools = {}
        self.port = None

    def build(self):
        for tool in ("worker", "producer", "collector", "latency"):
            out = os.path.join(self.tmp, tool)
            subprocess.run(["gcc", "-O2", "-o", out, os.path.join(ROOT, "bench", "c", tool + ".c"),
                            "-lmosquitto", "-lpthread"], check=True)
            self.tools[tool] = out
        if self.args.profile:
            return   # the profile does not run the Rust relay
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "mosquitto-core", "--example", "relay"],
                       cwd=ROOT, check=True)
        # Where cargo put it: make exports a target directory per PHP build.
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
        self.tools["relay"] = os.path.join(target, "release", "examples", "relay")

    def start_broker(self):
        self.broker_dir = os.path.join(self.tmp, "broker")
        os.makedirs(self.broker_dir, exist_ok=True)
        with open(os.path.join(self.broker_dir, "extra.conf"), "w") as f:
            f.write("persistence false\nmax_inflight_messages 0\nset_tcp_nodelay true\n")
        self.port = subprocess.run([HARNESS, "start", self.broker_dir], check=True,
                                   capture_output=True, text=True).stdout.strip()

    def stop_broker(self):
        subprocess.run([HARNESS, "stop", self.broker_dir])

    def php(self, ext=None):
        # -n: PHP's built-in extensions only (json is one), as a lean worker
        # deployment runs; Debian's conf.d alone adds about 4 MB of RSS.
        return ["php", "-n", "-d", f"extension={ext or self.args.ext}"]

    def php_baseline(self):
        """RSS of PHP itself, with the extension loaded, and connected, idle."""
        script = ("$rss = fn () => (int) preg_replace('/\\D/', '', shell_exec('grep VmRSS /proc/' . getmypid() . '/status'));"
                  "echo $rss(), ' ';"
                  "$c = new Mosquitto\\Client(); $c->connect('127.0.0.1', %s); $c->loop(50); echo $rss();" % self.port)
        bare = subprocess.run(["php", "-n", "-r", "echo (int) preg_replace('/\\D/', '', shell_exec('grep VmRSS /proc/' . getmypid() . '/status'));"],
                              capture_output=True, text=True, check=True).stdout
        loaded, connected = subprocess.run(self.php() + ["-r", script], capture_output=True, text=True, check=True).stdout.split()
        return int(bare), int(loaded), int(connected)

    def worker_cmd(self, kind, qos):
        label, _, pattern = kind.rpartition(" ")
        if label in self.args.also:
            script = os.path.join(ROOT, "bench", "workers", pattern + ".php")
            return self.php(self.args.also[label]) + [script, "127.0.0.1", self.port, str(qos)]
        php = self.php()
        return {
            "php seed": php + [os.path.join(ROOT, "bench", "workers", "seed.php"), "127.0.0.1", self.port, str(qos)],
            "php tight": php + [os.path.join(ROOT, "bench", "workers", "tight.php"), "127.0.0.1", self.port, str(qos)],
            # The same script on MQTT 5: only the ini default changes.
            "php tight v5": php + ["-d", "mosquitto.protocol_version=5",
                                   os.path.join(ROOT, "bench", "workers", "tight.php"), "127.0.0.1", self.port, str(qos)],
            "C worker": [self.tools["worker"], "127.0.0.1", self.port, str(qos)],
            "Rust relay": [self.tools.get("relay", "relay"), "127.0.0.1", self.port, str(qos)],
            "pipeline": None,
        }[kind]

    def throughput(self, kind, qos, tasks, size):
        """One run: returns (tasks/s, completed, cpu us/task, peak RSS kB)."""
        cmd = self.worker_cmd(kind, qos)
        worker = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if cmd else None
        topic = ["task-queue"] if worker is None else []
        collector = subprocess.Popen([self.tools["collector"], "127.0.0.1", self.port, str(qos), str(tasks), "5"] + topic,
                                     stdout=subprocess.PIPE, text=True)
        try:
            if collector.stdout.readline().strip() != "ready":
                raise RuntimeError(f"{kind}: worker not ready")
            cpu_before = cpu_seconds(worker.pid) if worker else 0.0
            started = time.monotonic()
            subprocess.run([self.tools["producer"], "127.0.0.1", self.port, str(qos), str(tasks), str(size)], check=True)
            result = collector.stdout.readline().split()
            elapsed = time.monotonic() - started
            received, distinct = int(result[1]), int(result[3])
            cpu = (cpu_seconds(worker.pid) - cpu_before) if worker else 0.0
            rss = status_kb(worker.pid, "VmHWM") if worker else 0
        finally:
            collector.wait(timeout=30)
            if worker:
                worker.kill()
                worker.wait()
        return distinct / elapsed, distinct, cpu * 1e6 / max(distinct, 1), rss

    def latency(self, kind, qos, count):
        worker = subprocess.Popen(self.worker_cmd(kind, qos), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            out = subprocess.run([self.tools["latency"], "127.0.0.1", self.port, str(qos), str(count)],
                                 check=True, capture_output=True, text=True).stdout.split()
            return float(out[1]), float(out[3])
        finally:
            worker.kill()
            worker.wait()

    def memory(self, kind, checkpoints):
        """Worker RSS at start and after each checkpoint of tasks (QoS 0)."""
        worker = subprocess.Popen(self.worker_cmd(kind, 0), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = []
        try:
            time.sleep(0.5)
            rows.append(("start", status_kb(worker.pid, "VmRSS")))
            done = 0
            for target in checkpoints:
                batch = target - done
                collector = subprocess.Popen([self.tools["collector"], "127.0.0.1", self.port, "0", str(batch), "10"],
                                             stdout=subprocess.PIPE, text=True)
                collector.stdout.readline()
                subprocess.run([self.tools["producer"], "127.0.0.1", self.port, "0", str(batch), "100"], check=True)
                collector.stdout.readline()
                collector.wait()
                done = target
                rows.append((f"after {target:,} tasks", status_kb(worker.pid, "VmRSS")))
        finally:
            worker.kill()
            worker.wait()
        return rows

    # Syscalls counted by `perf stat` tracepoints (no hardware counters needed).
    SYSCALLS = ("read", "recvfrom", "write", "writev", "sendto", "futex", "epoll_wait", "epoll_pwait", "poll", "ppoll",
                "select", "pselect6", "nanosleep", "clock_nanosleep", "eventfd2")

    def profile(self, kind, qos, tasks, tool):
        """One run of `kind` under callgrind (tool="callgrind") or perf stat (tool="perf"),
        counting only from "worker ready" to "all tasks completed"."""
        cmd = self.worker_cmd(kind, qos)
        out = os.path.join(self.tmp, f"{tool}.{kind.replace(' ', '_')}.{qos}")
        if tool == "callgrind":
            cmd = ["valgrind", "--tool=callgrind", "--quiet", f"--callgrind-out-file={out}.%p"] + cmd
        worker = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        collector = subprocess.Popen([self.tools["collector"], "127.0.0.1", self.port, str(qos), str(tasks), "20"],
                                     stdout=subprocess.PIPE, text=True)
        perf = None
        try:
            if collector.stdout.readline().strip() != "ready":
                raise RuntimeError(f"{kind}: worker not ready")
            if tool == "callgrind":
                subprocess.run(["callgrind_control", "--zero", str(worker.pid)], check=True, capture_output=True)
            else:
                events = ",".join(["raw_syscalls:sys_enter", "context-switches", "task-clock"]
                                  + [f"syscalls:sys_enter_{name}" for name in self.SYSCALLS])
                perf = subprocess.Popen(["perf", "stat", "-x", ",", "-o", out, "-e", events, "-p", str(worker.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(0.5)
                cpu_before = cpu_split(worker.pid)
            subprocess.run([self.tools["producer"], "127.0.0.1", self.port, str(qos), str(tasks), "100"], check=True)
            result = collector.stdout.readline().split()
            distinct = int(result[3])
            if tool == "callgrind":
                subprocess.run(["callgrind_control", "--dump", str(worker.pid)], check=True, capture_output=True)
            else:
                cpu_after = cpu_split(worker.pid)
                perf.send_signal(2)
                perf.wait(timeout=30)
        finally:
            collector.wait(timeout=60)
            worker.kill()
            worker.wait()
        counts = {}
        if tool == "callgrind":
            dumps = sorted(f for f in os.listdir(self.tmp) if f.startswith(os.path.basename(out) + ".") and f.endswith(".1"))
            path = os.path.join(self.tmp, dumps[-1])
            with open(path) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        counts["instructions"] = int(line.split()[1])
            counts["dump"] = path
        else:
            counts["user"] = cpu_after[0] - cpu_before[0]
            counts["system"] = cpu_after[1] - cpu_before[1]
            with open(out) as f:
                for line in f:
                    fields = line.strip().split(",")
                    if len(fields) > 2 and fields[0].replace(".", "").isdigit():
                        counts[fields[2].replace("syscalls:sys_enter_", "")] = float(fields[0])
        return distinct, counts


def spread(values, fmt):
    med = statistics.median(values)
    return f"{fmt.format(med)} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def parse_spread(text):
    """'38,997 (37,152-41,979)' -> (median, min, max); '-' -> None."""
    m = re.match(r"\s*([\d,.]+)\s*\(([\d,.]+)-([\d,.]+)\)", text)
    if not m:
        return None
    return tuple(float(g.replace(",", "")) for g in m.groups())


def rows_from_markdown(path):
    """The throughput rows of a results.md (for runs saved before results.json existed)."""
    rows, header = [], ""
    with open(path) as f:
        text = f.read()
    for line in text.splitlines():
        if re.match(r"\d{4}-\d\d-\d\d ", line):
            header = line
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[1] in ("0", "1") and parse_spread(cells[2]):
            rows.append({"contender": cells[0], "qos": int(cells[1]), "rate": parse_spread(cells[2]),
                         "completed": cells[3], "cpu_us": parse_spread(cells[4])})
        if line.startswith("## Payload"):
            break
    return {"header": header, "throughput": rows}


def esc(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text, width):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines


def svg_chart(data):
    """Grouped horizontal bars, one group per contender, a bar per QoS; two panels."""
    rows = data["throughput"]
    contenders = list(dict.fromkeys(r["contender"] for r in rows))
    by = {(r["contender"], r["qos"]): r for r in rows}
    colours = {0: "#4e79a7", 1: "#f28e2b"}
    label_w, panel_w, gap, bar_h, group_h, top = 190, 330, 70, 11, 34, 88
    width = label_w + 2 * panel_w + gap + 40
    height = top + group_h * len(contenders) + 46
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="12" y="22" font-size="15" font-weight="bold">Task relay, {esc(data.get("tasks_label", "20,000 tasks"))}: '
           'median of the runs, whiskers min-max</text>',
           ]
    for k, part in enumerate(wrap(data.get("header", ""), 150)):
        out.append(f'<text x="12" y="{40 + 13 * k}" fill="#555" font-size="10.5">{esc(part)}</text>')
    panels = [("worker CPU µs per task (lower is better)", "cpu_us", "{:.1f}"),
              ("tasks/s (higher is better)", "rate", "{:,.0f}")]
    for p, (title, key, fmt) in enumerate(panels):
        x0 = label_w + p * (panel_w + gap)
        values = [by[k][key] for k in by if by[k].get(key)]
        scale_max = max(v[2] for v in values) if values else 1
        out.append(f'<text x="{x0}" y="{top - 14}" font-weight="bold">{esc(title)}</text>')
        out.append(f'<line x1="{x0}" y1="{top - 6}" x2="{x0}" y2="{top + group_h * len(contenders)}" stroke="#999"/>')
        for i, name in enumerate(contenders):
            y = top + i * group_h + 4
            for j, qos in enumerate((0, 1)):
                row = by.get((name, qos))
                by_ = y + j * (bar_h + 2)
                if not row or not row.get(key):
                    out.append(f'<text x="{x0 + 4}" y="{by_ + bar_h - 2}" fill="#999" font-size="10">-</text>')
                    continue
                med, lo, hi = row[key]
                w = panel_w * med / scale_max
                out.append(f'<rect x="{x0}" y="{by_}" width="{w:.1f}" height="{bar_h}" fill="{colours[qos]}">'
                           f'<title>{esc(name)}, QoS {qos}: {fmt.format(med)} ({fmt.format(lo)}-{fmt.format(hi)})</title></rect>')
                xl, xh = x0 + panel_w * lo / scale_max, x0 + panel_w * hi / scale_max
                mid = by_ + bar_h / 2
                out.append(f'<line x1="{xl:.1f}" y1="{mid}" x2="{xh:.1f}" y2="{mid}" stroke="#333" stroke-width="1"/>')
                out.append(f'<text x="{max(x0 + w, xh) + 4:.1f}" y="{by_ + bar_h - 2}" font-size="10">{fmt.format(med)}</text>')
    for i, name in enumerate(contenders):
        y = top + i * group_h + 4 + bar_h + 3
        out.append(f'<text x="{label_w - 10}" y="{y}" text-anchor="end">{esc(name)}</text>')
    ly = height - 18
    for j, qos in enumerate((0, 1)):
        lx = label_w + j * 90
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colours[qos]}"/>')
        out.append(f'<text x="{lx + 17}" y="{ly}">QoS {qos}</text>')
    out.append(f'<text x="{label_w + 190}" y="{ly}" fill="#555">pipeline: producer and collector alone (no worker), the ceiling</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render(json_path, md_path, svg_path):
    if os.path.exists(json_path):
        with open(json_path) as f:
            data = json.load(f)
    else:
        data = rows_from_markdown(md_path)
    with open(svg_path, "w") as f:
        f.write(svg_chart(data))
    print(f"drawn {os.path.relpath(svg_path, ROOT)} from "
          f"{os.path.relpath(json_path if os.path.exists(json_path) else md_path, ROOT)}")


def run_profile(bench, args):
    kinds = ["php tight", "php seed"] + [f"{label} tight" for label in args.also] + ["C worker"]
    if args.only:
        kinds = [k for k in kinds if k in args.only.split(",")]
    print(f"## Per task, {args.tasks:,} tasks, counted from worker ready to last completion\n")
    print("| worker | QoS | instructions (user space) | syscalls | futex | read/recv | write/send | epoll/poll | "
          "sleeps | context switches | CPU µs (perf task-clock) | user / system µs (/proc) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for qos in (0, 1):
        for kind in kinds:
            done_c, cg = bench.profile(kind, qos, args.tasks, "callgrind")
            done_p, pc = bench.profile(kind, qos, args.tasks, "perf")
            per = lambda *names: sum(pc.get(n, 0) for n in names) / max(done_p, 1)
            print(f"| {kind} | {qos} | {cg.get('instructions', 0) / max(done_c, 1):,.0f} | {per('raw_syscalls:sys_enter'):.2f} | "
                  f"{per('futex'):.2f} | {per('read', 'recvfrom'):.2f} | {per('write', 'writev', 'sendto'):.2f} | "
                  f"{per('epoll_wait', 'epoll_pwait', 'poll', 'ppoll', 'select', 'pselect6'):.2f} | "
                  f"{per('nanosleep', 'clock_nanosleep'):.2f} | {per('context-switches'):.2f} | "
                  f"{per('task-clock') * 1000:.1f} | {per('user') * 1e6:.1f} / {per('system') * 1e6:.1f} |", flush=True)
            if done_c != args.tasks or done_p != args.tasks:
                print(f"  ({kind}: {done_c} and {done_p} of {args.tasks} completed)")
            print(f"  callgrind dump: {cg.get('dump')}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ext")
    parser.add_argument("--render", action="store_true", help="only redraw results.svg from the saved results")
    parser.add_argument("--profile", action="store_true", help="instructions and syscalls per task (bench/PROFILE.md)")
    parser.add_argument("--only", help="with --profile: these workers only (comma-separated, e.g. 'php tight,C worker')")
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="also the 10^6-task memory run")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results.md"))
    parser.add_argument("--also", action="append", default=[], metavar="LABEL=SO",
                        help="rows for another extension build (seed and tight patterns)")
    args = parser.parse_args()
    base = os.path.splitext(args.out)[0]
    json_path, svg_path = base + ".json", base + ".svg"
    if args.render:
        render(json_path, args.out, svg_path)
        return 0
    if not args.ext:
        parser.error("--ext is required (or --render)")
    args.ext = os.path.abspath(args.ext)
    args.also = {label: os.path.abspath(so) for label, so in (item.split("=", 1) for item in args.also)}
    tmp = tempfile.mkdtemp(prefix="mosquitto-bench.")
    bench = Bench(args, tmp)
    lines = []
    saved = {"header": "", "tasks_label": f"{args.tasks:,} tasks, {args.runs} runs", "throughput": []}

    def emit(line=""):
        print(line, flush=True)
        lines.append(line)

    if args.profile:
        try:
            bench.build()
            bench.start_broker()
            run_profile(bench, args)
        finally:
            bench.stop_broker()
            if not os.environ.get("KEEP_PROFILE"):
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                print(f"callgrind dumps kept in {tmp}")
        return 0
    try:
        bench.build()
        bench.start_broker()
        cpu = subprocess.run(["sh", "-c", "nproc; uname -r"], capture_output=True, text=True).stdout.split()
        saved["header"] = (f"{time.strftime('%Y-%m-%d %H:%M')}, {cpu[0]} cores, kernel {cpu[1]}, "
                           f"N = {args.tasks} tasks, {args.runs} runs per case (median, min-max), extension {os.path.basename(args.ext)}"
                           + "".join(f"; {label} = {os.path.basename(so)}" for label, so in args.also.items()))
        emit(f"# Benchmark results\n\n{saved['header']}\n")
        emit("## Throughput (100-byte JSON tasks)\n")
        emit("| contender | QoS | tasks/s | completed/sent | worker CPU µs/task | worker peak RSS |")
        emit("|---|---|---|---|---|---|")
        others = [f"{label} {pattern}" for label in args.also for pattern in ("seed", "tight")]
        kinds = ["php seed", "php tight", "php tight v5"] + others + ["C worker", "Rust relay", "pipeline"]
        for qos in (0, 1):
            results = {k: [] for k in kinds}
            for _ in range(args.runs):
                for kind in kinds:   # alternate contenders within each round
                    results[kind].append(bench.throughput(kind, qos, args.tasks, 100))
            for kind in kinds:
                rs = results[kind]
                rate = spread([r[0] for r in rs], "{:,.0f}")
                done = f"{min(r[1] for r in rs)}/{args.tasks}"
                cpu_us = spread([r[2] for r in rs], "{:.1f}") if kind != "pipeline" else "-"
                rss = f"{max(r[3] for r in rs) / 1024:.1f} MB" if kind != "pipeline" else "-"
                emit(f"| {kind} | {qos} | {rate} | {done} | {cpu_us} | {rss} |")
                triple = lambda values: (statistics.median(values), min(values), max(values))
                saved["throughput"].append({
                    "contender": kind, "qos": qos, "rate": triple([r[0] for r in rs]), "completed": done,
                    "cpu_us": triple([r[2] for r in rs]) if kind != "pipeline" else None,
                    "peak_rss_kb": max(r[3] for r in rs) if kind != "pipeline" else None})
        emit("\n## Payload sizes (php tight, QoS 0)\n")
        emit("| payload | tasks | tasks/s | MB/s | completed/sent | worker CPU µs/task |")
        emit("|---|---|---|---|---|---|")
        for size, count in ((100, args.tasks), (10 * 1024, max(args.tasks // 4, 100)), (1024 * 1024, 200)):
            rs = [bench.throughput("php tight", 0, count, size) for _ in range(args.runs)]
            rate = statistics.median(r[0] for r in rs)
            emit(f"| {size:,} B | {count} | {rate:,.0f} | {rate * size / 1e6:,.1f} | {min(r[1] for r in rs)}/{count} | "
                 f"{statistics.median(r[2] for r in rs):.1f} |")
        emit("\n## Latency, one task at a time (publish to completion, 500 tasks)\n")
        emit("| contender | QoS | p50 µs | p99 µs |")
        emit("|---|---|---|---|")
        for kind in ["php seed", "php tight"] + others + ["C worker"]:
            for qos in (0, 1):
                p50, p99 = bench.latency(kind, qos, 500)
                emit(f"| {kind} | {qos} | {p50:,.0f} | {p99:,.0f} |")
        emit("\n## Worker memory (php tight, QoS 0; PHP run with -n)\n")
        bare, loaded, connected = bench.php_baseline()
        emit("| when | RSS |")
        emit("|---|---|")
        emit(f"| PHP alone, idle (php -n) | {bare / 1024:.1f} MB |")
        emit(f"| PHP with mosquitto loaded | {loaded / 1024:.1f} MB |")
        emit(f"| PHP with a connected client | {connected / 1024:.1f} MB |")
        checkpoints = [100_000, 1_000_000] if args.long else [100_000]
        for when, kb in bench.memory("php tight", checkpoints):
            emit(f"| {when} | {kb / 1024:.1f} MB |")
    finally:
        bench.stop_broker()
        shutil.rmtree(tmp, ignore_errors=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(json_path, "w") as f:
        json.dump(saved, f, indent=1)
    with open(svg_path, "w") as f:
        f.write(svg_chart(saved))
    print(f"\nwritten to {os.path.relpath(args.out, ROOT)}, {os.path.relpath(json_path, ROOT)} and {os.path.relpath(svg_path, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
