"""Kernels: a new kernel process for every report.

- ``execute``: a notebook executed with its parameters in a new kernel, stopped afterwards;
- ``manager``: the kernel manager (IPC sockets, this Python's ipykernel);
- ``standby``: the template a worker forks its kernels from, libraries loaded (``forked``: its handle on them);
- ``runtime``: the private folders of kernels' sockets and connection files, swept when their owner was killed.
"""
