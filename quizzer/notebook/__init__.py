"""quizzer in Jupyter: check the functions defined in a notebook, and write starter notebooks.

``check`` (also ``quizzer.check``) grades a challenge's functions as the notebook
defines them; ``magic.load_ipython_extension`` (also ``quizzer.load_ipython_extension``,
for ``%load_ext quizzer``) adds ``%quizzer check CARD``; ``starter.write_notebook`` is
``quizzer drill CARD --notebook``.
"""
