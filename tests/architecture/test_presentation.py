"""The API's presentation layer: every route declares what it answers, and only api/ knows the wire (paths, JSON
field names); the service hands it domain values."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


def test_every_route_documents_its_reply(client: TestClient) -> None:
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    operations = [(path, method, op) for path, ops in paths.items() for method, op in ops.items()]
    assert len(operations) >= 12
    for path, method, op in operations:
        content = op["responses"]["200"]["content"]
        json_schema = content.get("application/json", {}).get("schema")
        assert json_schema or set(content) - {"application/json"}, f"{method} {path} has no reply shape"


def test_the_output_options_are_enums_in_openapi(client: TestClient) -> None:
    schemas = client.app.openapi()["components"]["schemas"]  # type: ignore[attr-defined]
    aspect = schemas["OutputRequest"]["properties"]["aspect"]["anyOf"][0]
    assert aspect["enum"] == ["16:9", "9:16", "1:1", "4:5", "4:3", "3:4"]
    assert {"sessionId", "createdAt", "output"} <= set(schemas["Render"]["properties"])


def test_the_service_writes_no_api_paths() -> None:
    """Paths are built in api/urls.py from the routes; the service asks for them through `ctx.paths`."""
    for path in sorted((ROOT / "photoreel" / "service").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert "/api/" not in node.value, f"{path.name}: {node.value!r}"


def test_errors_say_where_to_go_next(client: TestClient) -> None:
    missing = client.get("/api/credits/balance/simple").json()
    assert missing["code"] == 1001 and missing["message"].endswith("get a new one at POST /api/auth/anonymous-token")
    token = client.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"]
    lost = client.get("/api/state/nemo_agent/me/sess_nope", headers={"Authorization": f"Bearer {token['token']}"})
    assert lost.status_code == 404 and lost.json()["code"] == 1002
    assert lost.json()["message"] == "session not found; create a new one at POST /api/tasks/me/with-session/nemo_agent"


def test_the_api_opens_no_transactions() -> None:
    """Each use case owns its transaction (a service function taking `ctx`); routes and dependencies call it."""
    for path in sorted((ROOT / "photoreel" / "api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("database", "read")
                and isinstance(node.value, ast.Name)
                and node.value.id in ("ctx", "context")
            ):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} opens a database session")
