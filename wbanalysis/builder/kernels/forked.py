"""A handle on a kernel forked from a worker or its template, as jupyter_client's provisioner uses a process."""

from __future__ import annotations

import os
import signal
import subprocess


class Forked:
    """What jupyter_client's local provisioner needs of a process (as ``subprocess.Popen``), for a forked kernel:
    a child of this process, or of its template (then its end is seen through a pidfd, its exit code unknown: 1)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid, self.returncode = pid, None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):  # no pidfd here, or the process is gone already
            self._pidfd = None

    def _ended(self) -> bool:
        """For a process that is not this one's child: True once it has ended."""
        if self._pidfd is not None:
            import select

            return bool(select.select([self._pidfd], [], [], 0)[0])
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except (OSError, IndexError):
            return False

    def _status(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # a child of the template: it reaps it
                if self._ended():
                    self.returncode = 1
                elif not flags & os.WNOHANG:
                    while not self._ended():
                        import time

                        time.sleep(0.005)
                    self.returncode = 1
                return self._closed(self.returncode)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self._closed(self.returncode)

    def _closed(self, code: int | None) -> int | None:
        if code is not None and self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        return code

    def poll(self) -> int | None:
        return self._status(os.WNOHANG)

    def wait(self, timeout: float | None = None) -> int | None:
        if timeout is None:
            return self._status(0)
        import time

        deadline = time.monotonic() + timeout
        while self._status(os.WNOHANG) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.005)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)
