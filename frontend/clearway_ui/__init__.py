"""Clearway back-office UI (Reflex)."""
