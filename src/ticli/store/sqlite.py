"""SQLite and SQLCipher behind one face: the index of an encrypted journal is an SQLCipher
database (every page encrypted, its write-ahead log too), the same tables as a plain one.

SQLCipher's module (`sqlcipher3`) raises its own exception classes, not `sqlite3`'s; code
that catches the index's errors names the tuples here (`sqlite.Error`, read at the time
of the `except`), which take SQLCipher's classes in once it is loaded. It is loaded only
for an encrypted journal (about 10 ms).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import cast

#: What an index's errors are (SQLCipher's join once it is loaded).
Error: tuple[type[Exception], ...] = (sqlite3.Error,)
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
ProgrammingError: tuple[type[Exception], ...] = (sqlite3.ProgrammingError,)


class NoCipher(Exception):
    """SQLCipher cannot be loaded here (no wheel for this machine): the encrypted
    journal's index is then kept in memory for each command only."""


def load_cipher() -> ModuleType:
    """SQLCipher's module, its errors joined to the tuples above (NoCipher: none here)."""
    global Error, DatabaseError, ProgrammingError
    try:
        from sqlcipher3 import dbapi2 as cipher
    except ImportError as error:
        raise NoCipher(str(error)) from None
    Error = (sqlite3.Error, cipher.Error)
    DatabaseError = (sqlite3.DatabaseError, cipher.DatabaseError)
    ProgrammingError = (sqlite3.ProgrammingError, cipher.ProgrammingError)
    return cipher


def cipher_available() -> bool:
    """True when SQLCipher can be loaded here (an encrypted journal's index is kept)."""
    try:
        load_cipher()
    except NoCipher:
        return False
    return True


def cipher_connect(path: Path, key: bytes, timeout: float) -> sqlite3.Connection:
    """An SQLCipher database at `path` opened with a raw 256-bit `key` (no passphrase
    derivation: the key is derived from the journal's own secret key). A wrong key
    raises a DatabaseError ("file is not a database") at the first read."""
    cipher = load_cipher()
    db = cipher.connect(str(path), timeout=timeout, isolation_level=None)
    try:
        # SQLCipher writes a wrong key's failed page checks to stderr unless told not to.
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        db.execute("PRAGMA temp_store = MEMORY")  # never a temporary file with text in it
    except BaseException:
        db.close()
        raise
    # The same DB-API as sqlite3's Connection: typed as one, so the index's code is shared.
    return cast(sqlite3.Connection, db)
