"""A fake org.freedesktop.Notifications server for tests (pure Python, jeepney, blocking API).

    python tests/notify_server.py --log calls.jsonl --ready-file ready [--hang] [--no-actions]

Connects to the session bus in $DBUS_SESSION_BUS_ADDRESS, owns org.freedesktop.Notifications,
then writes the ready file. Answers Introspect, Peer.Ping, GetCapabilities,
GetServerInformation, Notify (returns 1, 2, 3...) and CloseNotification (emits
NotificationClosed). Every Notify / CloseNotification call is appended to the log as one JSON
line, flushed at once:

    {"method": "Notify", "id": 1, "args": {"app_name": ..., "replaces_id": 0, "app_icon": ...,
     "summary": ..., "body": ..., "actions": [...], "hints": {"urgency": ["y", 1]},
     "expire_timeout": -1}}

Hints keep their D-Bus signature: {name: [signature, value]}.
With --hang it owns the name but never answers anything (a hung notification daemon). With
--no-actions, GetCapabilities leaves out "actions" (a server without buttons). With
--delay SECONDS it shows (logs) each notification at once but answers Notify that much later
(a slow, busy notification daemon).

A person pressing a button is played by the test: the method org.supple.Test.Invoke(u id,
s action_key) on the same object makes the server emit ActionInvoked(id, key) and then
NotificationClosed(id, 2), as a real server does when a button is pressed. It is logged as
{"method": "Invoke", "id": ..., "args": {"action_key": ...}}.

Stop it with SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"
TEST_IFACE = "org.supple.Test"
DO_NOT_QUEUE = 4
PRIMARY_OWNER = 1

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Peer">
    <method name="Ping"/>
  </interface>
  <interface name="{IFACE}">
    <method name="GetCapabilities"><arg name="caps" type="as" direction="out"/></method>
    <method name="Notify">
      <arg name="app_name" type="s" direction="in"/>
      <arg name="replaces_id" type="u" direction="in"/>
      <arg name="app_icon" type="s" direction="in"/>
      <arg name="summary" type="s" direction="in"/>
      <arg name="body" type="s" direction="in"/>
      <arg name="actions" type="as" direction="in"/>
      <arg name="hints" type="a{{sv}}" direction="in"/>
      <arg name="expire_timeout" type="i" direction="in"/>
      <arg name="id" type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg name="id" type="u" direction="in"/></method>
    <method name="GetServerInformation">
      <arg name="name" type="s" direction="out"/>
      <arg name="vendor" type="s" direction="out"/>
      <arg name="version" type="s" direction="out"/>
      <arg name="spec_version" type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed">
      <arg name="id" type="u"/><arg name="reason" type="u"/>
    </signal>
    <signal name="ActionInvoked">
      <arg name="id" type="u"/><arg name="action_key" type="s"/>
    </signal>
  </interface>
  <interface name="{TEST_IFACE}">
    <method name="Invoke">
      <arg name="id" type="u" direction="in"/><arg name="action_key" type="s" direction="in"/>
    </method>
  </interface>
</node>
"""


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a jeepney value (variants are (signature, value) tuples)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


class Server:
    def __init__(self, log_path: str, hang: bool, actions: bool = True, delay: float = 0.0) -> None:
        self.log_path = log_path
        self.hang = hang
        self.actions = actions
        self.delay = delay
        self.next_id = 1
        self.conn = open_dbus_connection(bus="SESSION")

    def own_name(self) -> None:
        reply = self.conn.send_and_get_reply(message_bus.RequestName(NAME, DO_NOT_QUEUE))
        if reply.header.message_type == MessageType.error or reply.body[0] != PRIMARY_OWNER:
            sys.exit(f"notify_server: could not own {NAME}: {reply.body!r}")

    def log(self, record: dict[str, Any]) -> None:
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def serve_forever(self) -> None:
        while True:
            msg = self.conn.receive()
            if msg.header.message_type != MessageType.method_call or self.hang:
                continue
            self.conn.send(self.handle(msg))

    def handle(self, msg: Any) -> Any:
        fields = msg.header.fields
        iface = fields.get(HeaderFields.interface, "")
        member = fields.get(HeaderFields.member, "")
        if member == "Introspect" and iface in ("", "org.freedesktop.DBus.Introspectable"):
            return new_method_return(msg, "s", (INTROSPECTION,))
        if member == "Ping" and iface in ("", "org.freedesktop.DBus.Peer"):
            return new_method_return(msg)
        if iface == TEST_IFACE and member == "Invoke":
            nid, key = msg.body
            self.log({"method": "Invoke", "id": nid, "args": {"action_key": key}})
            where = DBusAddress(PATH, interface=IFACE)
            self.conn.send(new_signal(where, "ActionInvoked", "us", (nid, key)))
            self.conn.send(new_signal(where, "NotificationClosed", "uu", (nid, 2)))
            return new_method_return(msg)
        if iface not in ("", IFACE):
            return unknown(msg, iface, member)
        if member == "GetCapabilities":
            caps = ["body", "actions", "persistence"] if self.actions else ["body", "persistence"]
            return new_method_return(msg, "as", (caps,))
        if member == "GetServerInformation":
            return new_method_return(msg, "ssss", ("supple-test", "supple", "1.0", "1.2"))
        if member == "Notify":
            (app_name, replaces_id, app_icon, summary, body, actions, hints, expire) = msg.body
            nid = replaces_id or self.next_id
            if not replaces_id:
                self.next_id += 1
            self.log(
                {
                    "method": "Notify",
                    "id": nid,
                    "args": {
                        "app_name": app_name,
                        "replaces_id": replaces_id,
                        "app_icon": app_icon,
                        "summary": summary,
                        "body": body,
                        "actions": list(actions),
                        "hints": plain(hints),
                        "expire_timeout": expire,
                    },
                }
            )
            if self.delay:
                time.sleep(self.delay)  # shown already; the answer comes late
            return new_method_return(msg, "u", (nid,))
        if member == "CloseNotification":
            (nid,) = msg.body
            self.log({"method": "CloseNotification", "id": nid, "args": {"id": nid}})
            closed = new_signal(
                DBusAddress(PATH, interface=IFACE), "NotificationClosed", "uu", (nid, 3)
            )
            self.conn.send(closed)
            return new_method_return(msg)
        return unknown(msg, iface, member)


def unknown(msg: Any, iface: str, member: str) -> Any:
    return new_error(
        msg,
        "org.freedesktop.DBus.Error.UnknownMethod",
        "s",
        (f"no method {iface}.{member} in the fake notification server",),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True, help="append one JSON line per call here")
    parser.add_argument("--ready-file", required=True, help="written once the name is owned")
    parser.add_argument("--hang", action="store_true", help="own the name, never answer")
    parser.add_argument("--no-actions", action="store_true", help="no 'actions' capability")
    parser.add_argument("--delay", type=float, default=0.0, help="answer Notify this late")
    args = parser.parse_args(argv)
    open(args.log, "a", encoding="utf-8").close()
    server = Server(args.log, args.hang, actions=not args.no_actions, delay=args.delay)
    server.own_name()
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(tmp, args.ready_file)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, ConnectionError, OSError):
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
