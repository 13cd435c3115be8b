from . import evidence, ideas, meetings, process

__all__ = ["evidence", "ideas", "meetings", "process"]
