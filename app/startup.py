"""Checks that run before any Qt GUI module is imported.

Why: when Qt cannot find a display or a system library it either raises an
ImportError naming a ``.so`` file or calls ``qFatal`` and aborts the process with
a core dump. Neither tells the user what to do. These checks turn the common
cases into one readable line and exit status 2 instead.

Everything here except :func:`preflight` is a pure function so it can be unit
tested without Qt, a display, or missing libraries.
"""

from __future__ import annotations

import ctypes
import importlib
import re
import socket
from collections.abc import Callable, Iterable, Mapping

#: Shared library (as named in loader errors) -> Debian package that ships it.
LIBRARY_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

#: Libraries Qt's xcb platform plugin loads only when it opens a real X display.
#: They are not needed to import PySide6, so a missing one is found only when
#: QApplication starts -- and then Qt aborts. We probe them up front instead.
XCB_PLUGIN_LIBRARIES: tuple[str, ...] = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-render-util.so.0",
    "libxcb-shape.so.0",
    "libxcb-xkb.so.1",
    "libxkbcommon-x11.so.0",
    "libxcb-randr.so.0",
    "libxcb-sync.so.1",
    "libxcb-xfixes.so.0",
    "libX11-xcb.so.1",
)

_SONAME = re.compile(r"\blib[\w.+-]*?\.so(?:\.\d+)*")
_HEADLESS_HINT = "python main.py run FILE"


def _platform_plugins(env: Mapping[str, str]) -> list[str]:
    """Plugin names in QT_QPA_PLATFORM ("xcb;offscreen:opt=1" -> ["xcb", "offscreen"])."""
    value = env.get("QT_QPA_PLATFORM", "")
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def display_problem(env: Mapping[str, str], platform: str) -> str | None:
    """Return a one-line explanation if Qt would find no display, else None.

    Only Linux (and other X11/Wayland systems) can lack a display; macOS and
    Windows always have one. An explicit QT_QPA_PLATFORM is trusted, except
    "xcb" alone without DISPLAY, which Qt always aborts on. (Wayland may find
    its default socket without WAYLAND_DISPLAY, so it is not second-guessed.)
    """
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    has_display = bool(env.get("DISPLAY")) or bool(env.get("WAYLAND_DISPLAY"))
    plugins = _platform_plugins(env)
    if plugins:
        if plugins != ["xcb"] or env.get("DISPLAY"):
            return None
        reason = "QT_QPA_PLATFORM=xcb but DISPLAY is not set"
    elif has_display:
        return None
    else:
        reason = "no display found (DISPLAY and WAYLAND_DISPLAY are not set)"
    return (
        f"tensorcanvas: {reason}; run under xvfb-run, set QT_QPA_PLATFORM=offscreen, "
        f"or use the headless command: {_HEADLESS_HINT}"
    )


def missing_library_name(message: str) -> str | None:
    """Extract the shared library name from a loader error message, if any."""
    match = _SONAME.search(message)
    return match.group(0) if match else None


def package_for_missing_library(message: str) -> str | None:
    """Map a loader error such as "libEGL.so.1: cannot open shared object file"
    to the Debian package that provides the library, or None if unknown."""
    soname = missing_library_name(message)
    return LIBRARY_PACKAGES.get(soname) if soname else None


def missing_library_message(message: str) -> str:
    """One line telling the user which package to install for a loader error."""
    soname = missing_library_name(message)
    package = package_for_missing_library(message)
    if soname and package:
        return (
            f"tensorcanvas: Qt cannot load {soname}; install it with: "
            f"sudo apt-get install {package} (or run make sysdeps)"
        )
    if soname:
        return (
            f"tensorcanvas: Qt cannot load {soname}; "
            f"find the package that ships it with: apt-file search {soname}"
        )
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return f"tensorcanvas: Qt cannot start: {first_line}"


def gui_import_problem(
    importer: Callable[[str], object] = importlib.import_module,
) -> str | None:
    """Import the Qt GUI modules; describe the failure in one line, else None."""
    try:
        importer("PySide6.QtGui")
        importer("PySide6.QtWidgets")
    except ImportError as exc:
        text = str(exc)
        if missing_library_name(text):
            return missing_library_message(text)
        return (
            f"tensorcanvas: PySide6 is not usable ({text}); "
            "install the project with: make run (or pip install -e .)"
        )
    return None


def uses_xcb(env: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will pick its xcb (X11) plugin for this environment."""
    if not platform.startswith("linux"):
        return False
    plugins = _platform_plugins(env)
    if plugins:
        return plugins[0] == "xcb"
    # Qt prefers Wayland when a Wayland session is present.
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def xcb_library_problem(
    env: Mapping[str, str],
    platform: str,
    libraries: Iterable[str] = XCB_PLUGIN_LIBRARIES,
    loader: Callable[[str], object] = ctypes.CDLL,
) -> str | None:
    """If the xcb plugin will be used, check its libraries load; describe the first miss."""
    if not uses_xcb(env, platform):
        return None
    for soname in libraries:
        try:
            loader(soname)
        except OSError as exc:
            return missing_library_message(f"{soname}: {exc}")
    return None


def x11_address(display: str) -> tuple[str, int] | None:
    """Split DISPLAY ("[host]:N[.screen]") into (host, N); host "" means local. None if odd."""
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if not match:
        return None
    host = match.group("host")
    if host.startswith("/"):  # a launchd socket path (XQuartz), not for us to probe
        return None
    return ("" if host == "unix" else host), int(match.group("number"))


def can_connect_x11(host: str, number: int, timeout: float = 1.0) -> bool:
    """Whether an X server accepts connections at (host, number), as libxcb would try."""
    if host:
        try:
            with socket.create_connection((host, 6000 + number), timeout=timeout):
                return True
        except OSError:
            return False
    path = f"/tmp/.X11-unix/X{number}"
    for address in ("\0" + path, path):  # Linux abstract socket first, like libxcb
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(address)
                return True
            except OSError:
                continue
    return False


def x11_connection_problem(
    env: Mapping[str, str],
    platform: str,
    connect: Callable[[str, int], bool] = can_connect_x11,
) -> str | None:
    """If Qt will use X11, check its DISPLAY answers; Qt aborts (with a misleading
    message about libxcb-cursor0) when it does not."""
    if not uses_xcb(env, platform):
        return None
    display = env.get("DISPLAY", "")
    address = x11_address(display)
    if address is None or connect(*address):
        return None
    return (
        f"tensorcanvas: cannot connect to the X display DISPLAY={display}; run under xvfb-run, "
        f"set QT_QPA_PLATFORM=offscreen, or use the headless command: {_HEADLESS_HINT}"
    )


def preflight(env: Mapping[str, str], platform: str) -> str | None:
    """Run every check in order; the first problem found, as one line, or None."""
    return (
        display_problem(env, platform)
        or gui_import_problem()
        or xcb_library_problem(env, platform)
        or x11_connection_problem(env, platform)
    )
