"""A person's own copy of what the portal holds about them: to read, and to download.

There is no id in either address: each person only ever gets their own, whoever they are.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.response import Response, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.security.guards import signed_in
from carer_portal.timekeeping import UK
from carer_portal.your_data.service import YourData, gather_your_data, record_export

# The page shows the newest of what they did; the download has all of it.
ACTIVITY_SHOWN = 100


class YourDataController(Controller):
    path = "/account"
    guards = (signed_in,)

    async def _gather(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> YourData:
        data = await gather_your_data(
            session=db_session, actor=request.user, settings=state.settings, now=utcnow()
        )
        if data is None:
            raise NotFoundException()
        await record_export(db_session, request.user)
        return data

    @get("/your-data", name="your_data")
    async def page(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Template:
        data = await self._gather(request, state, db_session)
        return Template(
            template_name="your_data/index.html",
            context={"data": data, "activity_shown": ACTIVITY_SHOWN},
        )

    @get("/your-data.json", name="your_data_download")
    async def download(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Response[bytes]:
        data = await self._gather(request, state, db_session)
        day = data.produced_at.astimezone(UK).date().isoformat()
        return Response(
            content=json.dumps(data.as_json(), indent=2, ensure_ascii=False).encode(),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="your-information-{day}.json"'},
        )


your_data_routes: list[type[Controller]] = [YourDataController]
