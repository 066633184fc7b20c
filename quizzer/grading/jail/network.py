"""Layer ``network``: no TCP, no UDP, no Unix socket reaches anything outside the sandbox.

The sandbox's own network namespace (``namespaces.py``) has a loopback device
that is down and nothing else: every address is unreachable, and the abstract
Unix socket namespace is its own. Landlock (ABI 4+) refuses TCP ``bind`` and
``connect`` as a second layer, and (ABI 6+) abstract Unix sockets outside the
sandbox. Path-bound Unix sockets need a file the file-system layer hides.
"""

from . import landlock, namespaces


def why_not() -> str | None:
    return namespaces.why_not()


def describe(netns: bool, version: int) -> str:
    parts = []
    if netns:
        parts.append("own network namespace (loopback down, no other device)")
    if version >= 4:
        parts.append("Landlock refuses TCP bind/connect")
    if version >= 6:
        parts.append("abstract Unix sockets scoped")
    return "; ".join(parts)


def second_layer_why_not() -> str | None:
    version = landlock.abi()
    if version < 4:
        return f"Landlock ABI {version} < 4: no TCP rules"
    return None
