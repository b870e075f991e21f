"""Which kernels TF registers for an op on its CPU, and TF's words when there is none.

TF's op definitions accept more dtypes than its CPU has kernels for (``MatMul`` of uint8,
``FloorDiv`` of complex, ``RealDiv`` of integers): such an op builds, and the run fails when
TF's placer finds no kernel — for every run of the graph, also one that does not need the op.
An op's ``KernelSet`` lists the kernels in the order TF's message lists them, so the engine's
message is TF's, line for line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .dtypes import DType


@dataclass(frozen=True)
class KernelSet:
    """The kernels of one op: ``lines`` are (device, dtype of ``attr``) as TF lists them;
    only the ``CPU`` ones run here (TF's ``DEFAULT`` device lines are listed, not used)."""

    attr: str
    lines: tuple[tuple[str, DType], ...]
    #: a second type attribute every kernel is also registered by, and its dtypes in TF's
    #: order (``Tindices``): TF lists a line per pair (``T in [DT_FLOAT]; Tindices in
    #: [DT_INT64]``); the kernels accept each of them
    also: tuple[str, tuple[DType, ...]] | None = None
    #: a second type attribute each line fixes as well, one dtype a line (Complex's ``Tout``:
    #: ``T in [DT_FLOAT]; Tout in [DT_COMPLEX64]``): a kernel takes only its own pair
    pair: tuple[str, tuple[DType, ...]] | None = None
    #: a string attribute every kernel is registered for one value of, as TF prints it
    #: (SpaceToDepth's ``data_format``, ``"NHWC"``): another value has no kernel
    only: tuple[str, str] | None = None
    #: the enum names of registered dtypes the engine has not (``DT_QINT8``,
    #: ``DT_VARIANT``), listed first, as TF lists them
    unlisted: tuple[str, ...] = ()

    @property
    def cpu(self) -> frozenset[DType]:
        return frozenset(d for device, d in self.lines if device == "CPU")

    def supports(self, dtype: DType) -> bool:
        return dtype in self.cpu

    def accepts(self, attrs: Mapping[str, object]) -> bool:
        """Whether a CPU kernel takes an op of these attrs (an attr not set yet: assumed so)."""
        if self.only is not None:
            value = attrs.get(self.only[0])
            if isinstance(value, bytes):
                value = value.decode()
            if value is not None and f'"{value}"' != self.only[1]:
                return False
        dtype = attrs.get(self.attr)
        if not isinstance(dtype, DType):
            return True
        if self.pair is None:
            return self.supports(dtype)
        name, paired = self.pair
        other = attrs.get(name)
        return any(device == "CPU" and d is dtype and (other is None or p is other)
                   for (device, d), p in zip(self.lines, paired))


def cpu_kernels(attr: str, *dtypes: DType, default: tuple[int, DType] | None = None) -> KernelSet:
    """A ``KernelSet`` of CPU kernels in TF's listing order; ``default`` puts TF's
    ``device='DEFAULT'`` line at that position of the list."""
    lines = [("CPU", d) for d in dtypes]
    if default is not None:
        lines.insert(default[0], ("DEFAULT", default[1]))
    return KernelSet(attr, tuple(lines))


def cpu_kernel_pairs(attr: str, dtypes: tuple[DType, ...], also: str,
                     also_dtypes: tuple[DType, ...]) -> KernelSet:
    """A ``KernelSet`` of CPU kernels registered by two type attributes (``T`` and
    ``Tindices``), listed as TF lists them: each of ``dtypes`` with each of ``also_dtypes``."""
    return KernelSet(attr, tuple(("CPU", d) for d in dtypes), (also, also_dtypes))


def cpu_kernels_paired(attr: str, pair: str, *lines: tuple[DType, DType]) -> KernelSet:
    """CPU kernels each registered for one (``attr``, ``pair``) combination, in TF's order."""
    return KernelSet(attr, tuple(("CPU", d) for d, _ in lines),
                     pair=(pair, tuple(p for _, p in lines)))


def no_kernel_message(op_type: str, node_name: str, attrs: Mapping[str, str],
                      kernels: KernelSet) -> str:
    """TF's placer message, given the node's attrs as TF prints them (sorted here: TF prints
    them in hash order)."""
    listed = ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))
    lines = [
        f"No OpKernel was registered to support Op '{op_type}' used by {{{{node {node_name}}}}} "
        f"with these attrs: [{listed}]",
        "Registered devices: [CPU]",
        "Registered kernels:",
    ]
    if kernels.pair is not None:
        name, paired = kernels.pair
        lines += [f"  device='{device}'; {kernels.attr} in [{d.enum_name}]; {name} in "
                  f"[{p.enum_name}]" for (device, d), p in zip(kernels.lines, paired)]
    elif kernels.also is None:
        fixed = "" if kernels.only is None else f"; {kernels.only[0]} in [{kernels.only[1]}]"
        lines += [f"  device='CPU'; {kernels.attr} in [{name}]{fixed}"
                  for name in kernels.unlisted]
        lines += [f"  device='{device}'; {kernels.attr} in [{d.enum_name}]{fixed}"
                  for device, d in kernels.lines]
    else:
        also, also_dtypes = kernels.also
        lines += [f"  device='{device}'; {kernels.attr} in [{d.enum_name}]; {also} in "
                  f"[{i.enum_name}]" for device, d in kernels.lines for i in also_dtypes]
    return "\n".join(lines) + "\n"
