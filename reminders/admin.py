from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from confed.admin import AbsurdFiltersRefused, export_as_csv

from . import services
from .models import Reminder
from .tasks import hand_over


@admin.register(Reminder)
class ReminderAdmin(AbsurdFiltersRefused, admin.ModelAdmin):
    """The ledger, to read: what was owed, sent, or failed and why. It is a log itself,
    so it keeps no second history of its rows."""

    # When it was sent and after how many attempts is on its page and in the export.
    list_display = ["due_on", "kind", "recipient", "status", "last_error"]
    export_columns = ["due_on", "kind", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    # A subject exactly (invoice:12, not invoice:120): the invoices' pages link here.
    search_fields = ["recipient", "=subject"]
    date_hierarchy = "due_on"
    actions = [export_as_csv, "send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reminders are owed by the scan, not typed

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reminders.change_reminder")

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset) -> None:
        again = [reminder.pk for reminder in queryset if services.resend(reminder=reminder)]
        transaction.on_commit(lambda: [hand_over(pk) for pk in again], robust=True)
        self.message_user(
            request,
            ngettext(
                "%(n)s failed reminder is owed again.",
                "%(n)s failed reminders are owed again.",
                len(again),
            )
            % {"n": len(again)},
        )
