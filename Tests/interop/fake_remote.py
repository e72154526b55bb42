"""A stand-in for remote HTTPS services, reached through an HTTP proxy.

``FakeRemote`` is an HTTP proxy on 127.0.0.1 that answers every ``CONNECT host:port`` itself:
instead of tunnelling to the real host it terminates TLS with a certificate for the made-up host
names it was given, signed by a test CA created at start with the ``openssl`` CLI, and answers
each request with JSON that describes it. A Baton started with ``--http-proxy`` pointing at it
and ``--http-ca-file`` naming its CA reaches ``https://<host>/...`` without any network.

Run as a script it serves until killed, after printing ``PORT CA_FILE`` on one line:

    python fake_remote.py DIR HOST [HOST...]
"""

from __future__ import annotations

import json
import socketserver
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict, List, Tuple


def make_test_pki(directory: Path, hosts: List[str]) -> Tuple[Path, Path, Path]:
    """A test CA and a server certificate for ``hosts`` signed by it: (ca.pem, server.pem, server.key)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    extensions = directory / "server.ext"
    extensions.write_text("subjectAltName=" + ",".join(f"DNS:{h}" for h in hosts) + "\n"
                          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in (
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=Baton interop test CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["req", *ec, "-keyout", key, "-out", csr, "-subj", f"/CN={hosts[0]}"],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
         "-days", "2", "-extfile", extensions],
    ):
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return ca, cert, key


class FakeRemote:
    """The proxy and the remote services behind it; records what reached it."""

    def __init__(self, directory: Path, hosts: List[str]):
        self.ca_file, cert, key = make_test_pki(directory, hosts)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.lock = threading.Lock()
        self.tunnels: List[str] = []           # each CONNECT's target, host:port
        self.proxy_authorizations: List[str] = []  # each CONNECT's Proxy-Authorization, "" if none
        self.requests: List[Dict] = []         # each request answered inside a tunnel
        self.handshake_failures: List[str] = []
        remote = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                remote._serve(self.connection, self.rfile)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeRemote":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, connection, rfile) -> None:
        method, target, _ = rfile.readline().decode("latin-1").split(" ", 2)
        headers = _read_headers(rfile)
        if method != "CONNECT":
            connection.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        with self.lock:
            self.tunnels.append(target)
            self.proxy_authorizations.append(headers.get("proxy-authorization", ""))
        connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            tunnel = self.tls.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError) as e:
            with self.lock:
                self.handshake_failures.append(f"{target}: {e}")
            return
        with tunnel, tunnel.makefile("rb") as stream:
            self._answer(target.rsplit(":", 1)[0], tunnel, stream)

    def _answer(self, host: str, tunnel, stream) -> None:
        """Answers one request with JSON describing it, then closes the tunnel."""
        method, path, _ = stream.readline().decode("latin-1").split(" ", 2)
        headers = _read_headers(stream)
        raw = stream.read(int(headers.get("content-length", "0"))).decode()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        seen = {"host": host, "method": method, "path": path, "body": body}
        with self.lock:
            self.requests.append(seen)
        answer = json.dumps({"message": f"hello from {host}", **seen}).encode()
        tunnel.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                       + f"Content-Length: {len(answer)}\r\n\r\n".encode() + answer)


def _read_headers(stream) -> Dict[str, str]:
    headers = {}
    for line in iter(stream.readline, b""):
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: fake_remote.py DIR HOST [HOST...]")
    with FakeRemote(Path(sys.argv[1]), sys.argv[2:]) as fake:
        print(fake.port, fake.ca_file, flush=True)
        threading.Event().wait()
