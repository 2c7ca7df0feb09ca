"""Admin forms that take an image as a web address beside the upload (a teaser, a logo,
the photo): fetched once by profiles.remote_images, then saved like an upload."""

from django import forms

from .remote_images import fetch_image


def image_address_field(what):
    return forms.URLField(
        required=False,
        assume_scheme="https",
        label=f"{what} from a web address",
        help_text="Or give the image's address (https://…): it is fetched once, checked like "
        "an upload and stored here.",
    )


class ImageAddressForm(forms.ModelForm):
    """``image_addresses``: {form field with an address: the image field it fills}."""

    image_addresses = {}

    def clean(self):
        cleaned = super().clean()
        for address_field, image_field in self.image_addresses.items():
            address = cleaned.get(address_field)
            if not address:
                continue
            if self.files.get(self.add_prefix(image_field)):
                self.add_error(address_field, "Upload a file or give an address, not both.")
                continue
            try:
                cleaned[image_field] = fetch_image(address)
            except forms.ValidationError as error:
                self.add_error(address_field, error)
        return cleaned
