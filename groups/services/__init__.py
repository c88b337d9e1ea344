"""All writes of the groups app, by area: membership, discussions, moderation, sessions."""
