from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_export, backup_restore


class Command(BaseCommand):
    help = (
        "Back up everything (parties, articles, meetings, commitments, follow-ups, history, "
        "users) to a gzipped XML file, or restore such a file into an empty, migrated database, "
        "row for row."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["export", "restore"])
        parser.add_argument("path", type=Path)

    def handle(self, *args, action: str, path: Path, **options) -> None:
        try:
            if action == "export":
                count = backup_export(path=path)
                self.stdout.write(f"Exported {count} objects to {path}.")
            else:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file.")
                count = backup_restore(path=path)
                self.stdout.write(f"Restored {count} objects from {path}.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
