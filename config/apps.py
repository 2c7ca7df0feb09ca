from django.contrib.admin.apps import AdminConfig


class ScholarAdminConfig(AdminConfig):
    """The admin, with the site of ``config.admin_site`` (two-factor login for staff)."""

    default_site = "config.admin_site.ScholarAdminSite"
