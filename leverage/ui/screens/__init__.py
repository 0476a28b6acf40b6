"""One module per screen; each defines a `Screen` subclass."""
