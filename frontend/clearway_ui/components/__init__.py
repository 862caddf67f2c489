"""Shared UI components: shell, tables, forms, feedback states."""
