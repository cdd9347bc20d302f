"""The input schema as JSON Schema, for editors that check a YAML file while it is typed."""

from __future__ import annotations

import json
from typing import Any

from reportgen.model.schema import Report

SCHEMA_FILE = "reportgen.model.schema.json"
"""The name ``reportgen init`` gives the schema it writes beside a new YAML file."""


def input_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the YAML input, keyed by the Chinese terms."""
    schema = Report.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["properties"] = {
        "继承": {
            "type": "string",
            "title": "继承",
            "description": "共同文件的文件名（相对于本文件），其内容先读入，再由本文件覆盖。（可选）",
        },
        **schema["properties"],
    }
    return schema


def schema_text() -> str:
    return json.dumps(input_schema(), ensure_ascii=False, indent=2) + "\n"
