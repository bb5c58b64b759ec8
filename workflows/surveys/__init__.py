"""Community surveys as data: one instrument per programme and version, its questions asked of pupils (in age
bands), parents and staff, each question linked to criteria of the programme's framework. Pure Python, like the
rest of the engine; the application stores the windows and the answers."""

from .model import AUDIENCES, PUPIL_AUDIENCES, Instrument, Instruments, Question, Requirement
from .parsing import INSTRUMENTS_DIR, check_instruments, load_instruments, read_instruments

__all__ = [
    "AUDIENCES",
    "INSTRUMENTS_DIR",
    "PUPIL_AUDIENCES",
    "Instrument",
    "Instruments",
    "Question",
    "Requirement",
    "check_instruments",
    "load_instruments",
    "read_instruments",
]
