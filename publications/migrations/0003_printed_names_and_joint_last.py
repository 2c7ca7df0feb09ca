"""Each authorship keeps the name as printed on its paper, with its parts; a third mark.

Existing papers keep the names they print: the author's name, or the name in the paper's
stored BibTeX where it gives a spelling of the same person ("F Lavergne" where the author
row says "Francis Lavergne"), with that file's biblatex marks (``first``, ``last``,
``corresponding``) added to the marks the paper has.
"""

from itertools import groupby

from django.db import migrations, models

from publications.bibtex.mapping import read_annotations
from publications.bibtex.names import may_be_same_person
from publications.bibtex.parse import BibtexInputError, read_bibtex, split_names
from publications.printed_names import PrintedName

FIELDS = ["name", "given", "particle", "family", "suffix", "literal"]
MARKS = ["equal_contribution", "corresponding", "joint_last"]


def names_in_bibtex(text):
    """[(ParsedName, annotation words)] of the author list of one stored entry, or None."""
    try:
        parsed = read_bibtex(text)
    except BibtexInputError:
        return None
    if len(parsed.entries) != 1:
        return None
    fields = parsed.entries[0].fields
    names, _ = split_names(fields.get("author") or fields.get("editor", ""))
    annotations = read_annotations(fields.get("author+an", ""))
    names = [name for name in names if name.name]
    return [(name, set(annotations.get(index, ()))) for index, name in enumerate(names)]


def fill_printed_names(apps, schema_editor):
    Authorship = apps.get_model("publications", "Authorship")
    Publication = apps.get_model("publications", "Publication")
    verbatim = dict(Publication.objects.exclude(bibtex="").values_list("pk", "bibtex"))
    authorships = Authorship.objects.select_related("author").order_by("publication_id", "position")
    changed = []
    for paper_id, group in groupby(authorships, key=lambda ship: ship.publication_id):
        group = list(group)
        from_file = names_in_bibtex(verbatim[paper_id]) if paper_id in verbatim else None
        if from_file is None or len(from_file) != len(group):
            from_file = [(None, set())] * len(group)
        for ship, (parsed, words) in zip(group, from_file, strict=True):
            printed = PrintedName.parse(ship.author.name)
            if parsed is not None and may_be_same_person(ship.author.name, parsed.name):
                printed = parsed.printed
                ship.equal_contribution |= bool({"first", "equal"} & words)
                ship.corresponding |= "corresponding" in words
                ship.joint_last |= "last" in words or "§" in parsed.marks
            ship.name = printed.name
            for part, value in printed.parts.items():
                setattr(ship, part, value)
            changed.append(ship)
    Authorship.objects.bulk_update(changed, FIELDS + MARKS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_bounded_texts_web_urls_bibtex_preview"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorship",
            name="name",
            field=models.CharField(
                default="",
                help_text="Exactly as printed on this paper.",
                max_length=200,
                verbose_name="name as printed",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="authorship",
            name="given",
            field=models.CharField(blank=True, max_length=200, verbose_name="given names"),
        ),
        migrations.AddField(
            model_name="authorship",
            name="particle",
            field=models.CharField(blank=True, help_text="von, van der, de la…", max_length=100),
        ),
        migrations.AddField(
            model_name="authorship",
            name="family",
            field=models.CharField(blank=True, max_length=200, verbose_name="family name"),
        ),
        migrations.AddField(
            model_name="authorship",
            name="suffix",
            field=models.CharField(blank=True, help_text="Jr, III…", max_length=50),
        ),
        migrations.AddField(
            model_name="authorship",
            name="literal",
            field=models.BooleanField(
                default=False,
                help_text="Printed as one unit and never split into parts: an organisation.",
            ),
        ),
        migrations.AddField(
            model_name="authorship",
            name="joint_last",
            field=models.BooleanField(
                default=False,
                help_text="Shares the last authorship (equal supervision).",
                verbose_name="joint last author",
            ),
        ),
        migrations.RunPython(fill_printed_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="authorship",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("literal", False),
                    models.Q(("family", ""), ("given", ""), ("particle", ""), ("suffix", "")),
                    _connector="OR",
                ),
                name="authorship_literal_has_no_parts",
                violation_error_message="A literal name (an organisation) has no name parts.",
            ),
        ),
    ]
