from quizzer.cli import app

app(prog_name="quizzer")
