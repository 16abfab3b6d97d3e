"""Everything ticli shows, split by what it shows; all wording lives here, in one voice.

User text is always shown as a rich.text.Text, never as markup, and control
characters are made visible, so an answer holding `[bold]` or a terminal
escape prints exactly as typed.
"""
