"""Loaded by every Python process started with this folder on PYTHONPATH (tests/test_no_network.py).

It refuses, and records in the file named by $NO_NETWORK_LOG, every outbound connection and host-name lookup
that is not loopback: socket connects (TCP and UDP, IPv4 and IPv6) and getaddrinfo/gethostbyname. Unix
sockets and 127.0.0.0/8, ::1 and localhost pass. It is a test helper, never part of the product.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
import traceback

_LOG = os.environ.get("NO_NETWORK_LOG", "")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0].lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _record(kind: str, target: object) -> None:
    if _LOG:
        stack = "".join(traceback.format_stack(limit=12)[:-2])
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"kind": kind, "target": repr(target), "pid": os.getpid(), "stack": stack}) + "\n")


_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
_getaddrinfo, _gethostbyname = socket.getaddrinfo, socket.gethostbyname


def _outbound(sock: socket.socket, address: object) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
        return False
    return not _is_loopback(address[0])


def connect(self: socket.socket, address: object) -> None:
    if _outbound(self, address):
        _record("connect", address)
        raise OSError(errno.ENETUNREACH, f"outbound network blocked by the test: {address!r}")
    return _connect(self, address)


def connect_ex(self: socket.socket, address: object) -> int:
    if _outbound(self, address):
        _record("connect", address)
        return errno.ENETUNREACH
    return _connect_ex(self, address)


def sendto(self: socket.socket, data: bytes, *args: object) -> int:
    address = args[-1]
    if _outbound(self, address):
        _record("sendto", address)
        raise OSError(errno.ENETUNREACH, f"outbound network blocked by the test: {address!r}")
    return _sendto(self, data, *args)


def _is_ip_literal(host: object) -> bool:
    try:
        ipaddress.ip_address(str(host.decode() if isinstance(host, bytes) else host).strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def getaddrinfo(host: object, *args: object, **kwargs: object):
    # An address literal needs no DNS; connecting to it is what `connect` checks.
    if not _is_loopback(host) and not _is_ip_literal(host):
        _record("lookup", host)
        raise socket.gaierror(socket.EAI_NONAME, f"name lookup blocked by the test: {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host: str) -> str:
    if not _is_loopback(host):
        _record("lookup", host)
        raise socket.gaierror(socket.EAI_NONAME, f"name lookup blocked by the test: {host!r}")
    return _gethostbyname(host)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = gethostbyname
