"""The pygame front end: an app with a screen stack, one module per screen, a JSON theme."""
