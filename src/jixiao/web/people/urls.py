"""Page URLs of the people app (namespace ``people``), included from the root URLconf."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jixiao.web.people.views import directory, units, users

app_name = "people"

urlpatterns = [
    path("people/", directory.people, name="people"),
    path("people/units/add/", units.unit_add, name="unit-add"),
    path("people/users/invite/", users.user_invite, name="user-invite"),
    path("people/users/<int:user_id>/", users.user_edit, name="user-edit"),
    path("people/users/<int:user_id>/active/", users.user_active, name="user-active"),
    # The invited user's one-time link to set a password (Django's reset-token check).
    path(
        "people/welcome/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="people/set_password.html",
            success_url=reverse_lazy("login"),
            post_reset_login=False,
        ),
        name="welcome",
    ),
]
