# ruff: noqa
# Writing outside without writing a byte: Landlock rules contents, not metadata. chmod,
# utime, chown and extended attributes on files of the teacher's (a key made readable by
# all, NumPy made unreadable for the next student). To stay harmless each change sets the
# value the file already has (or removes the attribute it adds); prints "WROTE" when allowed.
import os

T = __TARGETS__
for path in T["writable"]:
    try:
        st = os.stat(path)
    except Exception:
        continue
    for what, change in (
        ("chmod", lambda: os.chmod(path, st.st_mode & 0o7777)),
        ("utime", lambda: os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))),
        ("chown", lambda: os.chown(path, st.st_uid, st.st_gid)),
        ("xattr", lambda: os.setxattr(path, "user.quizzer-test", b"x")),
    ):
        try:
            change()
            print("WROTE", what, path)
            if what == "xattr":
                os.removexattr(path, "user.quizzer-test")
        except Exception:
            pass
