"""roundplanner: plan every company's interview loop in the terminal.

Kept empty of imports on purpose: `roundplanner agenda` must not pay for Textual, and
`import roundplanner.model` must not pull the TUI in.
"""

__version__ = "0.1.0"
