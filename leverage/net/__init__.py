"""A class game hosted for teams' own devices.

`classroom.Classroom` lives on the game's thread: it owns the session's hosted turn (join codes,
session tokens, the queue of the teams' actions, the views it publishes, the turn's timer).
`server.HostServer` is the web server (aiohttp, imported only when hosting) in a background
thread: it serves the team page (`static/`), turns join codes into session tokens and passes
each team's messages to the classroom's queue. The session stays the one authority: every action
goes through the same session calls the screens use.
"""
