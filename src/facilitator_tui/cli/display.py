"""The `display` sub-command: the room's view of a day, on a second terminal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..core.locations import data_dir

if TYPE_CHECKING:
    from ..core.plan import Plan
from .common import EXIT_BAD_INPUT, add_data_dir, error, open_plan, report_plan_error, terminal_problem


def add_display_parser(commands: argparse._SubParsersAction) -> None:
    """Register `display`."""
    display = commands.add_parser(
        "display",
        help="the room's view of the day, for a second terminal on the projector",
        description=(
            "Show the room the time left, the item, the exercise phase and what is next, large, following the day "
            "another window runs. Read-only; nothing private is ever shown. Default day: the latest. "
            "With no day yet it waits for one."
        ),
    )
    add_data_dir(display)
    display.add_argument(
        "plan", nargs="?", metavar="PLAN", help="the day's plan, for a welcome screen before the day starts (file or bundled name)"
    )
    display.add_argument("--day", metavar="ID", help="the day to show (see `facilitator-tui days`)")
    display.add_argument("--web", action="store_true", help="serve the room display as a web page instead (for a browser on the projector)")
    display.add_argument(
        "--host",
        default="127.0.0.1",
        help="with --web: the address to listen on (default 127.0.0.1, this machine only; any other needs the printed token)",
    )
    display.add_argument("--port", type=int, default=8765, help="with --web: the port (default 8765)")
    display.set_defaults(handler=cmd_display)


def cmd_display(args: argparse.Namespace) -> int:
    """Check the terminal, then open the room display (it waits for a day if there is none yet)."""
    from ..ui import startup_gc

    with startup_gc.paused():  # the display resumes collection after its first frame
        return _display(args)


def _display(args: argparse.Namespace) -> int:
    from ..core.plan_loader import PlanError
    from ..ui import startup_gc
    from ..ui.display_app import DisplayApp

    plan = None
    if args.plan is not None:
        try:
            plan, _ = open_plan(args.plan)
        except PlanError as exc:
            return report_plan_error(exc)
    if args.web:
        startup_gc.release()  # a server has no first frame to wait for
        return serve_web(args, plan)
    if args.host != "127.0.0.1" or args.port != 8765:
        error("--host and --port only apply with --web")
        return EXIT_BAD_INPUT
    problem = terminal_problem("display")
    if problem is not None:
        error(problem)
        return EXIT_BAD_INPUT
    DisplayApp(data_dir(args.data_dir), args.day, plan=plan).run()
    return 0


def serve_web(args: argparse.Namespace, plan: Plan | None) -> int:
    """Serve the room display where asked, print its address (with the token when it needs one), until interrupted."""
    from aiohttp import web

    from ..core.room_follower import RoomFollower
    from ..web.room_server import make_app, new_token, view_data, waiting_data

    follower = RoomFollower(data_dir(args.data_dir), args.day, plan)

    def source() -> dict[str, object]:
        view = follower.look()
        return waiting_data(follower.problem) if view is None else view_data(view)

    token = new_token(args.host)
    host = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{host}:{args.port}/" + (f"?token={token}" if token else "")
    print(f"Room display at {address}", flush=True)
    if token:
        print("Anyone on this network with that address (and its token) can see the room display.", flush=True)
    try:
        web.run_app(make_app(source, token), host=args.host, port=args.port, print=None, handle_signals=True)
    except OSError as exc:
        error(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    finally:
        follower.close()
    return 0
