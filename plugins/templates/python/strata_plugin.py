#!/usr/bin/env python3
"""Strata plugin template for Python: the wire protocol v1 with the standard library only.

Copy this file beside your plugin.json ("command": ["python3", "strata_plugin.py"]) and fill METHODS.
Frames on stdin/stdout: u32 LE header length, u32 LE payload length, JSON header, payload bytes.
Data payloads are Arrow IPC streams: `read_table` decodes them with pyarrow when it is installed.
Without pyarrow, ask the host for JSON data in `params` (small inputs) instead of a payload.
"""

import json
import struct
import sys

sys.dont_write_bytecode = True
VERSION = 1
NAME = "python-template"


def read_table(payload):
    """The payload as a pyarrow Table, or None when pyarrow is not installed."""
    try:
        import pyarrow.ipc as ipc  # type: ignore
    except ImportError:
        return None
    return ipc.open_stream(payload).read_all()


def count(params, payload):
    """Number of points: from the Arrow payload (pyarrow), else from params["data"]["value"]."""
    table = read_table(payload) if payload else None
    n = table.num_rows if table is not None else len((params or {}).get("data", {}).get("value", []))
    return {"statistics": [{"name": "Number of data points", "dataType": "float", "result": n}]}, b""


def mean(params, payload):
    values = [v for v in (params or {}).get("data", {}).get("value", []) if v is not None]
    return {"statistics": [{"name": "Mean", "dataType": "float", "result": sum(values) / len(values) if values else None}]}, b""


def echo(params, payload):
    return params, payload


def fail(params, payload):
    raise ValueError("bad parameters")


# method name -> function(params, payload) -> (JSON value, payload bytes)
METHODS = {"count": count, "mean": mean, "echo": echo, "fail": fail}


def send(header, payload=b""):
    h = json.dumps(header).encode("utf-8")
    out = sys.stdout.buffer
    out.write(struct.pack("<II", len(h), len(payload)) + h + payload)
    out.flush()


def read_exact(n):
    buf = b""
    while len(buf) < n:
        chunk = sys.stdin.buffer.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def main():
    # stdout carries frames only: prints go to stderr.
    real_print = print

    def to_stderr(*args, **kwargs):
        kwargs["file"] = sys.stderr
        real_print(*args, **kwargs)

    import builtins

    builtins.print = to_stderr
    send({"type": "hello", "v": VERSION, "name": NAME, "methods": list(METHODS)})
    while True:
        head = read_exact(8)
        if head is None:
            return 0
        hlen, plen = struct.unpack("<II", head)
        header = json.loads(read_exact(hlen).decode("utf-8"))
        payload = read_exact(plen) if plen else b""
        if header.get("type") == "shutdown":
            return 0
        if header.get("type") != "call":
            continue
        fn = METHODS.get(header["method"])
        if fn is None:
            send({"type": "error", "v": VERSION, "id": header["id"], "error": {"code": "unknown_method", "message": f"no method {header['method']}"}})
            continue
        try:
            value, data = fn(header.get("params"), payload)
            send({"type": "result", "v": VERSION, "id": header["id"], "value": value}, data or b"")
        except Exception as e:  # a failing call is reported, the plugin keeps running
            send({"type": "error", "v": VERSION, "id": header["id"], "error": {"code": "plugin_error", "message": str(e)}})


if __name__ == "__main__":
    sys.exit(main())
