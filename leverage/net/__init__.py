"""A class game hosted for teams' own devices.

`classroom.Classroom` lives on the game's thread: it owns the session's hosted turn (join codes,
session tokens, the queue of the teams' actions, the views it publishes, the turn's timer).
`server.serve` is the web server (aiohttp) in a process of its own (`host.ServerProcess`), so the
devices never hold the projector's frame loop: it serves the team page (`static/`), turns join
codes into session tokens and passes each team's messages through a pipe (`link.Gateway` on its
side, `link.Relay` on the game's) to the classroom's queue; the relay sends the new views back. The session stays the one authority: every action
goes through the same session calls the screens use.
"""
