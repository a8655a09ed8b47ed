"""Expands an iCalendar feed with an independent client: python3-icalendar + recurring_ical_events.

Reads the feed on stdin; arguments: window start and end as ISO instants with offsets. Prints a
JSON list of [start UTC ms, end UTC ms, summary] of the occurrences overlapping the window.
"""
import json
import sys
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def main() -> None:
    cal = icalendar.Calendar.from_ical(sys.stdin.read())
    start = datetime.fromisoformat(sys.argv[1])
    end = datetime.fromisoformat(sys.argv[2])
    out = []
    for event in recurring_ical_events.of(cal).between(start, end):
        s = event["DTSTART"].dt
        e = event["DTEND"].dt
        out.append(
            [
                int(s.astimezone(timezone.utc).timestamp() * 1000),
                int(e.astimezone(timezone.utc).timestamp() * 1000),
                str(event.get("SUMMARY", "")),
            ]
        )
    out.sort()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
