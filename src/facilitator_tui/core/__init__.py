"""The core: the plan, the event log and every rule of the day. It imports no Textual, rich, ui, cli or export."""
