"""Validation of every message the MCP server writes, against the MCP 2025-11-25 schema.

No PyPI package ships the schema's schema.json. The `mcp-types` package (a dependency of `mcp`)
ships `mcp_types._v2025_11_25`, pydantic models generated from `schema/2025-11-25.json` of the
specification repository (its docstring names the file and its sha256). We turn those models
back into JSON Schema with pydantic and validate with `jsonschema`: each message against the
JSON-RPC envelopes, and each result against the result type of the method it answers.
"""

import json
from functools import cache

import jsonschema
import mcp_types._v2025_11_25 as spec
from pydantic import TypeAdapter

RESULT_TYPES = {
    "initialize": spec.InitializeResult,
    "ping": spec.Result,
    "tools/list": spec.ListToolsResult,
    "tools/call": spec.CallToolResult,
    "resources/list": spec.ListResourcesResult,
    "resources/templates/list": spec.ListResourceTemplatesResult,
    "resources/read": spec.ReadResourceResult,
    "prompts/list": spec.ListPromptsResult,
    "prompts/get": spec.GetPromptResult,
    "completion/complete": spec.CompleteResult,
}


@cache
def validator(model) -> jsonschema.Draft202012Validator:
    schema = TypeAdapter(model).json_schema(by_alias=True, mode="serialization")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_message(line: str, methods_by_id: dict) -> dict:
    """Validates one line the server wrote; `methods_by_id` maps request ids to their methods."""
    message = json.loads(line)
    assert isinstance(message, dict), f"server wrote a non-object: {line[:200]}"
    if "result" in message:
        validator(spec.JSONRPCResultResponse).validate(message)
        method = methods_by_id.get(message["id"])
        assert method in RESULT_TYPES, f"a result for an unknown request {message['id']!r} ({method})"
        validator(RESULT_TYPES[method]).validate(message["result"])
    elif "error" in message:
        validator(spec.JSONRPCErrorResponse).validate(message)
        # The schema's RequestId is a string or an integer: an error may omit its id, never null it.
        assert message.get("id", "absent") is not None, f"null id in {line[:200]}"
    elif "id" in message:
        validator(spec.JSONRPCRequest).validate(message)
    else:
        validator(spec.JSONRPCNotification).validate(message)
    return message
