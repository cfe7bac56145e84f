#!/usr/bin/env python3
"""A loopback TCP proxy that drops the first N connections, for the clients' retry tests:
the client's first attempt fails with UNAVAILABLE (connection closed before HTTP/2 starts),
a retry reaches the real server behind the proxy.

    flaky_proxy.py UPSTREAM_HOST:PORT [--drop N]

Prints "flaky_proxy listening on 127.0.0.1:PORT" once bound, then one line per connection
("dropped 1", "forwarded 2", ...), and runs until killed (SIGTERM)."""
import argparse
import socket
import sys
import threading


def pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def forward(client: socket.socket, upstream: tuple) -> None:
    try:
        server = socket.create_connection(upstream)
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(client, server), daemon=True).start()
    threading.Thread(target=pump, args=(server, client), daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("upstream")
    parser.add_argument("--drop", type=int, default=1)
    args = parser.parse_args()
    host, port = args.upstream.rsplit(":", 1)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(f"flaky_proxy listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    count = 0
    while True:
        client, _ = listener.accept()
        count += 1
        if count <= args.drop:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()  # RST: the client sees the connection fail at once
            print(f"dropped {count}", flush=True)
        else:
            forward(client, (host, int(port)))
            print(f"forwarded {count}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
