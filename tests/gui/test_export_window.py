"""File ▸ Export from the window: the file written off the GUI thread and a
message naming it; a failing export's one-line reason in a message box."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from annotator.gui.export_dialog import ExportDialog, WindowExport


def open_export(window) -> ExportDialog:
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(dialog: ExportDialog, fmt: str, source: str, out: Path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.source.setCurrentIndex(dialog.source.findData(source))
    dialog.out.setText(str(out))


def finished(qtbot, window) -> QMessageBox:
    exporter = window.findChild(WindowExport)
    qtbot.waitUntil(
        lambda: exporter.message is not None and exporter.message.isVisible(), timeout=30000
    )
    return exporter.message


def test_export_from_the_window_writes_the_file_and_names_it(make_window, qtbot, tmp_path):
    window = make_window()  # alice has opened the first document: one set in progress
    dialog = open_export(window)
    out = tmp_path / "alice.jsonl"
    choose(dialog, "jsonl", "annotator", out)
    dialog.annotator.setCurrentText("alice")
    dialog.unfinished.setChecked(True)
    assert not dialog.split.isEnabled()  # the split is the spacy format's
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    box = finished(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["text"] == window.session.doc.text
    assert box.text().startswith("exported 1 document")
    assert box.text().endswith(f"-> {out}")  # the export's own summary names the file
    assert str(out) in window.statusBar().currentMessage()


def test_an_existing_file_is_said_to_be_replaced_before_exporting(make_window, tmp_path):
    window = make_window()
    out = tmp_path / "there.conll"
    out.write_text("old\n", encoding="utf-8")
    dialog = open_export(window)
    choose(dialog, "conll", "annotator", out)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.note.text() == f"{out} exists and will be replaced."
    assert ok.text() == "Replace"
    dialog.out.setText(str(tmp_path / "new.conll"))
    assert dialog.note.text() == "" and ok.text() == "Export"
    dialog.out.setText("")
    assert not ok.isEnabled()
    dialog.reject()


def test_a_failing_export_shows_its_one_line_reason(make_window, qtbot, tmp_path):
    window = make_window()
    dialog = open_export(window)
    out = tmp_path / "gold.jsonl"
    choose(dialog, "jsonl", "gold", out)  # nobody has adjudicated anything yet
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    box = finished(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Export failed"
    assert "gold set is empty" in box.text()
    assert "\n" not in box.text()
    assert (
        box.informativeText() == "In this dialog, --annotator is “One annotator's sets” under Sets"
        " and --include-unfinished is “Also sets not marked done”."
    )
    assert not out.exists()


def test_unfinished_sets_refused_name_the_dialogs_check_box(make_window, qtbot, tmp_path):
    window = make_window()  # alice's one set is in progress
    dialog = open_export(window)
    choose(dialog, "jsonl", "annotator", tmp_path / "alice.jsonl")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    box = finished(qtbot, window)
    assert "--include-unfinished" in box.text()
    assert "“Also sets not marked done”" in box.informativeText()


def test_spacy_export_writes_train_and_dev_with_the_split_and_seed(make_window, qtbot, tmp_path):
    window = make_window()
    for _ in range(2):  # two documents done
        window.actions["accept"].trigger()
    dialog = open_export(window)
    out = tmp_path / "docbin"
    choose(dialog, "spacy", "annotator", out)
    assert dialog.split.isEnabled() and dialog.seed.isEnabled()
    dialog.split.setValue(0.5)
    dialog.seed.setValue(3)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    box = finished(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information, box.text()
    assert (out / "train.spacy").is_file() and (out / "dev.spacy").is_file()
    assert "(1 train, 1 dev)" in box.text()
