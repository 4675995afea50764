"""What is voted is kept: the database refuses a ballot in a closed poll, any change or
delete of a ballot, any change of a closed poll, and any change or delete of approved
minutes. The services never try; this holds every other way in."""

from django.db import migrations

KEEP = """
CREATE FUNCTION council_keep_voted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'council_ballot' THEN
        IF TG_OP = 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM council_poll WHERE id = NEW.poll_id
                       AND closed_at IS NOT NULL) THEN
                RAISE EXCEPTION 'poll % is closed: no ballot is added to it', NEW.poll_id
                    USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ballot % is kept: it is never changed or deleted', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_TABLE_NAME = 'council_poll' THEN
        IF TG_OP = 'DELETE' OR OLD.closed_at IS NOT NULL THEN
            RAISE EXCEPTION 'poll % is kept: it is never deleted, nor changed once closed', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END IF;
    -- council_minutes
    IF OLD.approved_at IS NOT NULL THEN
        RAISE EXCEPTION 'minutes % are approved: they are kept as approved', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ballot_is_kept BEFORE INSERT OR UPDATE OR DELETE ON council_ballot
    FOR EACH ROW EXECUTE FUNCTION council_keep_voted();
CREATE TRIGGER closed_poll_is_kept BEFORE UPDATE OR DELETE ON council_poll
    FOR EACH ROW EXECUTE FUNCTION council_keep_voted();
CREATE TRIGGER approved_minutes_are_kept BEFORE UPDATE OR DELETE ON council_minutes
    FOR EACH ROW EXECUTE FUNCTION council_keep_voted();
"""

FORGET = """
DROP TRIGGER approved_minutes_are_kept ON council_minutes;
DROP TRIGGER closed_poll_is_kept ON council_poll;
DROP TRIGGER ballot_is_kept ON council_ballot;
DROP FUNCTION council_keep_voted();
"""


class Migration(migrations.Migration):
    dependencies = [("council", "0001_council_business")]

    operations = [migrations.RunSQL(KEEP, FORGET)]
