class StatementIdConverter:
    """A statement id: digits that fit in a bigint, so no lookup can overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class SlugConverter:
    """A participant or hashtag slug: letters of any script, digits, '-' and '_'."""

    regex = r"[-\w]{1,200}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
