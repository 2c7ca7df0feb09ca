"""The profile admin's page settings: how the public page says what the researcher's own
homepage says (headings, order, display choices), one fieldset each.

Kept apart from profiles/admin.py so that the profile form's layout can change there
without touching these; ProfileAdmin appends ``PAGE_FIELDSETS`` to its own and uses
``ProfilePageForm``. Each option is on the profile's change page, open (one click from
the profile list).
"""

from .image_address_form import ImageAddressForm, image_address_field
from .models import Position, Profile

PAGE_FIELDSETS = [
    (
        "Page: section headings",
        {
            "description": "Rename any section (emoji welcome); two sections in a row with "
            "the same heading share it. The menu follows; the page's anchors stay.",
            "fields": [
                "section_titles",
                ("position_grouping",),
                ("education_label", "experience_label"),
            ],
        },
    ),
    (
        "Page: publications",
        {
            "fields": [
                ("publication_order", "title_link", "venue_display"),
                ("show_topics", "show_exact_date", "abstracts_open", "teaser_in_list"),
            ],
        },
    ),
    ("Page: news and footer", {"fields": [("news_display", "show_last_updated")]}),
    ("Page: photo from a web address", {"fields": ["photo_url"]}),
]


class ProfilePageForm(ImageAddressForm):
    photo_url = image_address_field("Photo")
    image_addresses = {"photo_url": "photo"}

    class Meta:
        model = Profile
        fields = "__all__"


class PositionPageForm(ImageAddressForm):
    logo_url = image_address_field("Logo")
    image_addresses = {"logo_url": "logo"}

    class Meta:
        model = Position
        fields = "__all__"
