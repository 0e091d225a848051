"""Reading a posted form, bounded: the editor's only way to read a request body.

Forms and the live-check API alike post ``application/x-www-form-urlencoded``,
parsed here with the standard library (no multipart parser to install, and no
file uploads to defend). The size is checked on the announced length first,
then while reading, so a body without ``Content-Length`` cannot grow unbounded.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import parse_qsl

from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request

from entraide.editing.limits import MAX_PAGE_BYTES
from entraide.server.editor.errors import EditorError

# Percent-encoding triples a non-ASCII byte; the other fields need a few kilobytes.
MAX_POST_BYTES: Final = 3 * MAX_PAGE_BYTES + 16_384
MAX_FIELDS: Final = 200
FORM_TYPE: Final = "application/x-www-form-urlencoded"

_TOO_LARGE = "Envoi trop volumineux : la page dépasse la taille permise. Découpez-la."


async def read_form(request: Request) -> ImmutableMultiDict[str, str]:
    """The posted fields (repeatable keys kept in order), or an :class:`EditorError`."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        raise EditorError(415, "Envoi refusé : ce formulaire n'a pas été envoyé par l'éditeur.")
    announced = request.headers.get("content-length")
    if announced is not None:
        if not announced.isdigit():
            raise EditorError(400, "Envoi invalide : longueur annoncée illisible.")
        if int(announced) > MAX_POST_BYTES:
            raise EditorError(413, _TOO_LARGE)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_POST_BYTES:
            raise EditorError(413, _TOO_LARGE)
    try:
        text = body.decode("utf-8")
        fields = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError as exc:
        raise EditorError(400, "Envoi invalide : texte qui n'est pas en UTF-8.") from exc
    except ValueError as exc:  # more than MAX_FIELDS fields
        raise EditorError(413, "Envoi invalide : trop de champs.") from exc
    return ImmutableMultiDict(fields)
