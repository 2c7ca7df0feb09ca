"""Which generator made a repository, from the files only it has."""

from .documents import DocumentError, load_yaml
from .source import SiteImportError

GENERATORS = "academicpages, al-folio or Hugo Blox"
HUGO_CONFIGS = (
    "config/_default/params.yaml", "config/_default/params.toml", "config/_default/hugo.yaml",
    "config/_default/config.yaml", "config/_default/config.toml", "hugo.yaml", "hugo.toml",
    "config.toml", "config.yaml",
)  # fmt: skip


def detect(files):
    """ "academicpages", "al-folio" or "hugoblox"; SiteImportError for anything else."""
    names = files.names
    if any(files.exists(name) for name in HUGO_CONFIGS) or any(
        name.startswith(("data/authors/", "content/authors/")) for name in names
    ):
        return "hugoblox"
    if files.exists("_config.yml"):
        try:
            config = load_yaml(files.read_text("_config.yml"))
        except DocumentError as error:
            raise SiteImportError(f"{files.label}: _config.yml: {error}") from None
        config = config if isinstance(config, dict) else {}
        if (
            "first_name" in config
            or "last_name" in config
            or files.exists("_bibliography/papers.bib")
            or any(name.startswith("_news/") for name in names)
        ):
            return "al-folio"
        if isinstance(config.get("author"), dict) or any(
            name.startswith(("_publications/", "_talks/")) for name in names
        ):
            return "academicpages"
    found = ", ".join(names[:3]) + (" …" if len(names) > 3 else "") if names else "no files"
    raise SiteImportError(
        f"{files.label}: not an {GENERATORS} site (no _config.yml with an author or "
        f"al-folio's names, no Hugo config; found {found})"
    )


def read_site(files):
    """The SiteReading of an opened repository."""
    from .academicpages import AcademicpagesReader
    from .alfolio import AlfolioReader
    from .hugoblox import HugobloxReader

    readers = {
        "academicpages": AcademicpagesReader,
        "al-folio": AlfolioReader,
        "hugoblox": HugobloxReader,
    }
    return readers[detect(files)](files).run()
