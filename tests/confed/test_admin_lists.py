"""Every list of the secretariat's admin makes a bounded number of queries on the demo
data, whatever the number of rows it shows: a row that asked the database for what it
names (an N+1) would show here as a hundred queries more."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confed.desk import TECHNICAL_APPS

pytestmark = pytest.mark.django_db

# The queries of a list page around its rows: session, account, permissions, counts,
# the filters' choices and the rows: from 12 to 16 on the demo.
MOST_QUERIES = 20


def test_every_admin_list_makes_as_few_queries_for_the_demo_as_for_a_page(
    demo_loaded, secretariat_client
):
    too_many = {}
    rows_shown = 0
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label in TECHNICAL_APPS:
            continue
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        with CaptureQueriesContext(connection) as queries:
            response = secretariat_client.get(url)
        assert response.status_code == 200, meta.label
        rows_shown += len(response.context["cl"].result_list)
        if len(queries) > MOST_QUERIES:
            too_many[meta.label] = len(queries)
    assert rows_shown > 500  # the demo's rows, not empty lists
    assert too_many == {}
