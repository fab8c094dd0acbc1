#!/usr/bin/env python3
"""Time from starting `reflect` to its first frame (Home on screen), in a real pty.

    scripts/first-frame.py DATA_DIR [RUNS]

Prints the median and the best of RUNS starts, in milliseconds, the CPU time
the process used and its peak memory (RSS). Used for docs/benchmarks.md.
"""
import fcntl, os, pty, resource, select, signal, struct, sys, termios, time

def once(binary, data):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "--data-dir", data])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    start = time.monotonic()
    seen = b""
    while b"Start a reflection" not in seen:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("no first frame within 10 s")
        seen += os.read(fd, 65536)
    elapsed = time.monotonic() - start
    os.write(fd, b"\x11")  # Ctrl-Q
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    return elapsed * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024

if __name__ == "__main__":
    data = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "reflect")
    results = sorted(once(binary, data) for _ in range(runs))
    wall = sorted(r[0] for r in results)
    cpu = sorted(r[1] for r in results)
    rss = max(r[2] for r in results)
    print(f"first frame: median {wall[len(wall)//2]:.1f} ms, best {wall[0]:.1f} ms; "
          f"process CPU median {cpu[len(cpu)//2]:.1f} ms; peak RSS {rss:.1f} MB ({runs} runs)")
