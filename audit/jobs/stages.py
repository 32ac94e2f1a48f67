"""What each stage code of a job means, in the reader's language (translated at the edge).

Jobs report a stage code with their progress (`report_progress(40, "building")`); the API
turns it into words for the person polling. A new stage gets its words here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STAGES = {
    "queued": _l("Waiting to start…"),
    "started": _l("Started…"),
    "retrying": _l("A try failed; trying again shortly…"),
    "reading": _l("Reading the audits…"),
    "building": _l("Building the PDF…"),
    "done": _l("Ready."),
    "failed": _l("It could not be made. Please try again later."),
}
