"""The compliance calendar's page (blueprint ``compliance``)."""
