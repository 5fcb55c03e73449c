"""The .xlsx zip, read and written with the standard ``zipfile`` module. A part written anew
is deflated; a part not changed is copied as its original compressed bytes, which is both
fast (a roster of 50,000 rows is not inflated and deflated again) and exactly what was there."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from sheets_sync.backends.xlsx.xmltree import DamagedWorkbook

# A local file header, as the zip format fixes it: signature, versions, flags, method, time,
# date, CRC, sizes, then the lengths of the name and extra field that follow it.
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
NAME_LENGTH, EXTRA_LENGTH = 10, 11  # fields of a local file header
ENCRYPTED, DATA_DESCRIPTOR = 0x01, 0x08
# Parts written get this fixed zip timestamp, not the clock's: the same tabs make the same
# bytes, so rebuilt templates and repeated runs do not differ for nothing.
WRITTEN = (1980, 1, 1, 0, 0, 0)
LEVEL = 1  # fastest deflate: the sheet XML is so repetitive that it still shrinks ~10x
UNIX, READ_WRITE = 3, 0o644 << 16


class Archive:
    """The parts of an .xlsx zip, by name, in their stored order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError,
                EOFError) as error:
            raise DamagedWorkbook(str(error) or type(error).__name__) from error
        self.by_name = {info.filename: info for info in self.infos}
        self.folded = {name.casefold() for name in self.by_name}

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(self.by_name[name])
        except KeyError as error:
            raise DamagedWorkbook(f"the part {name} is missing") from error
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
            raise DamagedWorkbook(f"the part {name} cannot be read: {error}") from error

    def stored(self, info: zipfile.ZipInfo) -> bytes:
        """A part's bytes as stored (still compressed): after its local header, whose name
        and extra field may differ in length from the directory's."""
        if info.flag_bits & ENCRYPTED:
            raise DamagedWorkbook(f"the part {info.filename} is encrypted")
        start = info.header_offset
        header = self.data[start:start + LOCAL_HEADER.size]
        if len(header) < LOCAL_HEADER.size or not header.startswith(LOCAL_SIGNATURE):
            raise DamagedWorkbook(f"the part {info.filename} is cut short")
        fields = LOCAL_HEADER.unpack(header)
        begin = start + LOCAL_HEADER.size + fields[NAME_LENGTH] + fields[EXTRA_LENGTH]
        stored = self.data[begin:begin + info.compress_size]
        if len(stored) != info.compress_size:
            raise DamagedWorkbook(f"the part {info.filename} is cut short")
        return stored


def build_zip(parts: Archive | None, changed: dict[str, bytes | None],
              added: Iterable[tuple[str, bytes]]) -> bytes:
    """A new zip: the old parts in order (``changed``: name -> new content, or None to drop),
    then the ``added`` ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as archive:
        if parts is not None:
            for info in parts.infos:
                if info.filename not in changed:
                    _copy(archive, info, parts.stored(info))
                elif (content := changed[info.filename]) is not None:
                    archive.writestr(_written(info.filename), content, compresslevel=LEVEL)
        for name, content in added:
            archive.writestr(_written(name), content, compresslevel=LEVEL)
    return out.getvalue()


def _written(name: str) -> zipfile.ZipInfo:
    """A new part's entry: the same on every computer and every day."""
    info = zipfile.ZipInfo(name, WRITTEN)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = READ_WRITE
    return info


def _copy(archive: zipfile.ZipFile, old: zipfile.ZipInfo, stored: bytes) -> None:
    """Add a part as its compressed bytes. zipfile has no call for that, so this does what
    its own ``ZipFile.mkdir`` does for an entry without data -- the local header, at the end
    of what is written, then the entry in the list it writes as the directory on closing --
    with the stored bytes after the header."""
    info = zipfile.ZipInfo(old.filename, old.date_time)
    info.compress_type = old.compress_type
    info.flag_bits = old.flag_bits & ~DATA_DESCRIPTOR  # the sizes are known: in the header
    info.CRC, info.compress_size, info.file_size = old.CRC, old.compress_size, old.file_size
    info.create_system, info.external_attr = old.create_system, old.external_attr
    zip64 = max(old.file_size, old.compress_size) > zipfile.ZIP64_LIMIT
    out = archive.fp
    if out is None:
        raise ValueError("the zip being written is already closed")
    out.seek(archive.start_dir)
    info.header_offset = out.tell()
    out.write(info.FileHeader(zip64))
    out.write(stored)
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
    archive.start_dir = out.tell()
