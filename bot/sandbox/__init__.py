"""A local stand-in for the Telegram Bot API with a web chat: try the bot offline, test it over real HTTP."""
