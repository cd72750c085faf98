"""The look in one place: every state has its colour, word and symbol; the icon ships; the zoom steps."""

from PySide6.QtGui import QImage

from gui import style


def test_every_state_has_a_word_and_a_symbol_and_its_own_colour():
    for key in ("error", "warning", "carried", "computed", "ok", "todo", "info"):
        s = style.state(key)
        assert s.word and s.symbol
    colours = {style.state_color(k).name() for k in ("error", "warning", "carried", "computed")}
    assert len(colours) == 4
    symbols = {style.state(k).symbol for k in style.STATES}
    assert len(symbols) == len(style.STATES)          # no two states share a symbol


def test_dark_text_on_light_ground():
    for key in ("error", "warning", "carried", "computed", "info"):
        assert style.state_background(key).lightness() > 200
    assert style.TEXT.lightness() < 60 and style.WINDOW_BG.lightness() > 230


def test_state_symbols_are_drawn(qapp):
    for key in style.STATES:
        image = style.state_icon(key).pixmap(28, 28).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        painted = sum(image.pixelColor(x, y).alpha() > 0 for x in range(image.width()) for y in range(image.height()))
        assert painted > 20, key


def test_the_app_icon_ships_in_every_size(qapp):
    icon = style.app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    assert (style.ICONS / "app.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_zoom_steps():
    assert style.next_zoom(1.0, +1) == 1.1 and style.next_zoom(1.0, -1) == 0.9
    assert style.next_zoom(2.0, +1) == 2.0 and style.next_zoom(0.8, -1) == 0.8
    assert style.next_zoom(1.5, 0) == 1.0


def test_apply_style_sets_font_palette_and_zoom(qapp):
    try:
        style.apply_style(qapp, 1.5)
        assert abs(qapp.font().pointSizeF() - style.BASE_POINT_SIZE * 1.5) < 0.01
        assert qapp.font().families()[0] == style.UI_FONTS[0]
        assert style.px(10) == 15
        assert style.ACCENT.name() in qapp.styleSheet()
    finally:
        style.apply_style(qapp, 1.0)
