"""SQLite for the async engine, run on the event loop's own thread.

aiosqlite runs every call on a thread of its own and hands the result back: four or five
hand-overs a query, each costing more here (0.15 ms) than the query itself (a few µs on a
warm page cache). The whole enquiry path spent most of its time in them. This dialect is
SQLAlchemy's own pysqlite dialect marked as async-capable: statements run synchronously inside
the greenlet the async engine already uses, and only waiting for a pooled connection yields
to the event loop.

Each process keeps one connection (see ``carer_portal.db.create_engine``): a session holds it
from its first statement to its end, tasks waiting for it are served in turn, and SQLite never
sees two writers from one process. A statement that must wait for another process's write (a
``carer-portal worker``) waits in SQLite's busy handler, on the event loop, for at most the busy
timeout.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine.url import URL
from sqlalchemy.util import queue as sqla_queue
from sqlalchemy.util.concurrency import await_


async def _ready() -> None:
    return None


def _under_the_async_engine() -> None:
    # AsyncConnection.execute insists that the driver awaited something; a coroutine that is
    # already done satisfies it without giving up the event loop (two greenlet switches).
    await_(_ready())


DRIVER = "onloop"


class _Cursor(sqlite3.Cursor):
    async def _async_soft_close(self) -> None:
        """Called by the async engine after a Core statement: rows stay with the cursor."""


class _Connection(sqlite3.Connection):
    def cursor(self, factory: Any = _Cursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)


class _FairQueue(sqla_queue.QueueCommon[Any]):
    """The pool's idle connections, handed to waiting tasks first come, first served.

    asyncio's queue wakes a waiter when a connection comes back, but a task arriving before the
    waiter runs takes it first: with one connection and steady load some requests waited
    behind newcomers for seconds. Here a returned connection goes straight to the task that has
    waited longest, and nobody jumps the queue.
    """

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        self.maxsize = maxsize
        self.use_lifo = use_lifo  # one connection: first in, first out either way
        self._items: deque[Any] = deque()
        self._waiters: deque[asyncio.Future[Any]] = deque()

    def empty(self) -> bool:
        return not self._items

    def full(self) -> bool:
        return self.maxsize > 0 and len(self._items) >= self.maxsize

    def qsize(self) -> int:
        return len(self._items)

    def put_nowait(self, item: Any) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        if self.full():
            raise sqla_queue.Full()
        self._items.append(item)

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        self.put_nowait(item)

    def get_nowait(self) -> Any:
        if not self._items:
            raise sqla_queue.Empty()
        return self._items.popleft()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        if self._items and not self._waiters:
            return self._items.popleft()
        if not block:
            raise sqla_queue.Empty()
        waiter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await_(asyncio.wait_for(asyncio.shield(waiter), timeout))
        except (TimeoutError, asyncio.CancelledError) as error:
            if waiter.done() and not waiter.cancelled():
                self.put_nowait(waiter.result())  # handed over just as we gave up: pass it on
            else:
                waiter.cancel()
            if isinstance(error, asyncio.CancelledError):
                raise
            raise sqla_queue.Empty() from error


class _FairPool(pool.AsyncAdaptedQueuePool):
    _queue_class = _FairQueue  # type: ignore[assignment]


class SQLiteDialect_onloop(SQLiteDialect_pysqlite):
    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        # The asyncio-aware pool: waiting for the connection suspends the task, not the loop.
        return _FairPool if cls._is_url_file_db(url) else pool.StaticPool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        args, kwargs = super().create_connect_args(url)
        # Test clients run the app's event loop on a thread of their own.
        kwargs.setdefault("check_same_thread", False)
        kwargs["factory"] = _Connection
        return args, kwargs

    def get_driver_connection(self, connection: Any) -> Any:
        return connection

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        _under_the_async_engine()
        super().do_execute(cursor, statement, parameters, context)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        _under_the_async_engine()
        super().do_execute_no_params(cursor, statement, context)

    def do_executemany(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        _under_the_async_engine()
        super().do_executemany(cursor, statement, parameters, context)


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect_onloop")
