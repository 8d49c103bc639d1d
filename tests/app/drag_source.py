#!/usr/bin/python3
"""A tiny X11 drag source, like a file manager: a window showing the files
given as arguments; dragging from it offers them as text/uri-list (XDND).
The end-to-end tests start it with Debian's python3-gi and drive the mouse
with xdotool. Prints "ready X Y" (the centre of the drag handle on screen)."""
import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import GLib, Gdk, Gtk  # noqa: E402

uris = [Path(p).resolve().as_uri() for p in sys.argv[1:]]
win = Gtk.Window(title="lp-drag-source")
win.set_default_size(220, 120)
win.move(1040, 660)
handle = Gtk.EventBox()
handle.add(Gtk.Label(label=f"{len(uris)} files"))
win.add(handle)
handle.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
handle.drag_source_add_uri_targets()


def data_get(_widget, _ctx, data, _info, _time):
    data.set_uris(uris)


def finished(*_args):
    print("dropped", flush=True)


handle.connect("drag-data-get", data_get)
handle.connect("drag-end", finished)
win.connect("destroy", Gtk.main_quit)
win.show_all()


def announce():
    x, y = win.get_position()
    w, h = win.get_size()
    print(f"ready {x + w // 2} {y + h // 2}", flush=True)
    return False


GLib.timeout_add(300, announce)
GLib.timeout_add_seconds(120, Gtk.main_quit)
Gtk.main()
