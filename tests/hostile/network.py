# ruff: noqa
# The network: TCP and UDP to ports the test listens on (loopback), an abstract Unix socket
# the test listens on, and an outside address. Each success prints "CONNECTED <what>".
import socket

T = __TARGETS__
try:
    socket.create_connection(("127.0.0.1", T["tcp"]), timeout=1).close()
    print("CONNECTED tcp")
except Exception:
    pass
try:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"escaped", ("127.0.0.1", T["udp"]))
    print("CONNECTED udp sent")
except Exception:
    pass
try:
    a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    a.connect("\0" + T["abstract"])
    print("CONNECTED abstract")
except Exception:
    pass
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1).close()
    print("CONNECTED outside")
except Exception:
    pass
