from __future__ import annotations

from django.urls import path

from jixiao.web.jobs import views

app_name = "jobs"

urlpatterns = [path("jobs/<int:job_id>/", views.job_status, name="job")]
