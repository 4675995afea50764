"""A closed round of an election is kept: the database refuses a change to the votes
of a candidate once the poll is closed, and a candidate added to it then."""

from django.db import migrations

KEEP = """
CREATE FUNCTION council_keep_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM council_poll
               WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.poll_id ELSE NEW.poll_id END)
               AND closed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'the poll is closed: its candidates and their votes are kept'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER closed_tally_is_kept BEFORE INSERT OR UPDATE OR DELETE ON council_pollcandidate
    FOR EACH ROW EXECUTE FUNCTION council_keep_tally();
"""

FORGET = """
DROP TRIGGER closed_tally_is_kept ON council_pollcandidate;
DROP FUNCTION council_keep_tally();
"""


class Migration(migrations.Migration):
    dependencies = [("council", "0006_elections_between_candidates")]

    operations = [migrations.RunSQL(KEEP, FORGET)]
