"""One handler per intent; `build_skill` wires them into an ask-sdk-core skill."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder

from skill.handlers.base import TurnInterceptor
from skill.handlers.conversation import (
    CancelOrStop,
    DeviceError,
    Fallback,
    Held,
    Help,
    NavigateHome,
    No,
    Repeat,
    SessionEnded,
    Thanks,
    Unrecognised,
    Yes,
)
from skill.handlers.errors import Failure, JournalOffline
from skill.handlers.groups import (
    GroupEmail,
    GroupWins,
    JoinGroup,
    LeaveGroup,
    ShareWithGroup,
    StartGroup,
    StopGroupSharing,
)
from skill.handlers.journaling import (
    Answer,
    DeleteLastWin,
    DeleteWin,
    Launch,
    More,
    NoIdea,
    ReadWins,
    RecordWin,
    SaveIt,
    Skip,
)
from skill.handlers.looking_back import Progress, Toolkit
from skill.handlers.naming import ChangeName, MyName
from skill.handlers.privacy import DeleteAllData, ExportWins
from skill.handlers.questions import (
    Distress,
    Meetings,
    ReminderStatus,
    SharingHow,
    SoberDays,
    Treatment,
)
from skill.handlers.reminding import (
    CancelReminder,
    OneTimeReminder,
    PermissionAnswer,
    SetReminder,
)
from skill.handlers.sharing import DigestTime, InviteBuddy, ShareWin, SharingStatus
from skill.handlers.sober_days import ForgetSoberDate, SoberDate
from skill.handlers.support import Crisis, Encourage, Setback
from skill.handlers.switches import StartWeekly, StopSharing, StopWeekly
from skill.turn import Deps

HANDLERS = (
    Held,
    Launch, RecordWin, Answer, Skip, NoIdea, SaveIt, ReadWins, More, DeleteWin, DeleteLastWin,
    Encourage, Setback, Crisis, Toolkit, Progress, SetReminder, OneTimeReminder, CancelReminder,
    PermissionAnswer,
    DeleteAllData, ExportWins,
    InviteBuddy, ShareWin, SharingStatus, StopSharing, DigestTime, ChangeName, MyName,
    StopWeekly, StartWeekly,
    SoberDays, SoberDate, ForgetSoberDate, ReminderStatus, SharingHow, Treatment, Meetings, Thanks,
    Distress,
    StartGroup, JoinGroup, GroupWins, LeaveGroup, ShareWithGroup, StopGroupSharing, GroupEmail,
    Yes, No, Repeat, Help, CancelOrStop, NavigateHome, Fallback, SessionEnded, DeviceError,
    Unrecognised,
)  # fmt: skip


def build_skill(deps: Deps) -> CustomSkill:
    builder = SkillBuilder()
    builder.add_global_request_interceptor(TurnInterceptor(deps))
    for handler in HANDLERS:
        builder.add_request_handler(handler())
    builder.add_exception_handler(JournalOffline())
    builder.add_exception_handler(Failure())
    return builder.create()
