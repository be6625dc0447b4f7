from .cli import app

app(prog_name="report-kit")
