"""`Day.do`: each act's rule, its refusal in words, and that only a change is written.

These run with no terminal: the core decides every act, the screens only ask.
The small plan: open 09:00 (30 min, three phases 5/15/10), tea 09:30, extra
09:45 (optional), lunch 10:00 (fixed), last 10:20, close 11:00.
"""

from __future__ import annotations

import datetime as dt

import pytest

from day_helpers import at, small_plan
from facilitator_tui.core import acts
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import Day, open_day
from facilitator_tui.core.event_log import LogReader

PLAN = small_plan()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at("08:55"))


@pytest.fixture
def day(tmp_path, clock) -> Day:
    path = tmp_path / "small.toml"
    opened = open_day(tmp_path, PLAN, path, clock=clock, today=clock.now().date(), author="ann")
    yield opened
    opened.close()


def on_disk(day: Day) -> list[str]:
    """Event types as written to the log (not only in memory), the header left out."""
    return [e.type for e in LogReader(day.folder).read_new() if e.type != "day_created"]


def started(day: Day, clock: FakeClock, when: str = "09:00") -> None:
    clock.set(at(when))
    assert day.do(acts.Toggle()).changed


def refused(outcome: acts.Outcome, reason: str) -> None:
    assert not outcome.done and not outcome.changed and not outcome.failed
    assert outcome.message == reason


# ----- start, pause, resume ----------------------------------------------------------


def test_toggle_starts_then_pauses_then_resumes(day, clock):
    started(day, clock)
    clock.advance(minutes=5)
    assert day.do(acts.Toggle()).event.type == "pause"
    assert day.state.paused
    assert day.do(acts.Toggle()).event.type == "resume"
    assert on_disk(day) == ["start", "pause", "resume"]


def test_toggle_after_the_end_is_refused(day, clock):
    started(day, clock)
    for _ in PLAN.agenda:
        day.do(acts.Next(confirmed=True))
    assert day.state.ended
    refused(day.do(acts.Toggle()), "The day has ended.")


def test_start_twice_writes_once(day, clock):
    started(day, clock)
    outcome = day.do(acts.Start())
    assert outcome.done and not outcome.changed
    assert on_disk(day) == ["start"]


def test_pause_needs_a_running_item_and_pausing_twice_writes_once(day, clock):
    refused(day.do(acts.Pause()), "No item is running.")
    started(day, clock)
    day.do(acts.Pause())
    assert not day.do(acts.Pause()).changed
    assert day.do(acts.Resume()).changed
    assert on_disk(day) == ["start", "pause", "resume"]


def test_start_with_every_item_skipped_is_refused(day, clock):
    for item in PLAN.agenda:
        day.do(acts.Skip(item.id))
    refused(day.do(acts.Start()), "Every item is skipped: there is nothing to start.")


# ----- moving through the day ----------------------------------------------------------


def test_next_before_the_start_starts_the_first_item_and_after_the_end_is_refused(day, clock):
    clock.set(at("09:00"))
    assert day.do(acts.Next()).event.type == "start", "before the start, next starts the day as space does"
    assert day.state.current == 0
    for _ in range(len(PLAN.agenda)):
        day.do(acts.Next(confirmed=True))
    refused(day.do(acts.Next()), "The day has ended.")


def test_next_starts_the_item_the_status_calls_next(day, clock):
    """One answer to "what is next": a skipped item is passed over by both."""
    started(day, clock)
    day.do(acts.Skip("tea"))
    promised = day.state.next_index()
    assert promised == 2
    day.do(acts.Next())
    assert day.state.current == promised


def test_previous_is_refused_before_the_start_and_on_the_first_item_run(day, clock):
    refused(day.do(acts.Previous()), "The day has not started yet.")
    started(day, clock)
    refused(day.do(acts.Previous()), "This is the first item run today.")
    day.do(acts.Next())
    assert day.do(acts.Previous()).changed
    assert day.state.current == 0


def test_jump_to_an_unknown_item_or_the_running_one_is_refused(day, clock):
    started(day, clock)
    refused(day.do(acts.Jump("nope")), "The plan has no item 'nope'.")
    refused(day.do(acts.Jump("open")), "Opening is already running.")
    assert day.do(acts.Jump("last")).changed
    assert day.state.current == 4


def test_undo_takes_back_the_last_timer_act_and_refuses_when_there_is_none(day, clock):
    refused(day.do(acts.Undo()), "Nothing to undo.")
    started(day, clock)
    day.do(acts.Next())
    outcome = day.do(acts.Undo())
    assert outcome.changed and outcome.message == "Undone."
    assert day.state.current == 0


# ----- time ----------------------------------------------------------------------------


