import type { SandboxFile } from "../../../src/sandbox/index.ts";

/** A module whose test spins forever: what a crashed app must not leave burning CPU. */
export const spinningModule: SandboxFile[] = [
  { path: "spin/__init__.py", content: "" },
  {
    path: "tests/test_spin.py",
    content: "def test_spins_forever():\n    while True:\n        pass\n",
  },
];

const DAEMON_ARGV = '["sleep", "4321"]';

/**
 * Attempt 1 of a hostile module: its test starts a daemon in a new session, detached from the
 * output, then SIGKILLs every ancestor up to PID 1, so no wrapper shell is left to clean up.
 */
export const daemonStarter: SandboxFile[] = [
  { path: "daemon/__init__.py", content: "" },
  {
    path: "tests/test_daemon.py",
    content: `import os, subprocess

def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])

def test_starts_a_daemon_and_kills_its_wrappers():
    subprocess.Popen(${DAEMON_ARGV}, start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ancestors, pid = [], os.getppid()
    while pid > 1:
        ancestors.append(pid)
        pid = parent_of(pid)
    # Outermost first, so no wrapper gets to run a clean-up after its child died.
    for pid in reversed(ancestors):
        os.kill(pid, 9)
`,
  },
];

/** Attempt 2: passes only when the daemon from attempt 1 is gone. */
export const daemonChecker: SandboxFile[] = [
  { path: "daemon/__init__.py", content: "" },
  {
    path: "tests/test_daemon.py",
    content: `import glob

def test_no_daemon_from_the_last_attempt():
    survivors = []
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            argv = open(path, "rb").read().split(b"\\0")[:-1]
        except OSError:
            continue
        if argv == [part.encode() for part in ${DAEMON_ARGV}]:
            survivors.append(path)
    assert survivors == []
`,
  },
];
