"""What Word and Excel files share: text their XML can hold, and archives that are the same bytes each time."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

# XML 1.0 cannot hold C0 controls other than tab and newline, lone surrogates, U+FFFE or U+FFFF
# (openpyxl's ILLEGAL_CHARACTERS_RE refuses the same).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text Word can hold: line ends as `\\n`, unwritable characters dropped."""
    return _UNWRITABLE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def steady_zip(data: bytes, when: dt.date) -> bytes:
    """The same archive with every entry dated `when`, so the same record gives the same bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(zipfile.ZipInfo(info.filename, stamp), old.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