def test_extend_gives_the_running_item_minutes_and_before_the_start_the_first(day, clock):
    assert day.do(acts.Extend(5)).event.item_id == "open"
    started(day, clock)
    day.do(acts.Next())
    assert day.do(acts.Extend(1)).event.item_id == "tea"
    assert day.state.allotted_seconds(1) == 16 * 60


def test_shortening_stops_at_zero_and_then_is_refused(day, clock):
    started(day, clock)
    day.do(acts.Next())  # tea, 15 minutes
    assert day.do(acts.Extend(-20)).changed
    assert day.state.allotted_seconds(1) == 0
    refused(day.do(acts.Extend(-1)), "Tea has no time left to take away.")
    assert day.do(acts.Extend(1)).changed, "+ helps at once after a big -"
    assert day.state.allotted_seconds(1) == 60


def test_extend_after_the_end_is_refused(day, clock):
    started(day, clock)
    day.do(acts.Jump("last"))
    day.do(acts.Next(confirmed=True))
    refused(day.do(acts.Extend(1)), "There is no item to give time to.")


def test_skip_takes_the_next_item_and_refuses_what_ran_or_runs(day, clock):
    started(day, clock)
    outcome = day.do(acts.Skip())
    assert outcome.event.item_id == "tea" and outcome.message == "Skipped: Tea. Undo brings it back."
    assert day.state.next_index() == 2
    refused(day.do(acts.Skip("open")), "Opening is running; it cannot be skipped.")
    assert not day.do(acts.Skip("tea")).changed, "skipping twice writes once"
    day.do(acts.Next())
    day.do(acts.Previous())
    refused(day.do(acts.Skip()), "Extra has already run; next resumes it.")


def test_skip_with_nothing_left_is_refused(day, clock):
    started(day, clock)
    day.do(acts.Jump("last"))
    refused(day.do(acts.Skip()), "Nothing left to skip.")


def test_next_phase_moves_on_and_refuses_on_the_last_and_without_phases(day, clock):
    refused(day.do(acts.NextPhase()), "No item is running.")
    started(day, clock)
    assert day.do(acts.NextPhase()).changed
    assert day.do(acts.NextPhase()).changed
    refused(day.do(acts.NextPhase()), "This is the last phase.")
    day.do(acts.Next())
    refused(day.do(acts.NextPhase()), "This item has no exercise phases.")


def test_correct_start_moves_the_start_back_but_never_into_the_future(day, clock):
    refused(day.do(acts.CorrectStart(at("08:58"))), "Start an item first; then you can correct when it started.")
    started(day, clock, "09:03")
    clock.set(at("09:10"))
    refused(day.do(acts.CorrectStart(at("09:12"))), "09:12 is not in the past; the start must be before 09:10.")
    outcome = day.do(acts.CorrectStart(at("09:01")))
    assert outcome.message == "Start corrected to 09:01."
    assert day.state.items[0].actual_start == at("09:01")
    assert not day.do(acts.CorrectStart(at("09:01"))).changed


def test_replan_and_accept_close(day, clock):
    started(day, clock)
    refused(day.do(acts.Replan({"nope": 5})), "The plan has no item 'nope'.")
    assert not day.do(acts.Replan({})).changed
    assert day.do(acts.Replan({"last": 30}, ("extra",))).changed
    assert day.state.planned_minutes[4] == 30 and day.state.items[2].dropped
    outcome = day.do(acts.AcceptClose(at("11:10")))
    assert outcome.message == "The day now closes at 11:10."
    assert not day.do(acts.AcceptClose(at("11:10"))).changed


# ----- notes ---------------------------------------------------------------------------


def test_save_note_writes_only_a_change(day, clock):
    assert day.do(acts.SaveNote("open", "ICB lead quiet")).changed
    assert not day.do(acts.SaveNote("open", "ICB lead quiet")).changed
    refused(day.do(acts.SaveNote("nope", "x")), "The plan has no item 'nope'.")
    assert on_disk(day) == ["note_saved"]
    assert day.state.notes.notes_for("open", "ann").author == "ann"


def test_share_notes_marks_and_unmarks_with_words_for_each(day):
    outcome = day.do(acts.ShareNotes("open", True))
    assert outcome.message == "These notes may now go into shared exports."
    assert not day.do(acts.ShareNotes("open", True)).changed
    assert day.do(acts.ShareNotes("open", False)).message.startswith("These notes are private again")


