"""Property-based test over the OpenAPI schema (schemathesis, against the ASGI app, no network).

For every route and generated parameters, headers and bodies: nothing is answered with a 5xx,
and every 4xx carries `{"error": {"code", "message"}}`. The store holds a few documents and
units so that ids, names and filters can hit something; the stand-in extractor of conftest.py
keeps uploads fast. Examples are bounded so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

import extract
from api.app import create_app
from api.settings import Settings

from .conftest import DOC_A, DOC_B, fake_extract

MAX_EXAMPLES = 40


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "extract_document", fake_extract)
        db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
        app = create_app(Settings(db=db, max_upload_bytes=20_000, max_files_per_upload=5, sandbox=False))
        with TestClient(app) as client:
            files = [("file", ("a.txt", DOC_A.encode())), ("file", ("b.txt", DOC_B.encode()))]
            assert client.post("/api/documents", files=files).status_code == 201
            yield app


def _lifespan_once(app):
    """The app for schemathesis, whose ASGI client starts and stops the app around every call:
    the store is opened and closed by the fixture instead, once."""

    async def asgi(scope, receive, send):
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return asgi


@pytest.fixture(scope="module")
def api_schema(fuzzed_app):
    return schemathesis.openapi.from_asgi("/openapi.json", _lifespan_once(fuzzed_app))


def _check(case) -> None:
    response = case.call()
    where = f"{case.method} {case.formatted_path} {case.query or ''}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if 400 <= response.status_code < 500:
        body = response.json()
        error = body.get("error") if isinstance(body, dict) else None
        assert isinstance(error, dict), f"{where}: {response.status_code} without an error object: {response.text[:300]}"
        assert isinstance(error.get("code"), str) and error["code"], where
        assert isinstance(error.get("message"), str) and error["message"], where


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_route_fails_and_every_refusal_is_explained(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/documents", "/api/units/{unit_id}", "/api/targets"}
    fuzzed = 0
    for operation in operations:
        run = given(case=operation.as_strategy(generation_mode=mode))(_check)
        try:
            settings(
                max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck),
            )(run)()
        except Unsatisfiable:  # nothing to make invalid on a route without parameters (/healthz)
            assert mode is GenerationMode.NEGATIVE, operation.path
            continue
        fuzzed += 1
    assert fuzzed >= 5
