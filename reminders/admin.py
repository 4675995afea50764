from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import AbsurdFiltersRefused, export_as_csv

from . import services
from .models import Reminder
from .tasks import send_reminder


@admin.register(Reminder)
class ReminderAdmin(AbsurdFiltersRefused, admin.ModelAdmin):
    """The ledger, to read: what was owed, sent, or failed and why. It is a log itself,
    so it keeps no second history of its rows."""

    # When it was sent and after how many attempts is on its page and in the export.
    list_display = ["due_on", "kind", "recipient", "status", "last_error"]
    export_columns = ["due_on", "kind", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "due_on"
    actions = [export_as_csv, "send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reminders are owed by the scan, not typed

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request: HttpRequest, queryset) -> None:
        again = [reminder.pk for reminder in queryset if services.resend(reminder=reminder)]
        transaction.on_commit(lambda: [send_reminder.delay(pk) for pk in again])
        self.message_user(
            request, gettext("%(n)s failed reminders are owed again.") % {"n": len(again)}
        )
