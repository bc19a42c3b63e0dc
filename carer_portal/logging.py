"""Logs: JSON lines in production, readable lines in development. Never personal data.

Request lines carry the route's pattern (``/children/{child_id}``), not the path, and
never a query string, so ids, emailed sign-in tokens and search terms stay out of logs.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from datetime import UTC, datetime
from types import TracebackType

from litestar.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("carer_portal")
request_logger = logging.getLogger("carer_portal.request")

# uvicorn adds color_message for its own formatter; it repeats the message.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def traceback_without_messages(exc_info: ExcInfo) -> str:
    """Where an error happened, never what it said.

    Exception messages carry data: a database error quotes the row it refused (an email
    address), SQLAlchemy appends the statement's parameters. So each exception in the chain is
    shown by its frames and its type only.
    """
    error = exc_info[1]
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    parts = []
    for error in reversed(chain):
        frames = "".join(traceback.format_tb(error.__traceback__))
        kind = type(error)
        parts.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}")
    return "\n\nwhich caused:\n".join(parts)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = traceback_without_messages(record.exc_info)
        return json.dumps(entry, default=str)


class ReadableFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in record.__dict__.items() if k not in _STANDARD)
        when = self.formatTime(record, "%H:%M:%S")
        line = f"{when} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if extras:
            line += f"  {extras}"
        if record.exc_info:
            line += "\n" + traceback_without_messages(record.exc_info)
        return line


def configure_logging(*, json_lines: bool, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else ReadableFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log prints full paths and query strings: we log requests ourselves.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


class RequestLogMiddleware:
    """One line per request: method, route pattern, status, milliseconds.

    It wraps the whole application (``create_app``), outside routing and exception handling,
    so the status logged is the one sent; a request that sent nothing is logged as 500.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            request_logger.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "route": scope.get("path_template") or "(unmatched)",
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
