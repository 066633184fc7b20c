"""Concepts every card may use in its claims, in English and Chinese.

A card defines its own concepts under ``concepts:``; these are the shared ones
(training, inference, zero, the norms' names ...). A card's concept of the same
name replaces the shared one. Terms are matched as ``claims`` describes:
normalised, stemmed, Chinese as substrings.
"""

from __future__ import annotations

LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "training": {
        "en": ("training", "train time", "train mode", "while we train", "during train"),
        "zh": ("训练",),
    },
    "inference": {
        "en": (
            "inference",
            "test time",
            "at test",
            "testing",
            "eval mode",
            "evaluation",
            "prediction time",
            "serving",
            "deployment",
            "model.eval",
        ),
        "zh": ("推理", "测试", "预测时", "部署", "eval", "线上"),
    },
    "zero": {"en": ("zero", "0"), "zh": ("零", "0")},
    "exact_zero": {
        "en": (
            "exactly zero",
            "exact zero",
            "exactly 0",
            "exact 0",
            "exactly to zero",
            "exactly to 0",
            "sparse",
            "sparsity",
            "set to zero",
            "zeroed out",
        ),
        "zh": (
            "恰好为0",
            "精确为0",
            "精确的0",
            "精确的零",
            "恰好是0",
            "正好为0",
            "恰好为零",
            "严格为0",
            "稀疏",
            "等于0",
            "变为0",
            "变成0",
            "为零",
            "置零",
            "置为0",
        ),
    },
    "l1": {"en": ("l1", "lasso", "l1 norm", "absolute value penalty"), "zh": ("l1", "lasso")},
    "l2": {
        "en": ("l2", "ridge", "weight decay", "squared penalty"),
        "zh": ("l2", "岭回归", "权重衰减"),
    },
    "bn": {
        "en": ("bn", "batchnorm", "batch norm", "batch normalization"),
        "zh": ("bn", "批归一化", "批标准化"),
    },
    "ln": {
        "en": ("ln", "layernorm", "layer norm", "layer normalization"),
        "zh": ("ln", "层归一化", "层标准化"),
    },
    "batch_axis": {
        "en": (
            "across the batch",
            "over the batch",
            "across samples",
            "over samples",
            "over the mini-batch",
            "across the mini-batch",
            "batch dimension",
            "batch axis",
            "axis 0",
            "over n",
            "across examples",
            "over all samples",
            "over the examples",
            "all samples",
            "all the samples",
            "whole batch",
            "entire batch",
        ),
        "zh": (
            "跨样本",
            "跨batch",
            "批次维度",
            "batch维度",
            "batch维",
            "同一批",
            "整个batch",
            "一个batch内",
            "所有样本",
            "批内",
            "批量维度",
            "在batch和",
            "batch上",
            "整批",
            "跨批",
        ),
    },
    "batch_stats": {
        "en": (
            "batch statistics",
            "batch stats",
            "batch mean",
            "batch variance",
            "statistics of the batch",
            "statistics of the current batch",
            "mean of the batch",
            "current batch",
            "the batch's own",
            "own batch",
            "incoming batch",
            "this batch",
        ),
        "zh": (
            "batch统计量",
            "批统计量",
            "当前batch",
            "本批",
            "这批",
            "批均值",
            "批方差",
            "batch的均值",
            "当前批",
            "这一批",
            "batch自己的",
        ),
    },
    "running_stats": {
        "en": (
            "running mean",
            "running variance",
            "running statistics",
            "running stats",
            "running average",
            "moving average",
            "population statistics",
            "running estimate",
            "running buffers",
            "saved statistics",
            "stored statistics",
        ),
        "zh": (
            "移动统计量",
            "移动平均",
            "滑动平均",
            "移动均值",
            "移动方差",
            "running",
            "全局统计量",
            "全局均值",
            "累计的统计量",
            "保存的统计量",
        ),
    },
    "gradient": {
        "en": ("gradient", "backward", "backprop", "derivative"),
        "zh": ("梯度", "反向", "导数"),
    },
}

# The methods' own names: a string of terms names them too, so they count when
# ``check_typed`` measures how much of a clause is terms.
NAMES = ("l1", "l2", "bn", "ln")
