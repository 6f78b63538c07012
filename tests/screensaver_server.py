"""A fake org.freedesktop.ScreenSaver service for tests (jeepney, blocking).

    python tests/screensaver_server.py --log calls.jsonl --ready-file ready

Owns org.freedesktop.ScreenSaver on $DBUS_SESSION_BUS_ADDRESS and answers Inhibit (cookies
1, 2, 3...) and UnInhibit at /org/freedesktop/ScreenSaver, as GNOME and KDE do. Each call is
one JSON line in the log: {"method": "Inhibit", "cookie": 1, "sender": ":1.5", "args": [...]}.
It also watches the bus: when a connection that holds an inhibit goes away without
UnInhibit (its process died), it logs {"method": "Gone", "sender": ..., "cookie": ...}, which
is when a real desktop lifts that inhibit. Stop it with SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import MatchRule, message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"


class Server:
    def __init__(self, log_path: str) -> None:
        self.log_path = log_path
        self.conn = open_dbus_connection(bus="SESSION")
        self.next_cookie = 1
        self.held: dict[int, str] = {}

    def log(self, record: dict[str, Any]) -> None:
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
            f.flush()

    def start(self) -> None:
        reply = self.conn.send_and_get_reply(message_bus.RequestName(NAME, 4))
        if reply.header.message_type == MessageType.error or reply.body[0] != 1:
            sys.exit(f"screensaver_server: could not own {NAME}: {reply.body!r}")
        rule = MatchRule(type="signal", sender="org.freedesktop.DBus", member="NameOwnerChanged")
        self.conn.send_and_get_reply(message_bus.AddMatch(rule))

    def serve_forever(self) -> None:
        while True:
            msg = self.conn.receive()
            fields = msg.header.fields
            member = fields.get(HeaderFields.member, "")
            if msg.header.message_type == MessageType.signal:
                if member == "NameOwnerChanged":
                    name, _old, new = msg.body
                    for cookie, sender in list(self.held.items()):
                        if sender == name and not new:
                            del self.held[cookie]
                            self.log({"method": "Gone", "sender": name, "cookie": cookie})
                continue
            if msg.header.message_type != MessageType.method_call:
                continue
            sender = fields.get(HeaderFields.sender, "")
            path = fields.get(HeaderFields.path, "")
            if path != PATH:
                self.conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownObject"))
            elif member == "Inhibit":
                cookie = self.next_cookie
                self.next_cookie += 1
                self.held[cookie] = sender
                self.log({"method": "Inhibit", "cookie": cookie, "sender": sender,
                          "args": list(msg.body)})  # fmt: skip
                self.conn.send(new_method_return(msg, "u", (cookie,)))
            elif member == "UnInhibit":
                (cookie,) = msg.body
                self.held.pop(cookie, None)
                self.log({"method": "UnInhibit", "cookie": cookie, "sender": sender})
                self.conn.send(new_method_return(msg))
            else:
                self.conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--ready-file", required=True)
    args = parser.parse_args()
    open(args.log, "a", encoding="utf-8").close()
    server = Server(args.log)
    server.start()
    with open(args.ready_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(args.ready_file + ".tmp", args.ready_file)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, ConnectionError, OSError):
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
