"""French dates as the portal writes them; what is not here is Django's own French
(django/conf/locale/fr/formats.py)."""

DATE_FORMAT = "j F Y"
# "1er février 2027 à 14:30", as French writes a date and a time together.
DATETIME_FORMAT = r"j F Y \à H:i"
# The day of the first of the month, in the format language: French writes it as an
# ordinal ("1er février"), every other day as a number ("2 février"). Not a Django
# setting: confed.i18n.format_date reads it, since a format string has no ordinal.
FIRST_OF_THE_MONTH = r"\1\e\r"
