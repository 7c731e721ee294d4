"""Make the audit table append-only at the database level.

A trigger refuses UPDATE and DELETE on marac_auditevent whoever asks,
including the table's owner. TRUNCATE is not a row operation: production
also runs the application as a role holding only SELECT and INSERT on this
table (manage.py restrict_audit_privileges, see docs/adr/0003-audit-log.md).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION marac_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER marac_auditevent_append_only
    BEFORE UPDATE OR DELETE ON marac_auditevent
    FOR EACH ROW EXECUTE FUNCTION marac_audit_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS marac_auditevent_append_only ON marac_auditevent;
DROP FUNCTION IF EXISTS marac_audit_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("marac", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
