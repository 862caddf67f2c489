"""Reflex configuration for the Clearway back-office UI.

Run from this directory:  reflex run --env prod --frontend-port 3000
In prod mode Reflex serves the compiled frontend and its own websocket backend on ONE port.
The GraphQL API is a separate process, reached server-side at CLEARWAY_API_URL. See RUN.md.
"""
import reflex as rx

config = rx.Config(
    app_name="clearway_ui",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    default_color_mode="light",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                appearance="light",
                accent_color="indigo",
                gray_color="slate",
                radius="medium",
                scaling="100%",
                has_background=True,
            )
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
