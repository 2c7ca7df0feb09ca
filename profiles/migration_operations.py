"""Migration operations for what only PostgreSQL has (extensions, GIN trigram indexes).

SQLite, the embedded default, must still migrate: there these operations do nothing, and
the code reading what they build works without it (``profiles.selectors``).
"""

from django.db import migrations


class OnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL only (and its reverse likewise)."""

    def _run_sql(self, schema_editor, sqls):
        if schema_editor.connection.vendor == "postgresql":
            super()._run_sql(schema_editor, sqls)

    def describe(self):
        return "Raw SQL on PostgreSQL only"
