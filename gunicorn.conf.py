"""gunicorn settings, read from the project folder: `gunicorn tracker.wsgi`."""

import gc
import importlib


def post_worker_init(worker) -> None:
    """Load every view, then keep the objects loaded so far out of garbage collection.

    They live as long as the worker, yet each full collection walked all of them again:
    a pause of about 90 ms every fifty or so API requests.
    """
    from django.conf import settings

    importlib.import_module(settings.ROOT_URLCONF)
    gc.freeze()
