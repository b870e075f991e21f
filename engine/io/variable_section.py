"""Variable values as a graph file's editor section stores them (``editor.variables``):
``{variable name: tensor object}``, each exact for its dtype (``tensor_codec``: JSON when
small and exact, else base64 of the bytes).

Why in the editor section and not beside ``ops``: the values belong to a session, not to
the graph (a Variable's initial value is in the graph; what training made of it is not), and
a version-1 reader keeps an editor section it does not understand, so a file with trained
values is still version 1 and every reader opens it (docs/FILE_FORMAT.md, "Variable
values"). The values' base64 text is exempt from the section's character limit
(``editor_section``): trained weights are not small by nature; each is bounded as a Const.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..framework.errors import GraphFileError
from .doc_fields import _Bad, clip
from .tensor_codec import decode_tensor, encode_tensor

SECTION_KEY = "variables"


def encode_variable_values(values: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """The section's object for ``values`` (by variable name)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        try:
            out[name] = encode_tensor(value)
        except _Bad as e:
            raise GraphFileError(clip(e.message),
                                 field=f"editor.{SECTION_KEY}.{name}") from None
    return out


def decode_variable_values(section: Any, field: str = f"editor.{SECTION_KEY}"
                           ) -> dict[str, np.ndarray]:
    """``{variable name: array}`` from the section's object; ``GraphFileError`` naming the
    field of the first value that is not a valid tensor object."""
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise GraphFileError("expected an object mapping variable names to tensors",
                             field=field)
    return {str(name): decode_tensor(value, f"{field}.{name}")
            for name, value in section.items()}
