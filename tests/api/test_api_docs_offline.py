"""Issue 15: the API documentation works without internet (no CDN): Swagger UI and ReDoc files are served locally."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def test_swagger_ui_and_redoc_load_only_local_files(tmp_path):
    app = create_app(Settings(db=str(tmp_path / "docs.db")))
    with TestClient(app) as client:
        for path in ("/docs", "/redoc"):
            page = client.get(path)
            assert page.status_code == 200
            sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assert sources, path
            for source in sources:
                assert source.startswith("/"), (path, source)  # nothing from another host
                assert client.get(source).status_code == 200, source
            assert "https://" not in page.text and "http://" not in page.text, path
        assert client.get("/openapi.json").json()["info"]["title"] == "Vanban"
