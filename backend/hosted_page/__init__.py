"""The guest's hosted payment page (/pay/{token}): server-rendered pages, mock 3DS with a one-time code."""
