"""Classic wrong answers to the ``l2`` challenge (L2 penalty, gradient, weight decay, elastic-net penalty)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import mistake

CARD = "l2"


def _check(*lams):
    if any(lam < 0 for lam in lams):
        raise ValueError("strengths must be >= 0")


def penalty_without_square(w, lam):
    _check(lam)
    return lam * float(np.linalg.norm(np.ravel(np.asarray(w, dtype=np.float64))))  # lam * ||w||_2


def penalty_half(w, lam):
    _check(lam)
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * lam * float(np.sum(w * w))


def gradient_without_two(w, lam):
    _check(lam)
    return lam * np.asarray(w, dtype=np.float64)


def _step_inputs(w, grad, lr, lam):
    _check(lr, lam)
    w, grad = np.asarray(w, dtype=np.float64), np.asarray(grad, dtype=np.float64)
    if w.shape != grad.shape:
        raise ValueError("w and grad must have the same shape")
    return w, grad


def decay_wrong_sign(w, grad, lr, lam):
    w, grad = _step_inputs(w, grad, lr, lam)
    return w - lr * (grad - 2 * lam * w)  # the penalty pushes the weights up


def decay_lr_lam(w, grad, lr, lam):
    w, grad = _step_inputs(w, grad, lr, lam)
    return w - lr * grad - lr * lam * w  # decay lr*lam instead of 2*lr*lam


def decay_in_place(w, grad, lr, lam):
    _check(lr, lam)
    if np.shape(w) != np.shape(grad):
        raise ValueError("w and grad must have the same shape")
    w -= lr * (grad + 2 * lam * w)  # overwrites the caller's weights
    return w


def elastic_net_half_l2(w, lam1, lam2):
    _check(lam1, lam2)
    w = np.asarray(w, dtype=np.float64)
    return lam1 * float(np.sum(np.abs(w))) + 0.5 * lam2 * float(np.sum(w * w))


def elastic_net_unsquared(w, lam1, lam2):
    _check(lam1, lam2)
    w = np.asarray(w, dtype=np.float64)
    return lam1 * float(np.sum(np.abs(w))) + lam2 * float(np.linalg.norm(np.ravel(w)))


def _m(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _m(
        "no-square",
        "L2 penalty without the square: lam·||w||₂",
        "The source write-up writes L2 = λ||w||₂ but its own sum is λΣ|w_i|², the SQUARED norm, and that is the "
        "penalty meant by L2 regularization: its gradient 2λw is proportional to w (weight decay) and "
        "vanishes at 0. λ||w||₂ is a different penalty (group-lasso-like, not differentiable at 0). "
        "See card l2, notes.",
        "原文写 L2 = λ||w||₂，但它自己的求和式是 λΣ|w_i|²，即范数的平方，L2 正则指的就是它：梯度 2λw 与 w 成正比（权重衰减），"
        "在 0 处为 0。λ||w||₂ 是另一种惩罚（类似 group lasso，在 0 处不可导）。见卡片 l2 的 notes。",
        name_zh="L2 惩罚没有平方：lam·||w||₂",
        l2_penalty=penalty_without_square,
    ),
    _m(
        "half",
        "L2 penalty with a 1/2",
        "λ/2·||w||² is a common convention (it makes the gradient λw), but the contract follows the "
        "source write-up: L2 = λ·Σw². Mixing the conventions halves or doubles the strength. See card l2.",
        "λ/2·||w||² 是常见写法（梯度为 λw），但题目沿用原文：L2 = λ·Σw²。混用两种写法会让强度差两倍。见卡片 l2。",
        name_zh="L2 惩罚多了 1/2",
        l2_penalty=penalty_half,
    ),
    _m(
        "gradient-no-2",
        "L2 gradient missing the factor 2",
        "d/dw (λw²) = 2λw. λw is the gradient of λ/2·||w||², not of the contract's penalty. See card l2.",
        "d/dw (λw²) = 2λw。λw 是 λ/2·||w||² 的梯度，不是题目中惩罚的梯度。见卡片 l2。",
        name_zh="L2 梯度漏了因子 2",
        l2_gradient=gradient_without_two,
    ),
    _m(
        "decay-wrong-sign",
        "Weight decay with the wrong sign",
        "Gradient descent subtracts the penalty's gradient: w - lr·(grad + 2λw) = (1 - 2·lr·λ)w - lr·grad. "
        "With the sign flipped every step grows the weights instead of decaying them. See card l2.",
        "梯度下降要减去惩罚项的梯度：w - lr·(grad + 2λw) = (1 - 2·lr·λ)w - lr·grad。符号反了，每一步都会让权重变大而不是衰减。见卡片 l2。",
        name_zh="权重衰减的符号反了",
        weight_decay_step=decay_wrong_sign,
    ),
    _m(
        "decay-lr-lam",
        "Weight decay lr·λ instead of 2·lr·λ",
        "With L2 = λ||w||² the penalty's gradient is 2λw, so one step multiplies w by 1 - 2·lr·λ. "
        "lr·λ is the decay of the λ/2 convention (or of PyTorch's weight_decay argument). See card l2.",
        "L2 = λ||w||² 时惩罚的梯度是 2λw，所以每一步把 w 乘以 1 - 2·lr·λ。lr·λ 是 λ/2 写法（或 PyTorch weight_decay 参数）下的衰减。见卡片 l2。",
        name_zh="权重衰减用了 lr·λ 而不是 2·lr·λ",
        weight_decay_step=decay_lr_lam,
    ),
    _m(
        "decay-in-place",
        "weight_decay_step modifies w in place",
        "w -= ... overwrites the caller's array; the function must return the new weights and leave "
        "its inputs alone. See card l2.",
        "w -= ... 会覆盖调用者的数组；函数应返回新的权重，不修改输入。见卡片 l2。",
        name_zh="weight_decay_step 原地修改了 w",
        weight_decay_step=decay_in_place,
    ),
    _m(
        "elastic-half-l2",
        "Elastic-net penalty with a 1/2 on the L2 part",
        "The contract's elastic-net penalty is λ₁Σ|w| + λ₂Σw² with no 1/2 (scikit-learn's ElasticNet puts "
        "a 1/2 on its L2 term, with a different parametrisation). See card l2.",
        "题目的弹性网络（Elastic Net）惩罚是 λ₁Σ|w| + λ₂Σw²，没有 1/2（scikit-learn 的 ElasticNet 在 L2 项上有 1/2，参数化也不同）。见卡片 l2。",
        name_zh="弹性网络惩罚的 L2 部分多了 1/2",
        elastic_net_penalty=elastic_net_half_l2,
    ),
    _m(
        "elastic-unsquared",
        "Elastic-net penalty with an unsquared L2 norm",
        "The L2 part of the elastic net is the squared norm, λ₂Σw², like the L2 penalty itself. See card l2.",
        "弹性网络的 L2 部分是范数的平方 λ₂Σw²，与 L2 惩罚本身一致。见卡片 l2。",
        name_zh="弹性网络惩罚的 L2 范数没有平方",
        elastic_net_penalty=elastic_net_unsquared,
    ),
]
