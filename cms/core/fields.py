from wagtail.fields import RichTextField as WagtailRichTextField
from wagtail.fields import StreamField as WagtailStreamField

from .rich_text import sanitise


class StreamField(WagtailStreamField):
    """A StreamField whose block definitions stay out of migrations.

    Wagtail writes the whole block tree into every migration touching the field, so each
    change to a block produces a large, noisy migration that changes nothing in the
    database (the column is JSON either way). The blocks are read from the model at run
    time instead, as the large production Wagtail sites do.
    """

    def deconstruct(self):
        name, _path, _args, kwargs = super().deconstruct()
        # What Wagtail's own StreamField([]) deconstructs to, so migrations see no change.
        kwargs["block_lookup"] = {}
        return name, "wagtail.fields.StreamField", [[]], kwargs


class RichTextField(WagtailRichTextField):
    """Wagtail's rich-text field, stored sanitised (``cms.core.rich_text``); migrations
    see Wagtail's own field."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitise(value) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs
