"""A job's page (state, progress, outcome) and its result file, for whoever may see it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import Job

# While a job runs, its page reloads itself this often (a <meta> refresh: no script).
REFRESH_SECONDS = 3


def _job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user).select_related("profile"), pk=pk)


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "profiles/jobs/job.html",
        {"job": job, "refresh": None if job.is_finished else REFRESH_SECONDS},
    )


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    path = job.result_path
    if job.status != Job.Status.SUCCEEDED or path is None or not path.is_file():
        raise Http404("This job has no file to download.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
