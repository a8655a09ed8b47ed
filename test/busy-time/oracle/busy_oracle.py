"""Independent oracle for busy intervals: python-icalendar + recurring-ical-events (Debian's).

Usage: /usr/bin/python3 busy_oracle.py FILE.ics|- FROM_MS TO_MS   (- reads the calendar from stdin)
Prints JSON: {"occurrences": [{"uid", "startMs", "endMs"}], "intervals": [{"startMs", "endMs"}]}

The same product rules as the TypeScript code, written independently:
- TRANSP:TRANSPARENT and STATUS:CANCELLED occurrences do not block;
- an all-day (DATE) event without DTEND or DURATION lasts one day (RFC 5545 §3.6.1; this version of
  recurring-ical-events makes it zero-length, as it does for a DATE-TIME one);
- DATE values and floating times are read in X-WR-TIMEZONE, or UTC when there is none;
- occurrences are clipped to [FROM_MS, TO_MS), sorted, and overlapping or touching ones merged.

UnfoldableCalendar is used directly rather than recurring_ical_events.of(): of() first applies
x_wr_timezone.to_standard, which rewrites UTC times into X-WR-TIMEZONE (so a weekly UTC rule would
follow that zone's DST), while RFC 5545 keeps a UTC DTSTART at the same instant every week.
Known differences, which the fixtures avoid (oracle-differential.test.ts shows both):
- pytz's localize() reads an ambiguous (fold) wall time as the later instant, where RFC 5545 and
  Recurra take the earlier one;
- dateutil compares a UTC UNTIL with instances carrying DTSTART's offset, so an instance on the
  other side of a DST change within an hour of UNTIL is misjudged (a winter DTSTART in New York,
  UNTIL 23:59:59Z, drops the summer instance at 19:00 EDT = 23:00Z).
"""
import datetime
import json
import sys

import icalendar
import pytz
import recurring_ical_events


def main():
    path, from_ms, to_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if path == "-":
        text = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            text = f.read()
    calendar = icalendar.Calendar.from_ical(text)
    zone_name = calendar.get("X-WR-TIMEZONE")
    zone = pytz.timezone(str(zone_name)) if zone_name else pytz.utc
    margin = datetime.timedelta(days=2)
    span_start = datetime.datetime.fromtimestamp(from_ms / 1000, tz=pytz.utc) - margin
    span_stop = datetime.datetime.fromtimestamp(to_ms / 1000, tz=pytz.utc) + margin

    def to_ms_value(value):
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                value = zone.localize(value)
            return round(value.timestamp() * 1000)
        midnight = zone.localize(datetime.datetime(value.year, value.month, value.day))
        return round(midnight.timestamp() * 1000)

    occurrences = []
    unfoldable = recurring_ical_events.UnfoldableCalendar(calendar)
    for event in unfoldable.between(span_start, span_stop):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start_value = event["DTSTART"].dt
        end_value = event["DTEND"].dt if "DTEND" in event else start_value
        if not isinstance(start_value, datetime.datetime) and end_value == start_value:
            end_value = start_value + datetime.timedelta(days=1)
        start, end = to_ms_value(start_value), to_ms_value(end_value)
        start, end = max(start, from_ms), min(end, to_ms)
        if start < end:
            occurrences.append({"uid": str(event.get("UID")), "startMs": start, "endMs": end})

    occurrences.sort(key=lambda o: (o["startMs"], o["endMs"], o["uid"]))
    intervals = []
    for o in occurrences:
        if intervals and o["startMs"] <= intervals[-1]["endMs"]:
            intervals[-1]["endMs"] = max(intervals[-1]["endMs"], o["endMs"])
        else:
            intervals.append({"startMs": o["startMs"], "endMs": o["endMs"]})
    json.dump({"occurrences": occurrences, "intervals": intervals}, sys.stdout)


main()
