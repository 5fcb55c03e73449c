"""The .xlsx zip itself: read parts, and write a new zip in which every part not changed is
copied as its original compressed bytes (fast, and exactly what was there)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from sheets_sync.backends.xlsx.xmltext import DamagedWorkbook

LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)
CENTRAL_HEADER = struct.Struct(zipfile.structCentralDir)
END_RECORD = struct.Struct(zipfile.structEndArchive)
UTF8_NAME = 0x800
DATA_DESCRIPTOR = 0x08
LIMIT = 0xFFFFFFFF  # beyond this a part needs zip64, which no workbook gets near
# Parts written get this fixed zip timestamp, not the clock's: the same tabs make the same
# bytes, so rebuilt templates and repeated runs do not differ for nothing.
WRITTEN = (1980, 1, 1, 0, 0, 0)
LEVEL = 1  # fastest deflate: the sheet XML is so repetitive that it still shrinks ~10x


class ZipParts:
    """The parts of an .xlsx zip, by name, in their stored order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError,
                EOFError) as error:
            raise DamagedWorkbook(str(error) or type(error).__name__) from error
        self.by_name = {info.filename: info for info in self.infos}
        self.folded = {name.casefold() for name in self.by_name}

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def read(self, name: str) -> bytes:
        try:
            return self.archive.read(self.by_name[name])
        except KeyError as error:
            raise DamagedWorkbook(f"the part {name} is missing") from error
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
            raise DamagedWorkbook(f"the part {name} cannot be read: {error}") from error

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """A part's bytes as stored (still compressed)."""
        start = info.header_offset
        header = self.data[start:start + LOCAL_HEADER.size]
        if len(header) < LOCAL_HEADER.size or not header.startswith(zipfile.stringFileHeader):
            raise DamagedWorkbook(f"the part {info.filename} is cut short")
        fields = LOCAL_HEADER.unpack(header)
        begin = start + LOCAL_HEADER.size + fields[10] + fields[11]  # name, extra field
        stored = self.data[begin:begin + info.compress_size]
        if len(stored) != info.compress_size:
            raise DamagedWorkbook(f"the part {info.filename} is cut short")
        return stored


def build_zip(parts: ZipParts | None, changed: dict[str, bytes | None],
              added: Iterable[tuple[str, bytes]]) -> bytes:
    """A new zip: the old parts in order (``changed``: name -> new content, or None to drop),
    then the ``added`` ones."""
    out = io.BytesIO()
    central: list[bytes] = []
    for info in parts.infos if parts is not None else ():
        if info.filename in changed:
            content = changed[info.filename]
            if content is not None:
                _put(out, central, _encode(info.filename, info.flag_bits), content, WRITTEN)
            continue
        if info.flag_bits & 0x01:
            raise DamagedWorkbook(f"the part {info.filename} is encrypted")
        stored = parts.raw(info)
        flags = info.flag_bits & ~DATA_DESCRIPTOR
        _put_raw(out, central, _encode(info.filename, flags), flags, info.compress_type,
                 info.date_time, info.CRC, stored, info.file_size, info.external_attr)
    for name, content in added:
        _put(out, central, _encode(name, 0), content, WRITTEN)
    directory = b"".join(central)
    if len(central) > 0xFFFF or out.tell() > LIMIT:
        raise ValueError("the workbook is too large for a plain zip")
    offset = out.tell()
    out.write(directory)
    out.write(END_RECORD.pack(zipfile.stringEndArchive, 0, 0, len(central), len(central),
                              len(directory), offset, 0))
    return out.getvalue()


def _encode(name: str, flags: int) -> bytes:
    if flags & UTF8_NAME:
        return name.encode("utf-8")
    try:
        return name.encode("cp437")  # how zipfile decoded it
    except UnicodeEncodeError:
        return name.encode("utf-8")


def _put(out: io.BytesIO, central: list[bytes], name: bytes, content: bytes,
         when: tuple[int, ...]) -> None:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    stored = packer.compress(content) + packer.flush()
    flags = 0 if name.isascii() else UTF8_NAME
    _put_raw(out, central, name, flags, zipfile.ZIP_DEFLATED, when, zlib.crc32(content),
             stored, len(content), 0o644 << 16)


def _put_raw(out: io.BytesIO, central: list[bytes], name: bytes, flags: int, method: int,
             when: tuple[int, ...], crc: int, stored: bytes, size: int,
             external: int) -> None:
    if size > LIMIT or len(stored) > LIMIT:
        raise ValueError("a part is too large for a plain zip")
    year, month, day, hour, minute, second = (max(when[0], 1980), *when[1:6])
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = (year - 1980) << 9 | month << 5 | day
    offset = out.tell()
    out.write(LOCAL_HEADER.pack(zipfile.stringFileHeader, 20, 0, flags, method, dos_time,
                                dos_date, crc, len(stored), size, len(name), 0))
    out.write(name)
    out.write(stored)
    central.append(CENTRAL_HEADER.pack(zipfile.stringCentralDir, 20, 3, 20, 0, flags, method,
                                       dos_time, dos_date, crc, len(stored), size, len(name),
                                       0, 0, 0, 0, external, offset) + name)
