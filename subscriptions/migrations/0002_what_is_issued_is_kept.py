"""What is issued is kept: the database refuses to change an invoice or a credit note
once issued, to delete one, or to delete a payment; a voided invoice or payment stays
as it was voided. Only these columns may change, and only as the services do it:
the PDF (made once, after issue) and, once, the voiding."""

from django.db import migrations

KEEP_ISSUED = """
CREATE FUNCTION subscriptions_keep_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% % is kept: it is never deleted', TG_TABLE_NAME, OLD.id
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
CREATE TRIGGER invoice_is_kept BEFORE UPDATE OR DELETE ON subscriptions_invoice
    FOR EACH ROW EXECUTE FUNCTION
    subscriptions_keep_issued('pdf', 'voided_at', 'voided_by_id', 'void_reason');
CREATE TRIGGER credit_note_is_kept BEFORE UPDATE OR DELETE ON subscriptions_creditnote
    FOR EACH ROW EXECUTE FUNCTION subscriptions_keep_issued('pdf');
CREATE TRIGGER payment_is_kept BEFORE UPDATE OR DELETE ON subscriptions_payment
    FOR EACH ROW EXECUTE FUNCTION
    subscriptions_keep_issued('voided_at', 'voided_by_id', 'void_reason');
"""

FORGET = """
DROP TRIGGER payment_is_kept ON subscriptions_payment;
DROP TRIGGER credit_note_is_kept ON subscriptions_creditnote;
DROP TRIGGER invoice_is_kept ON subscriptions_invoice;
DROP FUNCTION subscriptions_keep_issued();
"""


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_ledger")]

    operations = [migrations.RunSQL(KEEP_ISSUED, FORGET)]
