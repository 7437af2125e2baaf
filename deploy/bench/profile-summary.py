#!/usr/bin/env python3
"""Where the service's CPU went, from a collapsed profile of receipt-cost.sh (COST_PROFILER).

    python3 deploy/bench/profile-summary.py deploy/bench/results/cost-profile-STAMP.collapsed [receipts]

Prints the share of samples by thread kind, by layer (a sample counts for every layer on its stack, so the
inclusive shares add up to more than 100 %), and the hottest leaf frames. With the number of receipts of the
loop, it also prints the samples per receipt.
"""
import collections
import sys

# (layer, substring of a frame); the first frame of a stack that matches names a layer it passed through
LAYERS = [
    ("our code (kopilka)", "kopilka/"),
    ("receipt rules", "kopilka/rules"),
    ("HTTP server (Vert.x, Netty)", "io/netty/"),
    ("Vert.x", "io/vertx/"),
    ("REST layer (RESTEasy Reactive)", "org/jboss/resteasy/"),
    ("JSON (Jackson)", "com/fasterxml/jackson/"),
    ("JDBC driver (pgJDBC)", "org/postgresql/"),
    ("pool (Agroal)", "io/agroal/"),
    ("Hibernate", "org/hibernate/"),
    ("CDI (ArC)", "io/quarkus/arc/"),
    ("worker pool (JBoss threads)", "org/jboss/threads/"),
    ("logging", "org/jboss/logmanager/"),
    ("JIT compiler", "CompileBroker"),
    ("garbage collector", "G1"),
    ("socket write (kernel)", "write"),
    ("socket read (kernel)", "recv"),
    ("kernel", "_[k]"),
    ("thread park/unpark", "futex"),
]


def main(path, receipts=None):
    total = 0
    first = collections.Counter()
    layers = collections.Counter()
    leaves = collections.Counter()
    for line in open(path, encoding="utf-8"):
        stack, _, n = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(n)
        total += n
        frames = stack.split(";")
        first[thread_kind(frames)] += n
        leaves[frames[-1]] += n
        for name, needle in LAYERS:
            if any(needle in f for f in frames):
                layers[name] += n
    print(f"samples: {total}" + (f" ({total / int(receipts):.2f} per receipt)" if receipts else ""))
    print("by thread:")
    for k, v in first.most_common(8):
        print(f"  {100 * v / total:5.1f} %  {k}")
    print("by layer (inclusive):")
    for k, v in sorted(layers.items(), key=lambda kv: -kv[1]):
        print(f"  {100 * v / total:5.1f} %  {k}")
    print("hottest leaf frames:")
    for k, v in leaves.most_common(25):
        print(f"  {100 * v / total:5.1f} %  {k[:150]}")


def thread_kind(frames):
    joined = ";".join(frames[:12])
    for kind, needle in [("worker (executor)", "EnhancedQueueExecutor"), ("event loop (Netty)", "NioEventLoop"),
                         ("JIT compiler", "CompileBroker"), ("garbage collector", "GC"), ("VM thread", "VMThread")]:
        if needle in joined:
            return kind
    return frames[0][:60]


if __name__ == "__main__":
    main(*sys.argv[1:])
