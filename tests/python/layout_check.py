"""layout_check.py PACKAGE LAYOUT_PROGRAM

Compares the ctypes mirrors of a generated package (PACKAGE._ffi) with the C
header's layout, as the program compiled from the Rust crate's
tests/layout.c prints it (`T size align` and `T.field offset` lines): the
mirrors are checked, not assumed, to be the C structs."""

import ctypes
import importlib
import subprocess
import sys


def main() -> None:
    package, program = sys.argv[1], sys.argv[2]
    ffi = importlib.import_module(package + "._ffi")
    lines = subprocess.run([program], check=True, capture_output=True, text=True).stdout
    checked, wrong = 0, []
    for line in lines.splitlines():
        parts = line.split()
        if len(parts) == 3:
            name, size, align = parts[0], int(parts[1]), int(parts[2])
            t = getattr(ffi, name)
            got = (ctypes.sizeof(t), ctypes.alignment(t))
            if got != (size, align):
                wrong.append(f"{name}: ctypes size/align {got}, C {(size, align)}")
        else:
            path, offset = parts[0], int(parts[1])
            name, field = path.split(".")
            got_offset = getattr(getattr(ffi, name), field).offset
            if got_offset != offset:
                wrong.append(f"{path}: ctypes offset {got_offset}, C {offset}")
        checked += 1
    if wrong or checked == 0:
        sys.exit("\n".join(wrong) or "the layout program printed nothing")
    print(f"{package}: {checked} sizes, alignments and offsets agree with C")


if __name__ == "__main__":
    main()
