"""Sections of pages too large for their route module: the tabs of /merchants/[merchant_key]."""
