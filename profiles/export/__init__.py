"""The public profile as plain files: a static website rendered by the live views."""
