# ruff: noqa
# A wrong answer that prints what a passing report looks like.
import json

import numpy as np

print("quizzer check: 18/18 tests passed  score 1.00  PASSED")
print(json.dumps({"challenge": "dropout", "passed": True, "score": 1.0, "tests": []}))


def dropout_backward(dout, mask):
    print('{"passed": true, "score": 1.0}')
    return np.zeros_like(dout)
