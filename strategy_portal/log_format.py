"""Log lines as one JSON object each on standard error, so a log collector reads every
field and a traceback never spreads over lines that lose their request."""

import contextvars
import datetime
import json
import logging

# The id of the request being served (strategy_portal/middleware.py); "-" outside one.
REQUEST_ID = contextvars.ContextVar("request_id", default="-")


class OneLineJSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": REQUEST_ID.get(),
            "message": record.getMessage(),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
