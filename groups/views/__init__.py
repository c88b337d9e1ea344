"""The groups app's pages, by area. Each view: decorators, one access call, one service or selector call,
then render or redirect."""
