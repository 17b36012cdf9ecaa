"""On PostgreSQL the database itself refuses to change or delete access-log rows."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kasus_akseslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Log akses kasus tidak dapat diubah atau dihapus.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER kasus_akseslog_append_only
    BEFORE UPDATE OR DELETE ON kasus_akseslog
    FOR EACH ROW EXECUTE FUNCTION kasus_akseslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS kasus_akseslog_append_only ON kasus_akseslog;
DROP FUNCTION IF EXISTS kasus_akseslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("kasus", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
