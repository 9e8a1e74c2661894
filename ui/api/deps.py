"""What a route may ask for (FastAPI dependencies): the engine, the service and the serving settings that
`create_app` put in `app.state`, and the admin token sent as a bearer header. It holds no route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rag.engine import Engine  # the server has built one already: no extra cost
from ui.service import Service
from ui.settings import ServeSettings

bearer = HTTPBearer(auto_error=False, description="RAG_ADMIN_TOKEN, when the server has one.")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_serve(request: Request) -> ServeSettings:
    serve: ServeSettings = request.app.state.serve
    return serve


def token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str | None:
    """The bearer token, if the request sent one."""
    return credentials.credentials if credentials else None


EngineDep = Annotated[Engine, Depends(get_engine)]
ServiceDep = Annotated[Service, Depends(get_service)]
ServeDep = Annotated[ServeSettings, Depends(get_serve)]
TokenDep = Annotated[str | None, Depends(token)]
