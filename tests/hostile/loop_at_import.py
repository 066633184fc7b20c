# ruff: noqa
# The file never finishes importing.
while True:
    pass
