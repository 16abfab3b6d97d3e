"""The only code that touches the disk: the entry file format, atomic and no-replace
writes, the journal's folders, the trash, drafts, edit copies and the index.

Use cases call the functions re-exported here; nothing outside this package
opens, writes, renames, deletes or stats a journal file.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticli.store.editing import (
        EditCopy,
        accept_edit,
        changed_meanwhile,
        drop_unsaved,
        keep_draft,
        keep_edit,
        read_copy,
        read_draft,
        read_unsaved,
        remove_copy,
        remove_draft,
        start_edit,
        trash_current,
        unsaved_edits,
        write_copy,
        write_draft,
    )
    from ticli.store.entryfile import (
        answer_template,
        format_entry,
        parse_answer_template,
        parse_entry,
    )
    from ticli.store.files import AlreadyThere, present
    from ticli.store.freshness import INDEXED, SEPARATOR, Progress
    from ticli.store.index import (
        Index,
        Row,
        forget_index,
        fresh_index,
        index_kept_at,
        index_size,
        open_index,
        rebuild_index,
    )
    from ticli.store.journal import (
        TRASH,
        Scan,
        check_outside,
        create_entry,
        deleted_at,
        entry_path,
        is_folder,
        month_folder,
        parse_copy,
        read_entry,
        read_file,
        read_raw,
        restore_entry,
        scan,
        scan_recent,
        secure_root,
        set_flagged,
        trash_entry,
        trashed,
        undo_create,
        write_entry,
        write_outside,
    )
    from ticli.store.lazy import LazyEntries
    from ticli.store.sqlite import cipher_available

__all__ = [
    "INDEXED",
    "SEPARATOR",
    "TRASH",
    "AlreadyThere",
    "EditCopy",
    "Index",
    "LazyEntries",
    "Progress",
    "Row",
    "Scan",
    "accept_edit",
    "answer_template",
    "changed_meanwhile",
    "check_outside",
    "cipher_available",
    "create_entry",
    "deleted_at",
    "drop_unsaved",
    "entry_path",
    "forget_index",
    "format_entry",
    "fresh_index",
    "index_kept_at",
    "index_size",
    "is_folder",
    "keep_draft",
    "keep_edit",
    "month_folder",
    "open_index",
    "parse_answer_template",
    "parse_copy",
    "parse_entry",
    "present",
    "read_copy",
    "read_draft",
    "read_entry",
    "read_file",
    "read_raw",
    "read_unsaved",
    "rebuild_index",
    "remove_copy",
    "remove_draft",
    "restore_entry",
    "scan",
    "scan_recent",
    "secure_root",
    "set_flagged",
    "start_edit",
    "trash_current",
    "trash_entry",
    "trashed",
    "undo_create",
    "unsaved_edits",
    "write_copy",
    "write_draft",
    "write_entry",
    "write_outside",
]


#: The module each name above comes from. They are imported when first used, not with the
#: package: a command given a passphrase file starts its scrypt (store.prekey) before
#: anything else is loaded.
_HOME = {
    "EditCopy": "editing",
    "accept_edit": "editing",
    "changed_meanwhile": "editing",
    "drop_unsaved": "editing",
    "keep_draft": "editing",
    "keep_edit": "editing",
    "read_copy": "editing",
    "read_draft": "editing",
    "read_unsaved": "editing",
    "remove_copy": "editing",
    "remove_draft": "editing",
    "start_edit": "editing",
    "trash_current": "editing",
    "unsaved_edits": "editing",
    "write_copy": "editing",
    "write_draft": "editing",
    "answer_template": "entryfile",
    "format_entry": "entryfile",
    "parse_answer_template": "entryfile",
    "parse_entry": "entryfile",
    "AlreadyThere": "files",
    "present": "files",
    "INDEXED": "freshness",
    "SEPARATOR": "freshness",
    "Progress": "freshness",
    "Index": "index",
    "Row": "index",
    "forget_index": "index",
    "fresh_index": "index",
    "index_kept_at": "index",
    "index_size": "index",
    "open_index": "index",
    "rebuild_index": "index",
    "TRASH": "journal",
    "Scan": "journal",
    "check_outside": "journal",
    "create_entry": "journal",
    "deleted_at": "journal",
    "entry_path": "journal",
    "is_folder": "journal",
    "month_folder": "journal",
    "parse_copy": "journal",
    "read_entry": "journal",
    "read_file": "journal",
    "read_raw": "journal",
    "restore_entry": "journal",
    "scan": "journal",
    "scan_recent": "journal",
    "secure_root": "journal",
    "set_flagged": "journal",
    "trash_entry": "journal",
    "trashed": "journal",
    "undo_create": "journal",
    "write_entry": "journal",
    "write_outside": "journal",
    "LazyEntries": "lazy",
    "cipher_available": "sqlite",
}


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"ticli.store.{module}"), name)
    globals()[name] = value
    return value
