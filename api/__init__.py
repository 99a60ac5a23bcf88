"""The shells: the FastAPI app (`api.app.create_app`) and the `vanban` command line (`api.cli`)."""