def test_capture_strips_its_text_keeps_owner_for_actions_only_and_refuses_empty_text(day):
    refused(day.do(acts.Capture("decision", "open", "   ")), "Type something first.")
    refused(day.do(acts.Capture("decision", "nope", "x")), "The plan has no item 'nope'.")
    outcome = day.do(acts.Capture("action", "open", " send pack ", owner=" Bob ", due="", private=True))
    assert outcome.message == "Action saved (private)."
    (capture,) = day.state.notes.live_captures()
    assert (capture.text, capture.owner, capture.due, capture.private) == ("send pack", "Bob", None, True)
    day.do(acts.Capture("quote", "open", "nice", owner="ignored"))
    assert day.state.notes.live_captures()[1].owner is None


def test_an_actions_due_is_kept_as_typed_with_the_date_it_means_from_the_days_clock(day, clock):
    """The test day is Thursday 26 November 2026."""
    day.do(acts.Capture("action", "open", "send pack", due=" Fri "))
    day.do(acts.Capture("action", "open", "book room", due="after the board"))
    day.do(acts.Capture("decision", "open", "go", due="Fri"))
    sent, booked, decided = day.state.notes.live_captures()
    assert (sent.due, sent.due_date) == ("Fri", dt.date(2026, 11, 27))
    assert (booked.due, booked.due_date) == ("after the board", None)
    assert (decided.due, decided.due_date) == (None, None), "only an action has a due"
    on_file = [e for e in LogReader(day.folder).read_new() if e.type == "captured"]
    assert [e.due_date for e in on_file] == [dt.date(2026, 11, 27), None, None]


def test_editing_an_action_keeps_its_date_unless_the_words_change(day, clock):
    day.do(acts.Capture("action", "open", "send pack", due="Fri"))
    (capture,) = day.state.notes.live_captures()
    clock.advance(minutes=3 * 24 * 60)  # Sunday: "Fri" would now mean 4 December
    day.do(acts.EditCapture(capture.capture_id, "send the pack", due="Fri"))
    assert day.state.notes.captures[capture.capture_id].due_date == dt.date(2026, 11, 27)
    day.do(acts.EditCapture(capture.capture_id, "send the pack", due="in 2 weeks"))
    assert day.state.notes.captures[capture.capture_id].due_date == dt.date(2026, 12, 13)


def test_edit_and_delete_a_capture(day):
    day.do(acts.Capture("decision", "open", "old"))
    (capture,) = day.state.notes.live_captures()
    assert not day.do(acts.EditCapture(capture.capture_id, "old")).changed
    assert day.do(acts.EditCapture(capture.capture_id, "new", private=True)).changed
    assert day.state.notes.captures[capture.capture_id].text == "new"
    refused(day.do(acts.EditCapture(capture.capture_id, " ")), "Type something first.")
    assert day.do(acts.DeleteCapture(capture.capture_id)).message == "Deleted (the day log keeps a record)."
    refused(day.do(acts.DeleteCapture(capture.capture_id)), "That captured item is no longer there.")
    refused(day.do(acts.EditCapture(capture.capture_id, "x")), "That captured item is no longer there.")


# ----- who may write, and a failed write -------------------------------------------------


def test_a_read_only_day_refuses_every_writing_act_and_cannot_append(day, clock, tmp_path):
    started(day, clock)
    reader = open_day(tmp_path, None, None, day_id=day.day_id, read_only=True, clock=clock)
    before = on_disk(day)
    for act in (acts.Next(), acts.Toggle(), acts.Extend(1), acts.SaveNote("open", "x"), acts.Capture("quote", "open", "x")):
        refused(reader.do(act), "This day is open read-only.")
    with pytest.raises(PermissionError):
        reader.record(ev.Next(**reader.stamp()))
    assert on_disk(day) == before


def test_a_failed_write_is_an_outcome_not_an_exception_and_changes_nothing(day, clock, monkeypatch):
    started(day, clock)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(day.writer, "append", full)
    outcome = day.do(acts.Next())
    assert outcome.failed and not outcome.done
    assert outcome.message == "Not saved: No space left on device. Nothing already saved is lost."
    assert day.state.current == 0


def test_every_act_says_whether_it_writes_needs_an_item_and_moves_the_item():
    assert acts.Next.moves and acts.Previous.moves and acts.Jump.moves and acts.Undo.moves and acts.Toggle.moves
    assert not acts.Extend.moves and not acts.SaveNote.moves
    assert acts.NextPhase.needs_item and acts.CorrectStart.needs_item and acts.Pause.needs_item
    assert not acts.Next.needs_item and not acts.Extend.needs_item
    writing = [cls for cls in vars(acts).values() if isinstance(cls, type) and issubclass(cls, acts.Act) and cls is not acts.Act]
    assert len(writing) >= 19 and all(cls.writes for cls in writing)


