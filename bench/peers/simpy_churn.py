"""SimPy's version of the churn's pod lifecycle (bench/src/floor.ts is the JavaScript one).

A cluster of N running pods; every simulated millisecond one pod is deleted and one created.
Each pod runs, as a SimPy process, the lines kubesim writes for its lifecycle (the script the
bench captured from kubesim in the same run): the `start` part from its creation, the `stop`
part from its deletion, one timeout per line at the offsets kubesim's lines had. Each line is
built as a dict with the pod's name, uid, node, times and resourceVersions filled in and
serialised with json.dumps, its bytes counted, as the JavaScript floor does.

usage: simpy_churn.py SCRIPT.json PODS STEPS   (prints one JSON object)
"""
import json
import sys
import time

import simpy


class Pod:
    __slots__ = ("name", "uid", "node", "created", "phase", "last_line")

    def __init__(self, i, nodes, now):
        h = format(i & 0xFFFFFFFF, "08x")
        self.name = "p-%d" % i
        self.uid = "%s-0000-4000-8000-%s0000" % (h, h)
        self.node = "node-%d" % (i % nodes)
        self.created = now
        self.phase = "Pending"
        self.last_line = 0


def copy(v):
    return list(v) if isinstance(v, list) else dict(v)


def fill(line, holes, pod, now, rv):
    if not holes:
        return line
    root = copy(line)
    for h in holes:
        path = h["path"]
        node, orig = root, line
        for k in path[:-1]:
            orig = orig[k]
            if node[k] is orig:
                node[k] = copy(orig)
            node = node[k]
        kind = h["kind"]
        leaf = path[-1]
        if kind == "time":
            node[leaf] = now
        elif kind == "rv":
            node[leaf] = str(rv)
        else:
            value = pod.name if kind == "name" else pod.uid if kind == "uid" else pod.node
            node[leaf] = h["template"].replace(h["captured"], value, 1)
    return root


class Churn:
    def __init__(self, script, size):
        self.start = script["start"]
        self.stop = script["stop"]
        self.size = size
        self.nodes = max(200, -(-size // 100))
        self.pods = {}
        self.lines = 0
        self.bytes = 0
        self.started = 0
        self.removed = 0
        self.rv = 1
        self.last_time = 0
        for i in range(size):
            self.pods["p-%d" % i] = p = Pod(i, self.nodes, 0)
            p.phase = "Running"

    def write(self, env, pod, s):
        self.rv += 1
        body = fill(s["line"], s["holes"], pod, env.now, self.rv)
        out = {}
        if s["timed"] and env.now != self.last_time:
            out["t"] = env.now - self.last_time
        if s["caused"]:
            out["c"] = self.lines - pod.last_line
        if out:
            out.update(body)
            body = out
        text = json.dumps(body, separators=(",", ":"))
        self.bytes += len(text) + 1
        self.last_time = env.now
        pod.last_line = self.lines
        self.lines += 1

    def part(self, env, pod, lines):
        prev = lines[0]["at"]
        first = True
        for s in lines:
            if not first:
                yield env.timeout(s["at"] - prev)
            first = False
            prev = s["at"]
            self.write(env, pod, s)
        if lines is self.start:
            if pod.phase == "Pending":
                pod.phase = "Running"
                self.started += 1
        else:
            pod.phase = "Gone"
            del self.pods[pod.name]
            self.removed += 1

    def churn(self, env, steps):
        yield env.timeout(1000)
        for step in range(steps):
            gone = self.pods.get("p-%d" % step)
            if gone is not None:
                gone.phase = "Terminating"
                env.process(self.part(env, gone, self.stop))
            pod = Pod(self.size + step, self.nodes, env.now)
            self.pods[pod.name] = pod
            env.process(self.part(env, pod, self.start))
            yield env.timeout(1)


def main():
    path, size, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path) as f:
        script = json.load(f)
    c = Churn(script, size)
    env = simpy.Environment()
    env.process(c.churn(env, steps))
    t0 = time.perf_counter()
    env.run(until=1000 + steps)
    wall = time.perf_counter() - t0
    print(json.dumps({
        "pods": size,
        "eventsPerSec": c.lines / wall,
        "lifecyclesPerSec": c.removed / wall,
        "simPerWall": steps / 1000 / wall,
        "bytesPerEvent": c.bytes / c.lines,
        "simpy": simpy.__version__,
        "python": "Python %d.%d.%d" % sys.version_info[:3],
    }))


if __name__ == "__main__":
    main()
