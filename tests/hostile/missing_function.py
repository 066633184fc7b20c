# ruff: noqa
# dropout_backward is deleted: the report must name it.
del dropout_backward
