"""Nothing is booked on a void invoice: the database refuses a payment or a credit
note against one, as the services do (check_payment, check_credit_note), whatever
the path."""

from django.db import migrations

REFUSE = """
CREATE FUNCTION subscriptions_refuse_void_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM subscriptions_invoice
        WHERE id = NEW.invoice_id AND voided_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'invoice % is void: nothing is booked on it', NEW.invoice_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER payment_on_a_standing_invoice BEFORE INSERT ON subscriptions_payment
    FOR EACH ROW EXECUTE FUNCTION subscriptions_refuse_void_invoice();
CREATE TRIGGER credit_note_on_a_standing_invoice BEFORE INSERT ON subscriptions_creditnote
    FOR EACH ROW EXECUTE FUNCTION subscriptions_refuse_void_invoice();
"""

FORGET = """
DROP TRIGGER credit_note_on_a_standing_invoice ON subscriptions_creditnote;
DROP TRIGGER payment_on_a_standing_invoice ON subscriptions_payment;
DROP FUNCTION subscriptions_refuse_void_invoice();
"""


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0005_labels")]

    operations = [migrations.RunSQL(REFUSE, FORGET)]
