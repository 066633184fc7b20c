"""The jail around the learner's code: one small module per isolation layer.

Every module here imports only the standard library and its siblings, because
the sandbox worker (which must not import ``quizzer``) loads this folder by path
(``worker.py``). ``enter.close`` applies the layers inside the worker;
``probe.support`` tells quizzer (and ``quizzer doctor``) what this machine
allows, and why not. The threat model is in ``docs/security.md``.
"""
