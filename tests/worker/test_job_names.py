"""The jobs the outbox queues by name are the worker's functions of those names."""

import importlib
import inspect

from sharing.outbox import JOBS_MODULE, JobName


def test_every_job_name_is_a_function_of_the_jobs_module():
    jobs = importlib.import_module(JOBS_MODULE)
    for name in JobName:
        assert inspect.isfunction(getattr(jobs, name.value, None)), name
