class StatementIdConverter:
    """A statement id: digits that fit in a bigint, so no lookup can overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
