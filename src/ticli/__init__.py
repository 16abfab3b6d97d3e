"""ticli: a private, plain-text reflective journal for trauma-informed practice."""

__version__ = "0.1.0"
