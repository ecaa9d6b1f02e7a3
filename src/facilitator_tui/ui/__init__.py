"""The Textual shell: screens and widgets that show the core's state."""
