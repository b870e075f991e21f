"""A CUDA GPU through cupy.

A GPU is "usable" only when cupy imports, a CUDA driver answers, a device exists and a tiny
kernel compiles and runs (cupy compiles elementwise kernels with NVRTC at run time). When it
is not, the reason is kept so the editor and the command line can say why.
"""

from __future__ import annotations

import functools

from .backend import Backend, DeviceInfo


@functools.lru_cache(maxsize=1)
def gpu_status() -> DeviceInfo:
    """Probe the GPU once per process."""
    try:
        import cupy
    except ImportError:
        return DeviceInfo("gpu", False, "GPU (cupy)",
                          "cupy is not installed (install the 'gpu' extra: pip install "
                          "'tensorcanvas[gpu]')")
    except Exception as e:  # a broken cupy install raises all sorts of things
        return DeviceInfo("gpu", False, "GPU (cupy)", f"cupy failed to import: {e}")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return DeviceInfo("gpu", False, "GPU (cupy)", f"no CUDA driver: {first}")
    if count < 1:
        return DeviceInfo("gpu", False, "GPU (cupy)", "no CUDA device found")
    try:
        probe = cupy.arange(4, dtype=cupy.float32) * 2 + 1
        float(probe.sum().get())
        props = cupy.cuda.runtime.getDeviceProperties(0)
        name = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        hint = ""
        if "nvrtc" in first.lower():
            hint = " (install the CUDA runtime compiler: pip install nvidia-cuda-nvrtc-cu12)"
        return DeviceInfo("gpu", False, "GPU (cupy)", f"the GPU cannot run kernels: {first}{hint}")
    return DeviceInfo("gpu", True, f"GPU 0: {name} (cupy {cupy.__version__})")


def gpu_backend(info: DeviceInfo) -> Backend:
    """The backend of a usable GPU (``info`` from ``gpu_status``)."""
    import array_api_compat.cupy as xp_cupy  # cupy with the array API's function names

    return Backend("gpu", xp_cupy, info.description)
