"""Guards on the Qt binding itself. PySide6-Essentials 6.12.0 on Python 3.11 drops a reference
to None on every call of a method returning nothing (e.g. QLabel.setText); after enough calls
the interpreter aborts ("deallocating None"). We pin 6.11.3; this test fails on an upgrade that
brings the bug back."""

import gc
import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qapp):
    label = QLabel()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("已保存")
        label.setEnabled(True)
    gc.collect()
    assert sys.getrefcount(None) - before > -100
