"""The shop's entry point: ``webshop METHOD PATH [JSON]`` prints the response."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from shop.config import get
from shop.web import handle

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (2, 3):
        print(f"usage: {get('app.name')} METHOD PATH [JSON-BODY]", file=sys.stderr)
        return 2
    method, path = args[0].upper(), args[1]
    try:
        body = json.loads(args[2]) if len(args) == 3 else None
    except json.JSONDecodeError as exc:
        print(f"{get('app.name')}: bad JSON body: {exc.msg}", file=sys.stderr)
        return 2
    status, payload = handle(method, path, body)
    print(json.dumps({"status": status, "body": payload}, sort_keys=True))
    return 0 if status < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
