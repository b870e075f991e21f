"""Start-up checks: readable one-line errors instead of Qt aborting."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.startup import (
    can_connect_x11,
    display_problem,
    gui_import_problem,
    missing_library_message,
    package_for_missing_library,
    uses_xcb,
    x11_address,
    x11_connection_problem,
    xcb_library_problem,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "env",
    [
        {"DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "minimal"},
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"},
        {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"},
        {"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"},
        {"QT_QPA_PLATFORM": "wayland"},
    ],
)
def test_display_found(env: dict[str, str]) -> None:
    assert display_problem(env, "linux") is None


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"DISPLAY": "", "WAYLAND_DISPLAY": ""},
        {"QT_QPA_PLATFORM": "xcb"},
        {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"},
    ],
)
def test_display_missing_names_the_alternatives(env: dict[str, str]) -> None:
    message = display_problem(env, "linux")
    assert message is not None
    assert "\n" not in message
    for alternative in ("xvfb-run", "QT_QPA_PLATFORM=offscreen", "python main.py run FILE"):
        assert alternative in message


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_other_platforms_always_have_a_display(platform: str) -> None:
    assert display_problem({}, platform) is None


@pytest.mark.parametrize(
    ("message", "package"),
    [
        ("libEGL.so.1: cannot open shared object file: No such file or directory", "libegl1"),
        ("libGL.so.1: cannot open shared object file: No such file or directory", "libgl1"),
        ("libxkbcommon.so.0: cannot open shared object file", "libxkbcommon0"),
        ("libfontconfig.so.1: cannot open shared object file", "libfontconfig1"),
        ("libglib-2.0.so.0: cannot open shared object file", "libglib2.0-0"),
        ("libdbus-1.so.3: cannot open shared object file", "libdbus-1-3"),
        ("libxcb-cursor.so.0: cannot open shared object file", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0: cannot open shared object file", "libxkbcommon-x11-0"),
        ("libxcb-render-util.so.0: cannot open shared object file", "libxcb-render-util0"),
    ],
)
def test_package_for_missing_library(message: str, package: str) -> None:
    assert package_for_missing_library(message) == package


@pytest.mark.parametrize(
    "message",
    ["No module named 'PySide6'", "libunknown.so.7: cannot open shared object file", ""],
)
def test_unknown_library_has_no_package(message: str) -> None:
    assert package_for_missing_library(message) is None


def test_missing_library_message_is_one_line_with_the_install_command() -> None:
    message = missing_library_message("libEGL.so.1: cannot open shared object file")
    assert "\n" not in message
    assert "apt-get install libegl1" in message


def test_gui_import_problem_reports_the_package() -> None:
    def failing_import(name: str) -> object:
        raise ImportError("libEGL.so.1: cannot open shared object file: No such file")

    message = gui_import_problem(failing_import)
    assert message is not None and "libegl1" in message


def test_gui_import_problem_none_when_qt_imports() -> None:
    assert gui_import_problem(lambda name: object()) is None


def test_xcb_libraries_probed_only_for_xcb() -> None:
    def missing(name: str) -> object:
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")

    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    message = xcb_library_problem({"DISPLAY": ":0"}, "linux", loader=missing)
    assert message is not None and "libxcb-cursor0" in message
    assert xcb_library_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loader=missing) is None


@pytest.mark.parametrize(
    ("display", "address"),
    [
        (":0", ("", 0)),
        (":1.0", ("", 1)),
        ("unix:2", ("", 2)),
        ("localhost:10.0", ("localhost", 10)),
        ("/tmp/launch-x/org.xquartz:0", None),
        ("", None),
        ("nonsense", None),
    ],
)
def test_x11_address(display: str, address: tuple[str, int] | None) -> None:
    assert x11_address(display) == address


def test_unreachable_x_display_is_reported() -> None:
    env = {"DISPLAY": ":99"}
    message = x11_connection_problem(env, "linux", connect=lambda host, number: False)
    assert message is not None and "DISPLAY=:99" in message and "xvfb-run" in message
    assert x11_connection_problem(env, "linux", connect=lambda host, number: True) is None
    offscreen = {"DISPLAY": ":99", "QT_QPA_PLATFORM": "offscreen"}
    assert x11_connection_problem(offscreen, "linux", connect=lambda h, n: False) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux-only")
def test_can_connect_x11_to_a_listening_socket() -> None:
    number = 7000 + os.getpid() % 1000
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")
        server.listen(1)
        assert can_connect_x11("", number)
    assert not can_connect_x11("", number)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display checks are for Linux")
def test_main_without_display_prints_one_line_and_exits_2() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "xvfb-run" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]


def test_main_help_needs_no_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; "
        "from app.cli_entry import main; sys.exit(main(['--help']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "main.py run FILE" in result.stdout
