#!/usr/bin/env python3
"""Process start -> first frame with the top account drawn, in a pseudo-terminal (200x60).

Usage: python3 benches/first_frame.py BIN DB RUNS
Prints the median and all samples in ms. The top account's name comes from
`tend account list --format json` (first row)."""
import json, os, pty, select, signal, struct, subprocess, sys, time, fcntl, termios

bin_, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
top = json.loads(subprocess.check_output([bin_, "--db", db, "account", "list", "--format", "json"]))[0]["name"]
needle = top[:20].encode()
samples = []
for _ in range(runs):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(bin_, [bin_, "--db", db])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    buf = b""
    found = None
    while time.perf_counter() - start < 20:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            # Answer a cursor-position query so the terminal setup never waits.
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")
            if needle in buf:
                found = time.perf_counter() - start
                break
    # SIGKILL: a SIGTERM can wait on a full pty (nobody reads the frames that follow).
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    if found is None:
        print("top account never drawn", file=sys.stderr)
        sys.exit(1)
    samples.append(found * 1000)
s = sorted(samples)
print(f"median {s[len(s)//2]:.0f} ms  samples {' '.join(f'{x:.0f}' for x in samples)}")
