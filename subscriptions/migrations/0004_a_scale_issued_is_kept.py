"""A scale whose year's invoices are issued no longer changes, nor do its rates: the
database holds it, as it holds the invoices (0002), so that an edit saved while the
issue was under way cannot leave the scale saying one thing and its invoices another.
An issued row's PDF, once kept, is kept: it is written once."""

from django.db import migrations

KEEP_ISSUED_SCALES = """
CREATE FUNCTION subscriptions_keep_issued_scale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    scales bigint[];
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) = to_jsonb(OLD) THEN
        RETURN NEW;  -- saved unchanged
    END IF;
    IF TG_TABLE_NAME = 'subscriptions_scale' THEN
        scales := ARRAY[OLD.id];
    ELSIF TG_OP = 'INSERT' THEN
        scales := ARRAY[NEW.scale_id];
    ELSIF TG_OP = 'DELETE' THEN
        scales := ARRAY[OLD.scale_id];
    ELSE
        scales := ARRAY[OLD.scale_id, NEW.scale_id];
    END IF;
    IF EXISTS (SELECT 1 FROM subscriptions_invoice WHERE scale_id = ANY (scales)) THEN
        RAISE EXCEPTION 'the scale''s invoices are issued: it no longer changes'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER scale_issued_is_kept BEFORE UPDATE OR DELETE ON subscriptions_scale
    FOR EACH ROW EXECUTE FUNCTION subscriptions_keep_issued_scale();
CREATE TRIGGER rate_of_a_scale_issued_is_kept BEFORE INSERT OR UPDATE OR DELETE
    ON subscriptions_scalerate
    FOR EACH ROW EXECUTE FUNCTION subscriptions_keep_issued_scale();

CREATE OR REPLACE FUNCTION subscriptions_keep_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% % is kept: it is never deleted', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF coalesce(to_jsonb(OLD) ->> 'pdf', '') <> ''
        AND to_jsonb(NEW) -> 'pdf' IS DISTINCT FROM to_jsonb(OLD) -> 'pdf' THEN
        RAISE EXCEPTION '% %: its PDF is kept as made', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(OLD) ? 'voided_at') AND to_jsonb(OLD) ->> 'voided_at' IS NOT NULL
        AND (to_jsonb(NEW) - 'pdf') IS DISTINCT FROM (to_jsonb(OLD) - 'pdf') THEN
        RAISE EXCEPTION '% % is void: it is kept as it was voided', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
        RAISE EXCEPTION '% % is issued: it is never changed', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
"""

FORGET = """
DROP TRIGGER rate_of_a_scale_issued_is_kept ON subscriptions_scalerate;
DROP TRIGGER scale_issued_is_kept ON subscriptions_scale;
DROP FUNCTION subscriptions_keep_issued_scale();
"""


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0003_secretariat_keeps_the_ledger")]

    operations = [migrations.RunSQL(KEEP_ISSUED_SCALES, FORGET)]
