"""Design tokens shared by every component."""

SIDEBAR_WIDTH = "248px"
TOPBAR_HEIGHT = "64px"

BRAND_GRADIENT = "linear-gradient(135deg, #6366f1 0%, #4f46e5 55%, #7c3aed 100%)"

SIDEBAR_BG = "#0f172a"
SIDEBAR_BORDER = "#1e293b"
SIDEBAR_TEXT = "#94a3b8"
SIDEBAR_TEXT_ACTIVE = "#f8fafc"
SIDEBAR_SECTION = "#64748b"
SIDEBAR_ACTIVE_BG = "rgba(99,102,241,0.22)"
SIDEBAR_HOVER_BG = "rgba(148,163,184,0.12)"

PAGE_BG = "#f6f7fb"
CARD_BG = "#ffffff"
BORDER = "#e5e7eb"
TEXT = "#0f172a"
MUTED = "#64748b"
DANGER = "#dc2626"

CARD_STYLE = {
    "background": CARD_BG,
    "border": f"1px solid {BORDER}",
    "border_radius": "12px",
    "box_shadow": "0 1px 2px rgba(15,23,42,0.04)",
}

GLOBAL_STYLE = {
    "font_family": "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, "
    "'Helvetica Neue', Arial, sans-serif",
    "-webkit-font-smoothing": "antialiased",
}
