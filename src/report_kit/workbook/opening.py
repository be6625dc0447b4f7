"""Open an .xlsx defensively: every way a file can be unusable gets one Chinese sentence."""

from __future__ import annotations

import warnings
import zipfile
import zlib
from pathlib import Path

from ..errors import UnusableInput
from ..form import messages as msg
from ..fsutil import reason
from ..paths import pasteable

# Our workbooks hold ~120 KB of XML (~200 KB after a LibreOffice save) and a few hundred cells a
# sheet. openpyxl takes ~25 times a sheet's XML in memory, so these bound what one file may cost
# (~250 MB) whatever its size on disk: a 225 KB file can inflate to 95 MB of cells.
MAX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_CELLS_PER_SHEET = 100_000
MAX_MEMBERS = 1000  # parts in the package; ours has about 20
_CHUNK = 1024 * 1024
_COUNT_FROM = 3 * MAX_CELLS_PER_SHEET  # see _read_member
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_HEAD = 64 * 1024  # an old-format file is looked at this far, never read whole
LIST_SUFFIXES = (".csv", ".txt")  # what a department list (部门名单) is typed in


def open_workbook(path: Path, *, cached_values: bool = False):
    """Load `path` with openpyxl (normal mode: WPS files may carry a wrong dimension).

    Formula cells hold their formula text, or with `cached_values` the value the office last
    computed. Raises UnusableInput with a message naming the file and what to do.
    """
    import openpyxl  # here, not at the top: a normal return is read without it (fast_reader)

    check_package(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; not the user's business
            return openpyxl.load_workbook(path, data_only=cached_values)
    except Exception:  # openpyxl raises many types for damaged parts; the message is the same for the user
        raise UnusableInput(msg.BROKEN_WORKBOOK.text(name=path.name)) from None


def check_package(path: Path) -> dict[str, bytes]:
    """Every guard before any XML is parsed: not a folder, present, readable, not empty, not an
    old-format or encrypted file, a complete zip, and within the size, member and cell caps.
    Raises UnusableInput with a message naming the file and what to do. Returns every member's
    content as checked (at most MAX_UNCOMPRESSED in all), so that nothing is decompressed twice."""
    name = path.name
    if path.is_dir():
        raise UnusableInput(msg.FOLDER_NOT_WORKBOOK.text(path=path))
    if not path.exists():
        raise UnusableInput(msg.NOT_FOUND_FILE.text(path=path))
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnusableInput(msg.CANNOT_READ.text(name=name, reason=reason(error))) from None
    if not head:
        raise UnusableInput(msg.EMPTY_FILE.text(name=name))
    if head == _OLE_MAGIC:
        raise UnusableInput(_ole_message(path))
    if not zipfile.is_zipfile(path):  # asked once: each asking opens the file and seeks its end
        if head.startswith(b"PK\x03\x04"):  # a zip's start without its end
            raise UnusableInput(msg.TRUNCATED_ZIP.text(name=name))
        if path.suffix.lower() in LIST_SUFFIXES:  # the department list given where a return goes
            raise UnusableInput(msg.LIST_NOT_RETURN.text(name=name, suffix=path.suffix.lower(), arg=pasteable(path)))
        raise UnusableInput(msg.NOT_A_WORKBOOK.text(name=name))
    return _inspect_zip(path)


def _ole_message(path: Path) -> str:
    if "EncryptedPackage".encode("utf-16-le") in _ole_directory(path):
        return msg.ENCRYPTED.text(name=path.name)
    if path.suffix.lower() == ".et":
        return msg.WPS_ET.text(name=path.name)
    return msg.OLD_EXCEL.text(name=path.name)


def _ole_directory(path: Path) -> bytes:
    """The start of an OLE compound file and its first directory sector: where the stream names of
    a small file such as an encrypted workbook are. Bounded reads, whatever the file's size."""
    with path.open("rb") as handle:
        head = handle.read(_OLE_HEAD)
        if len(head) < 512:
            return head
        sector_size = 1 << min(int.from_bytes(head[30:32], "little"), 16)
        first_directory = int.from_bytes(head[48:52], "little")
        offset = (first_directory + 1) * sector_size
        if offset + sector_size <= len(head):
            return head
        handle.seek(offset)
        return head + handle.read(max(sector_size, 4096))


def _inspect_zip(path: Path) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
                raise UnusableInput(_too_big(path.name))
            for member in members:
                contents[member.filename] = _read_member(archive, member, path.name)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        # testzip decompresses every member: a damaged one raises from zlib, not zipfile
        raise UnusableInput(msg.TRUNCATED_ZIP.text(name=path.name)) from None
    if "xl/workbook.xml" not in names:
        if _is_opendocument_spreadsheet(path, names):  # LibreOffice's own format, common on 信创 machines
            raise UnusableInput(msg.OPENDOCUMENT.text(name=path.name))
        kind = "Word 文档" if "word/document.xml" in names else ("PowerPoint 文件" if "ppt/presentation.xml" in names
                                                               else "其他压缩文件")
        raise UnusableInput(msg.OTHER_OFFICE_FILE.text(name=path.name, kind=kind))
    return contents


def _too_big(name: str) -> str:
    return msg.UNZIPS_TOO_LARGE.text(name=name, limit=MAX_UNCOMPRESSED // 1024 // 1024)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    """Decompress one member in chunks: its CRC is checked (a damaged file raises), its real size
    counted (the directory's sizes can lie), and a worksheet's cells counted — all before openpyxl
    builds a cell object for each."""
    size, cells, carry, chunks, counting = 0, 0, b"", [], False
    sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_UNCOMPRESSED:
                raise UnusableInput(_too_big(name))
            # Each tag counted is 3 bytes or more, so a sheet of _COUNT_FROM bytes or fewer cannot pass
            # the cap: ours (~15 KB) are not counted at all; a larger one from its start on
            if sheet and size > _COUNT_FROM:
                text = carry + chunk if counting else b"".join(chunks)
                counting = True
                cells += text.count(b"<c ") + text.count(b"<c>")
                carry = text[-2:]  # a 3-byte tag cut between two chunks is counted (once) in the next
                if cells > MAX_CELLS_PER_SHEET:
                    raise UnusableInput(msg.TOO_MANY_CELLS.text(name=name, limit=MAX_CELLS_PER_SHEET))
    return b"".join(chunks)


def _is_opendocument_spreadsheet(path: Path, names: set[str]) -> bool:
    if "mimetype" not in names:
        return False
    with zipfile.ZipFile(path) as archive:
        return archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet"
