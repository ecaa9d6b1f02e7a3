"""The room display in a browser: a small aiohttp server over the core's `room_view`, and its page."""
