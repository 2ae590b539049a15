"""The backend-call observer interface (datasources.observe), for the service layer."""

from datasources.observe import Observer, add_observer, remove_observer

__all__ = ["Observer", "add_observer", "remove_observer"]
