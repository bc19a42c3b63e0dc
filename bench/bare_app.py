"""The reference the portal is measured against: Litestar's "hello", served with the same uvicorn
settings as ``carer-portal serve`` (carer_portal/cli.py: one worker, no access log)."""

from __future__ import annotations

import argparse

import uvicorn
from litestar import Litestar, get


@get("/", media_type="text/plain")
async def hello() -> str:
    return "Hello, world!"


app = Litestar(route_handlers=[hello], openapi_config=None, logging_config=None, debug=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    options = parser.parse_args()
    uvicorn.run(
        app,
        host=options.host,
        port=options.port,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