def test_a_replan_may_not_drop_an_item_that_has_run(day, clock):
    started(day, clock)
    day.do(acts.Jump("extra"))
    day.do(acts.Jump("open"))
    refused(day.do(acts.Replan({}, ("extra",))), "Extra has already run; it cannot be dropped.")


def test_notes_go_to_the_running_item_else_the_next_else_the_last(day, clock):
    assert day.state.notes_index() == 0, "before the start: the item up first"
    day.do(acts.Skip("open"))
    assert day.state.notes_index() == 1
    started(day, clock)
    assert day.state.notes_index() == 1
    day.do(acts.Jump("last"))
    day.do(acts.Next(confirmed=True))
    assert day.state.ended and day.state.notes_index() == 4


# ----- questions before acts that are easy to regret ---------------------------------------


def test_next_on_the_last_item_asks_before_closing_the_day(day, clock):
    started(day, clock)
    day.do(acts.Jump("last"))
    outcome = day.do(acts.Next())
    assert not outcome.done and not outcome.changed
    assert outcome.message == "Last is the last item. End it and close the day?"
    assert outcome.ask == acts.Next(confirmed=True)
    assert not day.state.ended
    assert day.do(outcome.ask).changed and day.state.ended


@pytest.mark.parametrize("act", [acts.Toggle(), acts.Start(), acts.Next(), acts.Jump("tea")])
def test_a_real_day_started_far_from_its_planned_start_asks_first(day, clock, act):
    clock.set(at("03:56"))
    outcome = day.do(act)
    assert not outcome.changed and not day.state.started
    assert outcome.message.startswith("It is 03:56; this day is planned for ")
    assert outcome.ask is not None
    assert day.do(outcome.ask).changed and day.state.started


def test_within_half_an_hour_of_the_plan_the_day_starts_without_a_question(day, clock):
    clock.set(at("09:30"))  # the small plan starts at 09:00: exactly 30 minutes late
    assert day.do(acts.Toggle()).changed


def test_a_rehearsal_starts_whenever_without_a_question(tmp_path):
    clock = FakeClock(at("03:56"))
    rehearsal = open_day(tmp_path, PLAN, tmp_path / "small.toml", clock=clock, today=clock.now().date(), rehearse=True)
    assert rehearsal.do(acts.Toggle()).changed
    rehearsal.close()


def test_shortening_never_goes_below_the_time_already_run(day, clock):
    started(day, clock)
    clock.set(at("09:25", 30))
    assert day.do(acts.Extend(-4)).changed  # 26 min allotted, 25.5 run
    refused(day.do(acts.Extend(-1)), "Opening has run 25 min already; it cannot be shorter than that.")
    assert day.state.allotted_seconds(0) == 26 * 60


def test_the_closing_summary_counts_what_ran_overran_and_was_noted(day, clock):
    from facilitator_tui.core.closing import closing
    from facilitator_tui.core.status import status

    started(day, clock)
    day.do(acts.SaveNote("open", "went well"))
    day.do(acts.Capture("action", "open", "send pack", owner="Bob"))
    day.do(acts.Capture("quote", "open", "nice"))
    clock.set(at("09:34"))  # the opening (30 min) ran 4 minutes over
    day.do(acts.Next())
    day.do(acts.Skip("extra"))
    clock.set(at("09:49"))
    day.do(acts.Jump("last"))
    clock.set(at("10:29", 20))  # the last item ran its 40 minutes
    day.do(acts.Next(confirmed=True))
    summary = closing(PLAN, day.state, status(PLAN, day.state, clock.now()))
    assert (summary.items_run, summary.items_total, summary.skipped) == (3, 5, 2)
    assert summary.overruns == (("Opening", 4),), "tea and the last item kept to time"
    assert (summary.notes, summary.actions, summary.captures) == (1, 1, 2)
    assert summary.closed == at("10:29", 20) and summary.drift_minutes == -31


def test_a_start_undone_at_once_leaves_no_day_behind(day, clock, tmp_path):
    from facilitator_tui.core.days import latest_day_id

    started(day, clock)
    assert day.folder.is_dir()
    assert day.do(acts.Undo()).changed
    assert not day.folder.exists(), "nothing but an undone start: the day is gone"
    assert latest_day_id(tmp_path, real_only=True) is None
    assert day.events == [] and not day.state.started
    started(day, clock, "09:01")
    assert on_disk(day) == ["start"], "the next act writes the day afresh"


def test_an_undone_start_after_a_note_keeps_the_day(day, clock):
    day.do(acts.SaveNote("open", "before we start"))
    started(day, clock)
    day.do(acts.Undo())
    assert on_disk(day) == ["note_saved", "start", "undo"]
