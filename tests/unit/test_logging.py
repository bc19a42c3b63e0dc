from __future__ import annotations

import json
import logging

from carer_portal.logging import JsonFormatter, ReadableFormatter


def _record(**extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "carer_portal.request", "levelname": "INFO", "msg": "request"})
    record.__dict__.update(extra)
    return record


def test_production_logs_are_one_json_object_a_line() -> None:
    line = JsonFormatter().format(_record(route="/children/{child_id:uuid}", status=200, ms=3.2))
    entry = json.loads(line)
    assert entry["message"] == "request" and entry["level"] == "info"
    assert entry["route"] == "/children/{child_id:uuid}" and entry["status"] == 200
    assert "\n" not in line


def test_development_logs_are_readable() -> None:
    line = ReadableFormatter().format(_record(route="/", status=200))
    assert "carer_portal.request: request" in line and "route=/" in line
