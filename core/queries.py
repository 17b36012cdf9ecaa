"""Query helpers shared by the apps' selectors."""

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_subquery(qs: QuerySet, field: str) -> Coalesce:
    """How many rows of qs point at the outer row through `field`, as a correlated subquery.

    Counting related rows this way instead of with Count() over joins keeps the outer query free
    of joins that multiply its rows and of GROUP BY, so a list page counts only the rows it shows
    and its paginator's COUNT(*) drops the annotation altogether.
    """
    counted = qs.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sql_rows(sql: str, params: list) -> list[tuple]:
    """The rows of one fixed statement, for a read made on every visit of a page.

    Building an ORM query costs more CPU than PostgreSQL spends answering a small one; a statement
    written once (portable SQL: PostgreSQL in production, SQLite in the embedded setup) costs nothing.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_in(values: list) -> str:
    """Placeholders for `IN (…)` with these values (both backends; never empty: IN () is not SQL)."""
    return ", ".join(["%s"] * len(values)) if values else "NULL"


def sql_value(field, value):
    """A value of `field` as a fixed statement returned it, through the backend's and the field's
    converters, as the ORM does (SQLite hands decimals back as floats and datetimes without a zone)."""
    col = field.get_col(field.model._meta.db_table)
    for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        value = convert(value, col, connection)
    return value


def model_from_row(model, values) -> object:
    """An instance of `model` from the values of all its concrete fields, in order, as a fixed statement
    returned them (see sql_value)."""
    fields = model._meta.concrete_fields
    converted = [sql_value(field, value) for field, value in zip(fields, values, strict=True)]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)
